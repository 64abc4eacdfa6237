// Package data is glutebot's SQLite store (modernc.org/sqlite, pure Go, no
// cgo). It owns the database file and its schema: subscriptions and the
// settings they leave behind, workout slots and what users recorded about
// them, DM channels, safety screens, challenge boards and recaps. It speaks
// in plans' types and imports plans only; it never imports bot or schedule,
// which each declare the small interface of the Store they use.
//
// What holds, and where:
//
//   - Schema. Migrations are SQL files embedded from migrations/, named
//     NNN_what.sql and numbered 1, 2, 3 … without gaps (Open refuses two
//     files with one number; TestMigrationsAreNumbered refuses a gap). Open
//     applies each one not yet recorded in the migrations table in a
//     transaction of its own, together with its record, so a migration is
//     applied whole or not at all, and once. A shipped migration is never
//     edited: a change is a new file with the next number (migrate.go).
//   - One writer. Every write goes through runWrite to one goroutine that
//     owns the single write connection and commits the writes waiting
//     together in one transaction, each in a savepoint of its own
//     (writer.go). Callers queue instead of failing with "database is
//     locked". A caller's context counts until its group's transaction
//     begins; from then on the write runs to the end, because SQLite would
//     roll back the whole group if one statement were interrupted. Reads
//     use a pool of read-only connections that run beside the writer (WAL).
//   - Connection settings (store.go): WAL, synchronous=NORMAL, foreign keys
//     on, busy_timeout 5 s, 256 MiB of mmap; BEGIN IMMEDIATE on the write
//     connection, query_only on the readers.
//   - Privacy. Open creates a missing database file with mode 0600 before
//     SQLite touches it (the WAL and shm files take its mode); Backup
//     writes a new 0600 file and never overwrites one. Forget deletes the
//     user's rows from every table with a user_id column, and a test holds
//     every table but migrations, boards and pending_deletions to having
//     one (forget.go). In the same transaction it queues the Discord
//     messages the bot wrote them in pending_deletions, which the bot
//     empties, so a crash cannot leave those behind.
//   - Crashes. A write method returns once its transaction has committed.
//     If the program crashes or is killed, everything acknowledged is kept
//     and a write in flight is rolled back whole: its caller never heard it
//     succeed. A power loss or an operating-system crash can also lose the
//     last commits (synchronous=NORMAL, the usual trade for WAL); the file
//     stays consistent.
//   - Values. Times are stored as Unix seconds in UTC (0 for the zero
//     time), weekdays as plans.DayMask.
package data
