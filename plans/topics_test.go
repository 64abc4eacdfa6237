package plans

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTopicsFile checks the compiled-in topics.txt: it parses, and every
// topic has a name, triggers and an answer with its shared texts filled in.
func TestTopicsFile(t *testing.T) {
	ts, shared, err := parseTopics(topicsFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) < 5 {
		t.Fatalf("topics.txt has %d topics; the routine questions need more", len(ts))
	}
	if shared["pain rule"] == "" {
		t.Error(`topics.txt has no "== shared: pain rule"`)
	}
	for _, tp := range ts {
		if tp.name == "" || len(tp.triggers) == 0 || tp.answer == "" {
			t.Errorf("topic %q: %d triggers, answer %q", tp.name, len(tp.triggers), tp.answer)
		}
		if strings.ContainsAny(tp.answer, "{}") {
			t.Errorf("topic %q: answer keeps a placeholder: %q", tp.name, tp.answer)
		}
	}
}

// TestParseTopicsLayout reads a small file with every feature of the layout:
// notes, settings, an answer whose inner blank lines and # lines are kept,
// a shared text put in place, and Windows line ends.
func TestParseTopicsLayout(t *testing.T) {
	text := strings.Join([]string{
		"# notes for writers",
		"",
		"== shared: rule",
		"Stop if it hurts.",
		"",
		"== topic: rest",
		"health: no",
		"# a note among the settings",
		"trigger: rest between",
		"trigger:   how long to rest  ",
		"",
		"",
		"**Rest**",
		"A minute.",
		"",
		"# not a note: kept",
		"",
		"== topic: soreness",
		"trigger: sore",
		"health: yes",
		"",
		"Normal. {{ rule }}",
		"",
	}, "\r\n")
	ts, shared, err := parseTopics(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []topic{
		{name: "rest", triggers: []string{"rest between", "how long to rest"}, answer: "**Rest**\nA minute.\n\n# not a note: kept"},
		{name: "soreness", triggers: []string{"sore"}, answer: "Normal. Stop if it hurts.", health: true},
	}
	if diff := cmp.Diff(want, ts, cmp.AllowUnexported(topic{})); diff != "" {
		t.Errorf("topics (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"rule": "Stop if it hurts."}, shared); diff != "" {
		t.Errorf("shared texts (-want +got):\n%s", diff)
	}
}

// TestParseTopicsErrors feeds the parser each kind of mistake a writer can
// make and checks it is refused with the line and the reason.
func TestParseTopicsErrors(t *testing.T) {
	const ok = "== topic: rest\nhealth: no\ntrigger: rest between\n\nA minute.\n"
	for _, c := range []struct{ name, text, want string }{
		{"empty file", "", "topics.txt:1: no topics"},
		{"only notes", "# nothing yet\n", "topics.txt:1: no topics"},
		{"only shared text", "== shared: rule\nStop.\n", "topics.txt:1: no topics"},
		{"text before the first heading", "# notes\nhealth: no\n" + ok, "topics.txt:2: text before the first heading"},
		{"unknown heading", ok + "== question: sore\n", `topics.txt:6: a heading starts "== topic:" or "== shared:"`},
		{"topic with no name", "== topic:  \nhealth: no\ntrigger: a\n\nA.\n", "topics.txt:1: topic with no name"},
		{"shared text with no name", "== shared:\nStop.\n" + ok, "topics.txt:1: shared text with no name"},
		{"topic twice", ok + ok, `topics.txt:6: topic "rest" again: it is on line 1 already`},
		{"shared text twice", "== shared: r\nA.\n== shared: r\nB.\n" + ok, `topics.txt:3: shared text "r" again: it is on line 1 already`},
		{"no health", "== topic: rest\ntrigger: rest between\n\nA minute.\n", `topics.txt:1: topic "rest" says neither "health: yes" nor "health: no"`},
		{"health twice", "== topic: rest\nhealth: no\nhealth: yes\ntrigger: a\n\nA.\n", `topics.txt:3: topic "rest": health again: it is on line 2 already`},
		{"health not yes or no", "== topic: rest\nhealth: maybe\ntrigger: a\n\nA.\n", `topics.txt:2: topic "rest": health is "maybe", not yes or no`},
		{"no trigger", "== topic: rest\nhealth: no\n\nA minute.\n", `topics.txt:1: topic "rest" has no trigger`},
		{"empty trigger", "== topic: rest\nhealth: no\ntrigger: ?!\n\nA.\n", `topics.txt:3: topic "rest": trigger "?!" has no letters or digits`},
		{"trigger of an earlier topic", ok + "== topic: pause\nhealth: no\ntrigger: Rests between\n\nB.\n", `topics.txt:6: topic "pause": trigger "Rests between" is topic "rest"'s already`},
		{"unknown setting", "== topic: rest\nhealth: no\nanswer: A minute.\ntrigger: a\n\nA.\n", `topics.txt:3: topic "rest": "answer: A minute." is not a setting`},
		{"answer with no blank line before it", "== topic: rest\nhealth: no\ntrigger: a\n**Rest**\n", `topics.txt:4: topic "rest": "**Rest**" is not a setting`},
		{"no answer", "== topic: rest\nhealth: no\ntrigger: a\n\n\n", `topics.txt:1: topic "rest" has no answer`},
		{"empty shared text", "== shared: rule\n\n" + ok, `topics.txt:1: shared text "rule" is empty`},
		{"shared text with a placeholder", "== shared: rule\nSee {{other}}.\n" + ok, `topics.txt:1: shared text "rule" has a {{ or }}`},
		{"unknown placeholder", "== topic: rest\nhealth: no\ntrigger: a\n\nA. {{pain rule}}\n", `topics.txt:1: topic "rest" includes {{pain rule}}, but no shared text has that name`},
		{"broken placeholder", "== shared: rule\nStop.\n== topic: rest\nhealth: no\ntrigger: a\n\nA. {{rule}\n", `topics.txt:3: topic "rest" has a {{ or }} that is not part of a {{name}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts, _, err := parseTopics(c.text)
			if err == nil {
				t.Fatalf("parsed %d topics, want the error %q", len(ts), c.want)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error %q, want it to start %q", err, c.want)
			}
		})
	}
}
