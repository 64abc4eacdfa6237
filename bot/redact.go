package bot

import (
	"errors"
	"regexp"
)

// tokenPattern matches what must never reach a log: interaction tokens in
// webhook and callback URLs, and bot tokens in an Authorization header.
var tokenPattern = regexp.MustCompile(`(/(?:webhooks/\d+|interactions/\d+)/)[A-Za-z0-9_.\-]+|(Bot )[A-Za-z0-9_.\-]+`)

// Redact removes interaction and bot tokens from s.
func Redact(s string) string {
	return tokenPattern.ReplaceAllString(s, "${1}${2}[redacted]")
}

// redactedError keeps the error chain (errors.Is still works) but prints
// without tokens.
type redactedError struct{ err error }

func (e redactedError) Error() string { return Redact(e.err.Error()) }
func (e redactedError) Unwrap() error { return e.err }

func redact(err error) error {
	if err == nil {
		return nil
	}
	var r redactedError
	if errors.As(err, &r) {
		return err
	}
	return redactedError{err}
}
