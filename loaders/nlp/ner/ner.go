// Package ner finds the names of people, organizations and places in a
// tagged sentence: a greedy left-to-right averaged perceptron over BIO
// tags, with word, shape, part-of-speech, context and gazetteer features,
// trained from GUM's named mentions.
package ner

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/loaders/nlp"
	"github.com/newsgraph/graph/loaders/nlp/perceptron"
	"github.com/newsgraph/graph/loaders/nlp/tag"
)

// Gazetteer says what a word is known as ("given" name, "place", a
// "common" word …), or "" when it is not listed. The same gazetteer must
// serve training and use.
type Gazetteer func(word string) string

// Recognizer tags names. It is safe for concurrent use.
type Recognizer struct {
	tags  []string // tags[0] is "O"
	model *perceptron.Model
	gaz   Gazetteer
}

// Recognize sets the Entity tag of every token of s, which must be tagged.
func (r *Recognizer) Recognize(s *nlp.Sentence) {
	words := lo.Map(s.Tokens, func(t nlp.Token, _ int) string { return tag.Normalize(t.Text) })
	scores := make([]float32, len(r.tags))
	var feats []uint64
	p1, p2 := "O", "O"
	for i := range s.Tokens {
		c := 0
		if !outside(s.Tokens[i].Text) {
			feats = r.features(feats[:0], s, words, i, p1, p2)
			r.model.Scores(feats, scores)
			c = perceptron.Best(scores, func(c int) bool { return r.allowed(p1, c) })
		}
		s.Tokens[i].Entity = r.tags[c]
		p2, p1 = p1, r.tags[c]
	}
}

// joiners are the lower-case words and marks that can stand inside a name
// ("Bank of England", "Procter & Gamble").
var joiners = map[string]bool{"of": true, "the": true, "and": true, "&": true, "-": true, "de": true, "du": true,
	"la": true, "le": true, "von": true, "van": true, "der": true, "da": true, "del": true, "al": true, "bin": true,
	"for": true, "on": true, "in": true, "at": true, ".": true, "'s": true}

// outside reports whether a token is outside every name by its form: a
// word starting with a lower-case letter, or a mark, that names never
// hold. Such tokens are not scored, in training or in use: most of a
// sentence is, and this makes recognition several times faster.
func outside(w string) bool {
	if joiners[w] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r) || unicode.IsPunct(r) && r != '&' && r != '-'
}

// allowed keeps I-X after B-X or I-X only.
func (r *Recognizer) allowed(prev string, c int) bool {
	t := r.tags[c]
	if !strings.HasPrefix(t, "I-") {
		return true
	}
	return len(prev) > 2 && prev[2:] == t[2:]
}

// Options set how a recogniser is trained.
type Options struct {
	Iterations int
	Seed       uint64
	Gazetteer  Gazetteer
}

