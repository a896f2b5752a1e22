package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders/nlp/english"
)

// entityRow is what the graph holds of an entity, for comparing.
type entityRow struct {
	name, label     string
	mentions, narts int
	aliases         string
}

// wholeResolution resolves the articles of ids (stored analyses enc) at
// once, as a full load does: each article's signature, and the entities.
func wholeResolution(t testing.TB, x *Extractor, arts map[string]*graph.Article, enc map[string]string, ids []string) (map[string]string, map[string]entityRow) {
	slices.Sort(ids)
	var docs []*doc
	for _, id := range ids {
		d, err := x.decodeAnalysis(arts[id], enc[id], nil)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	r := &resolver{x: x, docs: docs}
	ents := r.resolve()
	outlets := x.publishers(docs, r, &ents)
	sigs := map[string]string{}
	for i, d := range docs {
		sigs[d.art.ID] = signature(d, outlets[i])
	}
	rows := map[string]entityRow{}
	for _, e := range ents {
		rows[e.id] = entityRow{e.name, e.label, e.mentions, e.narts, strings.Join(aliases(e), "|")}
	}
	return sigs, rows
}

// table is the resolution's entities, as the whole resolution gives them:
// every row of the store.
func table(t testing.TB, x *Extractor, m *memStore, arts map[string]*graph.Article) map[string]entityRow {
	type group struct {
		holder *resRow
		keys   []*resRow
	}
	rows := map[string]*resRow{}
	for k, row := range m.rows {
		r, err := decodeRow(row)
		if err != nil {
			t.Fatal(err)
		}
		rows[k] = r
	}
	groups := map[string]*group{}
	for _, r := range rows {
		if r.fin == nil {
			continue
		}
		h := rows[r.dec.Holder]
		if h == nil {
			t.Fatalf("key %q: its holder %q has no row", r.key, r.dec.Holder)
		}
		g := groups[h.dec.ID]
		if g == nil {
			g = &group{holder: h}
			groups[h.dec.ID] = g
		}
		g.keys = append(g.keys, r)
	}
	out := map[string]entityRow{}
	for id, g := range groups {
		e := newEntity(g.holder.key)
		arts := map[string]bool{}
		for _, r := range g.keys {
			e.plus(r.fin, 1)
			for a := range r.finArts {
				arts[a] = true
			}
		}
		e.name = g.holder.dec.Name
		out[id] = entityRow{e.name, g.holder.dec.Label, e.mentions, len(arts), strings.Join(aliases(e), "|")}
	}
	// Outlets no name resolved to: the publisher of the first article.
	for _, id := range sortedKeys(m.arts) {
		a := arts[id]
		if o := m.arts[id].Outlet; o != "" {
			if _, ok := out[o]; !ok {
				name, label := a.Publisher, "NewsOutlet"
				if k := x.v.known[normKey(a.Publisher)]; k != nil {
					name, label = k.name, k.label
				}
				out[o] = entityRow{name: name, label: label}
			}
		}
	}
	return out
}

// analysed is the stored analysis of each article, by id.
func analysed(t testing.TB, x *Extractor, arts map[string]*graph.Article) map[string]string {
	lang, err := english.Default()
	if err != nil {
		t.Fatal(err)
	}
	ids := sortedKeys(arts)
	encs := make([]string, len(ids))
	x.parallel(context.Background(), len(ids), func(i int) {
		encs[i] = encodeAnalysis(x.analyseSafe(context.Background(), arts[ids[i]], lang))
	})
	return lo.SliceToMap(lo.Range(len(ids)), func(i int) (string, string) { return ids[i], encs[i] })
}

// incrementalCheck follows the steps of adds and removals of articles on
// one incremental resolution, and checks after each that every article
// resolves, and every entity stands, as a resolution of the articles left
// at once makes them; that the step's articles to extract include every
// one whose names resolve otherwise, and its entities every one that
// changed.
type incrementalCheck struct {
	t          *testing.T
	x          *Extractor
	arts       map[string]*graph.Article
	enc        map[string]string
	store      *memStore
	in         map[string]bool
	rowsBefore map[string]entityRow
}

func newIncrementalCheck(t *testing.T, x *Extractor, arts map[string]*graph.Article) *incrementalCheck {
	c := &incrementalCheck{t: t, x: x, arts: arts, enc: analysed(t, x, arts), store: newMemStore(), in: map[string]bool{}}
	_, c.rowsBefore = wholeResolution(t, x, arts, c.enc, nil)
	return c
}

func (c *incrementalCheck) step(add, gone []string) change {
	t := c.t
	t.Helper()
	meta := func(id string) *resArticle {
		a := *c.arts[id]
		a.Text, a.Paragraphs, a.Sentences = "", nil, nil
		return &resArticle{art: &a, data: c.enc[id], outlet: c.x.outletID(&a)}
	}
	// A resolution of its own for each step, as each load has: all it
	// knows of the corpus it reads from the store.
	s := newResolution(c.x, c.store)
	ch, err := s.update(lo.Map(add, func(id string, _ int) *resArticle { return meta(id) }), gone)
	if err != nil {
		t.Fatal(err)
	}
	s.commit()
	for _, id := range gone {
		delete(c.in, id)
	}
	for _, id := range add {
		c.in[id] = true
	}
	sigs, rows := wholeResolution(t, c.x, c.arts, c.enc, lo.Keys(c.in))
	for id, sig := range sigs {
		if c.store.arts[id].Resolved != sig {
			t.Errorf("+%v -%v: article %s resolves otherwise than at once", add, gone, id)
		}
	}
	got := table(t, c.x, c.store, c.arts)
	changed := lo.Keyify(ch.Entities)
	for id, want := range rows {
		if got[id] != want {
			t.Errorf("+%v -%v: entity %s is %+v, at once %+v", add, gone, id, got[id], want)
		}
		if _, ok := changed[id]; !ok && c.rowsBefore[id] != want {
			t.Errorf("+%v -%v: entity %s changed (%+v → %+v) and the step does not say", add, gone, id, c.rowsBefore[id], want)
		}
	}
	for id := range got {
		if _, ok := rows[id]; !ok {
			t.Errorf("+%v -%v: entity %s %+v is not there at once", add, gone, id, got[id])
		}
	}
	for id := range c.rowsBefore {
		if _, ok := rows[id]; !ok {
			if _, ok := changed[id]; !ok {
				t.Errorf("+%v -%v: entity %s went and the step does not say", add, gone, id)
			}
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	c.rowsBefore = rows
	return ch
}

// sampleArticles are the articles of the BBC files that glob matches in
// the topics' folders (the examples where the corpus is missing), by id.
func sampleArticles(t *testing.T, glob string, topics ...string) map[string]*graph.Article {
	var files []string
	for _, topic := range topics {
		fs, _ := filepath.Glob(filepath.Join(corpusDir(), topic, glob))
		files = append(files, fs...)
	}
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.txt"))
	}
	return lo.SliceToMap(parseFiles(t, files), func(a *graph.Article) (string, *graph.Article) { return a.ID, a })
}

// TestIncrementalEqualsWhole adds BBC articles to an incremental
// resolution and takes some away, at random (the seed is fixed), and
// checks each step (incrementalCheck).
func TestIncrementalEqualsWhole(t *testing.T) {
	x := newExtractor(t)
	arts := sampleArticles(t, "0[0-4]*.txt", "politics", "sport", "business")
	ids := sortedKeys(arts)
	c := newIncrementalCheck(t, x, arts)
	rng := rand.New(rand.NewSource(7))
	for step := 0; step < 60; step++ {
		var add, gone []string
		out := lo.Filter(ids, func(id string, _ int) bool { return !c.in[id] })
		if step == 0 {
			for _, i := range rng.Perm(len(out))[:len(out)/2] {
				add = append(add, out[i])
			}
		} else {
			for _, i := range rng.Perm(len(out))[:min(len(out), 1+rng.Intn(3))] {
				add = append(add, out[i])
			}
			if step%2 == 0 {
				loaded := sortedKeys(c.in)
				for _, i := range rng.Perm(len(loaded))[:min(len(loaded), 1+rng.Intn(2))] {
					gone = append(gone, loaded[i])
				}
				if step%4 == 0 {
					add = append(add, gone[0]) // loaded again, as a file that changed its title
				}
			}
		}
		ch := c.step(add, gone)
		t.Logf("step %d: +%d -%d: %d articles to extract, %d entities to compare", step, len(add), len(gone), len(ch.Extract), len(ch.Entities))
	}
}

// TestIncrementalDecisionsThatReachOtherArticles follows, in every order,
// the adds and removals of articles that change what other articles
// resolve to through what resolution keeps of the corpus: an acronym
// named alone ("FC") that "Porto" can no longer stand for "FC Porto"; a
// full name ("Brian O'Driscoll") that a surname alone no longer leaves to
// an initial's name ("B O'Driscoll"), though no one full name has it; a
// name typed elsewhere as a place ("Jaxon") that leaves the other names
// of its list untyped, or a spelling of a name ("Veltron Aerospase")
// that takes a list's name away from the list's type; two names of one id
// ("Kelso-Brand Foods", "Kelso Brand Foods"), the first in order its holder.
func TestIncrementalDecisionsThatReachOtherArticles(t *testing.T) {
	texts := []string{
		"FC Porto striker Benni McCarthy scored twice as the club beat Benfica. Porto's defence held firm, and FC Porto chairman Jorge Nuno Pinto da Costa praised the team.",
		"The FC fined him on Monday. FC officials said the fine would stand.",
		"B O'Driscoll scored twice for Leinster. O'Driscoll said the win was vital.",
		"G O'Driscoll came off the bench.",
		"Brian O'Driscoll and Mick O'Driscoll played.",
		"Microsoft, Hartley and Jaxon were among the bidders.",
		"The factory is in the town of Jaxon. Residents of Jaxon protested. The mayor of Jaxon said the city would fight.",
		"Microsoft, Hartley and Veltron Aerospace were among the bidders.",
		"The charity Veltron Aerospase said it would appeal. The Veltron Aerospase charity has 40 staff. Veltron Aerospase workers protested.",
		"Shares in Kelso-Brand Foods fell 4% after the firm warned on profits.",
		"Shares in Kelso Brand Foods rose 2% on Monday.",
	}
	arts := map[string]*graph.Article{}
	var ids []string
	for i, text := range texts {
		a := article(fmt.Sprintf("a:%02d", i), text)
		arts[a.ID] = a
		ids = append(ids, a.ID)
	}
	x := newExtractor(t)
	c := newIncrementalCheck(t, x, arts)
	rng := rand.New(rand.NewSource(1))
	reached := 0
	for range 12 {
		for _, i := range rng.Perm(len(ids)) {
			ch := c.step([]string{ids[i]}, nil)
			if len(ch.Extract) > 1 {
				reached++
			}
		}
		for _, i := range rng.Perm(len(ids)) {
			c.step(nil, []string{ids[i]})
		}
	}
	if reached == 0 {
		t.Fatal("no add changed another article: the articles no longer test what they should")
	}
}

// stored is a graph as a database holds it, changed by increments as a
// load changes it.
type stored struct {
	entities map[string]graph.Entity
	articles map[string]graph.ArticleRef
	mentions map[string][]graph.Mention // by article
	claims   map[string][]graph.Claim
	quotes   map[string][]graph.Quote
}

// apply changes the graph and the store by increment inc, which removed
// the articles gone.
func (st *stored) apply(inc *Increment, gone []string, m *memStore) {
	for _, id := range append(slices.Clone(gone), inc.Extracted...) {
		delete(st.articles, id)
		delete(st.mentions, id)
		delete(st.claims, id)
		delete(st.quotes, id)
	}
	for _, id := range inc.Entities {
		delete(st.entities, id)
	}
	g := inc.Graph
	for _, e := range g.Entities {
		st.entities[e.ID] = e
	}
	for _, a := range g.Articles {
		st.articles[a.ID] = a
	}
	for _, x := range g.Mentions {
		st.mentions[x.Article] = append(st.mentions[x.Article], x)
	}
	for _, c := range g.Claims {
		st.claims[c.Article] = append(st.claims[c.Article], c)
	}
	for _, q := range g.Quotes {
		st.quotes[q.Article] = append(st.quotes[q.Article], q)
	}
	m.applyIncrement(inc, gone)
}

// graph is the stored graph, sorted, without facts.
func (st *stored) graph() *graph.Graph {
	g := &graph.Graph{Entities: lo.Values(st.entities), Articles: lo.Values(st.articles), Relations: []graph.Relation{},
		Mentions: lo.Flatten(lo.Values(st.mentions)), Claims: lo.Flatten(lo.Values(st.claims)), Quotes: lo.Flatten(lo.Values(st.quotes))}
	g.Sort()
	return g
}

// TestIncrementEqualsWhole loads BBC articles by increments (adds and
// removals at random, the seed fixed) into a graph kept as a database
// keeps it, and checks after each that it is the graph one extraction of
// the articles loaded gives: entities, articles, mentions, claims and
// quotes alike.
func TestIncrementEqualsWhole(t *testing.T) {
	arts := sampleArticles(t, "0[0-2]*.txt", "politics", "sport")
	ids := sortedKeys(arts)
	x := newExtractor(t)
	x.Terse = true
	m := newMemStore()
	st := &stored{entities: map[string]graph.Entity{}, articles: map[string]graph.ArticleRef{}, mentions: map[string][]graph.Mention{},
		claims: map[string][]graph.Claim{}, quotes: map[string][]graph.Quote{}}
	in := map[string]bool{}
	texts := func(want []string) ([]*graph.Article, error) {
		return lo.Map(want, func(id string, _ int) *graph.Article { return arts[id] }), nil
	}
	rng := rand.New(rand.NewSource(3))
	for step := range 12 {
		out := lo.Filter(ids, func(id string, _ int) bool { return !in[id] })
		var add, gone []string
		n := 1 + rng.Intn(3)
		if step == 0 {
			n = len(out) / 2
		}
		for _, i := range rng.Perm(len(out))[:min(n, len(out))] {
			add = append(add, out[i])
		}
		if step%2 == 1 {
			loaded := sortedKeys(in)
			gone = append(gone, loaded[rng.Intn(len(loaded))])
		}
		x.Chunk = 7 // articles analysed a few at a time, as a big load does
		inc, err := x.ExtractIncrement(context.Background(), lo.Map(add, func(id string, _ int) *graph.Article { return arts[id] }), gone, m, texts)
		if err != nil {
			t.Fatal(err)
		}
		st.apply(inc, gone, m)
		for _, id := range gone {
			delete(in, id)
		}
		for _, id := range add {
			in[id] = true
		}
		x.Chunk = 0
		want := x.Extract(lo.Map(sortedKeys(in), func(id string, _ int) *graph.Article { return arts[id] }))
		want.Relations = []graph.Relation{}
		want.Sort()
		got := st.graph()
		if diff := graphDiff(want, got); diff != "" {
			t.Fatalf("step %d (+%d -%v): the graph by increments differs from one extraction:\n%s", step, len(add), gone, diff)
		}
		t.Logf("step %d: +%d -%d: %d extracted, %d entities compared", step, len(add), len(gone), len(inc.Extracted), len(inc.Entities))
	}
}

// graphDiff says how two graphs differ, in their first differences of
// each kind ("" alike).
func graphDiff(want, got *graph.Graph) string {
	var out []string
	diff := func(kind string, w, g []string) {
		ws, gs := lo.Keyify(w), lo.Keyify(g)
		n := 0
		for _, x := range w {
			if _, ok := gs[x]; !ok && n < 5 {
				out = append(out, kind+" missing: "+x)
				n++
			}
		}
		n = 0
		for _, x := range g {
			if _, ok := ws[x]; !ok && n < 5 {
				out = append(out, kind+" extra:   "+x)
				n++
			}
		}
	}
	str := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	diff("entity", lo.Map(want.Entities, func(e graph.Entity, _ int) string { return str(e) }), lo.Map(got.Entities, func(e graph.Entity, _ int) string { return str(e) }))
	diff("article", lo.Map(want.Articles, func(e graph.ArticleRef, _ int) string { return str(e) }), lo.Map(got.Articles, func(e graph.ArticleRef, _ int) string { return str(e) }))
	diff("mention", lo.Map(want.Mentions, func(e graph.Mention, _ int) string { return str(e) }), lo.Map(got.Mentions, func(e graph.Mention, _ int) string { return str(e) }))
	diff("claim", lo.Map(want.Claims, func(e graph.Claim, _ int) string { return str(e) }), lo.Map(got.Claims, func(e graph.Claim, _ int) string { return str(e) }))
	diff("quote", lo.Map(want.Quotes, func(e graph.Quote, _ int) string { return str(e) }), lo.Map(got.Quotes, func(e graph.Quote, _ int) string { return str(e) }))
	return strings.Join(out, "\n")
}

// TestIncrementKeepsOutlets removes the one article that names an outlet
// in its text while others the outlet published stay: the outlet stays,
// as the entity a publisher makes (a load that deleted it took the other
// articles' REPORTED_BY with it); and names it again.
func TestIncrementKeepsOutlets(t *testing.T) {
	x := newExtractor(t)
	x.Terse = true
	pub := func(id, text string) *graph.Article {
		a := article(id, text)
		a.Publisher = "Harbour Gazette"
		return a
	}
	arts := map[string]*graph.Article{}
	for _, a := range []*graph.Article{
		pub("a:01", "The council approved the new harbour plan on Monday."),
		pub("a:02", "The Harbour Gazette reported that the plan would cost 4m pounds. The Harbour Gazette said the council had agreed."),
		article("a:03", "Fishermen welcomed the harbour plan, the Harbour Gazette reported."),
	} {
		arts[a.ID] = a
	}
	m := newMemStore()
	st := &stored{entities: map[string]graph.Entity{}, articles: map[string]graph.ArticleRef{}, mentions: map[string][]graph.Mention{},
		claims: map[string][]graph.Claim{}, quotes: map[string][]graph.Quote{}}
	texts := func(want []string) ([]*graph.Article, error) {
		return lo.Map(want, func(id string, _ int) *graph.Article { return arts[id] }), nil
	}
	in := map[string]bool{}
	for _, step := range []struct{ add, gone []string }{
		{add: []string{"a:01", "a:02", "a:03"}}, {gone: []string{"a:02"}}, {gone: []string{"a:03"}},
		{add: []string{"a:03"}}, {add: []string{"a:02"}}, {gone: []string{"a:01"}},
	} {
		inc, err := x.ExtractIncrement(context.Background(), lo.Map(step.add, func(id string, _ int) *graph.Article { return arts[id] }), step.gone, m, texts)
		if err != nil {
			t.Fatal(err)
		}
		st.apply(inc, step.gone, m)
		for _, id := range step.gone {
			delete(in, id)
		}
		for _, id := range step.add {
			in[id] = true
		}
		want := x.Extract(lo.Map(sortedKeys(in), func(id string, _ int) *graph.Article { return arts[id] }))
		want.Relations = []graph.Relation{}
		want.Sort()
		if diff := graphDiff(want, st.graph()); diff != "" {
			t.Fatalf("+%v -%v: the graph by increments differs from one extraction:\n%s", step.add, step.gone, diff)
		}
	}
}
