package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

const examples = "../../examples/facebook-china"

// TestExtractWritesTheExportFormat checks the top-level and record fields
// that ../shared/design/export.md says other tools rely on, with the flags
// after the path as users type them.
func TestExtractWritesTheExportFormat(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.json")
	code, _, errs := graphRun(t, "extract", examples, "--format", "json", "-o", out, "-q")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "extracted 5 articles") {
		t.Errorf("summary missing: %q", errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string][]map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"articles":  {"id", "title", "source", "published", "publisher", "author", "duplicates"},
		"entities":  {"id", "name", "type", "labels", "aliases", "mentionCount", "articleCount"},
		"mentions":  {"article", "entity", "count"},
		"relations": {"type", "source", "target", "count", "articles", "firstSeen", "confidence", "evidence"},
		"claims":    {"id", "type", "subject", "object", "article", "sentence", "stance", "date", "reportedBy", "deniedBy", "trigger"},
		"quotes":    {"id", "text", "speaker", "article", "about"},
	}
	for list, fields := range want {
		recs := doc[list]
		if len(recs) == 0 {
			t.Errorf("%s is empty", list)
			continue
		}
		for _, f := range fields {
			if _, ok := recs[0][f]; !ok {
				t.Errorf("%s[0] has no field %q: %v", list, f, recs[0])
			}
		}
		ids := []string{}
		for _, r := range recs {
			if id, ok := r["id"].(string); ok {
				ids = append(ids, id)
			}
		}
		if !slices.IsSorted(ids) {
			t.Errorf("%s are not sorted by id", list)
		}
	}
	if _, ok := doc["claims"][0]["why"]; ok {
		t.Error("claims carry explanations without --explain")
	}
	// Two runs give the same bytes.
	out2 := filepath.Join(t.TempDir(), "out2.json")
	graphRun(t, "extract", "-q", "-o", out2, examples)
	data2, _ := os.ReadFile(out2)
	if string(data) != string(data2) {
		t.Error("two runs over the same articles wrote different bytes")
	}
}

func TestExtractJSONLAndExplain(t *testing.T) {
	code, out, errs := graphRun(t, "extract", examples, "--format", "jsonl", "-q")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	kinds := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		kinds[rec["kind"].(string)]++
	}
	for _, k := range []string{"article", "entity", "mention", "relation", "claim", "quote"} {
		if kinds[k] == 0 {
			t.Errorf("no %s records", k)
		}
	}
	code, out, _ = graphRun(t, "extract", examples, "--format", "text", "--explain", "-q")
	if code != exitOK || !strings.Contains(out, "why: trigger") || !strings.Contains(out, "Facebook -[SHARED_DATA_WITH]-> Huawei") {
		t.Errorf("exit %d; --explain text lacks facts or reasons:\n%.2000s", code, out)
	}
}

func TestExtractFailures(t *testing.T) {
	if code, _, errs := graphRun(t, "extract", examples, "--format", "xml"); code != exitUsage || !strings.Contains(errs, "--format") {
		t.Errorf("bad format: exit %d, %q", code, errs)
	}
	// A bad file is reported and the others are extracted; exit 5.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("Acme sues Globex\n\nAcme Corp sued Globex Inc on Monday over the patents it holds.\n"), 0o644)
	out := filepath.Join(dir, "out.json")
	code, _, errs := graphRun(t, "extract", dir, "-o", out, "-q")
	if code != exitPartial || !strings.Contains(errs, "empty.txt") {
		t.Errorf("exit %d, stderr %q; want 5 naming empty.txt", code, errs)
	}
	if data, err := os.ReadFile(out); err != nil || !strings.Contains(string(data), "SUED") {
		t.Errorf("the good file was not extracted: %v %.300s", err, data)
	}
	// A typo in the input leaves a good export as it was.
	before, _ := os.ReadFile(out)
	code, _, errs = graphRun(t, "extract", filepath.Join(dir, "typo"), "-o", out, "-q")
	if after, _ := os.ReadFile(out); code != exitPartial || string(after) != string(before) || !strings.Contains(errs, "left as it was") {
		t.Errorf("a missing input: exit %d, stderr %q; the export changed: %v", code, errs, string(after) != string(before))
	}
	// An unwritable output leaves no file behind and fails.
	if code, _, _ := graphRun(t, "extract", examples, "-q", "-o", filepath.Join(dir, "no", "such", "dir", "out.json")); code != exitFailure {
		t.Errorf("unwritable output: exit %d", code)
	}
}

// TestCypherExportWritesWhatLoadWrites runs `graph extract --format
// cypher` on an empty database and compares every node, relationship and
// property with what `graph load` writes for the same articles; the
// script run again changes nothing.
func TestCypherExportWritesWhatLoadWrites(t *testing.T) {
	e := newLoadEnv(t)
	script := filepath.Join(t.TempDir(), "graph.cypher")
	e.graph(exitOK, "extract", "-q", "--format", "cypher", "--batch-size", "25", "-o", script, examples, contested)
	data, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	neo4jtest.RunScript(t, e.store, string(data))
	fromScript, counts := neo4jtest.Properties(t, e.store), e.counts()
	neo4jtest.RunScript(t, e.store, string(data))
	if neo4jtest.Properties(t, e.store) != fromScript || e.counts() != counts {
		t.Fatalf("running the script twice changed the graph")
	}

	e.clear()
	e.graph(exitOK, "load", "-q", examples, contested)
	if got := neo4jtest.Properties(t, e.store); got != fromScript {
		t.Fatalf("the script and graph load wrote different graphs:\n%s", firstDiff(fromScript, got))
	}
	// graph load also keeps its LoadState node, an Analysis node per
	// article and the resolution's Resolve nodes; all else is the same.
	if loaded := e.counts(); regexp.MustCompile(`(LoadState|Analysis|Resolve)=\d+ `).ReplaceAllString(loaded, "") != counts {
		t.Errorf("counts after the script %s, after load %s", counts, loaded)
	}
	if !strings.Contains(string(data), "CREATE CONSTRAINT entity_id IF NOT EXISTS") || strings.Index(string(data), "CREATE CONSTRAINT") > strings.Index(string(data), "UNWIND") {
		t.Errorf("the script does not open with the constraints")
	}
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("one is longer: %d lines against %d", len(al), len(bl))
}
