package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestQueryFactsAfterLoad(t *testing.T) {
	e := newLoadEnv(t)
	e.graph(exitOK, "load", "-q", examples)

	out, _ := e.graph(exitOK, "query", "facts", "--param", "type=SHARED_DATA_WITH", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	shared := map[string]bool{}
	for _, r := range rows {
		if r["subject"] == "Facebook" {
			shared[r["object"].(string)] = true
		}
		if r["evidence"] == "" || r["articles"].(float64) < 1 {
			t.Errorf("a fact without evidence or articles: %v", r)
		}
	}
	for _, want := range []string{"Huawei", "Lenovo", "OPPO", "TCL"} {
		if !shared[want] {
			t.Errorf("Facebook SHARED_DATA_WITH %s missing from %v", want, shared)
		}
	}

	out, _ = e.graph(exitOK, "query", "facts", "--param", "type=CRITICIZED")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "subject") || !strings.HasPrefix(lines[1], "───") {
		t.Fatalf("table has no header and rule:\n%s", out)
	}
	if !strings.Contains(out, "Mark Warner") || !strings.Contains(out, "(") {
		t.Errorf("Mark Warner is not among the critics:\n%s", out)
	}

	out, _ = e.graph(exitOK, "query", "facts", "--param", "limit=1", "--format", "csv")
	if n := strings.Count(strings.TrimSpace(out), "\n"); n != 1 {
		t.Errorf("limit=1 as CSV should give a header and one row, got:\n%s", out)
	}

	mine := filepath.Join(t.TempDir(), "mine.cypher")
	os.WriteFile(mine, []byte("// name: mine\n// description: an entity by name\n// param: name string\nMATCH (e:Entity {name: $name}) RETURN e.id AS id, e.articleCount AS articles\n"), 0o644)
	out, _ = e.graph(exitOK, "query", "--file", mine, "--param", "name=Facebook")
	if !strings.Contains(out, "Company:facebook") || !strings.Contains(out, "(1 row)") {
		t.Errorf("--file query printed:\n%s", out)
	}
	_, errs := e.graph(exitUsage, "query", "--file", mine)
	if !strings.Contains(errs, "needs --param name") {
		t.Errorf("missing parameter: %s", errs)
	}
	_, errs = e.graph(exitUsage, "query", "factz")
	if !strings.Contains(errs, "there are: ") {
		t.Errorf("unknown query: %s", errs)
	}
}
