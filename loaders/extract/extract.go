// Package extract builds the knowledge graph of a set of clean articles:
// entities resolved to one node each, typed facts with their evidence,
// claims with stance and credited source, and attributed quotes. It works
// offline and deterministically, driven by the ontology in schema/: every
// trigger, role word, cue and alias is data there.
package extract

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/loaders/nlp/english"
	"github.com/newsgraph/graph/schema"
)

// Version names the extraction rules in code. Change it with any change
// that alters what Extract returns for the same input and ontology:
// `graph load` re-extracts a database loaded under another version.
const Version = "24"

// Extractor extracts graphs. It is safe for concurrent use.
type Extractor struct {
	o   *schema.Ontology
	v   *vocab
	cal *Calibration
	// Workers is the number of articles analysed at once; 0 means one per
	// CPU.
	Workers int
	// Chunk, above zero, is the most articles whose analyses (their
	// tokens and parses, the bulk of extraction's memory) are held at
	// once. Beyond it, articles are analysed a chunk at a time and only
	// their names are kept for resolution; once every name is resolved,
	// they are analysed again a chunk at a time to find their facts: twice
	// the analysis, for memory set by the chunk, not by the corpus.
	Chunk int
	// Terse leaves out why each entity has its type (graph.Entity.Why),
	// which only --explain shows: a load does not write it.
	Terse bool
	// Failed, when set, is told of each article whose extraction failed
	// (a bug met on text no test has): the article is kept, without its
	// entities, facts and quotes, and the others go on. It is called
	// from the workers, at the same time for two articles.
	Failed func(a *graph.Article, err error)
}

// failed reports article a's failure (the value a panic recovered) to
// x.Failed.
func (x *Extractor) failed(a *graph.Article, r any) {
	if x.Failed != nil {
		x.Failed(a, fmt.Errorf("extraction failed (an internal error, please report it with the file): %v", r))
	}
}

// analyseSafe is analyse that turns a panic into an article with no
// names, reported to x.Failed.
func (x *Extractor) analyseSafe(ctx context.Context, a *graph.Article, lang *english.Pipeline) (d *doc) {
	defer func() {
		if r := recover(); r != nil {
			x.failed(a, r)
			d = emptyDoc(a)
		}
	}()
	return x.analyse(ctx, a, lang)
}

// emptyDoc is the analysis of an article that names nothing.
func emptyDoc(a *graph.Article) *doc {
	d := &doc{orig: a, acronyms: map[string]string{}}
	d.art, d.shift = withHeadline(a)
	d.sents = make([][]token, len(d.art.Sentences))
	d.at = make([][]*mention, len(d.art.Sentences))
	return d
}

// analyseHook and factsHook, in tests, are called on each article
// analysed, and on each whose facts are found.
var analyseHook, factsHook func(a *graph.Article)

// New returns an extractor for the ontology.
func New(o *schema.Ontology) *Extractor {
	return &Extractor{o: o, v: newVocab(o), cal: shipped}
}

// maxEvidence caps the sentences kept on one relationship.
const maxEvidence = 5

// Extract returns the graph of the articles. Entities are resolved across
// all of them, so extracting a corpus at once gives better resolution than
// extracting its articles one by one.
func (x *Extractor) Extract(arts []*graph.Article) *graph.Graph {
	g, _ := x.ExtractContext(context.Background(), arts)
	return g
}

// checkEvery is how many sentences an article's analysis goes between two
// looks at its context: a few milliseconds of work.
const checkEvery = 256

// ExtractContext is Extract that stops soon after ctx is done (Ctrl-C),
// between two articles or within a long one, and returns ctx's error and
// no graph.
func (x *Extractor) ExtractContext(ctx context.Context, arts []*graph.Article) (*graph.Graph, error) {
	g, err := x.extractAll(ctx, arts)
	if err != nil {
		return nil, err
	}
	g.Relations = x.Facts(g.Claims)
	g.Sort()
	return g, nil
}

