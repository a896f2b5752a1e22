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
	// tagHash holds the hash of each tag, for the features of the next token.
	tagHash []uint64
}

// Recognize sets the Entity tag of every token of s, which must be tagged.
func (r *Recognizer) Recognize(s *nlp.Sentence) { r.RecognizeWords(s, tag.Normalized(s)) }

// RecognizeWords is Recognize with the sentence's words already
// normalized, as tag.Normalized gives them.
func (r *Recognizer) RecognizeWords(s *nlp.Sentence, words []string) {
	h := r.hashes(s, words)
	scores := make([]float32, len(r.tags))
	var feats []uint64
	prev, p1, p2 := 0, r.tagHash[0], r.tagHash[0]
	for i := range s.Tokens {
		c := 0
		if !outside(s.Tokens[i].Text) {
			feats = r.features(feats[:0], h, i, p1, p2)
			r.model.Scores(feats, scores)
			c = perceptron.Best(scores, func(c int) bool { return r.allowed(prev, c) })
		}
		s.Tokens[i].Entity = r.tags[c]
		prev, p2, p1 = c, p1, r.tagHash[c]
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
func (r *Recognizer) allowed(prev, c int) bool {
	t, p := r.tags[c], r.tags[prev]
	if !strings.HasPrefix(t, "I-") {
		return true
	}
	return len(p) > 2 && p[2:] == t[2:]
}

// Options set how a recogniser is trained.
type Options struct {
	Iterations int
	Seed       uint64
	Gazetteer  Gazetteer
}

// Train learns a recogniser from tagged sentences with entity tags.
func Train(sents []nlp.Sentence, opt Options) *Recognizer {
	r := &Recognizer{gaz: opt.Gazetteer}
	var seen []string
	for _, s := range sents {
		for _, t := range s.Tokens {
			if t.Entity != "" {
				seen = append(seen, t.Entity)
			}
		}
	}
	var index map[string]int
	r.tags, index = perceptron.Classes("O", seen)
	r.tagHash = lo.Map(r.tags, func(x string, _ int) uint64 { return perceptron.Of(x) })
	r.model = perceptron.New(len(r.tags))
	rng := rand.New(rand.NewPCG(opt.Seed, 0x3e1))
	order := lo.Range(len(sents))
	scores := make([]float32, len(r.tags))
	var feats []uint64
	for range opt.Iterations {
		for _, k := range order {
			s := &sents[k]
			h := r.hashes(s, tag.Normalized(s))
			prev, p1, p2 := 0, r.tagHash[0], r.tagHash[0]
			for i, tk := range s.Tokens {
				if outside(tk.Text) {
					prev, p2, p1 = 0, p1, r.tagHash[0]
					continue
				}
				feats = r.features(feats[:0], h, i, p1, p2)
				r.model.Tick()
				r.model.Scores(feats, scores)
				guess := perceptron.Best(scores, func(c int) bool { return r.allowed(prev, c) })
				r.model.Update(feats, index[lo.CoalesceOrEmpty(tk.Entity, "O")], guess)
				prev, p2, p1 = guess, p1, r.tagHash[guess]
			}
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	r.model.Average(0.3)
	return r
}

// tokenHashes are the hashed values of a token that features use, each
// computed once per sentence.
type tokenHashes struct {
	word, raw, pos, gaz, shape, suf3, pre3, suf2 uint64
}

var edge = tokenHashes{word: perceptron.Of("-EDGE-"), raw: perceptron.Of(""), pos: perceptron.Of("-EDGE-"),
	gaz: perceptron.Of(""), shape: perceptron.Of("")}

// hashes computes the token hashes of a sentence with two edge entries on
// each side: token i is at i+2. Tokens outside every name are hashed only
// as context.
func (r *Recognizer) hashes(s *nlp.Sentence, w []string) []tokenHashes {
	out := make([]tokenHashes, len(w)+4)
	out[0], out[1], out[len(w)+2], out[len(w)+3] = edge, edge, edge, edge
	for k, word := range w {
		raw := s.Tokens[k].Text
		g := ""
		if r.gaz != nil {
			g = r.gaz(raw)
		}
		h := tokenHashes{word: perceptron.Of(word), raw: perceptron.Of(raw), pos: perceptron.Of(s.Tokens[k].UPOS),
			gaz: perceptron.Of(g), shape: tag.ShapeHash(raw)}
		if !outside(raw) {
			low := strings.ToLower(raw)
			h.suf3, h.pre3, h.suf2 = perceptron.Of(tag.Suffix(low, 3)), perceptron.Of(tag.Prefix(low, 3)), perceptron.Of(tag.Suffix(low, 2))
		}
		out[k+2] = h
	}
	return out
}

func (r *Recognizer) features(f []uint64, h []tokenHashes, i int, p1, p2 uint64) []uint64 {
	T := perceptron.Template
	c, m1, p1t, m2, p2t := &h[i+2], &h[i+1], &h[i+3], &h[i], &h[i+4]
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	f = append(f,
		uint64(T(0)),
		uint64(T(1).H(c.word)), uint64(T(2).H(c.pos)), uint64(T(3).H(c.shape)), uint64(T(4).H(c.gaz)),
		uint64(T(5).H(c.suf3)), uint64(T(6).H(c.pre3)),
		uint64(T(7).H(m1.word)), uint64(T(8).H(m1.pos)), uint64(T(9).H(m1.shape)), uint64(T(10).H(m1.gaz)),
		uint64(T(11).H(p1t.word)), uint64(T(12).H(p1t.pos)), uint64(T(13).H(p1t.shape)), uint64(T(14).H(p1t.gaz)),
		uint64(T(15).H(m2.word)), uint64(T(16).H(p2t.word)), uint64(T(17).H(m2.pos).H(p2t.pos)),
		uint64(T(18).H(p1)), uint64(T(19).H(p1).H(p2)), uint64(T(20).H(p1).H(c.word)), uint64(T(21).H(p1).H(c.shape)),
		uint64(T(22).H(m1.word).H(c.word)), uint64(T(23).H(c.word).H(p1t.word)),
		uint64(T(24).H(m1.pos).H(c.pos).H(p1t.pos)),
		uint64(T(25).H(c.shape).H(first)), uint64(T(26).H(c.gaz).H(p1t.gaz)), uint64(T(27).H(m1.gaz).H(c.gaz)),
		uint64(T(28).H(p1).H(c.gaz).H(c.shape)),
		uint64(T(29).H(c.raw)),
		uint64(T(30).H(c.suf2).H(c.shape)),
	)
	return f
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
	r.tagHash = lo.Map(r.tags, func(x string, _ int) uint64 { return perceptron.Of(x) })
	return r, nil
}
