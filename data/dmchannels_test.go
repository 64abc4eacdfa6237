package data

import (
	"context"
	"errors"
	"testing"
)

func TestDMChannelIsCachedAndReplaced(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	if _, err := s.DMChannel(ctx, "u1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("DMChannel before SetDMChannel = %v, want ErrNotFound", err)
	}
	for _, ch := range []string{"dm1", "dm2"} {
		if err := s.SetDMChannel(ctx, "u1", ch); err != nil {
			t.Fatal(err)
		}
		if got, err := s.DMChannel(ctx, "u1"); err != nil || got != ch {
			t.Errorf("DMChannel = %q, %v; want %q", got, err, ch)
		}
	}
	if _, err := s.DMChannel(ctx, "u2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("DMChannel(u2) = %v, want ErrNotFound: each user has their own", err)
	}
}
