package neo4jstore_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
	"github.com/newsgraph/graph/schema"
)

// TestCypherLiteralsReadBackExactly sends hostile values as literals and
// reads them back as the server parsed them.
func TestCypherLiteralsReadBackExactly(t *testing.T) {
	s := neo4jtest.Open(t)
	values := map[string]any{
		"quotes":    `He said "no" and 'yes'`,
		"backslash": `C:\path\n is not a newline \" \\`,
		"lines":     "one\ntwo\r\nthree\ttab\u2028sep\u0085nel\x00nul\x1besc",
		"unicode":   "Zoë, 北京, 🙂, é",
		"cypher":    "x\"}) DETACH DELETE n // `boom` $param ;\nMATCH",
		"int":       int64(-42),
		"float":     1.0,
		"small":     1e-7,
		"bool":      true,
		"null":      nil,
		"list":      []any{"a", int64(1), 2.5, []any{}, map[string]any{}},
		"weird key": map[string]any{"a`b": "c", "1x": int64(1), "ok_9": false},
	}
	for name, v := range values {
		rows, err := s.Read(context.Background(), "RETURN "+neo4jstore.CypherLiteral(v)+" AS v", nil)
		if err != nil {
			t.Errorf("%s: %v\n%s", name, err, neo4jstore.CypherLiteral(v))
			continue
		}
		if got := rows[0]["v"]; !reflect.DeepEqual(got, v) {
			t.Errorf("%s: sent %#v, read back %#v", name, v, got)
		}
	}
}

// TestScriptWritesWhatSyncWrites runs the script of the hostile graph on
// an empty database, twice, and reads back the same graph Sync writes.
func TestScriptWritesWhatSyncWrites(t *testing.T) {
	s := neo4jtest.Open(t)
	g, arts := tiny()
	o, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := neo4jstore.Script(&b, g, arts, o.Statements(), 1); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if n := neo4jtest.RunScript(t, s, b.String()); n < len(o.Statements())+5 {
			t.Fatalf("only %d statements", n)
		}
		back, err := s.Dump(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, g) {
			t.Fatalf("the script wrote another graph:\n got %+v\nwant %+v", back, g)
		}
	}
	stored, err := s.Articles(context.Background(), true, nil)
	if err != nil || len(stored) != 1 || stored[0].Text != arts["a:1"].Text {
		t.Fatalf("stored article %+v, %v", stored, err)
	}
}
