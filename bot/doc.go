// Package bot is glutebot's Discord adapter. It registers the slash
// commands, answers interactions and plain questions, turns reactions and
// buttons on workout posts into log entries, and posts what the scheduler
// hands it (workouts, recaps, challenge boards). It knows Discord; what to
// coach is plans', what to store is behind the Store interface it declares,
// and when to post is the scheduler's.
//
// Imports: plans, discordgo and small libraries only. bot never imports
// data or schedule (nor they bot): cmd/glutebot wires them together.
//
// Invariants a change must keep:
//   - Every interaction is answered within Discord's 3 s: a handler still
//     working after Config.AnswerBudget (2 s by default) is acknowledged
//     with a deferral, which its answer then edits (interactions.go,
//     deferred.go).
//   - Health talk is private: an answer about pain or health is ephemeral,
//     or goes by DM when the question was asked in a channel; a deferral
//     takes the visibility its answer will have (deferred.go).
//   - State is shown by editing, not by new messages: a workout post is
//     edited to show what was recorded, a button's answer replaces its
//     message, and a post gets at most one private follow-up DM, which
//     later reasons add to (workoutpost.go).
//   - One owner of delivery: the scheduler decides what is due and records
//     each post; bot only sends what it is handed (SendWorkout, SendRecap,
//     PostBoard), and /workout asks the scheduler through NowPoster.
//   - A setting the user did not give stays as it was (applyOptions).
//   - Handlers run concurrently (discordgo starts each in its own
//     goroutine) and are guarded: a panic is logged (and, in an
//     interaction, apologised for), and Close waits for running handlers.
//   - One retry policy per request: the transport retries 5xx answers with
//     a backoff and discordgo's own 502 retry is off; interaction answers
//     go around discordgo's rate limiter (interaction_http.go) and are
//     never retried after a 5xx, since a second answer is refused.
//
// Where things are: a file per command family (subscribe.go,
// unsubscribe.go for /unsubscribe, /pause and /resume, schedule.go,
// workout.go, progress.go, tip.go, help.go, forget.go, export.go,
// challenge.go, recap.go), components.go routing buttons, screen.go the
// safety screen, question.go plain questions, interactions.go and
// deferred.go the answer cycle, interaction_http.go and
// interaction_limits.go its HTTP and rate limits, transport.go every other
// request (priority.go its background lane), render.go the embeds and text
// helpers. Delivery: post.go posts a workout, nonce.go finds one left in
// flight by a crash. Reactions: reactions.go records them once coalesce.go
// has let them settle; reconcile.go reads back those made while the bot
// could not hear. gateway.go recovers the gateway connection, limits.go
// holds the per-user fair-use limits, chartcache.go the /progress charts.
package bot
