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
	// tagHash holds the hash of each tag, for the features of the next word.
	tagHash []uint64
	// words holds known and classes in one map, the class hashed: a word
	// is looked up once.
	words map[string]wordInfo
}

// wordInfo is what the tagger knows of a word seen in training.
type wordInfo struct {
	known int    // the one tag it takes (known), or -1
	class uint64 // the hash of its class, or of "?"
}

var unknownClass = perceptron.Of("?")

// index builds words from known and classes.
func (t *Tagger) index() {
	t.words = make(map[string]wordInfo, len(t.classes)+len(t.known))
	for w, c := range t.classes {
		t.words[w] = wordInfo{known: -1, class: perceptron.Of(c)}
	}
	for w, c := range t.known {
		info, ok := t.words[w]
		if !ok {
			info.class = unknownClass
		}
		info.known = c
		t.words[w] = info
	}
}

// Tag sets the UPOS of every token of s.
func (t *Tagger) Tag(s *nlp.Sentence) { t.TagWords(s, Normalized(s)) }

// TagWords is Tag with the sentence's words already normalized (for
// callers that need them too).
func (t *Tagger) TagWords(s *nlp.Sentence, words []string) {
	h := t.hashes(s, words)
	scores := make([]float32, len(t.tags))
	feats := make([]uint64, 0, 32)
	p1, p2 := start1, start2
	for i := range s.Tokens {
		c := h[i+2].known
		if c < 0 {
			feats = t.features(feats[:0], h, i, p1, p2)
			t.model.Scores(feats, scores)
			c = perceptron.Best(scores, nil)
		}
		s.Tokens[i].UPOS = t.tags[c]
		p2, p1 = p1, t.tagHash[c]
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
	t.tagHash = lo.Map(t.tags, func(x string, _ int) uint64 { return perceptron.Of(x) })
	words := make([][]string, len(sents))
	counts := map[string]map[int]int{}
	for k := range sents {
		words[k] = Normalized(&sents[k])
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
		if n >= 10 && float64(top)/float64(n) >= 0.98 {
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
	t.index()
	t.model = perceptron.New(len(t.tags))
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7a9))
	order := lo.Range(len(sents))
	scores := make([]float32, len(t.tags))
	var feats []uint64
	for it := range opt.Iterations {
		right, total := 0, 0
		for _, k := range order {
			s := &sents[k]
			h := t.hashes(s, words[k])
			p1, p2 := start1, start2
			for i, tk := range s.Tokens {
				truth := index[tk.UPOS]
				guess := h[i+2].known
				if guess < 0 {
					feats = t.features(feats[:0], h, i, p1, p2)
					t.model.Tick()
					t.model.Scores(feats, scores)
					guess = perceptron.Best(scores, nil)
					t.model.Update(feats, truth, guess)
				}
				if guess == truth {
					right++
				}
				total++
				p2, p1 = p1, t.tagHash[guess]
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

// Normalized are the words as features see them: lower case, with
// numbers, years and hyphenated words as classes.
func Normalized(s *nlp.Sentence) []string {
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
func Shape(w string) string { return string(appendShape(nil, w)) }

// ShapeHash is perceptron.Of(Shape(w)), with no string made.
func ShapeHash(w string) uint64 {
	var buf [48]byte
	return perceptron.OfBytes(appendShape(buf[:0], w))
}

func appendShape(b []byte, w string) []byte {
	var last rune
	run := 0
	for _, r := range w {
		c := r
		switch {
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			c = 'X'
		case r < utf8.RuneSelf && 'a' <= r && r <= 'z':
			c = 'x'
		case r < utf8.RuneSelf && '0' <= r && r <= '9':
			c = 'd'
		case r < utf8.RuneSelf:
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
		b = utf8.AppendRune(b, c)
	}
	return b
}

// Suffix is the last n letters of w (all of a shorter w).
func Suffix(w string, n int) string {
	if ascii(w) {
		return w[max(len(w)-n, 0):] // most words: no copy
	}
	if utf8.RuneCountInString(w) <= n {
		return w
	}
	r := []rune(w)
	return string(r[len(r)-n:])
}

// Prefix is the first n letters of w (all of a shorter w).
func Prefix(w string, n int) string {
	if ascii(w) {
		return w[:min(n, len(w))]
	}
	r := []rune(w)
	if len(r) <= n {
		return w
	}
	return string(r[:n])
}

func ascii(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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

// tokenHashes are the hashed values of a token that features use: each
// computed once per sentence, then mixed into many features.
type tokenHashes struct {
	word, suf2, suf3, suf4, pre1, shape, class, cap1 uint64
	known                                            int // the tag of a known word, else -1
}

// edge is what features see beyond the sentence.
var (
	startHashes = tokenHashes{word: perceptron.Of("-START-"), suf2: perceptron.Of("-START-"), suf3: perceptron.Of("-START-"),
		suf4: perceptron.Of("-START-"), shape: perceptron.Of(""), class: perceptron.Of("-"), cap1: perceptron.Of(""), known: -1}
	endHashes = tokenHashes{word: perceptron.Of("-END-"), suf2: perceptron.Of("-END-"), suf3: perceptron.Of("-END-"),
		suf4: perceptron.Of("-END-"), shape: perceptron.Of(""), class: perceptron.Of("-"), cap1: perceptron.Of(""), known: -1}
	start1, start2 = perceptron.Of("-START-"), perceptron.Of("-START2-")
)

// hashes computes the token hashes of a sentence, with two edge entries
// on each side: token i is at i+2.
func (t *Tagger) hashes(s *nlp.Sentence, w []string) []tokenHashes {
	out := make([]tokenHashes, len(w)+4)
	out[0], out[1] = startHashes, startHashes
	out[len(w)+2], out[len(w)+3] = endHashes, endHashes
	for k, word := range w {
		raw := s.Tokens[k].Text
		info, ok := t.words[word]
		if !ok {
			info = wordInfo{known: -1, class: unknownClass}
		}
		out[k+2] = tokenHashes{known: info.known,
			word: perceptron.Of(word), suf2: perceptron.Of(Suffix(word, 2)), suf3: perceptron.Of(Suffix(word, 3)),
			suf4: perceptron.Of(Suffix(word, 4)), pre1: perceptron.Of(Prefix(word, 1)), shape: ShapeHash(raw),
			class: info.class, cap1: ShapeHash(Prefix(raw, 1)),
		}
	}
	return out
}

func (t *Tagger) features(f []uint64, h []tokenHashes, i int, p1, p2 uint64) []uint64 {
	T := perceptron.Template
	c, prev, prev2, next, next2 := &h[i+2], &h[i+1], &h[i], &h[i+3], &h[i+4]
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	f = append(f,
		uint64(T(fBias)),
		uint64(T(fSuffix3).H(c.suf3)),
		uint64(T(fSuffix2).H(c.suf2)),
		uint64(T(fPrefix1).H(c.pre1)),
		uint64(T(fPrev).H(p1)),
		uint64(T(fPrevPair).H(p1).H(p2)),
		uint64(T(fWord).H(c.word)),
		uint64(T(fPrevWord).H(prev.word)),
		uint64(T(fPrevTagWord).H(p1).H(c.word)),
		uint64(T(fPrevWordSuffix).H(prev.suf3)),
		uint64(T(fPrev2Word).H(prev2.word)),
		uint64(T(fNextWord).H(next.word)),
		uint64(T(fNextSuffix).H(next.suf3)),
		uint64(T(fNext2Word).H(next2.word)),
		uint64(T(fShape).H(c.shape)),
		uint64(T(fNextShape).H(next.shape)),
		uint64(T(fFirstCap).H(first).H(c.cap1)),
		uint64(T(fBigram).H(prev.word).H(c.word)),
		uint64(T(fNextBigram).H(c.word).H(next.word)),
		uint64(T(fClass).H(c.class)),
		uint64(T(fNextClass).H(next.class)),
		uint64(T(fPrevTagClass).H(p1).H(c.class).H(next.class)),
		uint64(T(fSuffix4).H(c.suf4)),
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
	t.tagHash = lo.Map(t.tags, func(x string, _ int) uint64 { return perceptron.Of(x) })
	t.index()
	return t, nil
}
