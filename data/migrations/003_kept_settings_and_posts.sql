-- The settings each user last chose with /subscribe. Unlike subscriptions,
-- a row stays after /unsubscribe, so that a later /subscribe without options
-- picks up where the user left off; /forget deletes it.
CREATE TABLE settings (
	user_id    TEXT PRIMARY KEY,
	guild_id   TEXT NOT NULL DEFAULT '',
	channel_id TEXT NOT NULL DEFAULT '',
	delivery   INTEGER NOT NULL,
	days       INTEGER NOT NULL,          -- bit d set for time.Weekday d
	hour       INTEGER NOT NULL,
	minute     INTEGER NOT NULL,
	zone       TEXT NOT NULL,
	level      INTEGER NOT NULL,
	equipment  INTEGER NOT NULL,
	since      INTEGER NOT NULL           -- Unix seconds: when the plan started
);
INSERT INTO settings (user_id, guild_id, channel_id, delivery, days, hour, minute, zone, level, equipment, since)
	SELECT user_id, guild_id, channel_id, delivery, days, hour, minute, zone, level, equipment, since FROM subscriptions;

-- A workout moved to the next day with "tomorrow instead": once per workout.
CREATE TABLE slot_moves (
	slot_id   INTEGER PRIMARY KEY REFERENCES slots (id) ON DELETE CASCADE,
	user_id   TEXT NOT NULL,
	from_date TEXT NOT NULL,
	at        INTEGER NOT NULL
);

-- What a workout post has told its subscriber privately, by DM, once per
-- reason (the notes about pain, the answer to 🤕), so that no reaction,
-- however often repeated, makes the bot write again; and the one DM that
-- holds it all, which a later reason edits instead of writing anew.
CREATE TABLE post_followups (
	slot_id    INTEGER NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
	user_id    TEXT NOT NULL,
	reason     TEXT NOT NULL,
	at         INTEGER NOT NULL,
	channel_id TEXT NOT NULL DEFAULT '',
	message_id TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (slot_id, reason)
);

-- Feedback given with the post's buttons has no reaction to read back after a
-- restart: mark it, so reconciling reactions does not take it away.
ALTER TABLE entries ADD COLUMN by_button INTEGER NOT NULL DEFAULT 0;
