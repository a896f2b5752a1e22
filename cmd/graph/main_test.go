package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// graphRun runs the CLI in-process, as a user would from the shell, against
// the test server's settings.
func graphRun(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"graph"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func connFlags(t *testing.T) []string { return connArgs(neo4jtest.Open(t).Config()) }

func TestStatusPrintsVersionAndCounts(t *testing.T) {
	code, out, errs := graphRun(t, append(connFlags(t), "status")...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "Neo4j 5.") || !strings.Contains(out, "0 nodes, 0 relationships") {
		t.Fatalf("status printed %q", out)
	}
}

func TestStatusFailuresAreOneLineWithDistinctCodes(t *testing.T) {
	flags := connFlags(t)
	cases := []struct {
		name     string
		override []string
		code     int
		says     string
	}{
		{"unreachable", []string{"--uri", "bolt://127.0.0.1:1"}, exitUnavailable, "scripts/neo4j start"},
		{"wrong password", []string{"--password", "wrong-password"}, exitAuth, "refused the credentials"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append(append([]string{}, flags...), tc.override...), "status")
			code, out, errs := graphRun(t, args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.code, errs)
			}
			if out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.says) {
				t.Fatalf("want one line on stderr saying %q, got stdout %q stderr %q", tc.says, out, errs)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"nosuchcommand"}, {"--nosuchflag"}} {
		code, _, errs := graphRun(t, args...)
		if code != exitUsage {
			t.Errorf("graph %v: exit %d, want %d (stderr %q)", args, code, exitUsage, errs)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := graphRun(t, "--version")
	if code != exitOK || !strings.HasPrefix(out, "graph version ") {
		t.Fatalf("exit %d, output %q", code, out)
	}
}

func TestReadReportsBadInputsAndExits5(t *testing.T) {
	code, out, errs := graphRun(t, "read", "--format", "json", "../../loaders/testdata/bad")
	if code != exitPartial {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitPartial, errs)
	}
	for _, want := range []string{"empty.txt: empty file", "image.bin.txt: binary", "nobody.html: no article text", "6 failed", "6 of 8 inputs failed"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, `"title": "Café owners protest new tax"`) {
		t.Errorf("the good articles were not printed:\n%s", out)
	}
}

func TestReadWithoutArgumentsIsAUsageError(t *testing.T) {
	if code, _, _ := graphRun(t, "read"); code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
}

// TestMain lets a test run the real command in a child process (to kill
// it): the child is this test binary with GRAPH_TEST_MAIN=1.
func TestMain(m *testing.M) {
	if os.Getenv("GRAPH_TEST_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// Connection flags work after the command's name as well as before it,
// and the one nearest the command wins over the other and over the
// environment.
func TestConnectionFlagsAfterTheCommand(t *testing.T) {
	flags := connFlags(t)
	cfg := neo4jtest.Config(t)
	for _, tc := range []struct {
		name string
		args []string
		env  string
		code int
	}{
		{"wrong password after status", append(append([]string{}, flags...), "status", "--password", "wrong-password"), "", exitAuth},
		{"right password after status overrides a wrong one before", []string{"--uri", cfg.URI, "--password", "wrong-password", "status", "-p", cfg.Password}, "", exitOK},
		{"every flag after the command", append([]string{"status"}, flags...), "", exitOK},
		{"a flag after the command beats the environment", []string{"--uri", cfg.URI, "status", "--password", cfg.Password}, "wrong-password", exitOK},
		{"the environment without flags", []string{"--uri", cfg.URI, "status"}, "wrong-password", exitAuth},
		{"after a subcommand", append([]string{"schema", "apply"}, append(append([]string{}, flags...), "--uri", "bolt://127.0.0.1:1")...), "", exitUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv("NEO4J_PASSWORD", tc.env)
			}
			if code, _, errs := graphRun(t, tc.args...); code != tc.code {
				t.Errorf("graph %s: exit %d, want %d; stderr %q", strings.Join(tc.args, " "), code, tc.code, errs)
			}
		})
	}
	code, out, _ := graphRun(t, "load", "--help")
	if code != exitOK || !strings.Contains(out, "--password") || !strings.Contains(out, "NEO4J_PASSWORD") {
		t.Errorf("graph load --help does not show the connection flags:\n%s", out)
	}
}
