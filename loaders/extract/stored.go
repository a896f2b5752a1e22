package extract

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders/nlp/english"
)

// extractAll is ExtractContext's first half: every article analysed and
// resolved over all, and its graph built, without facts and in no order.
// Beyond x.Chunk articles, they are analysed a chunk at a time and only
// their names are kept; once every name is resolved, they are analysed
// again a chunk at a time, take their names' resolution (adopt) and are
// built, and their analyses are let go before the next chunk.
func (x *Extractor) extractAll(ctx context.Context, arts []*graph.Article) (*graph.Graph, error) {
	arts = slices.Clone(arts)
	slices.SortFunc(arts, func(a, b *graph.Article) int { return cmp.Compare(a.ID, b.ID) })
	docs := make([]*doc, len(arts))
	var lang *english.Pipeline
	if len(arts) > 0 {
		var err error
		if lang, err = english.Default(); err != nil {
			return nil, err
		}
	}
	chunked := x.Chunk > 0 && len(arts) > x.Chunk
	if chunked {
		if err := x.analyseNames(ctx, arts, docs, lang); err != nil {
			return nil, err
		}
	} else {
		x.parallel(ctx, len(arts), func(i int) { docs[i] = x.analyseSafe(ctx, arts[i], lang) })
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &resolver{x: x, docs: docs}
	ents := r.resolve()
	outlets := x.publishers(docs, r, &ents)
	if !chunked {
		return x.build(ctx, docs, ents, outlets)
	}
	var g *graph.Graph
	for _, part := range lo.Chunk(lo.Range(len(arts)), x.Chunk) {
		heavy, err := x.reanalyse(ctx, len(part), func(j int) *doc { return x.analyseSafe(ctx, arts[part[j]], lang) },
			func(j int) *doc { return docs[part[j]] })
		if err != nil {
			return nil, err
		}
		outs := lo.Map(part, func(i, _ int) *entity { return outlets[i] })
		gk, err := x.build(ctx, heavy, ents, outs)
		if err != nil {
			return nil, err
		}
		g = addChunk(g, gk)
	}
	g.Claims = dedupeClaims(g.Claims)
	return g, nil
}

// addChunk adds the articles of a chunk's graph gk, with their mentions,
// claims and quotes, to g; the first chunk's is g, with every entity.
func addChunk(g, gk *graph.Graph) *graph.Graph {
	if g == nil {
		return gk
	}
	g.Articles = append(g.Articles, gk.Articles...)
	g.Mentions = append(g.Mentions, gk.Mentions...)
	g.Claims = append(g.Claims, gk.Claims...)
	g.Quotes = append(g.Quotes, gk.Quotes...)
	return g
}

// analyseNames analyses the articles a chunk at a time and keeps of each
// only what resolution reads, as a stored analysis holds it: the names,
// without tokens.
func (x *Extractor) analyseNames(ctx context.Context, arts []*graph.Article, docs []*doc, lang *english.Pipeline) error {
	names := newInterner()
	for _, part := range lo.Chunk(lo.Range(len(arts)), x.Chunk) {
		errs := make([]error, len(part))
		x.parallel(ctx, len(part), func(j int) {
			i := part[j]
			d := x.analyseSafe(ctx, arts[i], lang)
			if ctx.Err() == nil {
				docs[i], errs[j] = x.decodeAnalysis(arts[i], encodeAnalysis(d), names)
			}
		})
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("extract: %w", err)
		}
	}
	return nil
}

// Facts makes the fact relationships of the claims of a whole corpus.
func (x *Extractor) Facts(claims []graph.Claim) []graph.Relation {
	cs := slices.Clone(claims)
	slices.SortFunc(cs, func(a, b graph.Claim) int { return cmp.Compare(a.ID, b.ID) })
	return aggregate(dedupeClaims(cs), x.o)
}

