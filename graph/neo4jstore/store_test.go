package neo4jstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

func TestWriteThenReadBack(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	_, err := s.Write(ctx, "UNWIND $names AS n CREATE (:Probe {name: n, tags: ['a', n]})",
		map[string]any{"names": []any{"Facebook", "Huawei", "Ünïcødé \"quoted\""}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.Read(ctx, "MATCH (p:Probe) RETURN p.name AS name, p.tags AS tags ORDER BY name", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, r := range rows {
		got = append(got, r["name"].(string))
	}
	want := []string{"Facebook", "Huawei", "Ünïcødé \"quoted\""}
	if len(got) != len(want) {
		t.Fatalf("read back %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("read back %v, want %v", got, want)
		}
	}
	if tags := rows[0]["tags"].([]any); len(tags) != 2 || tags[1] != "Facebook" {
		t.Fatalf("list property read back as %v", tags)
	}
	st, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes != 3 || st.Relationships != 0 || st.Version == "" {
		t.Fatalf("status = %+v, want 3 nodes, 0 relationships and a version", st)
	}
}

func TestClearEmptiesDataAndSchema(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	if _, err := s.Write(ctx, "CREATE (:Probe {id: 1})-[:LINK]->(:Probe {id: 2})", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(ctx, "CREATE CONSTRAINT probe_id IF NOT EXISTS FOR (p:Probe) REQUIRE p.id IS UNIQUE"); err != nil {
		t.Fatal(err)
	}
	if err := s.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes != 0 || st.Relationships != 0 {
		t.Fatalf("after Clear: %+v", st)
	}
	rows, err := s.Read(ctx, "SHOW CONSTRAINTS YIELD name RETURN count(*) AS n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0]["n"].(int64) != 0 {
		t.Fatalf("after Clear %d constraints remain", rows[0]["n"])
	}
}

// TestPrepareRunsWhatIsMissing checks that Prepare creates the schema a
// database lacks, and does not run a statement whose index is there: a
// statement that would fail if run (a second index on the same property
// under the same name is refused) passes when its name exists.
func TestPrepareRunsWhatIsMissing(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	if err := s.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	first := []string{
		"CREATE CONSTRAINT probe_id IF NOT EXISTS FOR (p:Probe) REQUIRE p.id IS UNIQUE",
		"CREATE INDEX probe_name IF NOT EXISTS FOR (p:Probe) ON (p.name)",
	}
	if err := s.Prepare(ctx, first); err != nil {
		t.Fatal(err)
	}
	rows, err := s.Read(ctx, "SHOW INDEXES YIELD name WHERE name STARTS WITH 'probe' RETURN collect(name) AS names", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rows[0]["names"].([]any)); n != 2 {
		t.Fatalf("after Prepare: %v, want probe_id and probe_name", rows[0]["names"])
	}
	// Without IF NOT EXISTS this fails when run: Prepare must skip it.
	if err := s.Prepare(ctx, []string{"CREATE INDEX probe_name FOR (p:Probe) ON (p.name)"}); err != nil {
		t.Fatalf("Prepare ran a statement whose index exists: %v", err)
	}
	if err := s.Prepare(ctx, []string{"CREATE INDEX probe_other FOR (p:Probe) ON (p.other)"}); err != nil {
		t.Fatal(err)
	}
	rows, err = s.Read(ctx, "SHOW INDEXES YIELD name WHERE name = 'probe_other' RETURN count(*) AS n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0]["n"].(int64) != 1 {
		t.Fatal("Prepare did not create a missing index")
	}
	// A DROP runs where its index is there, and is skipped where it is
	// not (without IF EXISTS it would fail).
	if err := s.Prepare(ctx, []string{"DROP INDEX probe_other"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Prepare(ctx, []string{"DROP INDEX probe_other"}); err != nil {
		t.Fatalf("Prepare dropped an index that is not there: %v", err)
	}
	rows, err = s.Read(ctx, "SHOW INDEXES YIELD name WHERE name = 'probe_other' RETURN count(*) AS n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0]["n"].(int64) != 0 {
		t.Fatal("Prepare did not drop an index it was told to")
	}
	if err := s.Clear(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestOpenClassifiesFailures(t *testing.T) {
	good := neo4jtest.Open(t).Config()
	ctx := context.Background()

	unreachable := good
	unreachable.URI = "bolt://127.0.0.1:1"
	_, err := neo4jstore.Open(ctx, unreachable)
	var un *neo4jstore.UnavailableError
	if !errors.As(err, &un) {
		t.Errorf("unreachable server: got %v (%T), want *UnavailableError", err, err)
	}

	wrong := good
	wrong.Password = "not-the-password"
	_, err = neo4jstore.Open(ctx, wrong)
	var auth *neo4jstore.AuthError
	if !errors.As(err, &auth) {
		t.Errorf("wrong password: got %v (%T), want *AuthError", err, err)
	}

	missing := good
	missing.Database = "nosuchdatabase"
	_, err = neo4jstore.Open(ctx, missing)
	var db *neo4jstore.DatabaseError
	if !errors.As(err, &db) {
		t.Errorf("missing database: got %v (%T), want *DatabaseError", err, err)
	}
}
