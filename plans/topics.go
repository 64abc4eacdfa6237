package plans

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Routine questions: how often, sets and reps, rest, warm-up, soreness,
// missed weeks, results, what to expect. Their triggers and answers are
// prose, kept in topics.txt where a writer can edit them without Go. The
// answers follow the seed facts (2–3 sessions a week, 2–3 sets of 10–15
// reps, proper form, progressive overload) and current back-pain guidance;
// they claim no more than that.

// topic is one routine question and its answer.
type topic struct {
	name     string
	triggers []string // phrases, normalised at start-up
	answer   string
	health   bool // the answer is about pain or health: keep it private
}

// topicsFile holds the routine questions, their triggers and answers, and
// the pain rule, in the layout its opening notes describe. It is compiled
// in, so reading it is no I/O.
//
//go:embed topics.txt
var topicsFile string

// topics are the routine questions, in the order they are tried. painRule
// is the general rule for pain during training, after current guidance for
// back pain: mild discomfort that settles within a day is acceptable; sharp,
// increasing or spreading pain is not. Both come from topics.txt, read once
// when the program starts and never changed; a mistake in the file stops the
// program there, and fails every test, with its line.
var topics, painRule = mustParseTopics(topicsFile)

// mustParseTopics is parseTopics for the compiled-in file, which must also
// hold the pain rule.
func mustParseTopics(text string) ([]topic, string) {
	ts, shared, err := parseTopics(text)
	if err == nil && shared["pain rule"] == "" {
		err = errors.New(`topics.txt: no "== shared: pain rule"`)
	}
	if err != nil {
		panic("plans: " + err.Error())
	}
	return ts, shared["pain rule"]
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
