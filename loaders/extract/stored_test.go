package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/loaders/nlp/english"
)

// Extraction a chunk at a time (Extractor.Chunk: names first, facts once
// every name is resolved) gives the graph of one extraction of all.
func TestChunkedExtractionEqualsWhole(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(), "politics", "0[0-4]*.txt"))
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.txt"))
	}
	arts := loaders.Dedupe(parseFiles(t, files))
	ctx := context.Background()
	whole, chunked := newExtractor(t), newExtractor(t)
	chunked.Chunk = 3
	if len(arts) <= chunked.Chunk {
		t.Fatalf("%d articles: no chunks", len(arts))
	}
	all, err := chunked.ExtractContext(ctx, arts)
	if err != nil {
		t.Fatal(err)
	}
	one, err := whole.ExtractContext(ctx, arts)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(all)
	b, _ := json.Marshal(one)
	if string(a) != string(b) {
		t.Errorf("ExtractContext in chunks differs from at once")
	}
}

// An analysis decodes to what resolution read of the article analysed:
// every field of every mention. (An entity of the ontology's list came
// back as another one whose alias its name is: "Chelsea" the club as
// Chelsea the place.)
func TestAnalysisRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(), "sport", "0[0-4]*.txt"))
	examples, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.txt"))
	files = append(files, examples...)
	x := newExtractor(t)
	lang := englishPipeline(t)
	knownSeen := 0
	for _, a := range parseFiles(t, files) {
		f := a.Source
		d := x.analyse(context.Background(), a, lang)
		back, err := x.decodeAnalysis(a, encodeAnalysis(d), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(back.mentions) != len(d.mentions) {
			t.Fatalf("%s: %d mentions back, want %d", f, len(back.mentions), len(d.mentions))
		}
		for i, m := range d.mentions {
			b := back.mentions[i]
			if m.known != nil {
				knownSeen++
			}
			want := fmt.Sprintf("%d %d %d %q %v %v %d %q %q %q %v", m.sent, m.first, m.last, m.surface, len(m.votes) > 0 && fmt.Sprint(m.votes) != "", knownOf(m.known), m.group, m.honorific, m.recognised, m.firstText, flags(m))
			got := fmt.Sprintf("%d %d %d %q %v %v %d %q %q %q %v", b.sent, b.first, b.last, b.surface, len(b.votes) > 0 && fmt.Sprint(b.votes) != "", knownOf(b.known), b.group, b.honorific, b.recognised, b.firstText, flags(b))
			if got != want || votesText(m.votes) != votesText(b.votes) {
				t.Errorf("%s, mention %d:\n got %s %v\nwant %s %v", f, i, got, b.votes, want, m.votes)
			}
		}
	}
	if knownSeen == 0 {
		t.Errorf("no mention of a listed entity: the test shows nothing about them")
	}
}

func knownOf(k *known) string {
	if k == nil {
		return "-"
	}
	return k.name + "/" + k.label
}

func flags(m *mention) []bool {
	var out []bool
	for _, f := range flagsOf(m) {
		out = append(out, *f)
	}
	return out
}

func englishPipeline(t *testing.T) *english.Pipeline {
	t.Helper()
	lang, err := english.Default()
	if err != nil {
		t.Fatal(err)
	}
	return lang
}

// parseFiles reads the articles of the files, in order.
func parseFiles(t *testing.T, files []string) []*graph.Article {
	t.Helper()
	var arts []*graph.Article
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		as, errs := loaders.Parse(f, data, "", loaders.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		arts = append(arts, as...)
	}
	return arts
}

// votesText is a mention's votes in the order of their labels.
func votesText(v labelVotes) string {
	v = slices.Clone(v)
	slices.SortFunc(v, func(a, b labelVote) int { return strings.Compare(a.label, b.label) })
	return fmt.Sprint(v)
}

// Names and acronyms with the format's separators in them come back as
// they were.
func TestAnalysisEscapes(t *testing.T) {
	odd := "a\x1fb\\n\nc\\"
	d := &doc{acronyms: map[string]string{odd: "x\x1fy", "ftc": "federal trade commission"}}
	m := &mention{sent: 1, first: 2, last: 4, surface: odd, votes: labelVotes{{"Place", 1}, {"Person", 0.1 + 0.2}},
		group: 3, honorific: "Mr", recognised: "PER", firstText: odd, poss: true, lowerWord: true,
		known: &known{name: "Zoë \\ Co\n", label: "Company"}}
	m.keep()
	d.mentions = []*mention{m, {surface: "Plain", firstText: "Plain"}}
	d.mentions[1].keep()
	x := newExtractor(t)
	back, err := x.decodeAnalysis(&graph.Article{ID: "a:1"}, encodeAnalysis(d), nil)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back.acronyms) != fmt.Sprint(d.acronyms) {
		t.Errorf("acronyms %q, want %q", back.acronyms, d.acronyms)
	}
	b := back.mentions[0]
	got := fmt.Sprintf("%d %d %d %q %v %q %d %q %q %q %v", b.sent, b.first, b.last, b.surface, votesText(b.votes), knownOf(b.known), b.group, b.honorific, b.recognised, b.firstText, flags(b))
	want := fmt.Sprintf("%d %d %d %q %v %q %d %q %q %q %v", m.sent, m.first, m.last, m.surface, votesText(m.votes), knownOf(m.known), m.group, m.honorific, m.recognised, m.firstText, flags(m))
	if got != want || len(back.mentions) != 2 || back.mentions[1].surface != "Plain" {
		t.Errorf("decoded\n %s\nwant\n %s", got, want)
	}
	if _, err := x.decodeAnalysis(&graph.Article{ID: "a:1"}, `{"m":[]}`, nil); err == nil {
		t.Errorf("an analysis in another format decoded")
	}
}
