package plans

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
)

// Routine questions: how often, sets and reps, rest, warm-up, soreness,
// missed weeks, results, what to expect. The answers follow the seed facts
// (2–3 sessions a week, 2–3 sets of 10–15 reps, proper form, progressive
// overload) and current back-pain guidance; they claim no more than that.

// painRule is the general rule for pain during training, after current
// guidance for back pain: mild discomfort that settles within a day is
// acceptable; sharp, increasing or spreading pain is not.
const painRule = "General rule, in line with current back-pain guidance: mild discomfort during or after training that settles " +
	"within a day is acceptable, and staying active usually helps. Sharp pain, pain that builds as you go or from one session " +
	"to the next, or pain that spreads (for example down a leg) is not: stop that move, try an easier variation or a smaller " +
	"range, and skip it for now if the pain stays. If pain lasts more than a few weeks or keeps getting worse, see a health " +
	"professional such as a physiotherapist."

// topic is one routine question and its answer.
type topic struct {
	name     string
	triggers []string // phrases, normalised at start-up
	answer   string
	health   bool // the answer is about pain or health: keep it private
}

var topics = []topic{
	{
		name: "soreness",
		triggers: []string{"sore", "soreness", "doms", "stiff the next day", "stiff after", "stiff the day after", "muscle ache",
			"aching muscles", "achy the next day", "normal to ache", "normal to feel", "sore or hurt", "soreness or pain"},
		answer: "**Sore or hurt?**\nMuscle soreness a day or two after training (often called DOMS) is normal, especially after a new " +
			"move or more load: a dull, tender ache in the muscles you worked that eases as you move and fades within a few days. " +
			"Gentle movement such as walking helps; you can train again once it has mostly gone.\n\n" + painRule,
		health: true,
	},
	{
		name: "frequency",
		triggers: []string{"how often", "how many time", "time a week", "times per week", "time per week", "day a week", "days a week",
			"days per week", "every day", "everyday", "each day", "daily", "rest day", "how many day", "two day in a row", "2 day in a row",
			"back to back", "consecutive day", "frequency", "train twice", "more often", "once a week", "session a week",
			"workout a week", "session per week", "workout per week", "more than 3", "more than three", "more than twice"},
		answer: "**How often**\nTrain your glutes 2–3 times a week, with at least a day of rest between sessions — for example " +
			"Monday, Wednesday and Friday. Muscles get stronger while they recover, so training every day is not better; doing it " +
			"week after week is what counts. Walking or gentle stretching on rest days is fine.",
	},
	{
		name: "sets and reps",
		triggers: []string{"how many set", "how many rep", "sets and rep", "set and rep", "sets or rep", "rep range", "reps should",
			"sets should", "number of set", "number of rep", "how much rep", "how many round", "reps per set", "repetition"},
		answer: "**Sets and reps**\nStart with 2–3 sets of 10–15 reps of each exercise, with good form on every rep. Your plan begins " +
			"around 2 × 10, adds reps, then a third set, then a harder variation or more load. Heavy barbell lifts (back squat, " +
			"deadlift, barbell RDL, barbell hip thrust) use fewer reps, about 6–10, with longer rests. Single-leg moves count the " +
			"reps on each side. End each set with 2–3 good reps still in the tank, and stop a set when your form slips.",
	},
	{
		name: "rest",
		triggers: []string{"how long should i rest", "how long do i rest", "how long to rest", "how much rest", "rest between",
			"between set", "rest time", "rest period", "break between", "long rest", "pause between", "wait between"},
		answer: "**Rest between sets**\nAbout 60 seconds between sets of bodyweight moves, about 90 seconds with dumbbells or a " +
			"loaded backpack, and 2–3 minutes between heavy barbell sets. Start the next set once your breathing has settled " +
			"and you can keep your form. Every workout I post gives the rest for each exercise.",
	},
	{
		name: "warm-up",
		triggers: []string{"warm up", "warmup", "warming up", "stretch before", "stretching before", "before i train", "before training",
			"before a workout", "before my workout", "cool down", "cooldown", "should i stretch"},
		answer: "**Warm-up**\nYes — take about 3 minutes. Every workout starts with one: easy moves such as cat-cows, bodyweight good " +
			"mornings, glute bridges with a squeeze, hip circles or bird dogs. Then do your first set a little slower. Long, " +
			"held stretches are not needed before training; keep them for afterwards if you enjoy them.",
	},
	{
		name: "missed weeks",
		triggers: []string{"missed", "miss a", "miss one", "miss the", "skip a", "skipped", "skipping", "fell behind", "fall behind",
			"took a break", "take a break", "time off", "holiday", "vacation", "after a break", "been away", "was sick", "been sick",
			"back after", "start again", "starting again", "restart", "get back into", "catch up", "forgot to"},
		answer: "**Missed a workout or a week**\nNo problem — do the next workout when it comes and don't try to catch up by doubling " +
			"up. One missed session changes nothing. After two or more whole weeks without a ✅, I step every exercise back a " +
			"little and it builds up again from there, so restarting never starts with a jump. Going away? `/pause` holds your " +
			"plan for up to 8 weeks.",
	},
	{
		name: "results",
		triggers: []string{"how long until", "how long before", "when will i see", "when will i notice", "see result", "result",
			"how soon", "how fast", "how long does it take", "how long will it take", "notice a difference", "see a difference",
			"see change", "how many week", "see progress", "when will it work", "get bigger", "get stronger", "getting stronger",
			"see gain", "first month"},
		answer: "**When will I see results?**\nMost people find the moves feel easier and steadier within 2–4 weeks, largely because " +
			"the muscles learn to work together. Clear gains in strength usually take 6–12 weeks of training 2–3 times a week, " +
			"and changes in shape longer. Turning up week after week matters more than any single workout. Strong glutes help " +
			"support your back, but they are one part of caring for it, not a guaranteed fix for back pain.",
	},
	{
		name: "what to expect",
		triggers: []string{"what to expect", "what should i expect", "what can i expect", "what happens", "how does this work",
			"how does it work", "how do you work", "how does the plan", "how do you progress", "how does progression",
			"what is the plan", "get harder", "progression", "how do i progress", "when do i move up", "level up", "move up", "how long is a", "how long are the", "how long does a workout",
			"how long does a session", "how long should a", "how long should the", "how long should my", "how much time", "session length", "workout length"},
		answer: "**What to expect**\nOn your days I post a workout of about 15–30 minutes: a 3-minute warm-up and three exercises — " +
			"a squat or lunge, a glute bridge or hip thrust, and a deadlift or Romanian deadlift — each with sets, reps, rest, " +
			"load guidance and form cues, and the session's estimated time. React ✅ when you've done it and the next one asks " +
			"a little more (reps, then a set, then a harder variation or more load). Every few weeks a lighter deload week lets " +
			"your body catch up. React 😅 if it was too hard and 🤕 if it hurt, and I'll ease off.",
	},
	{
		name: "equipment",
		triggers: []string{"do i need", "need equipment", "without equipment", "no equipment", "what equipment", "at home", "no gym",
			"what weight", "how heavy", "first weight", "starting weight", "how much weight", "which weight", "weight should i",
			"weights should i", "heavy should", "add weight", "add load", "increase the weight", "go heavier"},
		answer: "**Equipment and weights**\nNo equipment is needed: every exercise has bodyweight rungs, and later a backpack filled " +
			"with books or bottles adds load. With dumbbells or a gym, your plan starts on rungs that use them (the `equipment` " +
			"option of /subscribe). For a first weight, pick one you could lift 3–4 more times than the reps asked. Steps: " +
			"1–2 kg per dumbbell (2–5 lb), 2.5–5 kg in total on a barbell (5–10 lb), about 2 kg (4 lb) in a backpack.",
	},
	{
		name: "glutes and the back",
		triggers: []string{"why glute", "why train glute", "why should i train", "glute help", "glutes help", "help my back",
			"help with my back", "help with back", "good for my back", "good for the back", "back health", "prevent back pain",
			"does this help", "does it help", "weak glute", "lazy glute", "glute amnesia", "dead butt"},
		answer: "**Glutes and your back**\nYour glutes extend and steady your hips and work with your core to keep your pelvis and " +
			"spine well lined up. When they are weak, other muscles, such as those of the lower back, can end up doing extra " +
			"work. So strong glutes help support your back — alongside staying active, good technique and rest. They are one " +
			"part of caring for your back, not a cure on their own.",
	},
	{
		name: "exercises",
		triggers: []string{"what exercise", "which exercise", "best exercise", "exercises for", "exercise for", "work my glute",
			"target my glute", "target the glute", "glute exercise", "butt exercise", "grow my glute", "strengthen my glute",
			"glute workout", "bigger butt", "build my glute", "train my glute", "train glute"},
		answer: "**Exercises for your glutes**\nThe plan uses six: squats and lunges, glute bridges and hip thrusts, deadlifts and " +
			"Romanian deadlifts. Bridges and hip thrusts work the glutes most directly; squats, lunges and the two deadlifts train " +
			"them together with your thighs and back. Ask me about any of them by name for form cues.",
	},
}

