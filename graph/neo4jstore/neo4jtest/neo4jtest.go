// Package neo4jtest gives integration tests a real, empty Neo4j database.
//
// The server comes from the same environment variables as the CLI
// (NEO4J_URI …). Tests in several packages share the single Community
// database, so each test holds a machine-wide file lock from Open until it
// ends. Under CI (CI=true) an unreachable server fails the test; elsewhere
// the test is skipped with a message that says how to start one.
package neo4jtest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// Open returns a store on an empty database, locked for this test.
func Open(t testing.TB) *neo4jstore.Store {
	t.Helper()
	cfg := neo4jstore.ConfigFromEnv()
	unlock := lock(t)
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

func lock(t testing.TB) func() {
	t.Helper()
	path := filepath.Join(os.TempDir(), "graph-neo4j-tests.lock")
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
