// Package neo4jtest gives integration tests a real, empty Neo4j database.
//
// Tests empty the database they use, so they never read the CLI's
// settings (NEO4J_URI …), which name the user's server: the server comes
// from GRAPH_TEST_NEO4J_URI (and GRAPH_TEST_NEO4J_PASSWORD), which
// scripts/test-neo4j sets for a Neo4j it starts for the tests alone.
// Without it, or with the server unreachable, the test fails under CI
// (CI=true) and is skipped elsewhere with a message that says how to run
// it. Tests in several packages share that server's single Community
// database, so each test holds a file lock for the server from Open until
// it ends.
package neo4jtest

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// Variables that name the tests' own server; scripts/test-neo4j sets them.
const (
	EnvURI      = "GRAPH_TEST_NEO4J_URI"
	EnvPassword = "GRAPH_TEST_NEO4J_PASSWORD"
	EnvHTTPPort = "GRAPH_TEST_NEO4J_HTTP_PORT"
	EnvJars     = "GRAPH_TEST_NEO4J_JARS"
)

// Config is the tests' own server, from GRAPH_TEST_NEO4J_URI; a test
// without it fails under CI and is skipped elsewhere.
func Config(t testing.TB) neo4jstore.Config {
	t.Helper()
	uri := os.Getenv(EnvURI)
	if uri == "" {
		Missing(t, "integration tests run against a Neo4j of their own, never the user's: "+
			"run them with scripts/test (or scripts/test-neo4j go test …), which starts one; %s is not set", EnvURI)
	}
	password := os.Getenv(EnvPassword)
	if password == "" {
		password = neo4jstore.DefaultPassword
	}
	return neo4jstore.Config{URI: uri, Username: neo4jstore.DefaultUsername, Password: password, Database: neo4jstore.DefaultDatabase}
}

// HTTPPort is the tests' server's HTTP port (Neo4j Browser), or "" when
// GRAPH_TEST_NEO4J_HTTP_PORT is not set.
func HTTPPort() string { return os.Getenv(EnvHTTPPort) }

// Open returns a store on an empty database, locked for this test.
func Open(t testing.TB) *neo4jstore.Store {
	t.Helper()
	cfg := Config(t)
	unlock := lock(t, cfg.URI)
	t.Cleanup(unlock)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		var un *neo4jstore.UnavailableError
		if errors.As(err, &un) {
			Missing(t, "integration test needs Neo4j: %v", err)
		}
		t.Fatalf("integration test needs Neo4j: %v", err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	if err := s.Clear(ctx); err != nil {
		t.Fatalf("clear the test database: %v", err)
	}
	return s
}

// lock takes the file lock of the server at uri: tests of one server run
// one at a time, and test runs on different servers do not wait for each
// other.
func lock(t testing.TB, uri string) func() {
	t.Helper()
	h := fnv.New64a()
	h.Write([]byte(uri))
	path := filepath.Join(os.TempDir(), fmt.Sprintf("graph-neo4j-tests-%x.lock", h.Sum64()))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("open test lock %s: %v", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("take test lock %s: %v", path, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}
