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

// Extraction is the graph of some articles of a corpus, resolved over
// all of them.
type Extraction struct {
	// Graph holds every entity, and the articles, mentions, claims and
	// quotes of the articles extracted; no facts (Facts makes them), and
	// in no order (Graph.Sort).
	Graph *graph.Graph
	// Extracted are the ids of the articles extracted, sorted; the others
	// stand as they were.
	Extracted []string
	// Stored is what to keep of each article extracted.
	Stored map[string]graph.Analysis
}

// ExtractStored extracts the articles arts resolved over all of them, as
// ExtractContext does, from stored analyses (graph.Analysis) where it can. An article with
// its text is analysed; one without takes its analysis from stored, and
// is extracted (with its text from texts) only when its names resolve
// otherwise than its Resolved digest says, or nothing is stored for it.
// The graph of the articles extracted, with the claims of the others and
// Facts, is then what ExtractContext gives for arts. ExtractStored lets
// go of stored once it is decoded: a caller that keeps no other reference
// to it does not hold the analyses' text through the extraction.
func (x *Extractor) ExtractStored(ctx context.Context, arts []*graph.Article, stored map[string]graph.Analysis,
	texts func(ids []string) ([]*graph.Article, error)) (*Extraction, error) {
	return x.extract(ctx, arts, stored, texts, false)
}

