package plans

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTopicsFileMatchesGoTable is temporary: it shows that topics.txt holds
// exactly the Go table it replaces, field by field, and the same pain rule.
func TestTopicsFileMatchesGoTable(t *testing.T) {
	got, shared, err := parseTopics(topicsFile)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(topics, got, cmp.AllowUnexported(topic{})); diff != "" {
		t.Errorf("topics.txt differs from the Go table (-go +file):\n%s", diff)
	}
	if diff := cmp.Diff(painRule, shared["pain rule"]); diff != "" {
		t.Errorf("pain rule differs (-go +file):\n%s", diff)
	}
}
