package bot

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestRedactRemovesTokens(t *testing.T) {
	const itok = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZg.secret-part_1"
	const btok = "MTAwMDAwMDAwMDAwMDAwMDAx.GhJkLm.abcdefghijklmnopqrstuvwxyz"
	for _, in := range []string{
		"HTTP 404 Not Found, POST https://discord.com/api/v9/interactions/123/" + itok + "/callback",
		"PATCH https://discord.com/api/v9/webhooks/100/" + itok + "/messages/@original: 401",
		"Authorization: Bot " + btok,
	} {
		out := Redact(in)
		if strings.Contains(out, itok) || strings.Contains(out, btok) {
			t.Errorf("Redact(%q) = %q, still has a token", in, out)
		}
		if !strings.Contains(out, "[redacted]") {
			t.Errorf("Redact(%q) = %q, want a [redacted] marker", in, out)
		}
	}
}

func TestRedactedErrorKeepsTheChain(t *testing.T) {
	sentinel := errors.New("boom")
	err := redact(fmt.Errorf("POST /api/v9/webhooks/1/tok3n/x: %w", sentinel))
	if !errors.Is(err, sentinel) {
		t.Errorf("errors.Is(redacted, sentinel) = false, want true")
	}
	if strings.Contains(err.Error(), "tok3n") {
		t.Errorf("redacted error %q still shows the token", err)
	}
}
