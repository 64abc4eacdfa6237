package bot

import (
	"errors"
	"log/slog"
	"net/http"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// A deletion Discord refuses with a 4xx will be refused forever and is
// given up; a 5xx or a network error is worth another try.
func TestUnlessFinalGivesUpOnlyOnRefusals(t *testing.T) {
	b := &Bot{log: slog.New(slog.DiscardHandler)}
	rest := func(status int) error {
		return &discordgo.RESTError{Response: &http.Response{StatusCode: status}}
	}
	for _, tt := range []struct {
		err   error
		final bool
	}{
		{rest(http.StatusNotFound), true},
		{rest(http.StatusForbidden), true},
		{rest(http.StatusBadRequest), true},
		{rest(http.StatusInternalServerError), false},
		{rest(http.StatusBadGateway), false},
		{errors.New("connection reset"), false},
	} {
		got := b.unlessFinal(tt.err, "delete message", "c", "m")
		if (got == nil) != tt.final {
			t.Errorf("unlessFinal(%v) = %v; want final %v", tt.err, got, tt.final)
		}
	}
}
