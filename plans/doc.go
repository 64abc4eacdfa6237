// Package plans is glutebot's coaching domain: the exercise catalogue,
// workouts, progression, tips, safety wording and the validation of what
// users type. It uses the standard library only: no I/O, no Discord, no SQL,
// and it never reads the clock — every function is handed the time it needs.
package plans
