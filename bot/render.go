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

const workoutFooter = "React ✅ when done · 😅 too hard · 💪 too easy · 🤕 it hurt"

// workoutEmbed renders a workout as one embed that reads well on a phone:
// one field per exercise with its prescription and form cues. It stays
// inside Discord's embed limits whatever the content.
func workoutEmbed(w plans.Workout, slot plans.Slot) *discordgo.MessageEmbed {
	var desc strings.Builder
	switch {
	case slot.Late:
		desc.WriteString("*This one is late — I was offline at your usual time. Do it today if you can.*\n\n")
	case slot.Early:
		desc.WriteString("*Early, as you asked — this is your next scheduled workout.*\n\n")
	}
	if w.WarmUp != "" {
		desc.WriteString("**Warm-up:** " + w.WarmUp + "\n")
	}
	for _, n := range w.Notes {
		desc.WriteString("\n" + n)
	}
	e := &discordgo.MessageEmbed{
		Title:       truncate(w.Title, 256),
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
