package neo4jstore_test

import (
	"context"
	"fmt"
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

// Rows of the resolution are found by near-miss bucket, through more
// buckets than one query of the full-text index takes, exactly (a bucket
// that shares a word with another finds only its own rows), and no longer
// by a bucket a row has lost.
func TestResolveRowsAreFoundByBucket(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	if err := s.Prepare(ctx, neo4jstore.ResolveSchema); err != nil {
		t.Fatal(err)
	}
	var rows []graph.ResolveRow
	var values []string
	for i := range 1500 {
		b := fmt.Sprintf("name%d *w", i)
		rows = append(rows, graph.ResolveRow{Key: fmt.Sprintf("name%d warner", i), Data: "{}", Sigs: []string{b, "*n warner"}})
		values = append(values, b)
	}
	opt := neo4jstore.SyncOptions{Fingerprint: "test", Resolve: rows, ResolveReset: true}
	if _, err := s.Sync(ctx, &graph.Graph{}, nil, opt); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindResolveRows(ctx, graph.FindSig, append(values, "name1 *x"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1500 || !reflect.DeepEqual(got["name1234 *w"], []string{"name1234 warner"}) || got["name1 *x"] != nil {
		t.Fatalf("%d buckets found; name1234 *w: %v", len(got), got["name1234 *w"])
	}
	shared, err := s.FindResolveRows(ctx, graph.FindSig, []string{"*n warner"})
	if err != nil || len(shared["*n warner"]) != 1500 {
		t.Fatalf("a bucket of every row found %d: %v", len(shared["*n warner"]), err)
	}
	rows[7].Sigs = []string{"moved *w"}
	opt = neo4jstore.SyncOptions{Fingerprint: "test", Resolve: rows[7:8]}
	if _, err := s.Sync(ctx, &graph.Graph{}, nil, opt); err != nil {
		t.Fatal(err)
	}
	old, err := s.FindResolveRows(ctx, graph.FindSig, []string{"name7 *w"})
	if err != nil || len(old) != 0 {
		t.Fatalf("a bucket a row has lost finds %v, %v", old, err)
	}
	moved, err := s.FindResolveRows(ctx, graph.FindSig, []string{"moved *w"})
	if err != nil || !reflect.DeepEqual(moved["moved *w"], []string{"name7 warner"}) {
		t.Fatalf("a bucket a row has gained finds %v, %v", moved, err)
	}
}

// TestSyncWritesManyFactsByType checks the facts written a statement per
// type (typedFacts or more in a write) as those written with the type as
// a value: each of its type, between its entities, and read back
// unchanged by the next sync.
func TestSyncWritesManyFactsByType(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	for _, n := range []int{120, 20} { // 240 facts, then 40
		if err := s.Clear(ctx); err != nil {
			t.Fatal(err)
		}
		g, arts := tiny()
		g.Relations = nil
		for i := range n + 2 {
			g.Entities = append(g.Entities, graph.Entity{ID: fmt.Sprintf("Company:c%03d", i), Name: fmt.Sprintf("C%03d", i), Type: "Company",
				Labels: []string{"Company", "Entity", "Organization"}, Aliases: []string{}, MentionCount: 1, ArticleCount: 1})
		}
		for i := range n {
			for _, f := range []struct {
				typ  string
				step int
			}{{"SUED", 1}, {"PARTNERED_WITH", 2}} {
				g.Relations = append(g.Relations, graph.Relation{Type: f.typ, Source: fmt.Sprintf("Company:c%03d", i), Target: fmt.Sprintf("Company:c%03d", i+f.step),
					Count: 1, Articles: []string{"a:1"}, Confidence: 0.8, Trigger: "t", Stances: []graph.Stance{graph.Asserted},
					Evidence: []graph.Evidence{{Article: "a:1", Sentence: "s", Start: 0, End: 1}}})
			}
		}
		opt := neo4jstore.SyncOptions{Fingerprint: "test", FactTypes: []string{"SUED", "PARTNERED_WITH"}}
		if _, err := s.Sync(ctx, g, arts, opt); err != nil {
			t.Fatal(err)
		}
		rows, err := s.Read(ctx, "MATCH (a:Entity)-[r]->(b:Entity) RETURN type(r) AS type, a.id AS a, b.id AS b ORDER BY type, a", nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, fmt.Sprintf("%v %v %v", r["type"], r["a"], r["b"]))
		}
		var want []string
		for _, typ := range []string{"PARTNERED_WITH", "SUED"} {
			for _, rel := range g.Relations {
				if rel.Type == typ {
					want = append(want, fmt.Sprintf("%s %s %s", rel.Type, rel.Source, rel.Target))
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d facts: %d written, want %d (first %v)", 2*n, len(got), len(want), got[:min(len(got), 3)])
		}
		stats, err := s.Sync(ctx, g, arts, opt)
		if err != nil || stats["fact"].Unchanged != 2*n || stats["fact"].Created+stats["fact"].Updated+stats["fact"].Deleted != 0 {
			t.Fatalf("%d facts synced again: %v %+v", 2*n, err, stats["fact"])
		}
	}
}
