package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/glutebot/glutebot/plans"
)

const embedColor = 0xE67E22

// The reactions a subscriber uses on a workout post.
const (
	emojiDone    = "✅"
	emojiTooHard = "😅"
	emojiTooEasy = "💪"
	emojiPain    = "🤕"
)

// reactionKinds maps a reaction on a workout post to what it records.
var reactionKinds = map[string]plans.Kind{
	emojiDone:    plans.Done,
	emojiTooHard: plans.TooHard,
	emojiTooEasy: plans.TooEasy,
	emojiPain:    plans.Pain,
}

// reactionKind is what a reaction named name records, if anything. A
// trailing variation selector (U+FE0F), which some clients add, is ignored.
func reactionKind(name string) (plans.Kind, bool) {
	kind, ok := reactionKinds[strings.TrimSuffix(name, "\ufe0f")]
	return kind, ok
}

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
	for _, n := range w.Notes {
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
		name := fmt.Sprintf("%d. %s — %d × %d", n+1, it.Variation, it.Sets, it.Reps)
		if it.Load != "" {
			name += " (" + it.Load + ")"
		}
		var cues strings.Builder
		for _, c := range it.Cues {
			cues.WriteString("• " + c + "\n")
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  truncate(name, 256),
			Value: truncate(strings.TrimSpace(cues.String()), 1024),
		})
	}
	return e
}

// warmUpLine labels the warm-up once: in bold, the text's own label when it
// has one ("Warm-up, 3 minutes: …"), else "Warm-up:".
func warmUpLine(text string) string {
	if label, rest, ok := strings.Cut(text, ":"); ok && strings.HasPrefix(strings.ToLower(label), "warm") && len(label) < 40 {
		return "**" + label + ":**" + rest
	}
	return "**Warm-up:** " + text
}
