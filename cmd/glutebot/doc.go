// Command glutebot runs the glutebot Discord bot, or previews a training
// plan with `glutebot plan`.
//
// main only wires; the packages hold the behaviour. `glutebot` (or
// `glutebot serve`) reads its configuration from the environment
// (config.go) and then serve starts, in this order:
//
//  1. the SQLite store (data.Open), which migrates the schema;
//  2. the Discord adapter (bot.New) on that store, and the scheduler
//     (schedule.New) on the same store with the bot as its poster; /workout
//     posts through the scheduler (bot.SetNowPoster), which claims the slot
//     as a timed post would;
//  3. the Discord session (bot.Open): commands registered, gateway
//     connected;
//  4. the /metrics and /healthz server, when GLUTEBOT_METRICS_ADDR is set;
//  5. the scheduler's loop (Run), last, so nothing is due before Discord
//     can take it.
//
// It stops on SIGINT or SIGTERM, or when the gateway closes for good (a bad
// token, intents not allowed: it then exits with status 1 and the reason): the scheduler
// is cancelled first and given shutdownTimeout to finish the posts in
// flight, then the metrics server, the Discord session and last the store
// close, the reverse of the start.
//
// `glutebot backup PATH` copies the database while the bot runs, and
// `glutebot healthcheck` asks a running bot's /healthz.
package main