// topicTriggers holds each topic's triggers, normalised as questions are.
var topicTriggers = func() [][]string {
	out := make([][]string, len(topics))
	for i, t := range topics {
		for _, p := range t.triggers {
			out[i] = append(out[i], normalise(p))
		}
	}
	return out
}()

// findTopic returns the first routine topic text asks about, or nil. text
// is normalised.
func findTopic(text string) *topic {
	padded := " " + text + " "
	for i, trigs := range topicTriggers {
		for _, p := range trigs {
			if strings.Contains(padded, " "+p+" ") {
				return &topics[i]
			}
		}
	}
	return nil
}

// sldlNote says how a stiff-leg deadlift differs from a Romanian deadlift.
const sldlNote = "A stiff-leg deadlift (SLDL) is not quite an RDL. In an SLDL the knees stay almost straight and each rep " +
	"usually starts from the floor, so the back tends to bend more. In an RDL you start standing, keep a soft knee bend and " +
	"push your hips back only until they stop moving, with a flat back — that is the version glutebot teaches."

// topicsFile holds the routine questions, their triggers and answers, and
// the pain rule, in the layout its opening notes describe. It is compiled
// in, so reading it is no I/O.
//
//go:embed topics.txt
var topicsFile string

// The headings that begin a section of topics.txt.
const (
	topicHeading  = "== topic:"
	sharedHeading = "== shared:"
)

