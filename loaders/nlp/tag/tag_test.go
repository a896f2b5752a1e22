package tag

import (
	"testing"

	"github.com/newsgraph/graph/loaders/nlp/perceptron"
)

// TestWordParts checks the shapes, endings and beginnings features read,
// on ASCII words (no copy made) and others alike, and that a shape's hash
// made without a string is the string's.
func TestWordParts(t *testing.T) {
	shapes := map[string]string{"McCain": "XxXxx", "2004": "dd", "U.S.": "X.X.", "Zürich": "Xxx", "É": "X",
		"a-b": "x-x", "": "", "ΑΘΗΝΑ": "XX", "x86": "xdd", "€5": "€d"}
	for w, want := range shapes {
		if got := Shape(w); got != want {
			t.Errorf("Shape(%q) = %q, want %q", w, got, want)
		}
		if ShapeHash(w) != perceptron.Of(want) {
			t.Errorf("ShapeHash(%q) is not the hash of %q", w, want)
		}
	}
	parts := []struct{ w, suf3, pre1 string }{
		{"walking", "ing", "w"}, {"at", "at", "a"}, {"", "", ""}, {"Zürich", "ich", "Z"}, {"übel", "bel", "ü"}, {"né", "né", "n"}, {"café", "afé", "c"},
	}
	for _, p := range parts {
		if got := Suffix(p.w, 3); got != p.suf3 {
			t.Errorf("Suffix(%q, 3) = %q, want %q", p.w, got, p.suf3)
		}
		if got := Prefix(p.w, 1); got != p.pre1 {
			t.Errorf("Prefix(%q, 1) = %q, want %q", p.w, got, p.pre1)
		}
	}
}
