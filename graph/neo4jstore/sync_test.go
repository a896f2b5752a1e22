package neo4jstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// tiny is a hand-made graph with names that would break a statement built
// by splicing text: quotes, backticks, braces, a newline, a comment.
func tiny() (*graph.Graph, map[string]*graph.Article) {
	text := "Acme said it sued Bob's \"Widgets\"."
	art := &graph.Article{ID: "a:1", Title: "t", Source: "x.txt", Text: text,
		Paragraphs: []graph.Span{{Start: 0, End: len(text)}}, Sentences: []graph.Span{{Start: 0, End: len(text)}}}
	hostile := "Bob's \"Widgets\"`}) DETACH DELETE n //\nÜ"
	date := "2020-01-02"
	g := &graph.Graph{
		Articles: []graph.ArticleRef{{ID: "a:1", Title: "t", Source: "x.txt", Duplicates: []string{}}},
		Entities: []graph.Entity{
			{ID: "Company:acme", Name: "Acme", Type: "Company", Labels: []string{"Company", "Entity", "Organization"}, Aliases: []string{}, MentionCount: 1, ArticleCount: 1},
			{ID: "Company:bob", Name: hostile, Type: "Company", Labels: []string{"Company", "Entity", "Organization"}, Aliases: []string{hostile + "2"}, MentionCount: 1, ArticleCount: 1},
		},
		Mentions: []graph.Mention{{Article: "a:1", Entity: "Company:acme", Count: 1}, {Article: "a:1", Entity: "Company:bob", Count: 1}},
		Relations: []graph.Relation{{Type: "SUED", Source: "Company:acme", Target: "Company:bob", Count: 1, Articles: []string{"a:1"},
			FirstSeen: &date, Confidence: 0.8, Trigger: "sued", Stances: []graph.Stance{graph.Asserted},
			Evidence: []graph.Evidence{{Article: "a:1", Sentence: text, Start: 0, End: len(text)}}}},
		Claims: []graph.Claim{{ID: "c:1", Type: "SUED", Subject: "Company:acme", Object: "Company:bob", Article: "a:1",
			Sentence: text, End: len(text), Stance: graph.Asserted, Date: &date, ReportedBy: []string{}, DeniedBy: []string{}, Trigger: "sued", Confidence: 0.8}},
		Quotes: []graph.Quote{},
	}
	return g, map[string]*graph.Article{"a:1": art}
}

func TestSyncWritesHostileValuesAsData(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	g, arts := tiny()
	opt := neo4jstore.SyncOptions{Fingerprint: "test", FactTypes: []string{"SUED"}}
	stats, err := s.Sync(ctx, g, arts, opt)
	if err != nil {
		t.Fatal(err)
	}
	if stats["Entity"].Created != 2 || stats["fact"].Created != 1 || stats["Claim"].Created != 1 {
		t.Errorf("stats %+v %+v %+v", *stats["Entity"], *stats["fact"], *stats["Claim"])
	}
	back, err := s.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, g) {
		t.Fatalf("dump differs from what was synced:\n got %+v\nwant %+v", back, g)
	}
	stored, err := s.Articles(ctx, true, nil)
	if err != nil || len(stored) != 1 || stored[0].Text != arts["a:1"].Text || !reflect.DeepEqual(stored[0].Sentences, arts["a:1"].Sentences) {
		t.Fatalf("stored article %+v, %v", stored, err)
	}
	// Synced again: nothing to do.
	stats, err = s.Sync(ctx, g, arts, opt)
	if err != nil || stats["Entity"].Unchanged != 2 || stats["fact"].Unchanged != 1 {
		t.Fatalf("second sync: %v %+v", err, stats["Entity"])
	}
	// The empty graph deletes everything but the load state.
	empty := &graph.Graph{}
	if _, err := s.Sync(ctx, empty, nil, opt); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Status(ctx)
	if st.Nodes != 1 || st.Relationships != 0 {
		t.Errorf("after syncing nothing: %d nodes, %d relationships", st.Nodes, st.Relationships)
	}
}

func TestSyncRefusesLabelsAndTypesThatAreNotNames(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	for _, bad := range []func(g *graph.Graph){
		func(g *graph.Graph) { g.Entities[0].Labels = []string{"Entity", "Company SET n.pwned = 1"} },
		func(g *graph.Graph) { g.Relations[0].Type = "SUED]->(t) DETACH DELETE t //" },
	} {
		g, arts := tiny()
		bad(g)
		types := []string{g.Relations[0].Type}
		_, err := s.Sync(ctx, g, arts, neo4jstore.SyncOptions{FactTypes: types})
		if err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("Sync accepted an unsafe name: %v", err)
		}
	}
	rows, err := s.Read(ctx, "MATCH (n) WHERE n.pwned IS NOT NULL RETURN n", nil)
	if err != nil || len(rows) > 0 {
		t.Errorf("an unsafe label ran: %v %v", rows, err)
	}
}
