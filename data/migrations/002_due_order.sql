-- Due subscriptions are listed by next due instant, then user id, so that a
-- wave larger than one batch is taken in a stable order. Index both columns
-- so that order needs no sort.
DROP INDEX subscriptions_next_due;
CREATE INDEX subscriptions_next_due ON subscriptions (next_due, user_id) WHERE undeliverable = 0;