// build makes the graph of the articles docs, once every name of the
// corpus is resolved to one of ents: their mentions, claims and quotes,
// and every entity, in no order. outlets are the docs' publishers.
func (x *Extractor) build(ctx context.Context, docs []*doc, ents []*entity, outlets []*entity) (*graph.Graph, error) {
	entByID := map[string]*entity{}
	for _, e := range ents {
		entByID[e.id] = e
	}
	type result struct {
		drafts []draft
		quotes []graph.Quote
	}
	results := make([]result, len(docs))
	x.parallel(ctx, len(docs), func(i int) {
		d := docs[i]
		defer func() {
			if r := recover(); r != nil {
				x.failed(d.orig, r)
				results[i] = result{}
			}
		}()
		if factsHook != nil {
			factsHook(d.orig)
		}
		qs := x.quotes(d, &docState{})
		st := &docState{}
		for _, q := range qs {
			st.quotes = append(st.quotes, quoteSpeaker{start: q.Start, end: q.End, speaker: entByID[q.Speaker]})
		}
		var ds []draft
		for s := range d.sents {
			if s%checkEvery == 0 && ctx.Err() != nil {
				return
			}
			ds = append(ds, x.sentenceFacts(d, s, st)...)
		}
		results[i] = result{drafts: headlineOnly(d, ds), quotes: qs}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	g := &graph.Graph{Articles: []graph.ArticleRef{}, Entities: []graph.Entity{}, Mentions: []graph.Mention{},
		Relations: []graph.Relation{}, Claims: []graph.Claim{}, Quotes: []graph.Quote{}}
	g.Entities = x.entityRows(ents)
	for i, d := range docs {
		g.Articles = append(g.Articles, articleRef(d.orig, outlets[i]))
		counts := map[string]int{}
		for _, m := range d.mentions {
			counts[m.ent.id]++
		}
		for _, id := range sortedKeys(counts) {
			g.Mentions = append(g.Mentions, graph.Mention{Article: d.art.ID, Entity: id, Count: counts[id]})
		}
		for _, dr := range results[i].drafts {
			g.Claims = append(g.Claims, x.claim(d, dr))
		}
		for _, q := range results[i].quotes {
			q.Start, q.End = d.offsets(q.Start, q.End)
			q.ID = "q:" + shortHash(d.art.ID, itoa(q.Start))
			g.Quotes = append(g.Quotes, q)
		}
	}
	g.Claims = dedupeClaims(g.Claims)
	return g, nil // unsorted: the callers add the facts, then sort
}

// headlineOnly drops the headline's claims that the story states too: a
// headline sums the story up, and is evidence only of what the story
// itself does not say.
func headlineOnly(d *doc, ds []draft) []draft {
	if d.shift == 0 {
		return ds
	}
	type fact struct {
		rel       string
		subj, obj *entity
	}
	inStory := map[fact]bool{}
	for _, dr := range ds {
		if dr.sent > 0 {
			inStory[fact{dr.rel, dr.subj, dr.obj}] = true
		}
	}
	return lo.Filter(ds, func(dr draft, _ int) bool { return dr.sent > 0 || !inStory[fact{dr.rel, dr.subj, dr.obj}] })
}

// parallel runs f(0..n-1) on the extractor's workers, and no more once
// ctx is done.
func (x *Extractor) parallel(ctx context.Context, n int, f func(int)) {
	workers := x.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Each worker takes the next index itself: no hand-over per index.
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// publishers resolves each article's publisher to a NewsOutlet entity,
// adding the outlets the text never names.
func (x *Extractor) publishers(docs []*doc, r *resolver, ents *[]*entity) []*entity {
	out := make([]*entity, len(docs))
	byID := map[string]*entity{}
	for _, e := range *ents {
		byID[e.id] = e
	}
	for i, d := range docs {
		if d.art.Publisher == "" {
			continue
		}
		key := normKey(d.art.Publisher)
		name, label := d.art.Publisher, "NewsOutlet"
		if k := x.v.known[key]; k != nil {
			name, label = k.name, k.label
		}
		id := label + ":" + slug(name)
		e := byID[id]
		if e == nil {
			e = &entity{key: key, name: name, label: label, id: id, surfaces: map[string]int{}}
			byID[id] = e
			*ents = append(*ents, e)
		}
		out[i] = e
	}
	sort.Slice(*ents, func(i, j int) bool { return (*ents)[i].id < (*ents)[j].id })
	return out
}

// entityRows are the graph's rows of ents.
func (x *Extractor) entityRows(ents []*entity) []graph.Entity {
	out := make([]graph.Entity, 0, len(ents))
	for _, e := range ents {
		why := ""
		if !x.Terse {
			why = typeEvidence(e)
		}
		out = append(out, graph.Entity{ID: e.id, Name: e.name, Type: e.label,
			Labels: slices.Clone(x.o.LabelsOf(e.label)), Aliases: aliases(e), MentionCount: e.mentions,
			ArticleCount: e.narts, Why: why})
	}
	return out
}

func articleRef(a *graph.Article, outlet *entity) graph.ArticleRef {
	ref := graph.ArticleRef{ID: a.ID, Title: a.Title, Source: a.Source, Duplicates: a.Duplicates}
	if ref.Duplicates == nil {
		ref.Duplicates = []string{}
	}
	if a.Published != "" {
		ref.Published = &a.Published
	}
	if a.Author != "" {
		ref.Author = &a.Author
	}
	if outlet != nil {
		ref.Publisher = &outlet.id
	}
	return ref
}

func aliases(e *entity) []string {
	out := []string{}
	for _, s := range sortedKeys(e.surfaces) {
		if s != e.name {
			out = append(out, s)
		}
	}
	return out
}

func (x *Extractor) claim(d *doc, dr draft) graph.Claim {
	sp := d.art.Sentences[dr.sent]
	start, end := d.offsets(sp.Start, sp.End)
	family := dr.family
	if start < 0 {
		family = famHeadline // headlines are terse: "Chelsea denied by James heroics"
	}
	c := graph.Claim{Type: dr.rel, Subject: dr.subj.id, Object: dr.obj.id, Article: d.art.ID,
		Sentence: d.art.Text[sp.Start:sp.End], Start: start, End: end, Stance: dr.stance,
		Date: claimDate(d.orig, d.art.Text[sp.Start:sp.End]), ReportedBy: ids(dr.reportedBy), DeniedBy: ids(dr.deniedBy),
		Trigger: dr.trigger, Role: dr.role, Pattern: family, Confidence: x.cal.of(family, dr.rel), Why: dr.why}
	c.ID = "c:" + shortHash(c.Article, itoa(c.Start), c.Type, c.Subject, c.Object)
	return c
}

// offsets are the article's own offsets of a span of d.art: -1, -1 for
// one in the headline.
func (d *doc) offsets(start, end int) (int, int) {
	if start < d.shift {
		return -1, -1
	}
	return start - d.shift, end - d.shift
}

// claimDate is the day the sentence names ("on Sunday", "yesterday")
// counted from the publication date, else the publication date.
func claimDate(a *graph.Article, sentence string) *string {
	if a.Published == "" {
		return nil
	}
	for _, r := range loaders.FindRelativeDates(sentence, a.Published) {
		if r.Precision == "day" {
			return &r.Date
		}
	}
	return &a.Published
}

func ids(es []*entity) []string {
	out := []string{}
	for _, e := range es {
		if !slices.Contains(out, e.id) {
			out = append(out, e.id)
		}
	}
	sort.Strings(out)
	return out
}

// dedupeClaims keeps one claim per id: a sentence that states a fact
// twice states it once.
func dedupeClaims(cs []graph.Claim) []graph.Claim {
	seen := map[string]bool{}
	out := cs[:0]
	for _, c := range cs {
		if !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	return out
}

// aggregate makes the fact relationships from the claims: one per type,
// subject and object (either way round for a symmetric type), from every
// claim not denied. Its confidence is that at least one article is right:
// each article counts with its best claim.
func aggregate(cs []graph.Claim, o *schema.Ontology) []graph.Relation {
	type agg struct {
		rel      graph.Relation
		best     map[string]float64 // per article, its best claim's confidence
		triggers map[string]int
		roles    map[string]int
		stances  map[graph.Stance]bool
		articles map[string]bool
	}
	byKey := map[string]*agg{}
	var keys []string
	for _, c := range cs {
		if c.Stance == graph.Denied {
			continue
		}
		s, t := c.Subject, c.Object
		if r, _ := o.Relation(c.Type); r.Symmetric && t < s {
			s, t = t, s
		}
		key := c.Type + "\x00" + s + "\x00" + t
		a := byKey[key]
		if a == nil {
			a = &agg{rel: graph.Relation{Type: c.Type, Source: s, Target: t}, best: map[string]float64{},
				triggers: map[string]int{}, roles: map[string]int{}, stances: map[graph.Stance]bool{}, articles: map[string]bool{}}
			byKey[key] = a
			keys = append(keys, key)
		}
		a.rel.Count++
		a.best[c.Article] = max(a.best[c.Article], c.Confidence)
		a.triggers[c.Trigger]++
		if c.Role != "" {
			a.roles[c.Role]++
		}
		a.stances[c.Stance] = true
		a.articles[c.Article] = true
		if c.Date != nil && (a.rel.FirstSeen == nil || *c.Date < *a.rel.FirstSeen) {
			a.rel.FirstSeen = c.Date
		}
		a.rel.Evidence = append(a.rel.Evidence, graph.Evidence{Article: c.Article, Sentence: c.Sentence, Start: c.Start, End: c.End})
	}
	out := []graph.Relation{}
	for _, key := range keys {
		a := byKey[key]
		r := a.rel
		// Articles are independent witnesses; the claims of one are not.
		miss := 1.0
		for _, c := range a.best {
			miss *= 1 - c
		}
		r.Confidence = float64(int((1-miss)*1000+0.5)) / 1000
		r.Trigger = mostCommon(a.triggers)
		r.Role = mostCommon(a.roles)
		r.Articles = sortedKeys(a.articles)
		for _, s := range []graph.Stance{graph.Asserted, graph.Reported, graph.Planned} {
			if a.stances[s] {
				r.Stances = append(r.Stances, s)
			}
		}
		slices.SortFunc(r.Evidence, func(a, b graph.Evidence) int {
			return cmp.Or(cmp.Compare(a.Article, b.Article), cmp.Compare(a.Start, b.Start))
		})
		r.Evidence = slices.CompactFunc(r.Evidence, func(a, b graph.Evidence) bool { return a.Article == b.Article && a.Start == b.Start })
		if len(r.Evidence) > maxEvidence {
			r.Evidence = r.Evidence[:maxEvidence]
		}
		out = append(out, r)
	}
	return out
}

func mostCommon(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if c > n || c == n && c > 0 && k < best {
			best, n = k, c
		}
	}
	return best
}

func shortHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func itoa(n int) string { return strconv.Itoa(n) }

// docState is what fact extraction remembers while it reads an article in
// order: the source credited last.
type docState struct {
	credit *entity
	quotes []quoteSpeaker
	// listed are the facts of the last sentence whose object was a list
	// ("these companies"), for a sentence that goes on with "Other
	// companies include …".
	listed   []draft
	listedAt int
	// parses are the sentences parsed so far (parse).
	parses map[int]*parsed
}

type quoteSpeaker struct {
	start, end int
	speaker    *entity
}

// speakerAt returns the speaker of the quote that holds offset off.
func (st *docState) speakerAt(off int) *entity {
	for _, q := range st.quotes {
		if off >= q.start && off < q.end {
			return q.speaker
		}
	}
	return nil
}

// recent returns the entity of the label named last before token k of
// sentence s, at most three sentences back, quotes aside.
//
// A pronoun ("it", "he") stands for a subject: names after a preposition
// ("end its agreement with Huawei") are passed over for it.
//
// A noun ("the alliance") stands first for a name with the noun in it
// ("The Making Decisions Alliance, which includes the National Autistic
// Society"; for "the party", any party's: "the Lib Dems"), then for a
// name of no other kind ("the institute" is not the Federal
// Communications Commission, a government body by its last word), then
// for a name with the noun in it further back in the article ("the
// institute" for the American Film Institute named four sentences before).
func (st *docState) recent(d *doc, s, k int, label string, pronoun bool, x *Extractor) *entity {
	if pronoun {
		if m := lastMention(d, s, k, func(m *mention) bool {
			return !afterPreposition(d, m) && x.o.Is(m.ent.label, label)
		}); m != nil {
			return m.ent
		}
		return nil
	}
	noun := d.sents[s][k].low
	named := func(m *mention) bool {
		return x.o.Is(m.ent.label, label) && (slices.Contains(strings.Fields(m.ent.key), noun) || noun == "party" && x.v.parties.ends(m.ent.name))
	}
	if m := lastMention(d, s, k, named); m != nil {
		return m.ent
	}
	if m := lastMention(d, s, k, func(m *mention) bool {
		return x.o.Is(m.ent.label, label) && x.sameKind(noun, m.ent.key)
	}); m != nil {
		return m.ent
	}
	if m := lastMentionWithin(d, s, k, s, named); m != nil {
		return m.ent
	}
	return nil
}

// sameKind reports whether a name (key) can be a noun's ("the club",
// "Manchester United"): unless both the noun and the name's last word
// are cue words of the ontology, of two different types ("the institute",
// "Federal Communications Commission").
func (x *Extractor) sameKind(noun, key string) bool {
	last := key[strings.LastIndexByte(key, ' ')+1:]
	a, b := x.v.cues[noun], x.v.cues[last]
	return a == "" || b == "" || a == b
}

// lastMention returns the last mention of an entity before token k of
// sentence s that keep accepts, at most three sentences back; a mention
// inside quotation marks counts only for a token inside them too.
func lastMention(d *doc, s, k int, keep func(m *mention) bool) *mention {
	return lastMentionWithin(d, s, k, 3, keep)
}

// lastMentionWithin is lastMention at most back sentences back.
func lastMentionWithin(d *doc, s, k, back int, keep func(m *mention) bool) *mention {
	inQuote := d.sents[s][k].inQuote
	for i := d.upTo(s) - 1; i >= 0; i-- {
		m := d.mentions[i]
		if m.sent > s || m.sent == s && m.first >= k {
			continue
		}
		if m.sent < s-back {
			break
		}
		if m.ent == nil || m.inQuote && !inQuote {
			continue
		}
		if keep(m) {
			return m
		}
	}
	return nil
}

// afterPreposition reports whether a mention follows a preposition, with
// or without "the" ("end its agreement with Huawei", "of the Hollywood
// Reporter").
func afterPreposition(d *doc, m *mention) bool {
	k := m.first - 1
	if k > 0 && d.sents[m.sent][k].low == "the" {
		k--
	}
	return k >= 0 && prepositions[d.sents[m.sent][k].low]
}

// lastList returns the most recent list of two or more organisations named
// before token k of sentence s, at most six sentences back.
func (st *docState) lastList(d *doc, s, k int) *arg {
	for i := d.upTo(s) - 1; i >= 0; i-- {
		m := d.mentions[i]
		if m.sent > s || m.sent == s && m.first >= k || m.group == 0 {
			continue
		}
		if m.sent < s-6 {
			break
		}
		a := &arg{at: k, list: true}
		for _, o := range d.inSent(m.sent) {
			if o.group == m.group && o.ent != nil && !slices.Contains(a.ents, o.ent) && o.ent.label != "Place" && o.ent.label != "Person" {
				a.ents = append(a.ents, o.ent)
			}
		}
		if len(a.ents) >= 2 {
			return a
		}
	}
	return nil
}

// typeEvidence summarises the votes behind an entity's type.
func typeEvidence(e *entity) string {
	var parts []string
	for _, l := range sortedKeys(e.votes) {
		parts = append(parts, l+" "+strconv.FormatFloat(float64(e.votes[l])/10, 'f', 1, 64))
	}
	var rec []string
	for _, t := range sortedKeys(e.recognised) {
		rec = append(rec, t+" "+strconv.Itoa(e.recognised[t]))
	}
	why := "type votes: " + strings.Join(parts, ", ")
	switch e.typedBy {
	case byRecogniser:
		why = "the recogniser's type"
	case byDefault:
		why = "no evidence: the default type"
	case bySpeech:
		why = "speaks of itself as \"I\" in quotes (" + strconv.Itoa(e.speaksAsI) + "); " + why
	case byList:
		why = "named in lists with names of that type (" + strconv.Itoa(e.listed) + "); " + why
	}
	if len(rec) > 0 {
		why += "; recogniser: " + strings.Join(rec, ", ")
	}
	return why
}
