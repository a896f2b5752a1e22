package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/loaders/nlp/english"
)

// A corpus extracted in parts, each part from its text and the parts
// before from what ExtractStored kept of them (as graph load does), ends
// in the graph ExtractContext gives for the whole: the articles whose
// names resolve otherwise once a later part arrives are extracted again,
// the others stand.
func TestStoredExtractionEqualsWhole(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(), "politics", "0[0-9]*.txt"))
	tech, _ := filepath.Glob(filepath.Join(corpusDir(), "tech", "0[0-4]*.txt"))
	files = append(files, tech...)
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.txt"))
	}
	rand.New(rand.NewSource(7)).Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	arts := loaders.Dedupe(parseFiles(t, files))
	parts := []int{len(arts) / 2, len(arts) * 3 / 4, len(arts) - 1, len(arts)}
	if again := storedInParts(t, arts, parts); again == 0 {
		t.Errorf("no stored article was extracted again: the test does not show that a name resolving otherwise is caught")
	}
}

// Extraction a chunk at a time (Extractor.Chunk: names first, facts once
// every name is resolved) gives the graph of one extraction of all, and
// keeps the same analyses; so does extraction over stored analyses.
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
	text := func(g *graph.Graph, x *Extractor) string {
		g.Relations = x.Facts(g.Claims)
		g.Sort()
		b, _ := json.MarshalIndent(g, "", " ")
		return string(b)
	}
	want, err := whole.ExtractStored(ctx, arts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := chunked.ExtractStored(ctx, arts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := text(got.Graph, chunked), text(want.Graph, whole); a != b {
		t.Errorf("in chunks of %d, the graph of %d articles differs:\n%s", chunked.Chunk, len(arts), firstLineDiff(a, b))
	}
	if fmt.Sprint(got.Extracted) != fmt.Sprint(want.Extracted) || fmt.Sprint(got.Stored) != fmt.Sprint(want.Stored) {
		t.Errorf("in chunks, %d articles extracted and %d analyses kept; at once %d and %d",
			len(got.Extracted), len(got.Stored), len(want.Extracted), len(want.Stored))
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

// storedInParts extracts arts in parts (arts[:parts[0]], then up to
// parts[1] …) with ExtractStored, and checks the graph after each part
// against ExtractContext's. It returns how many stored articles were
// extracted again.
func storedInParts(t *testing.T, arts []*graph.Article, parts []int) int {
	byID := map[string]*graph.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	texts := func(ids []string) ([]*graph.Article, error) {
		var out []*graph.Article
		for _, id := range ids {
			out = append(out, byID[id])
		}
		return out, nil
	}
	x := newExtractor(t)

	// What the "database" holds per article, and what was stored.
	type held struct {
		ref      graph.ArticleRef
		mentions []graph.Mention
		claims   []graph.Claim
		quotes   []graph.Quote
	}
	have := map[string]*held{}
	stored := map[string]graph.Analysis{}
	again := 0
	from := 0
	for _, to := range parts {
		var in []*graph.Article
		for _, a := range arts[:from] {
			meta := *a
			meta.Text, meta.Paragraphs, meta.Sentences = "", nil, nil
			in = append(in, &meta)
		}
		in = append(in, arts[from:to]...)
		ex, err := x.ExtractStored(context.Background(), in, stored, texts)
		if err != nil {
			t.Fatal(err)
		}
		again += len(ex.Extracted) - (to - from)
		if from > 0 && len(ex.Extracted) >= to {
			t.Errorf("adding %d articles to %d extracted all %d again", to-from, from, len(ex.Extracted))
		}
		for _, id := range ex.Extracted {
			have[id] = &held{}
			stored[id] = ex.Stored[id]
		}
		g := ex.Graph
		for _, r := range g.Articles {
			have[r.ID].ref = r
		}
		for _, m := range g.Mentions {
			have[m.Article].mentions = append(have[m.Article].mentions, m)
		}
		for _, c := range g.Claims {
			have[c.Article].claims = append(have[c.Article].claims, c)
		}
		for _, q := range g.Quotes {
			have[q.Article].quotes = append(have[q.Article].quotes, q)
		}
		got := &graph.Graph{Entities: g.Entities}
		for _, h := range have {
			got.Articles = append(got.Articles, h.ref)
			got.Mentions = append(got.Mentions, h.mentions...)
			got.Claims = append(got.Claims, h.claims...)
			got.Quotes = append(got.Quotes, h.quotes...)
		}
		got.Relations = x.Facts(got.Claims)
		got.Sort()
		want, err := x.ExtractContext(context.Background(), arts[:to])
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.MarshalIndent(got, "", " ")
		b, _ := json.MarshalIndent(want, "", " ")
		if string(a) != string(b) {
			t.Fatalf("after %d articles, %d of them stored: the graph differs from one extraction of all:\n%s", to, from, firstLineDiff(string(a), string(b)))
		}
		t.Logf("%d articles stored, %d added: %d extracted (%d of the stored ones again)", from, to-from, len(ex.Extracted), len(ex.Extracted)-(to-from))
		from = to
	}
	return again
}

func firstLineDiff(a, b string) string {
	la, lb := splitLines(a), splitLines(b)
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "line " + itoa(i+1) + ":\n got: " + la[i] + "\nwant: " + lb[i]
		}
	}
	return "lengths " + itoa(len(la)) + " and " + itoa(len(lb))
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
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