// placeholder is where an answer includes a shared text: {{name}}.
var placeholder = regexp.MustCompile(`\{\{([^{}]*)\}\}`)

// section is one heading of topics.txt and the lines under it, up to the
// next heading.
type section struct {
	line   int // the heading's line number
	shared bool
	name   string
	lines  []string
}

// parseTopics reads text in the layout of topics.txt. It returns the topics
// in order, each answer with shared texts in place of its placeholders, and
// the shared texts by name. The error is the first mistake, with its line.
func parseTopics(text string) ([]topic, map[string]string, error) {
	sections, err := splitSections(text)
	if err != nil {
		return nil, nil, err
	}
	var (
		ts        []topic
		at        []int // line of ts[i]'s heading
		shared    = map[string]string{}
		seen      = map[string]int{}    // "topic x" or "shared text x" -> line
		triggerOf = map[string]string{} // normalised trigger -> topic
	)
	for _, s := range sections {
		key := kindOf(s) + " " + s.name
		if first, dup := seen[key]; dup {
			return nil, nil, lineError(s.line, "%s %q again: it is on line %d already", kindOf(s), s.name, first)
		}
		seen[key] = s.line
		if s.shared {
			body := trimBlankLines(s.lines)
			switch {
			case body == "":
				return nil, nil, lineError(s.line, "shared text %q is empty", s.name)
			case strings.Contains(body, "{{") || strings.Contains(body, "}}"):
				return nil, nil, lineError(s.line, "shared text %q has a {{ or }}: only answers include shared texts", s.name)
			}
			shared[s.name] = body
			continue
		}
		t, err := parseTopic(s)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range t.triggers {
			if other, dup := triggerOf[normalise(p)]; dup && other != t.name {
				return nil, nil, lineError(s.line, "topic %q: trigger %q is topic %q's already, which comes first", t.name, p, other)
			}
			triggerOf[normalise(p)] = t.name
		}
		ts = append(ts, t)
		at = append(at, s.line)
	}
	if len(ts) == 0 {
		return nil, nil, lineError(1, "no topics")
	}
	for i := range ts {
		var missing []string
		ts[i].answer = placeholder.ReplaceAllStringFunc(ts[i].answer, func(p string) string {
			name := strings.TrimSpace(p[2 : len(p)-2])
			text, ok := shared[name]
			if !ok {
				missing = append(missing, name)
			}
			return text
		})
		if len(missing) > 0 {
			return nil, nil, lineError(at[i], "topic %q includes {{%s}}, but no shared text has that name", ts[i].name, missing[0])
		}
		if strings.Contains(ts[i].answer, "{{") || strings.Contains(ts[i].answer, "}}") {
			return nil, nil, lineError(at[i], "topic %q has a {{ or }} that is not part of a {{name}}", ts[i].name)
		}
	}
	return ts, shared, nil
}

