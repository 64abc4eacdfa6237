package data

import (
	"context"
	"time"

	"github.com/glutebot/glutebot/plans"
)

// ReconcilePosts lists the posted slots due at or after since whose
// reactions can still change what is recorded: those due at or after
// openSince that are not marked done, and those marked done at or after
// doneSince (the ✅ may still be taken back). It returns at most limit, by
// id, after afterID, so a reader can stop and carry on from the last id it
// handled. The scan starts at the first slot due at or after since (found
// through the due index), not at the beginning of history.
func (s *Store) ReconcilePosts(ctx context.Context, since, openSince, doneSince time.Time, afterID int64, limit int) ([]plans.Slot, error) {
	return s.listSlots(ctx, "posts to reconcile", `WHERE id > max(?, (SELECT coalesce(min(id), 0) - 1 FROM slots WHERE due >= ?))
		AND due >= ? AND state = ? AND message_id != '' AND (
			(due >= ? AND NOT EXISTS (SELECT 1 FROM entries WHERE slot_id = slots.id AND kind = ?))
			OR EXISTS (SELECT 1 FROM entries WHERE slot_id = slots.id AND kind = ? AND at >= ?)
		) ORDER BY id LIMIT ?`,
		afterID, since.Unix(), since.Unix(), plans.SlotSent, openSince.Unix(), plans.Done, plans.Done, doneSince.Unix(), limit)
}
