// Package tag assigns universal parts of speech (UPOS) with a greedy,
// left-to-right averaged perceptron (features after Collins 2002 and
// Honnibal's "A good POS tagger in about 200 lines"), trained from the
// English UD treebanks.
package tag

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
)

// Tagger tags sentences. It is safe for concurrent use.
type Tagger struct {
	tags  []string
	model *perceptron.Model
	// known maps frequent words that always take one tag to it.
	known map[string]int
	// classes maps words seen in training to the tags they took ("ADJ|NOUN").
	classes map[string]string
}

// Tag sets the UPOS of every token of s.
func (t *Tagger) Tag(s *nlp.Sentence) {
	words := normalized(s)
	scores := make([]float32, len(t.tags))
	feats := make([]uint64, 0, 32)
	p1, p2 := "-START-", "-START2-"
	for i := range s.Tokens {
		c, ok := t.known[words[i]]
		if !ok {
			feats = t.features(feats[:0], s, words, i, p1, p2)
			t.model.Scores(feats, scores)
			c = perceptron.Best(scores, nil)
		}
		s.Tokens[i].UPOS = t.tags[c]
		p2, p1 = p1, t.tags[c]
	}
}

// Options set how a tagger is trained.
type Options struct {
	Iterations int
	Seed       uint64
	// Progress, when set, is told after each pass over the data.
	Progress func(iteration int, accuracy float64)
}

// Train learns a tagger from tagged sentences. The same sentences and
// options give the same tagger.
func Train(sents []nlp.Sentence, opt Options) *Tagger {
	t := &Tagger{known: map[string]int{}, classes: map[string]string{}}
	t.tags = lo.Uniq(lo.FlatMap(sents, func(s nlp.Sentence, _ int) []string {
		return lo.Map(s.Tokens, func(tk nlp.Token, _ int) string { return tk.UPOS })
	}))
	slices.Sort(t.tags)
	index := map[string]int{}
	for c, tg := range t.tags {
		index[tg] = c
	}
	words := make([][]string, len(sents))
	counts := map[string]map[int]int{}
	for k := range sents {
		words[k] = normalized(&sents[k])
		for i, tk := range sents[k].Tokens {
			if counts[words[k][i]] == nil {
				counts[words[k][i]] = map[int]int{}
			}
			counts[words[k][i]][index[tk.UPOS]]++
		}
	}
	for w, byTag := range counts {
		n, top, best := 0, 0, -1
		for c, k := range byTag {
			n += k
			if k > top || k == top && c < best {
				top, best = k, c
			}
		}
		if n >= 20 && float64(top)/float64(n) >= 0.99 {
			t.known[w] = best
		}
		var class []string
		for c, k := range byTag {
			if float64(k) >= 0.05*float64(n) {
				class = append(class, t.tags[c])
			}
		}
		slices.Sort(class)
		if n >= 5 { // rarer words look unknown in training as they will in use
			t.classes[w] = strings.Join(class, "|")
		}
	}
	t.model = perceptron.New(len(t.tags))
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7a9))
	order := lo.Range(len(sents))
	scores := make([]float32, len(t.tags))
	var feats []uint64
	for it := range opt.Iterations {
		right, total := 0, 0
		for _, k := range order {
			s := &sents[k]
			p1, p2 := "-START-", "-START2-"
			for i, tk := range s.Tokens {
				truth := index[tk.UPOS]
				guess, ok := t.known[words[k][i]]
				if !ok {
					feats = t.features(feats[:0], s, words[k], i, p1, p2)
					t.model.Tick()
					t.model.Scores(feats, scores)
					guess = perceptron.Best(scores, nil)
					t.model.Update(feats, truth, guess)
				}
				if guess == truth {
					right++
				}
				total++
				p2, p1 = p1, t.tags[guess]
			}
		}
		if opt.Progress != nil {
			opt.Progress(it+1, float64(right)/float64(max(total, 1)))
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	t.model.Average(0.3)
	return t
}

// normalized are the words as features see them: lower case, with
// numbers, years and hyphenated words as classes.
func normalized(s *nlp.Sentence) []string {
	out := make([]string, len(s.Tokens))
	for i, tk := range s.Tokens {
		out[i] = Normalize(tk.Text)
	}
	return out
}

// Normalize is a word as the models' features see it.
func Normalize(w string) string {
	digits, letters := 0, 0
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
		}
	}
	switch {
	case digits == 4 && letters == 0 && len(w) == 4:
		return "!YEAR"
	case digits > 0 && letters == 0:
		return "!DIGITS"
	case strings.HasPrefix(w, "http") || strings.HasPrefix(w, "www."):
		return "!URL"
	case strings.Contains(w, "@") && letters > 0:
		return "!EMAIL"
	}
	return strings.ToLower(w)
}

// Shape maps letters to X and x, digits to d, and squeezes repeats
// beyond two: "McCain" → "XxXxx", "2004" → "dd".
func Shape(w string) string {
	var b strings.Builder
	var last rune
	run := 0
	for _, r := range w {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c == last {
			run++
			if run >= 2 {
				continue
			}
		} else {
			run = 0
		}
		last = c
		b.WriteRune(c)
	}
	return b.String()
}

func suffix(w string, n int) string {
	if utf8.RuneCountInString(w) <= n {
		return w
	}
	r := []rune(w)
	return string(r[len(r)-n:])
}

