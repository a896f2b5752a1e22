package english

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/graph/loaders/nlp"
	"github.com/newsgraph/graph/loaders/nlp/ner"
	"github.com/newsgraph/graph/loaders/nlp/parse"
	"github.com/newsgraph/graph/loaders/nlp/tag"
	"github.com/newsgraph/graph/schema"
)

const slices = "testdata/ud"

func readSlice(t *testing.T, name string) []nlp.Sentence {
	t.Helper()
	tb, err := nlp.ReadTreebank(filepath.Join(slices, name))
	if err != nil {
		t.Fatal(err)
	}
	return tb.Sentences
}

// The shipped models score on held-out sentences about as scripts/train
// reported on the whole test files (EWT test: UPOS 95.3, UAS 83.0, LAS
// 79.4; GUM test names F1 65): a model file that is stale, truncated or
// read wrong fails here.
func TestShippedModels(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file               string
		upos, uas, las, f1 float64
	}{
		{"en_ewt-test.conllu", 95, 80, 76, 0},        // measured 96.6, 82.3, 77.8
		{"en_gum-cc-by-test.conllu", 95, 81, 77, 70}, // measured 95.8, 83.3, 78.9, 77.9
	} {
		sc := p.Score(c.file, readSlice(t, c.file))
		t.Log(sc)
		if sc.UPOS < c.upos || sc.UAS < c.uas || sc.LAS < c.las || sc.EntityF1 < c.f1 {
			t.Errorf("%s: below UPOS %.0f, UAS %.0f, LAS %.0f, names F1 %.0f", sc, c.upos, c.uas, c.las, c.f1)
		}
	}
}

// Analyze on raw text: tokens, tags, names and, with Parse, a tree.
func TestAnalyze(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Senator Mark Warner criticized Facebook on Tuesday."
	s := p.Analyze(text)
	var words, tags []string
	for _, tk := range s.Tokens {
		words = append(words, text[tk.Start:tk.End])
		tags = append(tags, tk.UPOS)
	}
	if got := strings.Join(words, " "); got != "Senator Mark Warner criticized Facebook on Tuesday ." {
		t.Errorf("tokens %q", got)
	}
	if got := strings.Join(tags, " "); got != "PROPN PROPN PROPN VERB PROPN ADP PROPN PUNCT" {
		t.Errorf("tags %q", got)
	}
	var names []string
	for _, e := range s.Entities() {
		names = append(names, e.Type+":"+strings.Join(s.Words()[e.Start:e.End], " "))
	}
	if !strings.Contains(strings.Join(names, ","), "person:") {
		t.Errorf("no person among the names %v", names)
	}
	p.Parse(&s)
	roots := 0
	for i, tk := range s.Tokens {
		if tk.Head < 0 {
			roots++
			if tk.Text != "criticized" {
				t.Errorf("root %q, want criticized", tk.Text)
			}
		} else if tk.Head >= len(s.Tokens) || tk.Head == i {
			t.Errorf("token %d: head %d", i, tk.Head)
		}
	}
	if roots != 1 {
		t.Errorf("%d roots", roots)
	}
	if s.Tokens[4].Head != 3 || s.Tokens[4].Deprel != "obj" {
		t.Errorf("Facebook: head %d %s, want 3 obj", s.Tokens[4].Head, s.Tokens[4].Deprel)
	}
	if got := p.Analyze(""); len(got.Tokens) != 0 {
		t.Errorf("empty text gave %d tokens", len(got.Tokens))
	}
}

// Training on a slice runs the code path of scripts/train: the models it
// makes tag, parse and recognise better than chance, write and read back,
// and the same slice gives the same bytes.
func TestTrainSlice(t *testing.T) {
	opt := TrainOptions{UD: slices, TaggerIterations: 3, ParserIterations: 3, NERIterations: 3}
	models := func() (map[string][]byte, []Scores) {
		p, scores, err := Train(opt)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "models") // made by WriteModels
		if err := p.WriteModels(dir); err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, f := range []string{TaggerFile, ParserFile, RecognizerFile} {
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			out[f] = data
		}
		return out, scores
	}
	a, scores := models()
	for _, sc := range scores {
		t.Log(sc)
		if sc.UPOS < 75 || sc.UAS < 50 {
			t.Errorf("%s: a slice should teach more than this", sc)
		}
	}
	b, _ := models()
	for f := range a {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s: two trainings on the same slice differ", f)
		}
	}
	o, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tag.Read(unzstd(t, a[TaggerFile])); err != nil {
		t.Error(err)
	}
	if _, err := parse.Read(unzstd(t, a[ParserFile])); err != nil {
		t.Error(err)
	}
	if _, err := ner.Read(unzstd(t, a[RecognizerFile]), Gazetteer(o)); err != nil {
		t.Error(err)
	}
}

func unzstd(t *testing.T, data []byte) *bytes.Reader {
	t.Helper()
	out, err := decoder.DecodeAll(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(out)
}
