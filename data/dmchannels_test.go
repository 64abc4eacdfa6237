package data

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestDMChannelAndScreening(t *testing.T) {
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

	if ok, err := s.Screened(ctx, "u1"); err != nil || ok {
		t.Errorf("Screened before SetScreened = %v, %v; want false", ok, err)
	}
	for _, at := range []time.Time{t0, t0.Add(time.Hour)} {
		if err := s.SetScreened(ctx, "u1", at); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := s.Screened(ctx, "u1"); err != nil || !ok {
		t.Errorf("Screened = %v, %v; want true", ok, err)
	}
	if ok, _ := s.Screened(ctx, "u2"); ok {
		t.Errorf("Screened(u2) = true, want false")
	}
	var at int64
	if err := s.read.QueryRowContext(ctx, `SELECT at FROM screenings WHERE user_id = 'u1'`).Scan(&at); err != nil || at != t0.Unix() {
		t.Errorf("screened at %d, %v; want the first answer %d", at, err, t0.Unix())
	}
}
