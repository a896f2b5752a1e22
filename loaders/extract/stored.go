package extract

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders/nlp/english"
)

// Stored is what an extraction keeps of an article for the next one: its
// analysis as resolution reads it, and a digest of how its names were
// resolved. With them, a load that adds or changes a few articles
// analyses only those, resolves every name again from the stored
// analyses, and extracts again only the articles whose names now resolve
// otherwise.
type Stored struct {
	// Analysis is the article's mentions, encoded; "" for none.
	Analysis string
	// Resolved is the digest of the entity every mention resolved to,
	// with its name, and of the article's outlet.
	Resolved string
}

// Extraction is the graph of some articles of a corpus, resolved over
// all of them.
type Extraction struct {
	// Graph holds every entity, and the articles, mentions, claims and
	// quotes of the articles extracted; no facts (Facts makes them).
	Graph *graph.Graph
	// Extracted are the ids of the articles extracted, sorted; the others
	// stand as they were.
	Extracted []string
	// Stored is what to keep of each article extracted.
	Stored map[string]Stored
}

// ExtractStored extracts the articles arts resolved over all of them, as
// ExtractContext does, from stored analyses where it can. An article with
// its text is analysed; one without takes its analysis from stored, and
// is extracted (with its text from texts) only when its names resolve
// otherwise than its Resolved digest says, or nothing is stored for it.
// The graph of the articles extracted, with the claims of the others and
// Facts, is then what ExtractContext gives for arts.
func (x *Extractor) ExtractStored(ctx context.Context, arts []*graph.Article, stored map[string]Stored,
	texts func(ids []string) ([]*graph.Article, error)) (*Extraction, error) {
	return x.extract(ctx, arts, stored, texts, false)
}

// extract is ExtractStored, or with all ExtractContext's first half: every
// article analysed from its text, and nothing kept for the next time.
func (x *Extractor) extract(ctx context.Context, arts []*graph.Article, stored map[string]Stored,
	texts func(ids []string) ([]*graph.Article, error), all bool) (*Extraction, error) {
	arts = slices.Clone(arts)
	slices.SortFunc(arts, func(a, b *graph.Article) int { return cmp.Compare(a.ID, b.ID) })
	docs := make([]*doc, len(arts))
	full := make([]bool, len(arts))
	for i, a := range arts {
		full[i] = all || a.Text != "" || len(a.Sentences) > 0
	}
	x.parallel(ctx, len(arts), func(i int) {
		if st, ok := stored[arts[i].ID]; ok && !full[i] && st.Analysis != "" {
			docs[i], _ = x.decodeAnalysis(arts[i], st.Analysis)
		}
	})
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
	x.parallel(ctx, len(arts), func(i int) {
		if full[i] {
			docs[i] = x.analyse(ctx, arts[i], lang)
		}
	})
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
		if !full[i] && resolved[i] != stored[d.art.ID].Resolved {
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
	x.parallel(ctx, len(again), func(j int) {
		i := again[j]
		d := x.analyse(ctx, arts[i], lang)
		if ctx.Err() == nil {
			if err := adopt(d, docs[i]); err != nil {
				panic(err) // the stored analysis is not this extractor's: the fingerprint guards against it
			}
			docs[i] = d
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	var chosen []*doc
	var outs []*entity
	ex := &Extraction{Stored: map[string]Stored{}}
	for i, d := range docs {
		if full[i] {
			chosen = append(chosen, d)
			outs = append(outs, outlets[i])
			ex.Extracted = append(ex.Extracted, d.art.ID)
			if !all {
				ex.Stored[d.art.ID] = Stored{Analysis: encodeAnalysis(d), Resolved: resolved[i]}
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
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", m.ent.id, m.ent.name, m.surface)
	}
	if outlet != nil {
		fmt.Fprintf(h, "outlet\x00%s", outlet.id)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// storedMention is a mention as resolution reads it, with short names:
// a corpus keeps one per name in every article.
type storedMention struct {
	Sent       int                `json:"s"`
	First      int                `json:"f"`
	Last       int                `json:"l"`
	Surface    string             `json:"t"`
	Votes      map[string]float64 `json:"v,omitempty"`
	Known      string             `json:"k,omitempty"`
	KnownLabel string             `json:"kl,omitempty"`
	Group      int                `json:"g,omitempty"`
	Honorific  string             `json:"h,omitempty"`
	Recognised string             `json:"r,omitempty"`
	FirstText  string             `json:"x"`
	Flags      uint16             `json:"b,omitempty"`
}

type storedAnalysis struct {
	Acronyms map[string]string `json:"a,omitempty"`
	Mentions []storedMention   `json:"m"`
}

// The mention's flags, in this order.
func flagsOf(m *mention) []*bool {
	return []*bool{&m.poss, &m.inQuote, &m.personWord, &m.firstUpper, &m.firstPROPN, &m.nextNoun, &m.startsSent, &m.afterPrep, &m.lowerWord}
}

func encodeAnalysis(d *doc) string {
	sa := storedAnalysis{Acronyms: d.acronyms, Mentions: make([]storedMention, len(d.mentions))}
	for i, m := range d.mentions {
		sm := storedMention{Sent: m.sent, First: m.first, Last: m.last, Surface: m.origSurface, Votes: m.origVotes,
			Group: m.group, Honorific: m.honorific, Recognised: m.recognised, FirstText: m.firstText}
		if m.origKnown != nil {
			sm.Known, sm.KnownLabel = m.origKnown.name, m.origKnown.label
		}
		for b, f := range flagsOf(m) {
			if *f {
				sm.Flags |= 1 << b
			}
		}
		sa.Mentions[i] = sm
	}
	data, _ := json.Marshal(sa)
	return string(data)
}

// decodeAnalysis is the analysis of article a (without its text) as
// encodeAnalysis stored it.
func (x *Extractor) decodeAnalysis(a *graph.Article, data string) (*doc, error) {
	var sa storedAnalysis
	if err := json.Unmarshal([]byte(data), &sa); err != nil {
		return nil, err
	}
	d := &doc{art: a, orig: a, acronyms: sa.Acronyms}
	if d.acronyms == nil {
		d.acronyms = map[string]string{}
	}
	d.mentions = make([]*mention, len(sa.Mentions))
	for i, sm := range sa.Mentions {
		m := &mention{sent: sm.Sent, first: sm.First, last: sm.Last, surface: sm.Surface, votes: sm.Votes,
			group: sm.Group, honorific: sm.Honorific, recognised: sm.Recognised, firstText: sm.FirstText}
		if sm.Known != "" {
			// The entity itself: a lookup by its name may find another
			// whose alias it is.
			m.known = &known{name: sm.Known, label: sm.KnownLabel}
		}
		for b, f := range flagsOf(m) {
			*f = sm.Flags&(1<<b) != 0
		}
		d.mentions[i] = m // never encoded again: no keep
	}
	return d, nil
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
