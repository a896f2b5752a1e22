package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

func sampleTable(evidence string) *neo4jstore.Table {
	return &neo4jstore.Table{
		Columns: []string{"subject", "fact", "object", "evidence"},
		Rows: [][]any{
			{"Facebook", "SHARED_DATA_WITH", "Huawei", evidence},
			{"华为", "CRITICIZED", "Mark Warner", "短い"},
		},
	}
}

func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }

func TestTableWholeWhenNotFitted(t *testing.T) {
	long := strings.Repeat("a very long sentence of evidence ", 40)
	var b bytes.Buffer
	writeTable(&b, sampleTable(long), 0)
	if !strings.Contains(b.String(), strings.TrimSpace(long)) || strings.Contains(b.String(), "…") {
		t.Errorf("width 0 must print every cell whole:\n%s", b.String())
	}
}

func TestTableFitsTheTerminal(t *testing.T) {
	long := strings.Repeat("a very long sentence of evidence ", 40)
	var b bytes.Buffer
	writeTable(&b, sampleTable(long), 100)
	out := lines(b.String())
	for _, l := range out {
		if w := runewidth.StringWidth(l); w > 100 {
			t.Errorf("line of %d columns in a terminal of 100: %q", w, l)
		}
	}
	if !strings.Contains(out[2], "SHARED_DATA_WITH") || !strings.HasSuffix(out[2], "…") {
		t.Errorf("short cells whole, the long one cut with a marker: %q", out[2])
	}
	// The CJK row lines up with the others: "Mark Warner" starts in the
	// same display column as "Huawei".
	col := func(l, s string) int { return runewidth.StringWidth(l[:strings.Index(l, s)]) }
	if col(out[2], "Huawei") != col(out[3], "Mark Warner") {
		t.Errorf("wide characters break the alignment:\n%s\n%s", out[2], out[3])
	}
}

func TestTableTooWideBecomesRecords(t *testing.T) {
	long := strings.Repeat("a very long sentence of evidence ", 40)
	var b bytes.Buffer
	writeTable(&b, sampleTable(long), 50)
	out := b.String()
	for _, l := range lines(out) {
		if w := runewidth.StringWidth(l); w > 50 {
			t.Errorf("line of %d columns in a terminal of 50: %q", w, l)
		}
	}
	for _, want := range []string{"─[ 1 ]", "─[ 2 ]", "fact      SHARED_DATA_WITH", "evidence  a very long", "(2 rows)"} {
		if !strings.Contains(out, want) {
			t.Errorf("records lack %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "sentence"); n >= 40 || !strings.Contains(out, "…") {
		t.Errorf("a long value is wrapped to a few lines and marked cut (%d of 40 sentences):\n%s", n, out)
	}
}

// Piped or redirected, a query prints whole cells.
func TestQueryTableOnAPipeIsWhole(t *testing.T) {
	e := newLoadEnv(t)
	e.graph(exitOK, "load", "-q", examples)
	out, _ := e.graph(exitOK, "query", "facts", "--param", "type=CRITICIZED")
	if strings.Contains(out, "…") || !strings.Contains(out, "raises legitimate concerns, and I look forward to learning more about how Facebook ensured that information about their users was not sent to Chinese servers") {
		t.Errorf("cells cut on a pipe:\n%s", out)
	}
}