// splitSections cuts text into its sections. Before the first heading there
// may be only notes (lines starting with #) and blank lines.
func splitSections(text string) ([]section, error) {
	var out []section
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		n := i + 1
		if !strings.HasPrefix(line, "==") {
			switch {
			case len(out) > 0:
				out[len(out)-1].lines = append(out[len(out)-1].lines, line)
			case strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#"):
				return nil, lineError(n, "text before the first heading: begin notes with # and topics with %q", topicHeading)
			}
			continue
		}
		s := section{line: n}
		name, ok := strings.CutPrefix(line, topicHeading)
		if !ok {
			name, s.shared = strings.CutPrefix(line, sharedHeading)
			if !s.shared {
				return nil, lineError(n, "a heading starts %q or %q", topicHeading, sharedHeading)
			}
		}
		if s.name = strings.TrimSpace(name); s.name == "" {
			return nil, lineError(n, "%s with no name", kindOf(s))
		}
		out = append(out, s)
	}
	return out, nil
}

// parseTopic reads a topic's section: its settings, one a line (notes
// allowed), then a blank line, then the answer.
func parseTopic(s section) (topic, error) {
	t := topic{name: s.name}
	healthAt := 0
	settings := 0
	for ; settings < len(s.lines) && strings.TrimSpace(s.lines[settings]) != ""; settings++ {
		line := s.lines[settings]
		n := s.line + 1 + settings
		if strings.HasPrefix(line, "#") {
			continue
		}
		key, value, _ := strings.Cut(line, ":")
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(key) {
		case "health":
			if healthAt != 0 {
				return t, lineError(n, "topic %q: health again: it is on line %d already", t.name, healthAt)
			}
			if value != "yes" && value != "no" {
				return t, lineError(n, "topic %q: health is %q, not yes or no", t.name, value)
			}
			t.health, healthAt = value == "yes", n
		case "trigger":
			if normalise(value) == "" {
				return t, lineError(n, "topic %q: trigger %q has no letters or digits", t.name, value)
			}
			t.triggers = append(t.triggers, value)
		default:
			return t, lineError(n, "topic %q: %q is not a setting (health: or trigger:); leave a blank line before the answer", t.name, line)
		}
	}
	t.answer = trimBlankLines(s.lines[settings:])
	switch {
	case healthAt == 0:
		return t, lineError(s.line, "topic %q says neither \"health: yes\" nor \"health: no\"", t.name)
	case len(t.triggers) == 0:
		return t, lineError(s.line, "topic %q has no trigger", t.name)
	case t.answer == "":
		return t, lineError(s.line, "topic %q has no answer: after its settings leave a blank line, then write it", t.name)
	}
	return t, nil
}

// trimBlankLines joins lines, less the blank ones at the start and end.
func trimBlankLines(lines []string) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

func kindOf(s section) string {
	if s.shared {
		return "shared text"
	}
	return "topic"
}

func lineError(line int, format string, args ...any) error {
	return fmt.Errorf("topics.txt:%d: "+format, append([]any{line}, args...)...)
}
