package neo4jtest

import (
	"context"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// RunScript runs a script that neo4jstore.Script wrote, and returns how many statements ran, statement by statement:
// statements end with ";" at the end of a line, and no literal holds a
// raw line break.
func RunScript(t testing.TB, s *neo4jstore.Store, script string) int {
	t.Helper()
	n := 0
	for _, st := range strings.Split(script, ";\n") {
		var lines []string
		for _, l := range strings.Split(st, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "//") {
				lines = append(lines, l)
			}
		}
		st = strings.TrimSpace(strings.Join(lines, "\n"))
		if st == "" {
			continue
		}
		if strings.HasPrefix(st, "CREATE") {
			if err := s.Apply(context.Background(), st); err != nil {
				t.Fatalf("%s: %v", st, err)
			}
		} else if _, err := s.Write(context.Background(), st, nil); err != nil {
			t.Fatalf("statement %d: %v\n%.300s", n, err, st)
		}
		n++
	}
	return n
}
