package neo4jtest

import (
	"context"
	"testing"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// RunScript runs a script that graph wrote (neo4jstore.Script, the CSV
// export's after-import.cypher) statement by statement, each on its own as
// cypher-shell does, and returns how many ran.
func RunScript(t testing.TB, s *neo4jstore.Store, script string) int {
	t.Helper()
	statements := neo4jstore.SplitScript(script)
	if err := s.RunScript(context.Background(), statements); err != nil {
		t.Fatal(err)
	}
	return len(statements)
}
