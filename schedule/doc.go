// Package schedule runs glutebot's timed work on one cron.Cron: it delivers
// scheduled workouts, posts the servers' weekly challenge boards, sends the
// weekly recaps and takes the nightly backups.
//
// What it owns. The slot's life, from claim to mark, has one owner, the
// Dispatcher. A tick finds the subscriptions whose next workout is due,
// claims one slot per subscriber and local date in the store (sending, or
// skipped when missed by more than the grace window), has the Poster send
// the post, marks the slot sent with where it landed (or failed), and only
// then has the Poster add ✅. /workout goes through the same claim and post
// (PostNow). Run holds the cron: the tick, and the board, recap and backup
// jobs, one entry each, never one per subscriber.
//
// What it must never import: bot or data. It declares the small interfaces
// it consumes (Store, Poster, BoardStore, BoardPoster, RecapStore,
// RecapSender, BackupStore) and cmd/glutebot plugs the store and the bot in.
// Its domain types and rules come from plans.
//
// Invariants.
//   - A slot is posted at most once. It is claimed (and the subscription's
//     next due instant advanced) in one store transaction before it is
//     posted, and the store holds one slot per user and local date: a later
//     tick finds it taken and posts nothing, and /workout posts it again
//     only while it is still sending (a tick posting it that moment, or a
//     crash), when the nonce below makes Discord return the same message,
//     with Retry set as for recovered slots.
//   - Nothing is lost on a crash: a slot whose post may not have landed stays
//     sending, and the next Run's recovery posts it again (or closes it when
//     it is past the grace window or its user is gone or unreachable). The
//     Poster sends a nonce derived from the slot's user and local date, so
//     Discord returns the message already made instead of a second one; the
//     slot carries Retry so the Poster can look for the post itself once
//     Discord's nonce window may have passed.
//   - Times follow plans.NextDue: the wall clock in the subscriber's zone,
//     with its policy for clock changes (a skipped time goes out at the end
//     of the gap, a repeated one once). The cron specs of boards, recaps and
//     backups are read with the same policy (wallSchedule).
//   - Due workouts go first: the weekly jobs wait while workouts are being
//     delivered, so they never take a due workout's turn in the rate limit.
package schedule