// Train learns a recogniser from tagged sentences with entity tags.
func Train(sents []nlp.Sentence, opt Options) *Recognizer {
	r := &Recognizer{tags: []string{"O"}, gaz: opt.Gazetteer}
	for _, s := range sents {
		for _, t := range s.Tokens {
			if t.Entity != "O" && t.Entity != "" {
				r.tags = append(r.tags, t.Entity)
			}
		}
	}
	r.tags = lo.Uniq(r.tags)
	slices.Sort(r.tags[1:])
	index := map[string]int{}
	for c, t := range r.tags {
		index[t] = c
	}
	r.model = perceptron.New(len(r.tags))
	rng := rand.New(rand.NewPCG(opt.Seed, 0x3e1))
	order := lo.Range(len(sents))
	scores := make([]float32, len(r.tags))
	var feats []uint64
	for range opt.Iterations {
		for _, k := range order {
			s := &sents[k]
			words := lo.Map(s.Tokens, func(t nlp.Token, _ int) string { return tag.Normalize(t.Text) })
			p1, p2 := "O", "O"
			for i, tk := range s.Tokens {
				if outside(tk.Text) {
					p2, p1 = p1, "O"
					continue
				}
				feats = r.features(feats[:0], s, words, i, p1, p2)
				r.model.Tick()
				r.model.Scores(feats, scores)
				guess := perceptron.Best(scores, func(c int) bool { return r.allowed(p1, c) })
				r.model.Update(feats, index[lo.CoalesceOrEmpty(tk.Entity, "O")], guess)
				p2, p1 = p1, r.tags[guess]
			}
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	r.model.Average(0.3)
	return r
}

func (r *Recognizer) features(f []uint64, s *nlp.Sentence, w []string, i int, p1, p2 string) []uint64 {
	T := perceptron.Template
	at := func(k int) (word, raw, pos, gaz string) {
		if k < 0 || k >= len(w) {
			return "-EDGE-", "", "-EDGE-", ""
		}
		g := ""
		if r.gaz != nil {
			g = r.gaz(s.Tokens[k].Text)
		}
		return w[k], s.Tokens[k].Text, s.Tokens[k].UPOS, g
	}
	w0, raw0, p0, g0 := at(i)
	wm1, rawm1, pm1, gm1 := at(i - 1)
	wp1, rawp1, pp1, gp1 := at(i + 1)
	wm2, _, pm2, _ := at(i - 2)
	wp2, _, pp2, _ := at(i + 2)
	sh0, shm1, shp1 := tag.Shape(raw0), tag.Shape(rawm1), tag.Shape(rawp1)
	first := lo.Ternary(i == 0, 1, 0)
	low := strings.ToLower(raw0)
	f = append(f,
		uint64(T(0)),
		uint64(T(1).S(w0)), uint64(T(2).S(p0)), uint64(T(3).S(sh0)), uint64(T(4).S(g0)),
		uint64(T(5).S(suffix(low, 3))), uint64(T(6).S(prefix(low, 3))),
		uint64(T(7).S(wm1)), uint64(T(8).S(pm1)), uint64(T(9).S(shm1)), uint64(T(10).S(gm1)),
		uint64(T(11).S(wp1)), uint64(T(12).S(pp1)), uint64(T(13).S(shp1)), uint64(T(14).S(gp1)),
		uint64(T(15).S(wm2)), uint64(T(16).S(wp2)), uint64(T(17).S(pm2).S(pp2)),
		uint64(T(18).S(p1)), uint64(T(19).S(p1).S(p2)), uint64(T(20).S(p1).S(w0)), uint64(T(21).S(p1).S(sh0)),
		uint64(T(22).S(wm1).S(w0)), uint64(T(23).S(w0).S(wp1)),
		uint64(T(24).S(pm1).S(p0).S(pp1)),
		uint64(T(25).S(sh0).N(first)), uint64(T(26).S(g0).S(gp1)), uint64(T(27).S(gm1).S(g0)),
		uint64(T(28).S(p1).S(g0).S(sh0)),
		uint64(T(29).S(raw0)),
		uint64(T(30).S(suffix(low, 2)).S(sh0)),
	)
	return f
}

func suffix(w string, n int) string {
	r := []rune(w)
	if len(r) <= n {
		return w
	}
	return string(r[len(r)-n:])
}

func prefix(w string, n int) string {
	r := []rune(w)
	if len(r) <= n {
		return w
	}
	return string(r[:n])
}

// Write saves the recogniser (not its gazetteer).
func (r *Recognizer) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if err := perceptron.WriteStrings(bw, r.tags); err != nil {
		return err
	}
	if err := r.model.Write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// Read loads a recogniser saved by Write, to use with gaz, the gazetteer
// it was trained with.
func Read(rd io.Reader, gaz Gazetteer) (*Recognizer, error) {
	br := bufio.NewReader(rd)
	r := &Recognizer{gaz: gaz}
	var err error
	if r.tags, err = perceptron.ReadStrings(br); err != nil {
		return nil, fmt.Errorf("ner: read tags: %w", err)
	}
	if r.model, err = perceptron.Read(br); err != nil {
		return nil, err
	}
	if r.model.Classes != len(r.tags) || len(r.tags) == 0 || r.tags[0] != "O" {
		return nil, errors.New("ner: model and tags disagree")
	}
	return r, nil
}

// Model is the recogniser's perceptron, for inspection.
func (r *Recognizer) Model() *perceptron.Model { return r.model }