// extract is ExtractStored, or with all ExtractContext's first half: every
// article analysed from its text, and nothing kept for the next time.
func (x *Extractor) extract(ctx context.Context, arts []*graph.Article, stored map[string]graph.Analysis,
	texts func(ids []string) ([]*graph.Article, error), all bool) (*Extraction, error) {
	arts = slices.Clone(arts)
	slices.SortFunc(arts, func(a, b *graph.Article) int { return cmp.Compare(a.ID, b.ID) })
	docs := make([]*doc, len(arts))
	full := make([]bool, len(arts))
	for i, a := range arts {
		full[i] = all || a.Text != "" || len(a.Sentences) > 0
	}
	names := newInterner()
	x.parallel(ctx, len(arts), func(i int) {
		if st, ok := stored[arts[i].ID]; ok && !full[i] && st.Mentions != "" {
			docs[i], _ = x.decodeAnalysis(arts[i], st.Mentions, names)
		}
	})
	// Decoded, the analyses are let go: with the caller's map (which it
	// does not use after the call), their text goes, a third of what a
	// big load holds of them.
	prior := lo.Map(arts, func(a *graph.Article, _ int) string { return stored[a.ID].Resolved })
	stored = nil
	var need []int
	for i := range arts {
		if !full[i] && docs[i] == nil {
			need = append(need, i)
		}
	}
	if err := x.withTexts(arts, need, full, texts); err != nil {
		return nil, err
	}
	// The language core loads only when an article is to be analysed.
	language := sync.OnceValues(english.Default)
	var lang *english.Pipeline
	var err error
	if slices.Contains(full, true) {
		if lang, err = language(); err != nil {
			return nil, err
		}
	}
	fresh := lo.Filter(lo.Range(len(arts)), func(i, _ int) bool { return full[i] })
	chunked := x.Chunk > 0 && len(fresh) > x.Chunk
	if chunked {
		if err := x.analyseNames(ctx, arts, fresh, docs, lang, names); err != nil {
			return nil, err
		}
	} else {
		x.parallel(ctx, len(arts), func(i int) {
			if full[i] {
				docs[i] = x.analyseSafe(ctx, arts[i], lang)
			}
		})
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	r := &resolver{x: x, docs: docs}
	ents := r.resolve()
	outlets := x.publishers(docs, r, &ents)

	// An article analysed from its stored analysis whose names resolve as
	// before says what it said before; the others are extracted.
	resolved := make([]string, len(docs))
	var again []int
	for i, d := range docs {
		if all {
			break
		}
		resolved[i] = signature(d, outlets[i])
		if !full[i] && resolved[i] != prior[i] {
			again = append(again, i)
		}
	}
	if err := x.withTexts(arts, again, full, texts); err != nil {
		return nil, err
	}
	if len(again) > 0 {
		if lang, err = language(); err != nil {
			return nil, err
		}
	}
	if chunked {
		return x.buildChunked(ctx, arts, docs, full, ents, outlets, resolved, lang, all)
	}
	heavy, err := x.reanalyse(ctx, arts, again, docs, lang)
	if err != nil {
		return nil, err
	}
	for j, i := range again {
		docs[i] = heavy[j]
	}

	var chosen []*doc
	var outs []*entity
	ex := &Extraction{Stored: map[string]graph.Analysis{}}
	for i, d := range docs {
		if full[i] {
			chosen = append(chosen, d)
			outs = append(outs, outlets[i])
			ex.Extracted = append(ex.Extracted, d.art.ID)
			if !all {
				ex.Stored[d.art.ID] = graph.Analysis{Mentions: encodeAnalysis(d), Resolved: resolved[i]}
			}
		}
	}
	g, err := x.build(ctx, chosen, ents, outs)
	if err != nil {
		return nil, err
	}
	ex.Graph = g
	return ex, nil
}

// analyseNames analyses the articles at idx a chunk at a time and keeps
// of each only what resolution reads, as a stored analysis holds it: the
// names, without tokens.
func (x *Extractor) analyseNames(ctx context.Context, arts []*graph.Article, idx []int, docs []*doc, lang *english.Pipeline, names *interner) error {
	for _, part := range lo.Chunk(idx, x.Chunk) {
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

// buildChunked is the end of extract where the articles to extract are
// more than x.Chunk: docs hold their names, resolved; each chunk is
// analysed again, takes its names' resolution (adopt), and is built, and
// its analyses are let go before the next.
func (x *Extractor) buildChunked(ctx context.Context, arts []*graph.Article, docs []*doc, full []bool,
	ents []*entity, outlets []*entity, resolved []string, lang *english.Pipeline, all bool) (*Extraction, error) {
	ex := &Extraction{Stored: map[string]graph.Analysis{}}
	var g *graph.Graph
	idx := lo.Filter(lo.Range(len(arts)), func(i, _ int) bool { return full[i] })
	for _, part := range lo.Chunk(idx, x.Chunk) {
		heavy, err := x.reanalyse(ctx, arts, part, docs, lang)
		if err != nil {
			return nil, err
		}
		outs := lo.Map(part, func(i, _ int) *entity { return outlets[i] })
		gk, err := x.build(ctx, heavy, ents, outs)
		if err != nil {
			return nil, err
		}
		if g == nil {
			g = gk // with every entity; the next chunks add their articles
		} else {
			g.Articles = append(g.Articles, gk.Articles...)
			g.Mentions = append(g.Mentions, gk.Mentions...)
			g.Claims = append(g.Claims, gk.Claims...)
			g.Quotes = append(g.Quotes, gk.Quotes...)
		}
		for j, d := range heavy {
			ex.Extracted = append(ex.Extracted, d.art.ID)
			if !all {
				ex.Stored[d.art.ID] = graph.Analysis{Mentions: encodeAnalysis(d), Resolved: resolved[part[j]]}
			}
		}
	}
	g.Claims = dedupeClaims(g.Claims)
	ex.Graph = g
	return ex, nil
}

// reanalyse analyses the articles at idx again, and gives each the
// resolution of its names in light[i] (adopt).
func (x *Extractor) reanalyse(ctx context.Context, arts []*graph.Article, idx []int, light []*doc, lang *english.Pipeline) ([]*doc, error) {
	heavy := make([]*doc, len(idx))
	mismatch := make([]error, len(idx))
	x.parallel(ctx, len(idx), func(j int) {
		i := idx[j]
		d := x.analyseSafe(ctx, arts[i], lang)
		if ctx.Err() == nil {
			mismatch[j] = adopt(d, light[i])
			heavy[j] = d
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(mismatch...); err != nil {
		// The stored analysis is not this extractor's, which the load's
		// fingerprint should have said.
		return nil, fmt.Errorf("%w (load with --force to analyse every article again)", err)
	}
	return heavy, nil
}

// withTexts gives the articles at idx their text, from texts, and marks
// them to be analysed.
func (x *Extractor) withTexts(arts []*graph.Article, idx []int, full []bool, texts func([]string) ([]*graph.Article, error)) error {
	if len(idx) == 0 {
		return nil
	}
	ids := make([]string, len(idx))
	for j, i := range idx {
		ids[j] = arts[i].ID
	}
	if texts == nil {
		return fmt.Errorf("extract: no text for %d articles (%s …)", len(ids), ids[0])
	}
	got, err := texts(ids)
	if err != nil {
		return err
	}
	byID := map[string]*graph.Article{}
	for _, a := range got {
		byID[a.ID] = a
	}
	for _, i := range idx {
		t := byID[arts[i].ID]
		if t == nil {
			return fmt.Errorf("extract: no text for article %s (%s)", arts[i].ID, arts[i].Source)
		}
		a := *arts[i]
		a.Text, a.Paragraphs, a.Sentences = t.Text, t.Paragraphs, t.Sentences
		arts[i] = &a
		full[i] = true
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
