-- One row per subscriber: the schedule, plan settings and next due instant.
CREATE TABLE subscriptions (
	user_id        TEXT PRIMARY KEY,
	guild_id       TEXT NOT NULL DEFAULT '',
	channel_id     TEXT NOT NULL DEFAULT '',
	delivery       INTEGER NOT NULL,
	days           INTEGER NOT NULL,          -- bit d set for time.Weekday d
	hour           INTEGER NOT NULL,
	minute         INTEGER NOT NULL,
	zone           TEXT NOT NULL,
	level          INTEGER NOT NULL,
	equipment      INTEGER NOT NULL,
	since          INTEGER NOT NULL,          -- Unix seconds
	paused_until   INTEGER NOT NULL DEFAULT 0,
	undeliverable  INTEGER NOT NULL DEFAULT 0,
	notice_pending INTEGER NOT NULL DEFAULT 0, -- tell the user once that they are undeliverable
	next_due       INTEGER NOT NULL
);
CREATE INDEX subscriptions_next_due ON subscriptions (next_due) WHERE undeliverable = 0;

-- One row per scheduled workout of a user and local date. Slots outlive a
-- subscription: they are the history.
CREATE TABLE slots (
	id         INTEGER PRIMARY KEY,
	user_id    TEXT NOT NULL,
	local_date TEXT NOT NULL,
	due        INTEGER NOT NULL,
	state      INTEGER NOT NULL,
	late       INTEGER NOT NULL DEFAULT 0,
	early      INTEGER NOT NULL DEFAULT 0,
	channel_id TEXT NOT NULL DEFAULT '',
	message_id TEXT NOT NULL DEFAULT '',
	UNIQUE (user_id, local_date)
);
CREATE INDEX slots_message ON slots (message_id) WHERE message_id != '';
CREATE INDEX slots_state ON slots (state);
CREATE INDEX slots_due ON slots (due);

-- The log: completions and feedback, one per slot and kind.
CREATE TABLE entries (
	slot_id INTEGER NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL,
	kind    INTEGER NOT NULL,
	at      INTEGER NOT NULL,
	PRIMARY KEY (slot_id, kind)
);
CREATE INDEX entries_user ON entries (user_id);

-- Each user's DM channel, so it is created once.
CREATE TABLE dm_channels (
	user_id    TEXT PRIMARY KEY,
	channel_id TEXT NOT NULL
);

-- When a user answered the first-subscribe safety screen.
CREATE TABLE screenings (
	user_id TEXT PRIMARY KEY,
	at      INTEGER NOT NULL
);
