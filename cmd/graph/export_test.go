package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph/export"
	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// hostile holds an article whose title, text, quotes and names carry
// quotes, commas, semicolons, ampersands, backslashes and non-ASCII.
const hostile = "../../testdata/hostile"

// TestCSVImportWritesWhatLoadWrites exports the CSV files, imports them
// with neo4j-admin into a Neo4j server of the test's own, runs
// after-import.cypher, and compares every node, relationship and property
// with what `graph load` writes for the same articles on the shared
// server. A `graph load` of the same articles on the imported database
// then finds nothing to change.
func TestCSVImportWritesWhatLoadWrites(t *testing.T) {
	srv := neo4jtest.NewServer(t, "../..")
	e := newLoadEnv(t)
	dir := filepath.Join(t.TempDir(), "csv")
	_, errs := e.graph(exitOK, "extract", "--format", "csv", "-o", dir, examples, contested, hostile)
	if !strings.Contains(errs, "scripts/neo4j import "+dir) {
		t.Errorf("extract does not say how to import:\n%s", errs)
	}
	e.graph(exitOK, "load", "-q", examples, contested, hostile)
	loaded := neo4jtest.Properties(t, e.store)

	out := srv.Script(t, "import", dir)
	if !strings.Contains(out, "IMPORT DONE") {
		t.Fatalf("scripts/neo4j import:\n%s", out)
	}
	imported := envOn(t, srv.Open(t))
	_, errs = imported.graph(exitOK, "run", filepath.Join(dir, export.AfterImport))
	if !strings.Contains(errs, "ran ") {
		t.Errorf("graph run says nothing:\n%s", errs)
	}
	if got := neo4jtest.Properties(t, imported.store); got != loaded {
		t.Fatalf("the import and graph load wrote different graphs:\n%s", firstDiff(loaded, got))
	}
	if got, want := schemaNames(t, imported), schemaNames(t, e); got != want {
		t.Errorf("after-import.cypher made the schema %s, graph load made %s", got, want)
	}
	for _, want := range []string{`"Zoë Müller"`, `"Café Noir Analytics"`, `C:\\data\\clients`, `\"Smith, Jones \u0026 Co\"; Zoë`} {
		if !strings.Contains(loaded, want) {
			t.Errorf("the hostile article's %s is not in the graph", want)
		}
	}

	// The imported graph is a loaded graph: loading the same articles
	// again re-extracts (no load is recorded yet) and writes nothing.
	_, errs = imported.graph(exitOK, "load", examples, contested, hostile)
	if changed := regexp.MustCompile(`[1-9]\d* (created|updated|deleted)`).FindString(errs); changed != "" {
		t.Errorf("a load after the import changed something (%s):\n%s", changed, errs)
	}
	if got := neo4jtest.Properties(t, imported.store); got != loaded {
		t.Fatalf("the load after the import changed the graph:\n%s", firstDiff(loaded, got))
	}
}

// schemaNames are the graph's indexes, without the loader's bookkeeping
// (the load lock's, the stored analyses' and the resolution's), which the
// first load makes.
func schemaNames(t *testing.T, e *loadEnv) string {
	t.Helper()
	rows, err := e.store.Read(context.Background(),
		"SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' AND name <> 'load_lock' AND NOT name STARTS WITH 'analysis_' AND NOT name STARTS WITH 'resolve_' RETURN collect(name) AS names ORDER BY names", nil)
	if err != nil {
		t.Fatal(err)
	}
	return jsonString(rows[0]["names"])
}

// TestCSVExportRefusesToClobber checks that --format csv needs a folder
// and never writes into one that holds something else.
func TestCSVExportRefusesToClobber(t *testing.T) {
	if code, _, errs := graphRun(t, "extract", examples, "--format", "csv"); code != exitUsage || !strings.Contains(errs, "-o DIR") {
		t.Errorf("csv to stdout: exit %d, %q", code, errs)
	}
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	os.WriteFile(keep, []byte("mine"), 0o644)
	if code, _, errs := graphRun(t, "extract", examples, "-q", "--format", "csv", "-o", dir); code != exitFailure || !strings.Contains(errs, "not an earlier export") {
		t.Errorf("foreign folder: exit %d, %q", code, errs)
	}
	if data, err := os.ReadFile(keep); err != nil || string(data) != "mine" {
		t.Fatalf("the folder's file was touched: %v", err)
	}
	// An earlier export is replaced whole.
	out := filepath.Join(dir, "export")
	for range 2 {
		if code, _, errs := graphRun(t, "extract", examples, "-q", "--format", "csv", "-o", out); code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary folders left behind: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(out, "nodes-Entity.csv")); err != nil {
		t.Error(err)
	}
}

// TestGraphMLExportReadsInNetworkX exports the founding and hostile
// articles as GraphML and reads them with NetworkX, as an analyst would:
// every node and relationship of the load is there, names intact.
func TestGraphMLExportReadsInNetworkX(t *testing.T) {
	out := filepath.Join(t.TempDir(), "graph.graphml")
	if code, _, errs := graphRun(t, "extract", "-q", "--format", "graphml", "-o", out, examples, hostile); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var g struct {
		Entities, Articles, Claims, Quotes, Mentions, Relations []map[string]any
	}
	_, js, _ := graphRun(t, "extract", "-q", examples, hostile)
	if err := json.Unmarshal([]byte(js), &g); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("python3", "-c", "import networkx").Run(); err != nil {
		neo4jtest.Missing(t, "python3 with networkx is needed: %v", err)
	}
	script := `import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
names = sorted(d["name"] for _, d in g.nodes(data=True) if d["labels"].startswith(":Entity"))
types = sorted({d["type"] for _, _, d in g.edges(data=True)})
print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "names": names, "types": types}))`
	res, err := exec.Command("python3", "-c", script, out).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx: %v\n%s", err, res)
	}
	var got struct {
		Nodes, Edges int
		Names, Types []string
	}
	if err := json.Unmarshal(res, &got); err != nil {
		t.Fatalf("%v: %s", err, res)
	}
	if want := len(g.Entities) + len(g.Articles) + len(g.Claims) + len(g.Quotes); got.Nodes != want {
		t.Errorf("networkx read %d nodes, the graph has %d", got.Nodes, want)
	}
	if got.Edges < len(g.Mentions)+len(g.Relations)+2*len(g.Claims) {
		t.Errorf("networkx read only %d edges", got.Edges)
	}
	for _, name := range []string{"Zoë Müller", "Hafnarfjörður Legal", "Facebook", "Mark Warner"} {
		if !slices.Contains(got.Names, name) {
			t.Errorf("entity %q is not in the GraphML (names: %v)", name, got.Names)
		}
	}
	for _, typ := range []string{"SHARED_DATA_WITH", "MENTIONS", "STATED_IN", "SAID_BY", "REPORTED_BY"} {
		if !slices.Contains(got.Types, typ) {
			t.Errorf("no %s edges: %v", typ, got.Types)
		}
	}
}
