// Package parse finds the dependency tree of a tagged sentence with a
// greedy arc-hybrid transition parser: an averaged perceptron chooses the
// moves, trained with a dynamic oracle (Goldberg & Nivre 2013) so that it
// learns to recover from its own mistakes, and a second perceptron labels
// each arc when it is made, when the dependent's own subtree is complete.
package parse

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/loaders/nlp"
	"github.com/newsgraph/graph/loaders/nlp/perceptron"
	"github.com/newsgraph/graph/loaders/nlp/tag"
)

// The moves of the arc-hybrid system.
const (
	shift = iota // push the front of the buffer
	right        // pop s0, attach it to s1
	left         // pop s0, attach it to the front of the buffer
	moves
)

// Parser parses sentences. It is safe for concurrent use.
type Parser struct {
	labels []string // the dependency relations; labels[0] is "root"
	moves  *perceptron.Model
	label  *perceptron.Model
}

// state is a parse under way. Words are 0…n-1; n is the root.
type state struct {
	n     int
	words []string // normalized, with the root's
	tags  []string
	// wordH, tagH and sufH are the hashes of the words, tags and the
	// words' last three bytes, for features.
	wordH, tagH, sufH []uint64
	stack             []int
	i                 int // front of the buffer
	heads             []int
	labels            []int
	lefts             [][]int // children left of each word, nearest last
	rights            [][]int // children right of each word, nearest last
}

func newState(s *nlp.Sentence) *state {
	n := len(s.Tokens)
	st := &state{n: n, words: make([]string, n+1), tags: make([]string, n+1),
		heads: make([]int, n+1), labels: make([]int, n+1), lefts: make([][]int, n+1), rights: make([][]int, n+1)}
	for k, t := range s.Tokens {
		st.words[k], st.tags[k] = tag.Normalize(t.Text), t.UPOS
		st.heads[k] = -1
	}
	st.words[n], st.tags[n], st.heads[n] = "-ROOT-", "ROOT", -1
	st.wordH, st.tagH, st.sufH = make([]uint64, n+1), make([]uint64, n+1), make([]uint64, n+1)
	for k := range n + 1 {
		st.wordH[k], st.tagH[k], st.sufH[k] = perceptron.Of(st.words[k]), perceptron.Of(st.tags[k]), perceptron.Of(suffix(st.words[k]))
	}
	return st
}

func (st *state) done() bool { return len(st.stack) == 0 && st.i >= st.n }

func (st *state) valid(m int) bool {
	switch m {
	case shift:
		return st.i < st.n
	case right:
		return len(st.stack) >= 2
	case left:
		return len(st.stack) >= 1
	}
	return false
}

// arc is the head and dependent a move attaches; ok is false for shift.
func (st *state) arc(m int) (head, dep int, ok bool) {
	switch m {
	case right:
		return st.stack[len(st.stack)-2], st.stack[len(st.stack)-1], true
	case left:
		return st.i, st.stack[len(st.stack)-1], true
	}
	return 0, 0, false
}

func (st *state) apply(m, label int) {
	if m == shift {
		st.stack = append(st.stack, st.i)
		st.i++
		return
	}
	h, d, _ := st.arc(m)
	st.stack = st.stack[:len(st.stack)-1]
	st.heads[d], st.labels[d] = h, label
	if d < h {
		st.lefts[h] = append(st.lefts[h], d)
	} else {
		st.rights[h] = append(st.rights[h], d)
	}
}

// zeroCost marks the moves after which the gold tree (gold heads, the
// root's words headed by n) is still reachable as far as it was.
func (st *state) zeroCost(gold []int, out *[moves]bool) {
	for m := range moves {
		out[m] = st.valid(m)
	}
	if len(st.stack) == 0 {
		return
	}
	s0 := st.stack[len(st.stack)-1]
	if out[shift] && gold[st.i] == s0 {
		out[right], out[left] = false, false
		return
	}
	if gold[s0] == st.i {
		out[shift], out[right] = false, false
		return
	}
	if len(st.stack) >= 2 && gold[s0] == st.stack[len(st.stack)-2] {
		out[left] = false
	}
	if out[shift] {
		for _, w := range st.stack {
			if gold[w] == st.i || gold[st.i] == w {
				out[shift] = false
				break
			}
		}
	}
	for w := st.i + 1; w <= st.n; w++ {
		if gold[w] == s0 || gold[s0] == w {
			out[left], out[right] = false, false
			break
		}
	}
}

// Parse sets the head and relation of every token of s, which must be
// tagged. Every token gets a head; exactly one is the root.
func (p *Parser) Parse(s *nlp.Sentence) {
	if len(s.Tokens) == 0 {
		return
	}
	st := newState(s)
	scores := make([]float32, moves)
	lscores := make([]float32, len(p.labels))
	var feats []uint64
	for !st.done() {
		feats = st.features(feats[:0])
		p.moves.Scores(feats, scores)
		m := perceptron.Best(scores, st.valid)
		st.apply(m, p.chooseLabel(st, m, &feats, lscores))
	}
	p.finish(st, s)
}

