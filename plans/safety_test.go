package plans

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

type corpusLine struct {
	class, question string
	line            int
}

func readCorpus(t *testing.T) []corpusLine {
	t.Helper()
	f, err := os.Open("testdata/safety-corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		class, q, ok := strings.Cut(line, " | ")
		if !ok {
			t.Fatalf("line %d: want \"class | question\": %q", n, line)
		}
		out = append(out, corpusLine{strings.TrimSpace(class), strings.TrimSpace(q), n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSafetyCorpus asks every question of the corpus and requires its class:
// no missed warning sign, no missed "get cleared first", no false alarm on
// a harmless sentence, and every routine or exercise question answered.
func TestSafetyCorpus(t *testing.T) {
	lines := readCorpus(t)
	counts := map[string]int{}
	for _, l := range lines {
		a := Tip(l.question)
		kind, arg, _ := strings.Cut(l.class, ":")
		counts[kind]++
		checkAnswer(t, l.question, a)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Errorf("line %d %q (%s): "+format, append([]any{l.line, l.question, l.class}, args...)...)
		}
		switch kind {
		case "red":
			if !a.RedFlag || !strings.Contains(a.Text, "stop training and see a health professional") {
				fail("missed warning sign")
			}
		case "clear":
			if !a.Clearance || a.RedFlag || !strings.Contains(a.Text, "Get cleared first") {
				fail("clearance %v, red flag %v", a.Clearance, a.RedFlag)
			}
		case "harmless":
			if a.RedFlag || a.Clearance {
				fail("false alarm: red flag %v, clearance %v\n%s", a.RedFlag, a.Clearance, a.Text)
			}
		case "pain":
			if !a.Pain || a.RedFlag || !strings.Contains(a.Text, painRule) {
				fail("pain %v, red flag %v", a.Pain, a.RedFlag)
			}
		case "topic":
			if a.Topic != arg || a.RedFlag || a.Clearance {
				fail("topic %q, red flag %v, clearance %v", a.Topic, a.RedFlag, a.Clearance)
			}
		case "exercise":
			if !a.Found || a.Exercise != arg || a.RedFlag {
				fail("found %v %q", a.Found, a.Exercise)
			}
		default:
			t.Fatalf("line %d: unknown class %q", l.line, l.class)
		}
		if (kind == "red" || kind == "clear" || kind == "pain") && !a.Private() {
			fail("answer about health is not private")
		}
	}
	if counts["red"]+counts["clear"]+counts["harmless"]+counts["pain"] < 200 || counts["harmless"] < 60 {
		t.Errorf("corpus has %v; want at least 200 safety questions, 60 of them harmless", counts)
	}
	t.Logf("corpus: %v", counts)
}

// TestNegationAndSubject pins the reading rules on small pairs: the same
// words, a different meaning.
func TestNegationAndSubject(t *testing.T) {
	tests := []struct {
		q    string
		flag bool
	}{
		{"my leg is numb", true},
		{"my leg is not numb", false},
		{"no numbness but my foot tingles", true},
		{"I fell down the stairs", true},
		{"I fell in love with squats", false},
		{"the bar fell", false},
		{"my back hurts at night", true},
		{"I train at night", false},
		{"pain spreads down my leg", true},
		{"spread my legs wider", false},
		{"my leg feels weak since Monday", true},
		{"my legs feel weak after squats", false},
		{"I feel faint", true},
		{"a faint burn in my glutes", false},
		{"not sure if it's sciatica", true},
		{"I never had sciatica", false},
	}
	for _, tt := range tests {
		if got := Tip(tt.q).RedFlag; got != tt.flag {
			t.Errorf("Tip(%q).RedFlag = %v, want %v", tt.q, got, tt.flag)
		}
	}
}
