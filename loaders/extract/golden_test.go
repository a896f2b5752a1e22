package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// founding reads the five founding articles as `graph extract
// examples/facebook-china` does, with sources named as from the checkout.
func founding(t testing.TB) []*graph.Article {
	t.Helper()
	dir := filepath.Join("..", "..", "examples", "facebook-china")
	res := (&loaders.Reader{}).ReadAll(context.Background(), []string{dir}, nil)
	if len(res.Errors) > 0 || len(res.Articles) != 5 {
		t.Fatalf("reading %s: %d articles, errors %v", dir, len(res.Articles), res.Errors)
	}
	for _, a := range res.Articles {
		a.Source = "examples/facebook-china/" + filepath.Base(a.Source)
	}
	return res.Articles
}

// TestFoundingExport compares the export of the founding articles with
// testdata/golden/founding.json, a reviewed file: a change in extraction
// shows as a diff to review, and -update rewrites it.
func TestFoundingExport(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract(founding(t))
	if err := g.Validate(x.o); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(g); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", "founding.json")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./loaders/extract -update to create it, then review it)", err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("%s differs; run go test ./loaders/extract -run TestFoundingExport -update and review the diff\n%s", path, firstDiff(string(want), buf.String()))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ: " + itoa(len(al)) + " and " + itoa(len(bl)) + " lines"
}

// TestFoundingFacts states, by hand, facts a reader finds in the founding
// articles, and checks the export has them: the golden file shows every
// change, this test says which changes are regressions.
func TestFoundingFacts(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract(founding(t))
	got := strings.Join(facts(g), "\n")
	for _, want := range []string{
		"Facebook SHARED_DATA_WITH Huawei",
		"Facebook SHARED_DATA_WITH Lenovo",
		"Facebook ENDED_PARTNERSHIP_WITH Huawei",
		"Mark Warner CRITICIZED Facebook",
		"Congress CRITICIZED Facebook",
		"Federal Trade Commission INVESTIGATED Facebook",
		"China BANNED Facebook",
		"Pentagon BANNED Huawei",
		"Francisco Varela WORKS_FOR Facebook",
		"Mark Zuckerberg FOUNDED Facebook",
		"Ren Zhengfei FOUNDED Huawei",
		"Honor PART_OF Huawei",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing fact %q", want)
		}
	}
	credited := false
	for _, c := range g.Claims {
		if strings.HasPrefix(c.Subject, "Company:facebook") && strings.Contains(strings.Join(c.ReportedBy, ","), "NewsOutlet:the-new-york-times") {
			credited = true
		}
	}
	if !credited {
		t.Error("no claim about Facebook is credited to The New York Times")
	}
}
