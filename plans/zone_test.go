package plans

import (
	"errors"
	"testing"
	"time"
)

func TestLoadZone(t *testing.T) {
	// A moment when every zone below is off its standard offset or on it,
	// as the tz database says: loading reads real data, not just the name.
	july := time.Date(2026, time.July, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		wantOffset int // seconds east of UTC on july
	}{
		{"Europe/Berlin", 2 * 3600},
		{"America/New_York", -4 * 3600},
		{"UTC", 0},
		{"Asia/Kolkata", 5*3600 + 1800},
		{"Australia/Lord_Howe", 10*3600 + 1800},
	}
	for _, tt := range tests {
		loc, err := LoadZone(tt.name)
		if err != nil {
			t.Errorf("LoadZone(%q) error %v", tt.name, err)
			continue
		}
		if _, off := july.In(loc).Zone(); loc.String() != tt.name || off != tt.wantOffset {
			t.Errorf("LoadZone(%q) = %v, offset %d on %s; want %q, offset %d", tt.name, loc, off, july.Format(time.DateOnly), tt.name, tt.wantOffset)
		}
	}
}

func TestLoadZoneRefuses(t *testing.T) {
	for _, name := range []string{
		"",                // no zone at all
		"Local",           // the host's zone
		"Mars/Olympus",    // written the IANA way, but no such zone
		"../etc/passwd",   // a path
		" Europe/Berlin",  // a space
		"Europe//Berlin",  // an empty component
		"Europe/./Berlin", // a path component
	} {
		for range 2 { // a name that failed fails again
			if loc, err := LoadZone(name); !errors.Is(err, ErrZone) {
				t.Errorf("LoadZone(%q) = %v, %v; want ErrZone", name, loc, err)
			}
		}
	}
}

// BenchmarkLoadZone loads a zone as every /subscribe answer and every
// scheduled post does: each call reads the tz database.
func BenchmarkLoadZone(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadZone("Europe/Berlin"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSummarize summarises a year of workouts in a zone, the work
// /progress and every member of a challenge board cost; it loads the zone
// once, so the two benchmarks compare a load with what follows it.
func BenchmarkSummarize(b *testing.B) {
	sub := testSub(Intermediate, Dumbbells)
	sub.Zone = "Europe/Berlin"
	h := log(Done, seq(0, 150)...)
	b.ReportAllocs()
	for b.Loop() {
		Summarize(h, sub, slot(150))
	}
}
