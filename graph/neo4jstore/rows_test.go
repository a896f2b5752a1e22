package neo4jstore

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/newsgraph/graph/graph"
)

// TestLinkTargetsAreWrittenAndDigestedAsMaps checks that units, which
// hold their relationships as linkTargets, send them as the maps the
// statements read, and digest them as before they were structs: a digest
// that changed would rewrite every unit of a loaded graph.
func TestLinkTargetsAreWrittenAndDigestedAsMaps(t *testing.T) {
	text := "Acme sued Bob, said Carol."
	times := "NewsOutlet:times"
	g := &graph.Graph{
		Articles: []graph.ArticleRef{{ID: "a:1", Title: "t", Source: "x.txt", Duplicates: []string{}, Publisher: &times}},
		Entities: []graph.Entity{
			{ID: "Company:acme", Name: "Acme", Type: "Company", Labels: []string{"Company", "Entity"}, Aliases: []string{}, MentionCount: 2, ArticleCount: 1},
			{ID: "Person:carol", Name: "Carol", Type: "Person", Labels: []string{"Entity", "Person"}, Aliases: []string{}, MentionCount: 1, ArticleCount: 1},
		},
		Mentions: []graph.Mention{{Article: "a:1", Entity: "Company:acme", Count: 2}, {Article: "a:1", Entity: "Person:carol", Count: 1}},
		Claims: []graph.Claim{{ID: "c:1", Type: "SUED", Subject: "Company:acme", Object: "Person:carol", Article: "a:1",
			Sentence: text, End: len(text), Stance: graph.Asserted, ReportedBy: []string{"NewsOutlet:times"}, DeniedBy: []string{}}},
		Quotes: []graph.Quote{{ID: "q:1", Article: "a:1", Text: "x", Speaker: "Person:carol", About: []string{}}},
	}
	arts := map[string]*graph.Article{"a:1": {ID: "a:1", Text: text}}
	us, err := units(g, arts)
	if err != nil {
		t.Fatal(err)
	}
	target := func(id string, props map[string]any) map[string]any { return map[string]any{"id": id, "props": props} }
	want := map[string]map[string]any{
		"Article": {
			"mentions":  []any{target("Company:acme", map[string]any{"count": int64(2)}), target("Person:carol", map[string]any{"count": int64(1)})},
			"publisher": []any{target("NewsOutlet:times", map[string]any{})},
		},
		"Claim": {
			"article": []any{target("a:1", map[string]any{})}, "subject": []any{target("Company:acme", map[string]any{})},
			"object": []any{target("Person:carol", map[string]any{})}, "reportedBy": []any{target("NewsOutlet:times", map[string]any{})},
			"deniedBy": []any{},
		},
		"Quote": {
			"article": []any{target("a:1", map[string]any{})}, "speaker": []any{target("Person:carol", map[string]any{})},
			"about": []any{},
		},
	}
	for _, u := range us {
		row := asRows([]any{u.row})[0].(map[string]any)
		for field, w := range want[u.kind] {
			if !reflect.DeepEqual(row[field], w) {
				t.Errorf("%s %s: %s written as %#v, want %#v", u.kind, u.key, field, row[field], w)
			}
		}
		held, err := json.Marshal(u.row)
		if err != nil {
			t.Fatal(err)
		}
		sent, err := json.Marshal(row)
		if err != nil {
			t.Fatal(err)
		}
		if string(held) != string(sent) {
			t.Errorf("%s %s digests otherwise than it is written:\n%s\n%s", u.kind, u.key, held, sent)
		}
	}
}
