package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// A password never shows in a message, wherever it was given, and there
// is a way to give it that no other user of the machine can read.
func TestPasswordsStayOutOfMessagesAndArguments(t *testing.T) {
	cfg := neo4jtest.Config(t)
	neo4jtest.Open(t)
	const secret = "s3cret-in-the-uri"
	host := strings.TrimPrefix(cfg.URI, "bolt://")

	code, out, errs := graphRun(t, "status", "--uri", "bolt://neo4j:"+secret+"@127.0.0.1:1")
	if code != exitUnavailable || strings.Contains(out+errs, secret) {
		t.Errorf("unreachable URI with credentials: exit %d, stderr %q", code, errs)
	}
	code, _, errs = graphRun(t, "status", "--uri", "bolt://neo4j:"+secret+"@"+host)
	if code != exitAuth || strings.Contains(errs, secret) {
		t.Errorf("wrong password in the URI: exit %d, stderr %q", code, errs)
	}
	code, _, errs = graphRun(t, "status", "--uri", "bolt://neo4j:"+secret+"@", "--password", cfg.Password)
	if code != exitUsage || strings.Contains(errs, secret) {
		t.Errorf("a URI without a host: exit %d, stderr %q", code, errs)
	}
	// The credentials in the URI are the ones used.
	if code, _, errs := graphRun(t, "status", "--uri", "bolt://neo4j:"+cfg.Password+"@"+host, "--password", "wrong-password"); code != exitOK {
		t.Errorf("right password in the URI: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := graphRun(t, "status", "--uri", "http://"+host); code != exitUsage || !strings.Contains(errs, "is not a Neo4j URI") {
		t.Errorf("--uri http://: exit %d, stderr %q", code, errs)
	}

	file := filepath.Join(t.TempDir(), "password")
	os.WriteFile(file, []byte(cfg.Password+"\n"), 0o600)
	if code, _, errs := graphRun(t, "status", "--uri", cfg.URI, "--password-file", file, "--password", "wrong-password"); code != exitOK {
		t.Errorf("--password-file: exit %d, stderr %q", code, errs)
	}
	t.Setenv("NEO4J_PASSWORD_FILE", file)
	if code, _, errs := graphRun(t, "--uri", cfg.URI, "status"); code != exitOK {
		t.Errorf("NEO4J_PASSWORD_FILE: exit %d, stderr %q", code, errs)
	}
	if _, out, _ := graphRun(t, "status", "--help"); !strings.Contains(out, "visible to other users") || !strings.Contains(out, "--password-file") {
		t.Errorf("--help does not warn that --password shows in ps:\n%s", out)
	}
}

// scripts/neo4j starts a server without putting its password in the
// arguments of the commands it runs (curl, while it waits for the server),
// which any user of the machine can read with ps. A curl first in PATH
// records its arguments and runs the real one.
func TestNeo4jScriptKeepsThePasswordOutOfArguments(t *testing.T) {
	const password = "p4ss-word-to-look-for"
	real, err := exec.LookPath("curl")
	if err != nil {
		neo4jtest.Missing(t, "curl is not installed")
	}
	shims := t.TempDir()
	log := filepath.Join(shims, "curl.log")
	shim := "#!/bin/sh\nprintf '%s\\n' \"$*\" >>" + log + "\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(shims, "curl"), []byte(shim), 0o755); err != nil {
		t.Fatal(err)
	}
	srv := neo4jtest.NewServer(t, "../..", "NEO4J_PASSWORD="+password, "PATH="+shims+":"+os.Getenv("PATH"))
	srv.Script(t, "start")
	srv.Config.Password = password
	srv.Open(t)
	calls, _ := os.ReadFile(log)
	if len(calls) == 0 {
		t.Fatal("scripts/neo4j ran no curl through the shim")
	}
	if strings.Contains(string(calls), password) {
		t.Errorf("the password showed in curl's arguments:\n%s", calls)
	}
}
