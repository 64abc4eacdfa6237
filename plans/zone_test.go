package plans

import (
	"errors"
	"testing"
)

func TestLoadZone(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"} {
		loc, err := LoadZone(name)
		if err != nil || loc.String() != name {
			t.Errorf("LoadZone(%q) = %v, %v", name, loc, err)
		}
	}
	for _, name := range []string{"", "Local", "Mars/Olympus", "../etc/passwd", " Europe/Berlin"} {
		if loc, err := LoadZone(name); !errors.Is(err, ErrZone) {
			t.Errorf("LoadZone(%q) = %v, %v; want ErrZone", name, loc, err)
		}
	}
}

func TestLoadZoneKeepsWhatLoaded(t *testing.T) {
	a, err := LoadZone("Australia/Lord_Howe")
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadZone("Australia/Lord_Howe")
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Error("a second LoadZone returned a different *time.Location")
	}
	for range 2 { // a name that failed is not kept as if it had loaded
		if _, err := LoadZone("Mars/Olympus_Mons"); !errors.Is(err, ErrZone) {
			t.Errorf("LoadZone(Mars/Olympus_Mons) error %v, want ErrZone", err)
		}
	}
}

// BenchmarkLoadZone loads a zone that was loaded before, as every
// /subscribe answer and every scheduled post does.
func BenchmarkLoadZone(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadZone("Europe/Berlin"); err != nil {
			b.Fatal(err)
		}
	}
}
