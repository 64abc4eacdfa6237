-- Discord messages that /forget still has to delete. Forget queues them in
-- the transaction that deletes the user's rows, so a crash between the two
-- cannot leave the bot's messages behind; the bot deletes them and then the
-- row. No user_id: the person is already forgotten, only where the bot wrote
-- remains, and only until it is deleted.
CREATE TABLE pending_deletions (
	id         INTEGER PRIMARY KEY,
	channel_id TEXT NOT NULL,
	message_id TEXT NOT NULL DEFAULT '', -- '' asks for every message the bot wrote in the DM channel channel_id
	UNIQUE (channel_id, message_id)
);