// signature is the digest of how an article's names resolved: what its
// claims and quotes depend on beyond its own text.
func signature(d *doc, outlet *entity) string {
	h := sha256.New()
	for _, m := range d.mentions {
		for _, s := range []string{m.ent.id, m.ent.name, m.ent.typedBy, m.surface} {
			io.WriteString(h, s)
			h.Write([]byte{0})
		}
	}
	if outlet != nil {
		io.WriteString(h, "outlet\x00"+outlet.id)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// An analysis is stored as lines: the first holds the acronyms the text
// defines (key, expansion, key, expansion …), each other line a mention,
// its fields in the order below. Fields are separated by \x1f; a field
// that holds \x1f, a newline or a backslash is escaped. Decoding it is a
// split, several times quicker than JSON, and a load decodes the analysis
// of every article in the database.
const (
	fieldSep    = "\x1f"
	analysisTag = "a1" // the format's name, first on the first line
)

var (
	escaper   = strings.NewReplacer("\\", "\\\\", "\n", "\\n", fieldSep, "\\u")
	unescaper = strings.NewReplacer("\\\\", "\\", "\\n", "\n", "\\u", fieldSep)
)

func escape(s string) string {
	if strings.ContainsAny(s, "\\\n"+fieldSep) {
		return escaper.Replace(s)
	}
	return s
}

func unescape(s string) string {
	if strings.Contains(s, "\\") {
		return unescaper.Replace(s)
	}
	return s
}

// The mention's flags, in this order.
func flagsOf(m *mention) []*bool {
	return []*bool{&m.poss, &m.inQuote, &m.personWord, &m.firstUpper, &m.firstPROPN, &m.nextNoun, &m.startsSent, &m.afterPrep, &m.lowerWord, &m.tail, &m.speaksAsI}
}

func encodeAnalysis(d *doc) string {
	var b strings.Builder
	b.WriteString(analysisTag)
	for _, k := range sortedKeys(d.acronyms) {
		b.WriteString(fieldSep + escape(k) + fieldSep + escape(d.acronyms[k]))
	}
	for _, m := range d.mentions {
		orig := m.orig // every analysed mention keeps it (settle)
		var votes []string
		for _, v := range orig.votes {
			votes = append(votes, v.label+"="+strconv.FormatFloat(v.w, 'g', -1, 64))
		}
		slices.Sort(votes)
		known, knownLabel := "", ""
		if orig.known != nil {
			known, knownLabel = orig.known.name, orig.known.label
		}
		flags := 0
		for i, f := range flagsOf(m) {
			if *f {
				flags |= 1 << i
			}
		}
		b.WriteByte('\n')
		b.WriteString(strings.Join([]string{itoa(m.sent), itoa(m.first), itoa(m.last), escape(orig.surface),
			strings.Join(votes, ";"), escape(known), knownLabel, itoa(m.group), escape(m.honorific), m.recognised,
			escape(m.firstText), itoa(flags)}, fieldSep))
	}
	return b.String()
}

// interner keeps one copy of each string the decoded analyses hold.
// Split leaves a decoded mention's strings pieces of its analysis's text,
// which they would keep whole: the analyses of every article of a big
// load, twice (as text and decoded). Names repeat from article to
// article, and one copy serves them all. Not the standard library's
// unique package: it forgets a string at the next collection when no
// handle to it is kept, and the mentions keep strings, not handles, so
// copies would come back between collections of a long decode.
type interner struct {
	// The strings by a hash of theirs, in shards with a lock each: the
	// decoders on every core look up the same names, and one lock for
	// all made two cores slower than one.
	shards [64]struct {
		mu sync.Mutex
		m  map[string]string
	}
	seed maphash.Seed
}

func newInterner() *interner { return &interner{seed: maphash.MakeSeed()} }

func (in *interner) of(s string) string {
	if s == "" {
		return ""
	}
	sh := &in.shards[maphash.String(in.seed, s)%uint64(len(in.shards))]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if c, ok := sh.m[s]; ok {
		return c
	}
	if sh.m == nil {
		sh.m = map[string]string{}
	}
	c := strings.Clone(s)
	sh.m[c] = c
	return c
}

// decodeAnalysis is the analysis of article a (without its text) as
// encodeAnalysis stored it, its strings from in (nil: a new interner).
func (x *Extractor) decodeAnalysis(a *graph.Article, data string, in *interner) (*doc, error) {
	if in == nil {
		in = newInterner()
	}
	lines := strings.Split(data, "\n")
	head := strings.Split(lines[0], fieldSep)
	if head[0] != analysisTag || len(head)%2 != 1 {
		return nil, fmt.Errorf("not a stored analysis")
	}
	d := &doc{art: a, orig: a, acronyms: make(map[string]string, len(head)/2)}
	for i := 1; i+1 < len(head); i += 2 {
		d.acronyms[in.of(unescape(head[i]))] = in.of(unescape(head[i+1]))
	}
	d.mentions = make([]*mention, 0, len(lines)-1)
	var f [12]string
	for _, line := range lines[1:] {
		if n := splitFields(line, f[:]); n != len(f) {
			return nil, fmt.Errorf("a stored mention has %d fields, want %d", n, len(f))
		}
		var n [5]int
		for i, k := range []int{0, 1, 2, 7, 11} {
			v, err := strconv.Atoi(f[k])
			if err != nil {
				return nil, fmt.Errorf("a stored mention: %w", err)
			}
			n[i] = v
		}
		m := &mention{sent: n[0], first: n[1], last: n[2], surface: in.of(unescape(f[3])), group: n[3],
			honorific: in.of(unescape(f[8])), recognised: in.of(f[9]), firstText: in.of(unescape(f[10]))}
		if f[4] != "" {
			votes := strings.Split(f[4], ";")
			m.votes = make(labelVotes, 0, len(votes))
			for _, v := range votes {
				l, w, _ := strings.Cut(v, "=")
				weight, _ := strconv.ParseFloat(w, 64)
				if l == "" {
					return nil, fmt.Errorf("a stored mention: vote %q", v)
				}
				m.votes.add(in.of(l), weight)
			}
		}
		if f[5] != "" {
			// The entity itself: a lookup by its name may find another
			// whose alias it is.
			m.known = &known{name: in.of(unescape(f[5])), label: in.of(f[6])}
		}
		for i, flag := range flagsOf(m) {
			*flag = n[4]&(1<<i) != 0
		}
		d.mentions = append(d.mentions, m) // never encoded again: no keep
	}
	return d, nil
}

// splitFields splits line at fieldSep into f, without allocating, and
// returns the number of fields the line has (more than len(f): the rest
// is not split).
func splitFields(line string, f []string) int {
	n := 0
	for {
		field, rest, more := strings.Cut(line, fieldSep)
		if n < len(f) {
			f[n] = field
		}
		n++
		if !more {
			return n
		}
		line = rest
	}
}

// reanalyse gives n articles analysed again (heavy(j)) the resolution of
// their names in their light analyses (light(j), adopt), in parallel.
func (x *Extractor) reanalyse(ctx context.Context, n int, heavy, light func(j int) *doc) ([]*doc, error) {
	out := make([]*doc, n)
	mismatch := make([]error, n)
	x.parallel(ctx, n, func(j int) {
		d := heavy(j)
		if ctx.Err() == nil {
			mismatch[j] = adopt(d, light(j))
			out[j] = d
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, errors.Join(mismatch...)
}

// adopt gives the mentions of d, an article just analysed, what
// resolution made of the same mentions in light, its stored analysis.
func adopt(d, light *doc) error {
	if len(d.mentions) != len(light.mentions) {
		return fmt.Errorf("extract: article %s: %d mentions, its stored analysis %d", d.art.ID, len(d.mentions), len(light.mentions))
	}
	for i, m := range d.mentions {
		l := light.mentions[i]
		m.key, m.surface, m.votes, m.known, m.ent = l.key, l.surface, l.votes, l.known, l.ent
	}
	return nil
}
