package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// TestTestCommandSparesTheUsersDatabase runs the README's test command as
// a user with a loaded graph would, their Neo4j on non-default ports and
// named by every documented setting, and checks that the graph is still
// all there afterwards: the tests run against a server of their own.
func TestTestCommandSparesTheUsersDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two more Neo4j servers")
	}
	user := neo4jtest.NewServer(t, "../..")
	user.Script(t, "start")
	users := envOn(t, user.Open(t))
	users.graph(exitOK, "load", "-q", contested)
	before := neo4jtest.Properties(t, users.store)
	if before == "" {
		t.Fatal("the user's graph is empty after a load")
	}

	// One quick integration test that empties its database, through the
	// README's command, with the user's settings in the environment.
	cmd := exec.Command("scripts/test", "-run", "^TestStatusPrintsVersionAndCounts$", "-v")
	cmd.Dir = "../.."
	port := strings.TrimPrefix(user.Config.URI, "bolt://127.0.0.1:")
	cmd.Env = append(os.Environ(),
		"NEO4J_URI="+user.Config.URI, "NEO4J_PASSWORD="+user.Config.Password,
		"NEO4J_BOLT_PORT="+port, fmt.Sprintf("NEO4J_HTTP_PORT=%d", user.HTTPPort))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/test: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestStatusPrintsVersionAndCounts") {
		t.Fatalf("scripts/test ran no integration test:\n%s", out)
	}
	if after := neo4jtest.Properties(t, users.store); after != before {
		t.Fatalf("the user's graph changed under scripts/test:\n%s", out)
	}
}