func (p *Parser) chooseLabel(st *state, m int, feats *[]uint64, scores []float32) int {
	h, d, ok := st.arc(m)
	if !ok {
		return 0
	}
	if h == st.n {
		return 0 // root
	}
	*feats = st.labelFeatures((*feats)[:0], h, d)
	p.label.Scores(*feats, scores)
	return perceptron.Best(scores, func(c int) bool { return c != 0 })
}

// finish copies the tree into s, keeping one root: the first word
// attached to the root stays, the others hang from it.
func (p *Parser) finish(st *state, s *nlp.Sentence) {
	root := -1
	for k := range s.Tokens {
		if st.heads[k] == st.n && root < 0 {
			root = k
		}
	}
	for k := range s.Tokens {
		h, l := st.heads[k], p.labels[st.labels[k]]
		switch {
		case h == st.n && k == root:
			h, l = -1, "root"
		case h == st.n:
			h, l = root, "parataxis"
		}
		s.Tokens[k].Head, s.Tokens[k].Deprel = h, l
	}
}

// Options set how a parser is trained.
type Options struct {
	Iterations int
	Seed       uint64
	// Explore is the pass from which training follows the parser's own
	// moves, mistakes included, rather than the oracle's (0 = from the first).
	Explore  int
	Progress func(iteration int, uas float64)
}

// Train learns a parser from tagged, parsed sentences (tags as the tagger
// will give them, for the parser to learn from its errors too).
func Train(sents []nlp.Sentence, opt Options) *Parser {
	p := &Parser{}
	var seen []string
	for _, s := range sents {
		for _, t := range s.Tokens {
			seen = append(seen, t.Deprel)
		}
	}
	var index map[string]int
	p.labels, index = perceptron.Classes("root", seen)
	p.moves, p.label = perceptron.New(moves), perceptron.New(len(p.labels))
	rng := rand.New(rand.NewPCG(opt.Seed, 0x9a2))
	order := lo.Range(len(sents))
	scores := make([]float32, moves)
	lscores := make([]float32, len(p.labels))
	var feats, lfeats []uint64
	var zero [moves]bool
	for it := range opt.Iterations {
		right, total := 0, 0
		for _, k := range order {
			s := &sents[k]
			st := newState(s)
			gold := make([]int, st.n+1)
			for w, t := range s.Tokens {
				gold[w] = lo.Ternary(t.Head < 0, st.n, t.Head)
			}
			gold[st.n] = -1
			for !st.done() {
				feats = st.features(feats[:0])
				p.moves.Tick()
				p.moves.Scores(feats, scores)
				guess := perceptron.Best(scores, st.valid)
				st.zeroCost(gold, &zero)
				if !zero[guess] {
					best := perceptron.Best(scores, func(m int) bool { return zero[m] })
					if best >= 0 {
						p.moves.Update(feats, best, guess)
						if it < opt.Explore {
							guess = best
						}
					}
				}
				l := 0
				if h, d, ok := st.arc(guess); ok && h != st.n {
					lfeats = st.labelFeatures(lfeats[:0], h, d)
					p.label.Tick()
					p.label.Scores(lfeats, lscores)
					l = perceptron.Best(lscores, func(c int) bool { return c != 0 })
					if gold[d] == h {
						p.label.Update(lfeats, index[s.Tokens[d].Deprel], l)
					}
				}
				st.apply(guess, l)
			}
			for w := range s.Tokens {
				if st.heads[w] == gold[w] {
					right++
				}
				total++
			}
		}
		if opt.Progress != nil {
			opt.Progress(it+1, float64(right)/float64(max(total, 1)))
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	p.moves.Average(1)
	p.label.Average(0.5)
	return p
}

// Write saves the parser.
func (p *Parser) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if err := perceptron.WriteStrings(bw, p.labels); err != nil {
		return err
	}
	if err := p.moves.Write(bw); err != nil {
		return err
	}
	if err := p.label.Write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// Read loads a parser saved by Write.
func Read(r io.Reader) (*Parser, error) {
	br := bufio.NewReader(r)
	p := &Parser{}
	var err error
	if p.labels, err = perceptron.ReadStrings(br); err != nil {
		return nil, fmt.Errorf("parse: read labels: %w", err)
	}
	if p.moves, err = perceptron.Read(br); err != nil {
		return nil, err
	}
	if p.label, err = perceptron.Read(br); err != nil {
		return nil, err
	}
	if p.moves.Classes != moves || p.label.Classes != len(p.labels) || len(p.labels) == 0 || p.labels[0] != "root" {
		return nil, errors.New("parse: model and labels disagree")
	}
	return p, nil
}
