-- A server's weekly challenge board. The board is the server's, not a
-- person's, so it has no user_id and Forget leaves it; the memberships are
-- people's and Forget deletes them.
CREATE TABLE boards (
	guild_id   TEXT PRIMARY KEY,
	channel_id TEXT NOT NULL,
	spec       TEXT NOT NULL,    -- standard cron spec with zone: CRON_TZ=Europe/Berlin 0 18 * * 0
	next_run   INTEGER NOT NULL  -- Unix seconds
);
CREATE INDEX boards_next_run ON boards (next_run);

-- Who joined which server's board: only they appear on it.
CREATE TABLE board_members (
	guild_id TEXT NOT NULL,
	user_id  TEXT NOT NULL,
	joined   INTEGER NOT NULL, -- Unix seconds
	PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX board_members_user ON board_members (user_id);

-- The weekly recap: the weekday it comes (0 Sunday … 6 Saturday, at 18:00
-- in the subscriber's zone) or -1 for off, and when the next one is due
-- (0: not yet scheduled; the recap job schedules it).
ALTER TABLE subscriptions ADD COLUMN recap_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN next_recap INTEGER NOT NULL DEFAULT 0;
-- Kept with the other settings, so /subscribe after /unsubscribe brings
-- the recap choice back too.
ALTER TABLE settings ADD COLUMN recap_day INTEGER NOT NULL DEFAULT 0;
CREATE INDEX subscriptions_next_recap ON subscriptions (next_recap, user_id) WHERE recap_day >= 0 AND undeliverable = 0;

-- A recap due at 18:00 in the old zone is not due at 18:00 in the new one:
-- a change of zone leaves the next recap to be scheduled again.
CREATE TRIGGER subscriptions_recap_zone AFTER UPDATE OF zone ON subscriptions
WHEN old.zone != new.zone
BEGIN
	UPDATE subscriptions SET next_recap = 0 WHERE user_id = new.user_id;
END;
