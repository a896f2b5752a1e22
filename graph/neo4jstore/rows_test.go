package neo4jstore

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/newsgraph/graph/graph"
	"github.com/samber/lo"
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

// TestFactsGoByTypeWhenMany checks that a write of typedFacts facts or
// more gives each type a statement of its own, with the type in its text,
// and that fewer go in one statement that takes the type as a value.
func TestFactsGoByTypeWhenMany(t *testing.T) {
	fact := func(typ string, i int) unit {
		return unit{kind: "fact", row: map[string]any{"type": typ, "source": "a", "target": fmt.Sprint(i)}}
	}
	for _, banned := range []int{0, typedFacts/2 - 1, typedFacts / 2} { // all, one short, enough
		var us []unit
		for i := range typedFacts / 2 {
			us = append(us, fact("SUED", i))
		}
		for i := range banned {
			us = append(us, fact("BANNED", i))
		}
		bs := upsertBatches("fact", us, 1000)
		statements := lo.Uniq(lo.Map(bs, func(b batch, _ int) string { return b.statement }))
		want := []string{factStatement("")}
		if len(us) >= typedFacts {
			want = []string{factStatement("BANNED"), factStatement("SUED")}
		}
		if !reflect.DeepEqual(statements, want) {
			t.Errorf("%d facts: statements %q, want %q", len(us), statements, want)
		}
		if rows := lo.Sum(lo.Map(bs, func(b batch, _ int) int { return len(b.rows) })); rows != len(us) {
			t.Errorf("%d facts: %d rows in the batches", len(us), rows)
		}
	}
}
