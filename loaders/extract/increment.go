package extract

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders/nlp/english"
)

// Increment is the extraction of a change to a corpus whose resolution a
// ResolutionStore keeps (ExtractIncrement).
type Increment struct {
	// Graph holds the articles extracted, with their mentions, claims and
	// quotes, and the entities of Entities; no facts (Facts makes them).
	Graph *graph.Graph
	// Extracted are the ids of the articles extracted, sorted: the new
	// ones, and those whose names now resolve otherwise.
	Extracted []string
	// Entities are the ids of the entities the change may touch: those
	// the articles extracted and the articles removed name, now or
	// before, and those whose decisions changed. Those of Graph are the
	// ones that stand; the others go.
	Entities []string
	// Stored are the stored analyses to write, by article id: those of
	// the new articles, and of those extracted again (their signature).
	Stored map[string]graph.Analysis
	// Rows are the resolution's rows to write, Drop the keys whose rows
	// go.
	Rows []ResolveRow
	Drop []string
}

// ExtractIncrement extracts the change to a corpus that adds arts (with
// their text) and removes the articles of ids gone, its resolution kept by
// store: it analyses arts, resolves them against the store's rows, and
// extracts them and the articles whose names now resolve otherwise (their
// text from texts). The graph of a load of the corpus is then the stored
// one with the articles of the change replaced and the entities of
// Entities made what Graph says (TestIncrementEqualsWhole). An article in
// both arts and gone is replaced.
func (x *Extractor) ExtractIncrement(ctx context.Context, arts []*graph.Article, gone []string, store ResolutionStore,
	texts func(ids []string) ([]*graph.Article, error)) (*Increment, error) {
	arts = slices.Clone(arts)
	slices.SortFunc(arts, func(a, b *graph.Article) int { return cmp.Compare(a.ID, b.ID) })
	var lang *english.Pipeline
	if len(arts) > 0 {
		var err error
		if lang, err = english.Default(); err != nil {
			return nil, err
		}
	}
	// Analysed a chunk at a time, only names kept, where they are more
	// than a chunk: the articles are analysed again for their facts once
	// every name is resolved. Fewer are kept whole, for their facts.
	res := make([]*resArticle, len(arts))
	chunk := x.Chunk
	if chunk <= 0 {
		chunk = max(len(arts), 1)
	}
	keep := len(arts) <= chunk
	kept := make([]*doc, len(arts))
	for _, part := range lo.Chunk(lo.Range(len(arts)), chunk) {
		x.parallel(ctx, len(part), func(j int) {
			i := part[j]
			d := x.analyseSafe(ctx, arts[i], lang)
			if ctx.Err() == nil {
				res[i] = &resArticle{art: meta(arts[i]), data: encodeAnalysis(d), outlet: x.outletID(arts[i])}
				if keep {
					kept[i] = d
				}
			}
		})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	whole := map[string]*doc{}
	for i, d := range kept {
		if d != nil {
			whole[arts[i].ID] = d
		}
	}
	s := newResolution(x, store)
	s.ctx = ctx
	ch, err := s.update(res, gone)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	inc := &Increment{Extracted: ch.Extract, Entities: ch.Entities, Stored: map[string]graph.Analysis{}}
	inc.Rows, inc.Drop, _, _ = s.changes()

	// The entities, from the rows of the keys that resolve to them, and
	// the outlets of the articles extracted.
	ids := slices.Clone(ch.Entities)
	for _, id := range ch.Extract {
		if o := s.arts[id].outlet; o != "" {
			ids = append(ids, o)
		}
	}
	ids = lo.Uniq(ids)
	ents, err := s.entitiesOf(ids)
	if err != nil {
		return nil, err
	}
	byID := lo.SliceToMap(ents, func(e *entity) (string, *entity) { return e.id, e })
	if ents, err = x.outlets(ctx, store, ids, byID, ents, res, gone); err != nil {
		return nil, err
	}
	withText := lo.SliceToMap(arts, func(a *graph.Article) (string, *graph.Article) { return a.ID, a })
	var g *graph.Graph
	for _, part := range lo.Chunk(ch.Extract, chunk) {
		var need []string
		for _, id := range part {
			if withText[id] == nil && whole[id] == nil {
				need = append(need, id)
			}
		}
		if len(need) > 0 {
			if texts == nil {
				return nil, fmt.Errorf("extract: no text for %d articles (%s …)", len(need), need[0])
			}
			got, err := texts(need)
			if err != nil {
				return nil, err
			}
			for _, a := range got {
				withText[a.ID] = a
			}
		}
		full := make([]*graph.Article, len(part))
		for j, id := range part {
			if full[j] = withText[id]; full[j] == nil && whole[id] == nil {
				return nil, fmt.Errorf("extract: no text for article %s", id)
			}
		}
		if lang == nil && len(need) > 0 {
			if lang, err = english.Default(); err != nil {
				return nil, err
			}
		}
		heavy, err := x.reanalyse(ctx, len(part), func(j int) *doc {
			if d := whole[part[j]]; d != nil {
				return d
			}
			return x.analyseSafe(ctx, full[j], lang)
		}, func(j int) *doc { return ch.docs[part[j]] })
		if ctx.Err() != nil {
			return nil, err
		}
		if err != nil {
			// The stored analysis is not this extractor's, which the
			// load's fingerprint should have said.
			return nil, fmt.Errorf("%w (load with --force to analyse every article again)", err)
		}
		for _, d := range heavy {
			for _, m := range d.mentions {
				if e := byID[m.ent.id]; e != nil {
					m.ent = e
				}
			}
		}
		outs := lo.Map(heavy, func(d *doc, _ int) *entity { return byID[x.outletID(d.orig)] })
		gk, err := x.build(ctx, heavy, ents, outs)
		if err != nil {
			return nil, err
		}
		g = addChunk(g, gk)
		for _, id := range part {
			a := s.arts[id]
			inc.Stored[id] = graph.Analysis{Mentions: a.data, Resolved: a.sig, Outlet: a.outlet, Publisher: a.art.Publisher}
		}
	}
	if g == nil {
		g = &graph.Graph{Articles: []graph.ArticleRef{}, Mentions: []graph.Mention{}, Relations: []graph.Relation{},
			Claims: []graph.Claim{}, Quotes: []graph.Quote{}}
	}
	g.Claims = dedupeClaims(g.Claims)
	g.Entities = x.entityRows(ents)
	inc.Graph = g
	return inc, nil
}

// meta is article a without its text.
func meta(a *graph.Article) *graph.Article {
	m := *a
	m.Text, m.Paragraphs, m.Sentences = "", nil, nil
	return &m
}

// outlets adds to byID and ents the entities of the outlets among ids
// that no name resolves to: each as publishers makes it, from the first
// article in order of id that the outlet published, of those stored (not
// gone) and those added (res).
func (x *Extractor) outlets(ctx context.Context, store ResolutionStore, ids []string, byID map[string]*entity, ents []*entity,
	res []*resArticle, gone []string) ([]*entity, error) {
	bare := lo.Filter(ids, func(id string, _ int) bool { return byID[id] == nil })
	if len(bare) == 0 {
		return ents, nil
	}
	isBare := lo.SliceToMap(bare, func(id string) (string, bool) { return id, true })
	first, err := store.FirstPublished(ctx, bare, gone)
	if err != nil {
		return nil, err
	}
	if first == nil {
		first = map[string]PublishedBy{}
	}
	for _, a := range res {
		if p, ok := first[a.outlet]; a.outlet != "" && isBare[a.outlet] && (!ok || a.art.ID < p.ID) {
			first[a.outlet] = PublishedBy{ID: a.art.ID, Publisher: a.art.Publisher}
		}
	}
	for _, id := range bare {
		p, ok := first[id]
		if !ok {
			continue // gone with its articles
		}
		name, label := p.Publisher, "NewsOutlet"
		if k := x.v.known[normKey(p.Publisher)]; k != nil {
			name, label = k.name, k.label
		}
		e := &entity{key: normKey(p.Publisher), name: name, label: label, id: id, surfaces: map[string]int{}}
		byID[id] = e
		ents = append(ents, e)
	}
	return ents, nil
}

// entitiesOf are the entities of ids that stand, from the rows of the
// keys that resolve to them: the holder's decisions, and the aggregates
// of all.
func (s *resolution) entitiesOf(ids []string) ([]*entity, error) {
	s.find(FindHeld, ids...)
	var reps []string
	for _, id := range ids {
		reps = append(reps, s.lookup(FindHeld, id)...)
	}
	s.find(FindRep, reps...)
	var out []*entity
	for _, id := range ids {
		holders := s.lookup(FindHeld, id)
		if len(holders) == 0 {
			continue
		}
		h := s.rows[holders[0]]
		e := newEntity(h.key)
		arts := map[string]bool{}
		for _, k := range holders {
			for _, member := range append([]string{k}, s.lookup(FindRep, k)...) {
				r := s.rows[member]
				if r == nil || r.fin == nil {
					continue
				}
				e.plus(r.fin, 1)
				for a := range r.finArts {
					arts[a] = true
				}
			}
		}
		e.narts = len(arts)
		e.name, e.label, e.id, e.typedBy, e.listed = h.dec.Name, h.dec.Label, h.dec.ID, h.dec.TypedBy, h.dec.Listed
		out = append(out, e)
	}
	return out, s.err
}