func prefix(w string, n int) string {
	r := []rune(w)
	if len(r) <= n {
		return w
	}
	return string(r[:n])
}

const (
	fBias = iota
	fSuffix3
	fSuffix2
	fPrefix1
	fPrev
	fPrev2
	fPrevPair
	fWord
	fPrevWord
	fPrevTagWord
	fPrevWordSuffix
	fPrev2Word
	fNextWord
	fNextSuffix
	fNext2Word
	fShape
	fNextShape
	fPrevShape
	fFirstCap
	fBigram
	fNextBigram
	fClass
	fNextClass
	fNext2Class
	fPrevTagClass
	fSuffix4
)

func (t *Tagger) features(f []uint64, s *nlp.Sentence, w []string, i int, p1, p2 string) []uint64 {
	class := func(k int) string {
		if k < 0 || k >= len(w) {
			return "-"
		}
		if c, ok := t.classes[w[k]]; ok {
			return c
		}
		return "?"
	}
	at := func(k int) string {
		switch {
		case k < 0:
			return "-START-"
		case k >= len(w):
			return "-END-"
		}
		return w[k]
	}
	raw := func(k int) string {
		if k < 0 || k >= len(w) {
			return ""
		}
		return s.Tokens[k].Text
	}
	T := perceptron.Template
	word := w[i]
	f = append(f,
		uint64(T(fBias)),
		uint64(T(fSuffix3).S(suffix(word, 3))),
		uint64(T(fSuffix2).S(suffix(word, 2))),
		uint64(T(fPrefix1).S(prefix(word, 1))),
		uint64(T(fPrev).S(p1)),
		uint64(T(fPrev2).S(p2)),
		uint64(T(fPrevPair).S(p1).S(p2)),
		uint64(T(fWord).S(word)),
		uint64(T(fPrevWord).S(at(i-1))),
		uint64(T(fPrevTagWord).S(p1).S(word)),
		uint64(T(fPrevWordSuffix).S(suffix(at(i-1), 3))),
		uint64(T(fPrev2Word).S(at(i-2))),
		uint64(T(fNextWord).S(at(i+1))),
		uint64(T(fNextSuffix).S(suffix(at(i+1), 3))),
		uint64(T(fNext2Word).S(at(i+2))),
		uint64(T(fShape).S(Shape(raw(i)))),
		uint64(T(fNextShape).S(Shape(raw(i+1)))),
		uint64(T(fPrevShape).S(Shape(raw(i-1)))),
		uint64(T(fFirstCap).N(lo.Ternary(i == 0, 1, 0)).S(Shape(prefix(raw(i), 1)))),
		uint64(T(fBigram).S(at(i-1)).S(word)),
		uint64(T(fNextBigram).S(word).S(at(i+1))),
		uint64(T(fClass).S(class(i))),
		uint64(T(fNextClass).S(class(i+1))),
		uint64(T(fNext2Class).S(class(i+2))),
		uint64(T(fPrevTagClass).S(p1).S(class(i)).S(class(i+1))),
		uint64(T(fSuffix4).S(suffix(word, 4))),
	)
	return f
}

// Write saves the tagger.
func (t *Tagger) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if err := perceptron.WriteStrings(bw, t.tags); err != nil {
		return err
	}
	known := lo.Keys(t.known)
	slices.Sort(known)
	pairs := make([]string, 0, 2*len(known))
	for _, k := range known {
		pairs = append(pairs, k, t.tags[t.known[k]])
	}
	if err := perceptron.WriteStrings(bw, pairs); err != nil {
		return err
	}
	words := lo.Keys(t.classes)
	slices.Sort(words)
	pairs = pairs[:0]
	for _, k := range words {
		pairs = append(pairs, k, t.classes[k])
	}
	if err := perceptron.WriteStrings(bw, pairs); err != nil {
		return err
	}
	if err := t.model.Write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// Read loads a tagger saved by Write.
func Read(r io.Reader) (*Tagger, error) {
	br := bufio.NewReader(r)
	t := &Tagger{known: map[string]int{}, classes: map[string]string{}}
	var err error
	if t.tags, err = perceptron.ReadStrings(br); err != nil {
		return nil, fmt.Errorf("tag: read tags: %w", err)
	}
	pairs, err := perceptron.ReadStrings(br)
	if err != nil || len(pairs)%2 != 0 {
		return nil, errors.New("tag: read the word list")
	}
	for k := 0; k < len(pairs); k += 2 {
		c := slices.Index(t.tags, pairs[k+1])
		if c < 0 {
			return nil, fmt.Errorf("tag: unknown tag %q", pairs[k+1])
		}
		t.known[pairs[k]] = c
	}
	if pairs, err = perceptron.ReadStrings(br); err != nil || len(pairs)%2 != 0 {
		return nil, errors.New("tag: read the word classes")
	}
	for k := 0; k < len(pairs); k += 2 {
		t.classes[pairs[k]] = pairs[k+1]
	}
	if t.model, err = perceptron.Read(br); err != nil {
		return nil, err
	}
	if t.model.Classes != len(t.tags) {
		return nil, errors.New("tag: model and tag list disagree")
	}
	return t, nil
}

// Model is the tagger's perceptron, for inspection.
func (t *Tagger) Model() *perceptron.Model { return t.model }
