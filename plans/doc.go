// Package plans is glutebot's coaching domain: the exercise catalogue,
// workouts, progression, tips, safety wording and the validation of what
// users type.
//
// What it owns:
//   - the catalogue of exercises and their ladders (catalogue.go, path.go);
//   - progression: a user's state is replayed from their log of entries
//     every time, never stored (progress.go), and each workout follows from
//     it (workout.go); how one exercise reads, Item's text (item.go);
//   - when workouts are due, across clock changes (due.go), and the
//     weekday bitmask stores and buttons share (daymask.go);
//   - weekly reviews and challenge-board standings (weekly.go), and a
//     preview of the weeks a simulated user would get (preview.go);
//   - tips, topics and the safety wording: red flags, pain replies, the
//     disclaimer (tip.go, topics.go, safety.go); the routine questions'
//     triggers and answers, and the pain rule, are prose in topics.txt,
//     compiled in with go:embed and parsed once at start-up;
//   - parsing what users type into days, times of day, zones, levels,
//     equipment and delivery (validate.go, zone.go), with sentinel errors:
//     the wording users see for an error belongs to the bot;
//   - the domain types the other packages pass around (types.go).
//
// What it must never import: anything outside the standard library (its
// tests may use go-cmp), and never bot, data, schedule or cmd: they import
// plans, never the other way round. No Discord, no SQL, no network.
//
// Its invariants:
//   - It never reads the clock: every function is handed the instant it
//     needs, so the same arguments always give the same result.
//   - Its one read is the tz database, in LoadZone (and zoneOf, which the
//     progression functions call with the subscriber's zone). Nothing else
//     does I/O, and nothing is kept between calls.
//   - Its package-level variables are tables filled when the program starts
//     and never written afterwards; it holds no state that changes.
//   - The plan never adds work after pain: a setback never raises the total
//     reps of the session that went wrong (see the rules in progress.go).
package plans
