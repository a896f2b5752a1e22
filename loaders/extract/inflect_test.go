package extract

import (
	"slices"
	"testing"

	"github.com/newsgraph/graph/schema"
)

func TestInflections(t *testing.T) {
	o, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	for lemma, want := range map[string][]string{
		"share":     {"share", "shares", "shared", "sharing"},
		"sue":       {"sue", "sues", "sued", "suing"},
		"ban":       {"ban", "bans", "banned", "banning"},
		"criticise": {"criticise", "criticises", "criticised", "criticising"},
		"deny":      {"deny", "denies", "denied", "denying"},
		"cancel":    {"cancel", "cancels", "cancelled", "canceled", "cancelling"},
		"buy":       {"buy", "buys", "bought", "buying"},
		"take":      {"take", "takes", "took", "taken", "taking"},
		"dismiss":   {"dismiss", "dismisses", "dismissed", "dismissing"},
		"probe":     {"probe", "probes", "probed", "probing"},
		"hold":      {"hold", "holds", "held", "holding"},
	} {
		got := inflections(lemma, o.Irregular)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: no %q in %v", lemma, w, got)
			}
		}
	}
}

// TestLemmaTriggers checks that one ~lemma in a pattern covers every form
// of the verb, and only where the tagger reads a verb (or a noun, for a
// past or -ing form).
func TestLemmaTriggers(t *testing.T) {
	o, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	slots := compileSlots("~slam * plan", o.Irregular)
	for _, c := range []struct {
		word, pos string
		want      bool
	}{{"slams", "VERB", true}, {"slammed", "VERB", true}, {"slamming", "", true}, {"slamming", "NOUN", true},
		{"slams", "NOUN", false}, {"slam", "NOUN", false}, {"slam", "ADJ", false}, {"slammed", "PROPN", false}} {
		toks := []token{{text: c.word, low: c.word, kind: word, pos: posOf(c.pos)}, {text: "plan", low: "plan", kind: word}}
		if _, ok := matchSlots(slots, toks, 0); ok != c.want {
			t.Errorf("~slam on %q tagged %q: match %v, want %v", c.word, c.pos, ok, c.want)
		}
	}
	// A form written out matches as any part of speech.
	slots = compileSlots("fine|~fine on", o.Irregular)
	toks := []token{{text: "fine", low: "fine", kind: word, pos: posNOUN}, {text: "on", low: "on", kind: word}}
	if _, ok := matchSlots(slots, toks, 0); !ok {
		t.Error("\"fine\" written out did not match a noun")
	}
}
