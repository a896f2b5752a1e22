package neo4jtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// Server is a second Neo4j server of the test's own, for what the shared
// one cannot do (neo4j-admin import replaces a whole database; TLS). It is
// scripts/neo4j run with a private folder and free ports, sharing the
// first server's jars; it is stopped and deleted when the test ends.
type Server struct {
	Config neo4jstore.Config
	// HTTPPort serves Neo4j Browser.
	HTTPPort int
	repo     string
	env      []string
}

// NewServer prepares a server (not started: Script "start" or "import"
// does that). repo is the repository root, which holds scripts/neo4j; the
// jars are the tests' server's (GRAPH_TEST_NEO4J_JARS, else the repo's
// .neo4j); env adds settings of scripts/neo4j (NEO4J_BOLT_TLS_DIR=…).
// Under CI a missing Java or jar set fails the test; elsewhere it skips.
func NewServer(t testing.TB, repo string, env ...string) *Server {
	t.Helper()
	repo, err := filepath.Abs(repo)
	if err != nil {
		t.Fatal(err)
	}
	jars := os.Getenv(EnvJars)
	if jars == "" {
		jars = filepath.Join(repo, ".neo4j", "home", "lib")
	}
	if m, _ := filepath.Glob(filepath.Join(jars, ".complete-*")); len(m) == 0 {
		Missing(t, "a second Neo4j server needs the jars in %s (run scripts/neo4j start once)", jars)
	}
	if _, err := exec.LookPath("java"); err != nil {
		Missing(t, "a second Neo4j server needs java")
	}
	bolt, http := FreePort(t), FreePort(t)
	dir := t.TempDir()
	s := &Server{HTTPPort: http, repo: repo, env: append(os.Environ(),
		"NEO4J_LOCAL_DIR="+dir, "NEO4J_JARS="+jars, "NEO4J_HEAP=512m", "NEO4J_PASSWORD="+neo4jstore.DefaultPassword,
		fmt.Sprintf("NEO4J_BOLT_PORT=%d", bolt), fmt.Sprintf("NEO4J_HTTP_PORT=%d", http))}
	s.env = append(s.env, env...)
	s.Config = neo4jstore.Config{URI: fmt.Sprintf("bolt://127.0.0.1:%d", bolt), Username: neo4jstore.DefaultUsername,
		Password: neo4jstore.DefaultPassword, Database: neo4jstore.DefaultDatabase}
	t.Cleanup(func() { s.run("stop") })
	return s
}

// Script runs scripts/neo4j with the server's settings and fails the test
// if it fails.
func (s *Server) Script(t testing.TB, args ...string) string {
	t.Helper()
	out, err := s.run(args...)
	if err != nil {
		t.Fatalf("scripts/neo4j %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (s *Server) run(args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(s.repo, "scripts", "neo4j"), args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Open connects to the running server.
func (s *Server) Open(t testing.TB) *neo4jstore.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := neo4jstore.Open(ctx, s.Config)
	if err != nil {
		t.Fatalf("the test's own Neo4j: %v", err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })
	return st
}

// Missing reports that something a test needs is not there: under CI
// (CI=true, where .ci/run installs everything) the test fails; elsewhere
// it is skipped with the message.
func Missing(t testing.TB, format string, a ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, a...)
	}
	t.Skipf(format, a...)
}

// FreePort is a TCP port on 127.0.0.1 that nothing listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Properties lists every node with its labels and properties and every
// relationship with its type, ends and properties, one JSON line each,
// sorted: two databases that give the same text hold the same graph,
// property for property. The LoadState node, which only graph load
// writes, is left out.
func Properties(t testing.TB, s *neo4jstore.Store) string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	add := func(cypher string) {
		rows, err := s.Read(ctx, cypher, nil)
		if err != nil {
			t.Fatalf("%s: %v", cypher, err)
		}
		for _, r := range rows {
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, string(b))
		}
	}
	add("MATCH (n) WHERE NOT n:LoadState AND NOT n:Analysis AND NOT n:Resolve " +
		"RETURN COLLECT { UNWIND labels(n) AS l RETURN l ORDER BY l } AS labels, properties(n) AS props")
	add("MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
