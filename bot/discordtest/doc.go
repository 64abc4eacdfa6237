// Package discordtest is an in-process stand-in for Discord, in the spirit
// of net/http/httptest: a REST API under /api/v9 (and /api/v10), over
// HTTP/1.1 or HTTP/2 as Discord's (see HTTP2Transport), and a gateway
// websocket that speak Discord's wire protocol and enforce its rules,
// so that a real *discordgo.Session can be driven end to end in tests and
// fail where Discord would fail.
//
// A test creates a Server, describes the world (guilds, channels, users),
// points discordgo at Server.URL with a transport that rewrites every
// request's scheme and host, opens the session, and then injects what users
// do (slash commands, button presses, messages, reactions) and reads back
// what the bot did (messages, interaction callbacks, reactions) together
// with every request Discord would have refused.
//
// # What it promises
//
// Where it models something it follows Discord's documentation
// (github.com/discord/discord-api-docs, cited in the code by file and
// section), not what a bot happens to send; where the two disagree the
// documentation wins and the stand-in is fixed. It enforces:
//
//   - REST: the routes a bot like glutebot uses (rest.go, newRESTMux) with
//     Discord's statuses and JSON error codes, 50035's nested "errors"
//     (reference.mdx); bot-token auth (401) and 401/403/429 counted as
//     invalid requests (rate-limits.mdx, Invalid Request Limit).
//   - Rate limits: the global limit, per-route buckets with X-RateLimit-*
//     headers and 429s of scope user, global and shared (rate-limits.mdx).
//     Discord publishes no per-route numbers; the ones used are what its
//     headers report (ratelimit.go).
//   - Messages: the limits of content, embeds and components, flags each
//     route allows, uploads (reference.mdx, Uploading Files), enforce_nonce
//     within a window (message.mdx, Create Message), who may edit or delete
//     what, DMs a user closed (50007), reactions and super reactions
//     (message.mdx).
//   - Interactions: the 3 s deadline and one callback per interaction,
//     deferred answers, follow-ups and their limits for user installs,
//     ephemeral answers that never reach the gateway, commands with options,
//     subcommands, autocomplete and default_member_permissions
//     (application-commands.mdx, receiving-and-responding.mdx).
//   - Gateway: HELLO, IDENTIFY with intents (privileged ones need enabling),
//     heartbeats, RESUME and replay, the send limit, and the documented
//     close codes (gateway.mdx, opcodes-and-status-codes.mdx); events are
//     sent only to the intents that ask for them.
//
// # What it does not model
//
// JSON only (no ETF, no zlib transport compression), one shard, no voice,
// presences, threads or member events; guild state is what the test adds
// (no roles beyond the permissions it gives members); no HTTP interactions
// endpoint or request signatures (interactions come over the gateway); only
// the routes a bot like glutebot uses answer, any other path is 404; per-route
// limits are fixed numbers rather than whatever Discord reports that day.
package discordtest
