package extract

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
)

// FuzzExtract checks that any input the loaders accept extracts without a
// panic into a graph that fits the ontology.
// maxFuzzInput bounds what FuzzExtract runs on. Length is not what it
// looks for: BenchmarkExtractLongArticle checks that cost grows linearly.
const maxFuzzInput = 2048

func FuzzExtract(f *testing.F) {
	// Seeds are the founding articles' paragraphs, not whole articles: a
	// run must cost well under a millisecond for the fuzzer to make
	// thousands a second, and to minimise what it finds in reasonable time.
	for _, a := range founding(f) {
		for _, p := range strings.Split(a.Title+"\n\n"+a.Text, "\n\n") {
			if len(p) <= maxFuzzInput {
				f.Add([]byte(p))
			}
		}
	}
	for _, s := range []string{
		"\"", "“”", "“unclosed quote over\n\na paragraph", "– X", "A, B and C.", "It. He. They.",
		"Founded by, it.", "X Corp (XC) said XC was banned in by.", "’s ’s ’s", "The the The.",
		"\"Quote,\" said.", "Mr", "U.S. U.S. U.S.", "Facebook-like-like data-sharing deal with with",
	} {
		f.Add([]byte(s))
	}
	x := newExtractor(f)
	x.Workers = 1
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			t.Skip("longer than a fuzz input is kept")
		}
		arts, _ := loaders.Parse("fuzz.txt", data, "", loaders.Options{})
		g := x.Extract(arts)
		if err := g.Validate(x.o); err != nil {
			t.Fatalf("%v\ninput: %q", err, data)
		}
	})
}

// TestShuffledArticlesValidate builds articles from sentences of different
// BBC stories in random order, which breaks every assumption of discourse
// (pronouns, lists, quotes over paragraphs), and checks the graph still
// validates. The seed is fixed, so a failure reproduces.
func TestShuffledArticlesValidate(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(), "*", "0[0-4]*.txt"))
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.txt"))
	}
	var sentences []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		arts, _ := loaders.Parse(f, data, "", loaders.Options{})
		for _, a := range arts {
			for i := range a.Sentences {
				sentences = append(sentences, a.SentenceText(i))
			}
		}
	}
	rng := rand.New(rand.NewSource(1))
	x := newExtractor(t)
	var arts []*graph.Article
	for n := 0; n < 60; n++ {
		var paras []string
		for p := 0; p < 1+rng.Intn(6); p++ {
			var ss []string
			for k := 0; k < 1+rng.Intn(4); k++ {
				ss = append(ss, sentences[rng.Intn(len(sentences))])
			}
			paras = append(paras, strings.Join(ss, " "))
		}
		arts = append(arts, article("a:shuffled"+itoa(n), strings.Join(paras, "\n\n")))
	}
	g := x.Extract(arts)
	if err := g.Validate(x.o); err != nil {
		t.Fatal(err)
	}
	if len(g.Entities) == 0 {
		t.Fatal("no entities at all from real sentences")
	}
}

// corpusDir is the BBC corpus beside the checkout, or GRAPH_BBC_CORPUS.
func corpusDir() string {
	if d := os.Getenv("GRAPH_BBC_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "corpora", "bbc")
}

// TestCopiesTypeAlike extracts BBC articles once and then with three more
// copies of each (the same story under other ids, as a bigger corpus of
// the same news would hold): every entity keeps its type and the facts are
// the same. Decisions rest on what the articles say, not on how many of
// them say it.
func TestCopiesTypeAlike(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir(), "politics", "0[0-9]*.txt"))
	sport, _ := filepath.Glob(filepath.Join(corpusDir(), "sport", "*.txt"))
	files = append(files, sport...)
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.txt"))
	}
	var once, copies []*graph.Article
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for k := 1; k <= 4; k++ {
			arts, err := loaders.Parse(f, data, "", loaders.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if k == 1 {
				once = append(once, arts...)
			} else {
				for _, a := range arts {
					a.ID += "-copy" + itoa(k)
				}
			}
			copies = append(copies, arts...)
		}
	}
	x := newExtractor(t)
	g1, g4 := x.Extract(once), x.Extract(copies)
	types := func(g *graph.Graph) map[string]string {
		m := map[string]string{}
		for _, e := range g.Entities {
			m[e.Name] = e.Type
		}
		return m
	}
	facts := func(g *graph.Graph) map[string]bool {
		names := map[string]string{}
		for _, e := range g.Entities {
			names[e.ID] = e.Name
		}
		m := map[string]bool{}
		for _, r := range g.Relations {
			m[names[r.Source]+" "+r.Type+" "+names[r.Target]] = true
		}
		return m
	}
	t1, t4 := types(g1), types(g4)
	if len(t1) == 0 {
		t.Fatal("no entities")
	}
	for name, typ := range t1 {
		if t4[name] != typ {
			t.Errorf("%s: a %s in the corpus, a %q in four copies of it", name, typ, t4[name])
		}
	}
	f1, f4 := facts(g1), facts(g4)
	for f := range f1 {
		if !f4[f] {
			t.Errorf("fact %q of the corpus is gone in four copies of it", f)
		}
	}
	for f := range f4 {
		if !f1[f] {
			t.Errorf("fact %q is in four copies of the corpus, not in the corpus", f)
		}
	}
}

// FuzzNormKey checks normKey's quick path for plain names against the
// whole rule.
func FuzzNormKey(f *testing.F) {
	for _, s := range []string{"Facebook", "The New York Times", "the Guardian", "The", "the ", "THE FTC",
		"U.S.", "AT&T", "Marks & Spencer", "Warner's", "Jones'", " Huawei", "Mark  Warner", "Mark\tWarner",
		"Jean-Michel Jarre", "Société Générale", "O'Neill", "Inc.", "the the", "The  Times", "3M", "a\u00a0b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normKey(s), slowNormKey(s); got != want {
			t.Errorf("normKey(%q) = %q, want %q", s, got, want)
		}
	})
}
