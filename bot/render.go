package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

const embedColor = 0xE67E22

const workoutFooter = "React ✅ when done · 😅 too hard · 💪 too easy · 🤕 it hurt — or use the buttons"

// workoutEmbed renders a workout as one embed that reads well on a phone:
// one field per exercise with its prescription and form cues. It stays
// inside Discord's embed limits whatever the content. number is the
// subscriber's count of workouts so far (0: not shown).
func workoutEmbed(w plans.Workout, slot plans.Slot, number int) *discordgo.MessageEmbed {
	var desc strings.Builder
	switch {
	case slot.Late:
		desc.WriteString("*This one is late — I was offline at your usual time. Do it today if you can.*\n\n")
	case slot.Early:
		desc.WriteString("*Early, as you asked — this is your next scheduled workout.*\n\n")
	}
	if w.WarmUp != "" {
		desc.WriteString(warmUpLine(w.WarmUp) + "\n")
	}
	if w.Minutes > 0 {
		desc.WriteString(fmt.Sprintf("⏱️ About %d minutes\n", w.Minutes))
	}
	for _, n := range slices.Concat(w.Notes, w.HealthNotes) {
		desc.WriteString("\n" + n)
	}
	title := w.Title
	if number > 0 {
		title = fmt.Sprintf("Workout %d · %s", number, w.Title)
	}
	e := &discordgo.MessageEmbed{
		Title:       truncate(title, 256),
		Description: truncate(strings.TrimSpace(desc.String()), 4096),
		Color:       embedColor,
		Footer:      &discordgo.MessageEmbedFooter{Text: workoutFooter},
	}
	for n, it := range w.Items {
		e.Fields = append(e.Fields, exerciseField(n+1, it))
	}
	return e
}

// exerciseField renders one exercise of a workout: "1. Split squat — 2 sets
// × 10 reps (each side) · rest 60 s" over its load guidance and form cues.
func exerciseField(n int, it plans.Item) *discordgo.MessageEmbedField {
	name := fmt.Sprintf("%d. %s", n, it.Name())
	if it.Paused {
		name += " (instead of " + strings.ToLower(it.Exercise) + ")"
	}
	name += " — " + it.Prescription()
	var value strings.Builder
	if it.Load != "" {
		value.WriteString("🏋️ " + it.Load + "\n")
	}
	for _, c := range it.Cues {
		value.WriteString("• " + c + "\n")
	}
	return &discordgo.MessageEmbedField{
		Name:  truncate(name, 256),
		Value: truncate(strings.TrimSpace(value.String()), 1024),
	}
}

// warmUpLine labels the warm-up once: in bold, the text's own label when it
// has one ("Warm-up, 3 minutes: …"), else "Warm-up:".
func warmUpLine(text string) string {
	if label, rest, ok := strings.Cut(text, ":"); ok && strings.HasPrefix(strings.ToLower(label), "warm") && len(label) < 40 {
		return "**" + label + ":**" + rest
	}
	return "**Warm-up:** " + text
}

func truncate(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}

// quote makes user input safe to show inside inline code: no backticks, no
// line breaks, and not too long.
func quote(s string) string {
	s = strings.NewReplacer("`", "'", "\n", " ", "\r", " ").Replace(s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

func discordTime(t time.Time, style string) string {
	return fmt.Sprintf("<t:%d:%s>", t.Unix(), style)
}

// itemText is an exercise on one line of text, its wording from plans:
// "Split squat (3-1-3 tempo), 2 sets × 10 reps (each side) · rest 60 s
// (12 kg)"; a stand-in says what it stands in for.
func itemText(it plans.Item) string {
	s := it.Name()
	if it.Paused {
		s += " (while " + strings.ToLower(it.Exercise) + " is paused)"
	}
	s += ", " + it.Prescription()
	if it.Load != "" {
		s += " (" + it.Load + ")"
	}
	return s
}
