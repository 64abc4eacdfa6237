package plans

import "testing"

// TestItemText pins the words of an exercise line, which Workout.String,
// Preview and the bot's posts, /progress and weekly recaps are made of.
func TestItemText(t *testing.T) {
	tests := []struct {
		name                       string
		it                         Item
		wantName, wantPrescription string
		wantString                 string
	}{
		{
			name:             "single-leg with rest",
			it:               Item{Exercise: "Lunge", Variation: "Split squat", Sets: 2, Reps: 10, EachSide: true, Rest: 60},
			wantName:         "Split squat",
			wantPrescription: "2 sets × 10 reps (each side) · rest 60 s",
			wantString:       "Lunge: Split squat — 2 sets × 10 reps (each side) · rest 60 s",
		},
		{
			name:             "modifier",
			it:               Item{Exercise: "Squat", Variation: "Bodyweight squat", Modifier: "3-1-3 tempo", Sets: 3, Reps: 12, Rest: 60},
			wantName:         "Bodyweight squat (3-1-3 tempo)",
			wantPrescription: "3 sets × 12 reps · rest 60 s",
			wantString:       "Squat: Bodyweight squat (3-1-3 tempo) — 3 sets × 12 reps · rest 60 s",
		},
		{
			name:             "load",
			it:               Item{Exercise: "Squat", Variation: "Barbell back squat", Sets: 3, Reps: 6, Rest: 150, Load: "first weight: …"},
			wantName:         "Barbell back squat",
			wantPrescription: "3 sets × 6 reps · rest 150 s",
			wantString:       "Squat: Barbell back squat — 3 sets × 6 reps · rest 150 s · first weight: …",
		},
		{
			name:             "one set, no rest",
			it:               Item{Exercise: "Glute bridge", Variation: "Glute bridge", Sets: 1, Reps: 1},
			wantName:         "Glute bridge",
			wantPrescription: "1 set × 1 rep",
			wantString:       "Glute bridge: Glute bridge — 1 set × 1 rep",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.it.Name(); got != tt.wantName {
				t.Errorf("Name() = %q, want %q", got, tt.wantName)
			}
			if got := tt.it.Prescription(); got != tt.wantPrescription {
				t.Errorf("Prescription() = %q, want %q", got, tt.wantPrescription)
			}
			if got := tt.it.String(); got != tt.wantString {
				t.Errorf("String() = %q, want %q", got, tt.wantString)
			}
		})
	}
}
