package english

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/zstd"

	"github.com/newsgraph/graph/loaders/nlp"
	"github.com/newsgraph/graph/loaders/nlp/ner"
	"github.com/newsgraph/graph/loaders/nlp/parse"
	"github.com/newsgraph/graph/loaders/nlp/tag"
	"github.com/newsgraph/graph/schema"
)

// TrainOptions set what Train reads and how long it learns.
type TrainOptions struct {
	// UD is the folder of the treebanks (../shared/corpora/ud).
	UD string
	// TaggerIterations, ParserIterations and NERIterations are passes
	// over the training data.
	TaggerIterations, ParserIterations, NERIterations int
	// Limit, when above zero, keeps only the first Limit sentences of
	// each file: a test trains on a slice this way.
	Limit int
	// Log, when set, is told what is being trained.
	Log io.Writer
}

// DefaultTrainOptions are the options the shipped models were trained with.
func DefaultTrainOptions(ud string) TrainOptions {
	return TrainOptions{UD: ud, TaggerIterations: 8, ParserIterations: 15, NERIterations: 10}
}

// Scores are the standard measures on one held-out file.
type Scores struct {
	File           string
	Tokens         int
	UPOS, UAS, LAS float64 // percent over all tokens, punctuation included
	// EntityP, EntityR and EntityF1 are exact-span, typed named-entity
	// scores (GUM files only; NaN elsewhere).
	Entities                   int
	EntityP, EntityR, EntityF1 float64
}

func (s Scores) String() string {
	out := fmt.Sprintf("%-26s tokens %6d  UPOS %.2f  UAS %.2f  LAS %.2f", s.File, s.Tokens, s.UPOS, s.UAS, s.LAS)
	if s.Entities > 0 {
		out += fmt.Sprintf("  entities %d P %.2f R %.2f F1 %.2f", s.Entities, s.EntityP, s.EntityR, s.EntityF1)
	}
	return out
}

// Train learns the tagger and parser from EWT's and GUM's training files
// and the recogniser from GUM's, and scores them on the test files. The
// same treebanks and options give the same models.
func Train(opt TrainOptions) (*Pipeline, []Scores, error) {
	o, err := schema.Default()
	if err != nil {
		return nil, nil, err
	}
	logf := func(format string, a ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", a...)
		}
	}
	read := func(name string) ([]nlp.Sentence, error) {
		tb, err := nlp.ReadTreebank(filepath.Join(opt.UD, name))
		if err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
		if opt.Limit > 0 && len(tb.Sentences) > opt.Limit {
			return tb.Sentences[:opt.Limit], nil
		}
		return tb.Sentences, nil
	}
	ewt, err := read("en_ewt-train.conllu")
	if err != nil {
		return nil, nil, err
	}
	gum, err := read("en_gum-cc-by-train.conllu")
	if err != nil {
		return nil, nil, err
	}
	train := append(append([]nlp.Sentence(nil), ewt...), gum...)

	p := &Pipeline{}
	logf("tagger: %d sentences, %d passes", len(train), opt.TaggerIterations)
	p.Tagger = tag.Train(train, tag.Options{Iterations: opt.TaggerIterations, Seed: 1})
	// The parser and recogniser learn from tags as the tagger gives them:
	// each quarter of the data tagged by a tagger trained on the rest.
	logf("tagging the training data four ways (jackknife)")
	tagged := jackknife(train, 4, opt.TaggerIterations)
	logf("parser: %d passes", opt.ParserIterations)
	p.Parser = parse.Train(tagged, parse.Options{Iterations: opt.ParserIterations, Explore: 1, Seed: 1})
	logf("recogniser: %d GUM sentences, %d passes", len(gum), opt.NERIterations)
	p.Recognizer = ner.Train(tagged[len(ewt):], ner.Options{Iterations: opt.NERIterations, Seed: 1, Gazetteer: Gazetteer(o)})

	var scores []Scores
	for _, name := range []string{"en_ewt-test.conllu", "en_gum-cc-by-test.conllu"} {
		gold, err := read(name)
		if err != nil {
			return nil, nil, err
		}
		scores = append(scores, p.Score(name, gold))
	}
	return p, scores, nil
}

// Score analyses the gold sentences' tokens and measures the result.
func (p *Pipeline) Score(name string, gold []nlp.Sentence) Scores {
	sc := Scores{File: name}
	var upos, uas, las, found, want, right int
	for _, g := range gold {
		s := nlp.Sentence{Tokens: make([]nlp.Token, len(g.Tokens))}
		for i, t := range g.Tokens {
			s.Tokens[i] = nlp.Token{Text: t.Text, SpaceAfter: t.SpaceAfter}
		}
		p.Annotate(&s)
		for i, t := range g.Tokens {
			sc.Tokens++
			if s.Tokens[i].UPOS == t.UPOS {
				upos++
			}
			if s.Tokens[i].Head == t.Head {
				uas++
				if s.Tokens[i].Deprel == t.Deprel {
					las++
				}
			}
		}
		gs, ps := g.Entities(), s.Entities()
		want += len(gs)
		found += len(ps)
		for _, e := range ps {
			for _, x := range gs {
				if e == x {
					right++
				}
			}
		}
	}
	pc := func(k, n int) float64 { return 100 * float64(k) / float64(max(n, 1)) }
	sc.UPOS, sc.UAS, sc.LAS = pc(upos, sc.Tokens), pc(uas, sc.Tokens), pc(las, sc.Tokens)
	sc.Entities = want
	if want > 0 {
		sc.EntityP, sc.EntityR = pc(right, found), pc(right, want)
		if sc.EntityP+sc.EntityR > 0 {
			sc.EntityF1 = 2 * sc.EntityP * sc.EntityR / (sc.EntityP + sc.EntityR)
		}
	}
	return sc
}

// jackknife tags each of k folds of sents with a tagger trained on the
// others.
func jackknife(sents []nlp.Sentence, k, iters int) []nlp.Sentence {
	out := make([]nlp.Sentence, len(sents))
	for fold := range k {
		var rest []nlp.Sentence
		for i, s := range sents {
			if i%k != fold {
				rest = append(rest, s)
			}
		}
		tg := tag.Train(rest, tag.Options{Iterations: iters, Seed: 1})
		for i, s := range sents {
			if i%k == fold {
				c := nlp.Sentence{Tokens: append([]nlp.Token(nil), s.Tokens...)}
				tg.Tag(&c)
				out[i] = c
			}
		}
	}
	return out
}

// WriteModels saves the three models, zstd-compressed, into dir, made if
// missing. The same models give the same bytes.
func (p *Pipeline) WriteModels(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return err
	}
	defer enc.Close()
	for _, m := range []struct {
		name  string
		write func(io.Writer) error
	}{{TaggerFile, p.Tagger.Write}, {ParserFile, p.Parser.Write}, {RecognizerFile, p.Recognizer.Write}} {
		var raw bytes.Buffer
		if err := m.write(&raw); err != nil {
			return fmt.Errorf("train: %s: %w", m.name, err)
		}
		path := filepath.Join(dir, m.name)
		if err := writeAtomic(path, enc.EncodeAll(raw.Bytes(), nil)); err != nil {
			return fmt.Errorf("train: write %s: %w", path, err)
		}
	}
	return nil
}

// writeAtomic writes a file whole or not at all.
func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
