package plans

import (
	"strings"
	"testing"
)

func TestCatalogueComplete(t *testing.T) {
	wantLadders := []string{"Squat", "Lunge", "Glute bridge", "Hip thrust", "Deadlift", "Romanian deadlift"}
	if len(catalogue) != len(wantLadders) {
		t.Fatalf("catalogue has %d ladders, want %d", len(catalogue), len(wantLadders))
	}
	seen := map[string]string{} // normalised lookup name → owner
	claim := func(name, owner string) {
		t.Helper()
		key := normalise(name)
		if key == "" {
			t.Errorf("%s: empty lookup name", owner)
			return
		}
		if prev, ok := seen[key]; ok && prev != owner {
			t.Errorf("lookup name %q is used by both %s and %s", name, prev, owner)
		}
		seen[key] = owner
	}
	patterns := map[Pattern]int{}
	for i, l := range catalogue {
		if l.Name != wantLadders[i] {
			t.Errorf("ladder %d is %q, want %q", i, l.Name, wantLadders[i])
		}
		patterns[l.Pattern]++
		if len(l.Aliases) == 0 || l.Safety == "" {
			t.Errorf("%s: needs aliases and a safety note", l.Name)
		}
		claim(l.Name, l.Name)
		for _, a := range l.Aliases {
			claim(a, l.Name)
		}
		if len(l.Variations) < 3 {
			t.Errorf("%s: %d variations, want at least 3", l.Name, len(l.Variations))
		}
		prevEquip := NoEquipment
		for _, v := range l.Variations {
			owner := l.Name + "/" + v.Name
			if v.Name == "" || len(v.Aliases) == 0 || v.Safety == "" {
				t.Errorf("%s: name, aliases and safety note are required", owner)
			}
			if v.Equipment < prevEquip {
				t.Errorf("%s: needs %s after a rung that needs %s; the ladder must not get easier on equipment", owner, v.Equipment, prevEquip)
			}
			prevEquip = v.Equipment
			if len(v.Cues) < 3 {
				t.Errorf("%s: %d cues, want at least 3", owner, len(v.Cues))
			}
			for _, c := range v.Cues {
				if c == "" || len(c) > 70 {
					t.Errorf("%s: cue %q must be short and set", owner, c)
				}
			}
			if len(v.Mistakes) < 2 {
				t.Errorf("%s: %d mistakes, want at least 2", owner, len(v.Mistakes))
			}
			for _, m := range v.Mistakes {
				if m.What == "" || m.Fix == "" {
					t.Errorf("%s: mistake %+v needs both what and fix", owner, m)
				}
			}
			if v.Name != l.Name { // a ladder may share its name with its first rung
				claim(v.Name, owner)
			}
			for _, a := range v.Aliases {
				claim(a, owner)
			}
		}
	}
	for _, p := range []Pattern{KneeDominant, Bridge, Hinge} {
		if patterns[p] != 2 {
			t.Errorf("pattern %d has %d ladders, want 2", p, patterns[p])
		}
	}
}

func TestSessionsCoverEveryPatternOnce(t *testing.T) {
	covered := map[int]bool{}
	for s, ladders := range sessionLadders {
		var got []Pattern
		for _, i := range ladders {
			got = append(got, catalogue[i].Pattern)
			covered[i] = true
		}
		if got[0] != KneeDominant || got[1] != Bridge || got[2] != Hinge {
			t.Errorf("session %d patterns = %v, want knee, bridge, hinge", s, got)
		}
	}
	if len(covered) != numLadders {
		t.Errorf("sessions cover %d ladders, want all %d", len(covered), numLadders)
	}
}

func TestExercisesListsEveryName(t *testing.T) {
	ex := Exercises()
	want := 0
	for _, l := range catalogue {
		want += 1 + len(l.Variations)
	}
	if len(ex) != want {
		t.Fatalf("Exercises() has %d entries, want %d", len(ex), want)
	}
	ex[0].Aliases[0] = "changed"
	if catalogue[0].Aliases[0] == "changed" {
		t.Error("Exercises() shares its alias slices with the catalogue")
	}
	ls := Ladders()
	ls[0].Variations[0].Cues[0] = "changed"
	if strings.Contains(catalogue[0].Variations[0].Cues[0], "changed") {
		t.Error("Ladders() shares its slices with the catalogue")
	}
}
