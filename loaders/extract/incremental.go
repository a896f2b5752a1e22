package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
)

// Incremental resolution (issue 15): what resolve decides over a whole
// corpus, kept as aggregates that articles add to and take from, so that
// adding an article costs what it changes, not the corpus.
//
// Resolution has two layers. The first joins an article's short names to
// full names (shortNames); beyond its own text, an article reads only the
// leanings of base keys (additive aggregates over every mention of a key)
// and which people's full names have a surname. The second makes entities
// of the keys the first gives: their aggregates (additive again), joined
// by near-miss spelling, typed, typed again by the lists they are in,
// named, and merged where their ids collide. A change to the corpus is
// followed from the aggregates it changes to the decisions that change
// with them, and from those to the articles that read them: only those
// are resolved again. Every decision is made by the same code as resolve
// makes it, from the same aggregates: the state after any sequence of
// adds and removals is the state resolve gives for the articles left
// (TestIncrementalEqualsWhole).
//
// The state is rows in a ResolutionStore, one per key, and the stored
// analyses of the articles. An update reads the rows it needs (a working
// set, fetched in batches), changes them, and gives the rows it changed
// to write (Rows).

// ResolutionStore holds what incremental resolution keeps between loads.
type ResolutionStore interface {
	// StoredAnalyses gives the stored analyses of articles, by id; an
	// article not stored is missing.
	StoredAnalyses(ctx context.Context, ids []string) (map[string]graph.Analysis, error)
	// ResolveRows gives the rows of keys, by key; a key without a row is
	// missing.
	ResolveRows(ctx context.Context, keys []string) (map[string]ResolveRow, error)
	// FindResolveRows gives, by value, the keys of the rows whose field
	// (one of the Find* constants) has one of values.
	FindResolveRows(ctx context.Context, field string, values []string) (map[string][]string, error)
	// FirstPublished gives, for each outlet id of outlets, the first
	// stored article in order of id, not one of except, whose outlet it
	// is: its id, and the publisher's name it gives.
	FirstPublished(ctx context.Context, outlets, except []string) (map[string]PublishedBy, error)
}

// PublishedBy is an article an outlet published.
type PublishedBy = graph.PublishedBy

// The lookup fields of a ResolveRow.
const (
	FindLast  = graph.FindLast
	FindFirst = graph.FindFirst
	FindSig   = graph.FindSig
	FindHeld  = graph.FindHeld
	FindRep   = graph.FindRep
)

// ResolveRow is what resolution keeps of one key.
type ResolveRow = graph.ResolveRow

// resolution is the state incremental resolution keeps: a working set of
// the store's rows.
type resolution struct {
	r     *resolver // for baseKey, shortNames and the ontology
	store ResolutionStore
	ctx   context.Context
	err   error
	arts  map[string]*resArticle // nil: not stored
	rows  map[string]*resRow     // nil: no row
	// idx holds the lookup fields of the rows of the working set, by field
	// and value; asked the values already asked of the store.
	idx   fieldIndex
	asked map[string]bool
	dirty map[string]bool // rows changed
	// Articles changed (added, their signature) and removed.
	dirtyArts map[string]bool
	goneArts  map[string]bool
}

// resArticle is an article of the corpus: its stored analysis.
type resArticle struct {
	art    *graph.Article
	data   string
	outlet string
	sig    string
}

// resRow is a key: as a base key, its lean aggregate and leaning; as a
// final key, its aggregate, decisions and the tally of its lists.
type resRow struct {
	key     string
	lean    *entity // nil: no mention has the key as a base key
	leaning *leaning
	fin     *entity // nil: no mention resolves to it
	dec     finalDecision
	tally   map[string]int
	arts    map[string]bool
	finArts map[string]bool
	listed  map[string]bool
	fields  map[string][]string // its lookup fields as indexed
}

// finalDecision is what the second layer decides of a final key.
type finalDecision struct {
	Rep                string // the key it joined by near-miss spelling, itself if none
	PreLabel, PreTyped string // label and typedBy before lists (of rep)
	Label, TypedBy     string
	Listed             int
	Name, ID           string
	Holder             string // the key that holds its id (itself, or the key it merged into)
}

func newResolution(x *Extractor, store ResolutionStore) *resolution {
	return &resolution{r: &resolver{x: x}, store: store, ctx: context.Background(),
		arts: map[string]*resArticle{}, rows: map[string]*resRow{}, idx: fieldIndex{},
		asked: map[string]bool{}, dirty: map[string]bool{}, dirtyArts: map[string]bool{}, goneArts: map[string]bool{}}
}

// fail records the first error of the store; the update goes on with
// what it has and reports it.
func (s *resolution) fail(err error) {
	if err != nil && s.err == nil {
		s.err = err
	}
}

// fetch reads the rows of keys not in the working set.
func (s *resolution) fetch(keys []string) {
	need := missing(keys, s.rows)
	if len(need) == 0 || s.err != nil {
		return
	}
	got, err := s.store.ResolveRows(s.ctx, need)
	s.fail(err)
	for _, k := range need {
		r, ok := got[k]
		if !ok {
			s.rows[k] = nil
			continue
		}
		row, err := decodeRow(r)
		s.fail(err)
		if row == nil {
			row = &resRow{key: k}
		}
		s.rows[k] = row
		s.index(row)
	}
}

// missing are the keys, once each, that the working set m lacks.
func missing[V any](keys []string, m map[string]V) []string {
	return lo.Uniq(lo.Filter(keys, func(k string, _ int) bool { _, ok := m[k]; return !ok }))
}

// row is the row of key k, nil for none.
func (s *resolution) row(k string) *resRow {
	if r, ok := s.rows[k]; ok {
		return r
	}
	s.fetch([]string{k})
	return s.rows[k]
}

// rowFor is the row of key k, made where there is none.
func (s *resolution) rowFor(k string) *resRow {
	if r := s.row(k); r != nil {
		return r
	}
	r := &resRow{key: k}
	s.rows[k] = r
	return r
}

// find gives the keys of the working set and the store whose field has
// value, reading the store's ones into the working set.
func (s *resolution) find(field string, values ...string) {
	var need []string
	for _, v := range lo.Uniq(values) {
		if !s.asked[field+"\x00"+v] {
			s.asked[field+"\x00"+v] = true
			need = append(need, v)
		}
	}
	if len(need) == 0 || s.err != nil {
		return
	}
	got, err := s.store.FindResolveRows(s.ctx, field, need)
	s.fail(err)
	s.fetch(lo.Flatten(lo.Values(got)))
}

// lookup is the keys whose field has value now.
func (s *resolution) lookup(field, value string) []string {
	s.find(field, value)
	return s.idx.keys(field, value)
}

// fieldsOf are a row's lookup fields, as its state is now.
func fieldsOf(r *resRow) map[string][]string {
	f := map[string][]string{}
	words := strings.Fields(r.key)
	if r.lean != nil && len(words) > 1 {
		f[FindLast] = []string{words[len(words)-1]}
		if len(words) == 2 {
			f[FindFirst] = []string{words[0]}
		}
	}
	if r.fin != nil {
		if r.fin.name == "" {
			f[FindSig] = nearMissBuckets(r.key)
		}
		switch {
		case r.dec.Rep == r.key && r.dec.ID != "":
			f[FindHeld] = []string{r.dec.ID}
		case r.dec.Rep != r.key && r.dec.Rep != "":
			f[FindRep] = []string{r.dec.Rep}
		}
	}
	return f
}

// fieldIndex gives keys by lookup field and value.
type fieldIndex map[string]map[string]map[string]bool

// set indexes key under fields, where it was under old.
func (x fieldIndex) set(key string, old, fields map[string][]string) {
	for field, vs := range old {
		for _, v := range vs {
			delete(x[field][v], key)
		}
	}
	for field, vs := range fields {
		if x[field] == nil {
			x[field] = map[string]map[string]bool{}
		}
		for _, v := range vs {
			if x[field][v] == nil {
				x[field][v] = map[string]bool{}
			}
			x[field][v][key] = true
		}
	}
}

// keys are the keys with value in field, in order.
func (x fieldIndex) keys(field, value string) []string { return sortedKeys(x[field][value]) }

// index brings the index up to date with row r.
func (s *resolution) index(r *resRow) {
	fields := fieldsOf(r)
	s.idx.set(r.key, r.fields, fields)
	r.fields = fields
}

// changed marks row r changed, and indexes it again.
func (s *resolution) changed(r *resRow) {
	s.dirty[r.key] = true
	s.index(r)
}

// fetchArts reads the stored analyses of articles not in the working set.
func (s *resolution) fetchArts(ids []string) {
	need := missing(ids, s.arts)
	if len(need) == 0 || s.err != nil {
		return
	}
	got, err := s.store.StoredAnalyses(s.ctx, need)
	s.fail(err)
	for _, id := range need {
		st, ok := got[id]
		if !ok {
			s.arts[id] = nil
			continue
		}
		s.arts[id] = &resArticle{art: &graph.Article{ID: id, Publisher: st.Publisher}, data: st.Mentions, sig: st.Resolved, outlet: st.Outlet}
	}
}

func (s *resolution) art(id string) *resArticle {
	s.fetchArts([]string{id})
	return s.arts[id]
}

// keyView is the leanView of the resolution's keys, with the leanings of
// keys in old instead where old has them (nil: a key that did not exist).
type keyView struct {
	s   *resolution
	old map[string]*leaning
	// lost are the keys of two words or more that were and are no more,
	// by last word, which the index no longer gives.
	lost map[string][]string
}

func (v keyView) lean(key string) *leaning {
	if l, ok := v.old[key]; ok {
		return l
	}
	if r := v.s.row(key); r != nil {
		return r.leaning
	}
	return nil
}

func (v keyView) surnameKeys(s string) (full, initialed []string) {
	keys := v.s.lookup(FindLast, s)
	keys = append(keys, v.lost[s]...)
	slices.Sort(keys)
	for _, k := range keys {
		if l := v.lean(k); l == nil || l.label != "Person" {
			continue
		}
		if initialLetter(strings.ToUpper(k[:strings.IndexByte(k, ' ')])) {
			initialed = append(initialed, k)
		} else {
			full = append(full, k)
		}
	}
	return full, initialed
}

func (v keyView) soleSurname(s string) string {
	full, initialed := v.surnameKeys(s)
	if len(full) == 0 {
		full = initialed
	}
	if len(full) == 1 {
		return full[0]
	}
	return ""
}

func (v keyView) hasFullSurname(s string) bool {
	full, _ := v.surnameKeys(s)
	return len(full) > 0
}

// decode is article a's stored analysis with its base keys.
func (s *resolution) decode(a *resArticle) *doc {
	d, err := s.r.x.decodeAnalysis(a.art, a.data, nil)
	if err != nil {
		s.fail(fmt.Errorf("resolution: article %s: %w", a.art.ID, err))
		return &doc{art: a.art, orig: a.art}
	}
	for _, m := range d.mentions {
		m.key = s.r.baseKey(d, m)
	}
	return d
}

// resolveArticles are the articles of ids with their names resolved by
// the first layer as view v answers (nil: base keys only), by id.
func (s *resolution) resolveArticles(ids []string, v leanView) map[string]*doc {
	s.fetchArts(ids)
	docs := map[string]*doc{}
	for _, id := range ids {
		if a := s.arts[id]; a != nil {
			docs[id] = s.decode(a)
		}
	}
	if v != nil {
		// What shortNames asks, fetched at once: the articles' keys, the
		// first words of their keys of two words, and their surnames.
		var keys, lasts []string
		for _, d := range docs {
			for _, m := range d.mentions {
				keys = append(keys, m.key)
				words := strings.Fields(m.key)
				if len(words) == 2 {
					keys = append(keys, words[0])
				}
				lasts = append(lasts, words[len(words)-1])
			}
		}
		s.fetch(keys)
		s.find(FindLast, lasts...)
		for _, id := range sortedKeys(docs) {
			s.r.shortNames(docs[id], v)
		}
	}
	return docs
}

// contributions are an article's aggregates by key.
func contributions(d *doc) map[string]*entity {
	out := map[string]*entity{}
	for _, m := range d.mentions {
		e := out[m.key]
		if e == nil {
			e = newEntity(m.key)
			out[m.key] = e
		}
		e.add(d, m)
	}
	return out
}

// plus adds aggregate d to e, sign times.
func (e *entity) plus(d *entity, sign int) {
	e.addCounts(d, sign)
	e.upperFirst += sign * d.upperFirst
	e.narts += sign * d.narts
	e.known += sign * d.known
	if d.known > 0 && sign > 0 {
		e.name, e.label = d.name, d.label
	}
	if e.known == 0 {
		e.name, e.label = "", ""
	}
}

// addCounts adds d's votes, types, titles, spellings and mentions to e,
// sign times, as a merge of two entities and a change of a sum do.
func (e *entity) addCounts(d *entity, sign int) {
	for l, w := range d.votes {
		e.votes[l] += int64(sign) * w
		if e.votes[l] == 0 {
			delete(e.votes, l)
		}
	}
	for t, n := range d.recognised {
		if e.recognised == nil {
			e.recognised = map[string]int{}
		}
		e.recognised[t] += sign * n
		if e.recognised[t] == 0 {
			delete(e.recognised, t)
		}
	}
	e.titled += sign * d.titled
	e.speaksAsI += sign * d.speaksAsI
	e.acronymLast += sign * d.acronymLast
	if e.surfaces != nil {
		for s, n := range d.surfaces {
			e.surfaces[s] += sign * n
			if e.surfaces[s] == 0 {
				delete(e.surfaces, s)
			}
		}
	}
	e.mentions += sign * d.mentions
}

// change is what an update of the resolution changed.
type change struct {
	// Extract are the articles whose claims must be made again: new, or
	// their names resolve otherwise.
	Extract []string
	// Entities are the ids of the entities that changed or went, and of
	// those the articles of Extract name. (What removed articles and those
	// of Extract named before is touched, so changed or went.)
	Entities []string
	// docs are the articles of Extract, their mentions resolved (ent).
	docs map[string]*doc
}

// update removes the articles of ids and adds arts (analysed: their
// stored analyses), and says what changed.
func (s *resolution) update(arts []*resArticle, gone []string) (change, error) {
	// First layer: the lean aggregates of the keys the articles name.
	oldLean := map[string]*leaning{}
	touchKey := func(key string) *resRow {
		r := s.rowFor(key)
		if _, seen := oldLean[key]; !seen {
			oldLean[key] = r.leaning
		}
		if r.lean == nil {
			r.lean = newEntity(key)
			r.lean.surfaces = nil
			r.arts = map[string]bool{}
		}
		return r
	}
	removed := map[string]*resArticle{}
	goneDocs := s.resolveArticles(gone, nil)
	for id := range goneDocs {
		removed[id] = s.arts[id]
		s.arts[id] = nil
		s.goneArts[id] = true
	}
	var keys []string
	for _, d := range goneDocs {
		for _, m := range d.mentions {
			keys = append(keys, m.key)
		}
	}
	newDocs := map[string]*doc{}
	for _, a := range arts {
		if old, ok := s.arts[a.art.ID]; ok && old != nil {
			return change{}, fmt.Errorf("resolution: article %s added twice", a.art.ID)
		}
		s.arts[a.art.ID] = a
		delete(s.goneArts, a.art.ID)
		newDocs[a.art.ID] = s.decode(a)
		for _, m := range newDocs[a.art.ID].mentions {
			keys = append(keys, m.key)
		}
	}
	s.fetch(keys)
	for _, id := range sortedKeys(goneDocs) {
		for key, c := range contributions(goneDocs[id]) {
			r := touchKey(key)
			r.lean.plus(c, -1)
			delete(r.arts, id)
		}
	}
	for _, a := range arts {
		s.dirtyArts[a.art.ID] = true
		for key, c := range contributions(newDocs[a.art.ID]) {
			r := touchKey(key)
			r.lean.plus(c, 1)
			r.arts[a.art.ID] = true
		}
	}
	// The leanings that changed, and the keys whose articles read them.
	reread := map[string]bool{}
	surnames := map[string]bool{}
	lost := map[string][]string{}
	var firsts []string
	for _, key := range sortedKeys(oldLean) {
		r := s.rows[key]
		if r.lean.mentions == 0 {
			r.lean, r.leaning, r.arts = nil, nil, nil
			if words := strings.Fields(key); len(words) > 1 && oldLean[key] != nil {
				lost[words[len(words)-1]] = append(lost[words[len(words)-1]], key)
			}
		} else {
			r.leaning = leaningOf(r.lean)
		}
		s.changed(r)
		was, now := oldLean[key], r.leaning
		if sameLeaning(was, now) {
			continue
		}
		reread[key] = true
		words := strings.Fields(key)
		if len(words) > 1 {
			surnames[words[len(words)-1]] = true
		}
		if len(words) == 1 && (was == nil) != (now == nil) {
			firsts = append(firsts, key)
		}
	}
	// "ac" named alone or no more: "AC Milan" is or is not "Milan".
	s.find(FindFirst, firsts...)
	for _, w := range firsts {
		for _, k := range s.lookup(FindFirst, w) {
			reread[k] = true
		}
	}
	s.find(FindLast, sortedKeys(surnames)...)
	oldView, newView := keyView{s: s, old: oldLean, lost: lost}, keyView{s: s}
	for _, sn := range sortedKeys(surnames) {
		if oldView.soleSurname(sn) != newView.soleSurname(sn) {
			reread[sn] = true
		}
		if oldView.hasFullSurname(sn) != newView.hasFullSurname(sn) {
			for _, k := range s.lookup(FindLast, sn) {
				reread[k] = true
			}
		}
	}
	// The articles to resolve again: new, or reading what changed.
	s.fetch(sortedKeys(reread))
	again := map[string]bool{}
	for key := range reread {
		if r := s.rows[key]; r != nil {
			for id := range r.arts {
				again[id] = true
			}
		}
	}
	isNew := lo.SliceToMap(arts, func(a *resArticle) (string, bool) { return a.art.ID, true })
	for id := range isNew {
		delete(again, id)
	}
	// The old resolution of each (new ones had none), and the new.
	oldDocs := s.resolveArticles(sortedKeys(again), oldView)
	for id, a := range removed { // no longer stored: resolved from the working set
		d := s.decode(a)
		s.r.shortNames(d, oldView)
		oldDocs[id] = d
	}
	for id, d := range s.resolveArticles(sortedKeys(again), newView) {
		newDocs[id] = d
	}
	for _, id := range sortedKeys(isNew) {
		s.r.shortNames(newDocs[id], newView)
	}
	ch := s.second(oldDocs, newDocs)
	return ch, s.err
}

func sameLeaning(a, b *leaning) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// second brings the second layer up to date with articles resolved by the
// first: old holds what they were (nil: new), new what they are now (nil:
// gone).
func (s *resolution) second(oldDocs, newDocs map[string]*doc) change {
	oldDec := map[string]*finalDecision{} // decisions before, of the keys touched
	touched := map[string]bool{}
	var keys []string
	for _, ds := range []map[string]*doc{oldDocs, newDocs} {
		for _, d := range ds {
			for _, m := range d.mentions {
				keys = append(keys, m.key)
			}
		}
	}
	s.fetch(keys)
	touchFin := func(key string) *resRow {
		r := s.rowFor(key)
		if _, seen := oldDec[key]; !seen {
			if r.fin != nil {
				dec := r.dec
				oldDec[key] = &dec
			} else {
				oldDec[key] = nil
			}
		}
		if r.fin == nil {
			r.fin = newEntity(key)
			r.finArts, r.listed = map[string]bool{}, map[string]bool{}
		}
		touched[key] = true
		return r
	}
	grouped := func(d *doc) map[string]bool {
		out := map[string]bool{}
		for _, m := range d.mentions {
			if m.group != 0 {
				out[m.key] = true
			}
		}
		return out
	}
	for _, id := range sortedKeys(oldDocs) {
		d := oldDocs[id]
		for key, c := range contributions(d) {
			r := touchFin(key)
			r.fin.plus(c, -1)
			delete(r.finArts, id)
		}
		for key := range grouped(d) {
			delete(s.rows[key].listed, id)
		}
	}
	for _, id := range sortedKeys(newDocs) {
		d := newDocs[id]
		for key, c := range contributions(d) {
			r := touchFin(key)
			r.fin.plus(c, 1)
			r.finArts[id] = true
		}
		for key := range grouped(d) {
			s.rows[key].listed[id] = true
		}
	}
	return s.entities(oldDocs, newDocs, oldDec, touched)
}

// live is the row of final key k where a mention resolves to it.
func (s *resolution) live(k string) *resRow {
	if r := s.row(k); r != nil && r.fin != nil && r.fin.mentions > 0 {
		return r
	}
	return nil
}

// entities brings the second layer's decisions up to date where the
// aggregates of the touched keys changed, and says what changed.
func (s *resolution) entities(oldDocs, newDocs map[string]*doc, oldDec map[string]*finalDecision, touched map[string]bool) change {
	// affected are the keys whose decisions may change, their decisions
	// before in oldDec.
	affected := map[string]bool{}
	save := func(k string) {
		affected[k] = true
		if _, seen := oldDec[k]; seen {
			return
		}
		if r := s.row(k); r != nil && r.fin != nil {
			dec := r.dec
			oldDec[k] = &dec
		} else {
			oldDec[k] = nil
		}
	}
	// Near-miss spellings: the keys joined with a touched one, directly
	// or through others, decide again together, as resolve decides them
	// (keys not linked through near misses do not affect each other).
	comp := map[string]bool{}
	var queue []string
	for _, k := range sortedKeys(touched) {
		queue = append(queue, k)
		comp[k] = true
	}
	for len(queue) > 0 {
		s.find(FindSig, lo.FlatMap(queue, func(k string, _ int) []string { return nearMissBuckets(k) })...)
		var next []string
		for _, k := range queue {
			for _, b := range nearMissBuckets(k) {
				for _, o := range s.lookup(FindSig, b) {
					if !comp[o] && nearMiss(k, o) {
						comp[o] = true
						next = append(next, o)
					}
				}
			}
		}
		queue = next
	}
	for k := range comp {
		save(k)
	}
	// Working copies of the aggregates; the articles of a component of
	// more than one key, numbered in order, for shareArticle.
	work := map[string]*entity{}
	for k := range comp {
		if r := s.live(k); r != nil {
			work[k] = cloneAgg(k, r.fin)
		}
	}
	s.linkArticles(work)
	tmp := &resolver{x: s.r.x}
	tmp.nearMisses(work)
	for _, k := range sortedKeys(work) {
		r := s.rows[k]
		rep := tmp.final(work[k])
		r.dec.Rep = rep.key
		if rep.key != k {
			continue
		}
		r.dec.PreLabel, r.dec.PreTyped = rep.label, ""
		if rep.label == "" {
			r.dec.PreLabel = decideLabel(rep, strings.Contains(k, " ") || multiWord(rep))
			r.dec.PreTyped = rep.typedBy
		}
	}
	for k := range work {
		if r := s.rows[k]; r.dec.Rep != k {
			rep := s.rows[r.dec.Rep].dec
			r.dec.PreLabel, r.dec.PreTyped = rep.PreLabel, rep.PreTyped
		}
	}
	// Lists: the tallies of the articles whose lists changed, or name a
	// key whose entity or type before lists changed, are taken again.
	preChanged := func(k string) bool {
		o, n := oldDec[k], s.live(k)
		if o == nil || o.Rep == "" || n == nil {
			return (o == nil || o.Rep == "") != (n == nil)
		}
		return o.Rep != n.dec.Rep || o.PreLabel != n.dec.PreLabel || o.PreTyped != n.dec.PreTyped
	}
	retally := map[string]bool{}
	for id := range oldDocs {
		retally[id] = true
	}
	for id := range newDocs {
		retally[id] = true
	}
	for k := range comp {
		if r := s.row(k); r != nil && preChanged(k) {
			for id := range r.listed {
				retally[id] = true
			}
		}
	}
	decOf := func(old bool) func(m *mention) (string, string, string) {
		return func(m *mention) (string, string, string) {
			var dec *finalDecision
			if o, seen := oldDec[m.key]; old && seen {
				dec = o
			} else if r := s.row(m.key); r != nil && r.fin != nil {
				dec = &r.dec
			}
			if dec == nil {
				return "", "", ""
			}
			return dec.Rep, dec.PreLabel, dec.PreTyped
		}
	}
	view := keyView{s: s}
	var plain []string
	for id := range retally {
		if oldDocs[id] == nil && newDocs[id] == nil {
			plain = append(plain, id)
		}
	}
	plainDocs := s.resolveArticles(plain, view)
	var keys []string
	for _, d := range plainDocs {
		for _, m := range d.mentions {
			keys = append(keys, m.key)
		}
	}
	s.fetch(keys)
	tallied := map[string]bool{}
	for _, id := range sortedKeys(retally) {
		od, nd := oldDocs[id], newDocs[id]
		if od == nil && nd == nil { // a list of an article not resolved again
			nd = plainDocs[id]
			od = nd
		}
		if od != nil {
			listVotes(od, decOf(true), func(rep, label string) { s.vote(rep, label, -1); tallied[rep] = true })
		}
		if nd != nil {
			listVotes(nd, decOf(false), func(rep, label string) { s.vote(rep, label, 1); tallied[rep] = true })
		}
	}
	// Types, names and ids of the entities decided again.
	reps := map[string]bool{}
	for k := range work {
		if s.rows[k].dec.Rep == k {
			reps[k] = true
		}
	}
	for k := range tallied {
		if r := s.live(k); r != nil && r.dec.Rep == k {
			reps[k] = true
		}
	}
	ids := map[string]bool{} // ids whose holders may change
	for _, k := range sortedKeys(reps) {
		save(k)
		r := s.rows[k]
		e := work[k]
		if e == nil {
			e = cloneAgg(k, r.fin)
		}
		r.dec.Label, r.dec.TypedBy, r.dec.Listed = r.dec.PreLabel, r.dec.PreTyped, 0
		e.label, e.typedBy = r.dec.PreLabel, r.dec.PreTyped
		if t := r.tally; len(t) > 0 && (r.dec.PreTyped == byRecogniser || r.dec.PreTyped == byDefault) {
			if best, ok := s.r.listLabel(e, t); ok {
				r.dec.Label, r.dec.TypedBy, r.dec.Listed = best, byList, t[best]
				e.label = best
			}
		}
		r.dec.Name = r.fin.name
		if r.dec.Name == "" {
			r.dec.Name = bestName(e)
		}
		r.dec.ID = r.dec.Label + ":" + slug(r.dec.Name)
		ids[r.dec.ID] = true
	}
	// Keys that held an id, or wanted it, and no more.
	for k := range affected {
		if o := oldDec[k]; o != nil && o.Rep == k && o.ID != "" {
			ids[o.ID] = true
		}
	}
	for k := range affected {
		if r := s.rows[k]; r != nil {
			if r.fin != nil && r.fin.mentions == 0 {
				r.fin, r.finArts, r.listed, r.tally = nil, nil, nil, nil
				r.dec = finalDecision{}
			}
			s.changed(r)
		}
	}
	// Ids: the key first in order holds an id; the others that have it
	// join it, and the keys joined with them by near misses follow.
	s.find(FindHeld, sortedKeys(ids)...)
	var joinedTo []string
	for _, id := range sortedKeys(ids) {
		joinedTo = append(joinedTo, s.lookup(FindHeld, id)...)
	}
	s.find(FindRep, joinedTo...)
	for _, id := range sortedKeys(ids) {
		holders := s.lookup(FindHeld, id)
		for _, k := range holders {
			save(k)
			r := s.rows[k]
			r.dec.Holder = holders[0]
			s.changed(r)
			for _, o := range s.lookup(FindRep, k) {
				save(o)
				or := s.rows[o]
				or.dec.Label, or.dec.TypedBy, or.dec.Listed, or.dec.Name, or.dec.ID, or.dec.Holder = r.dec.Label, r.dec.TypedBy, r.dec.Listed, r.dec.Name, r.dec.ID, r.dec.Holder
				s.changed(or)
			}
		}
	}
	// What changed: the entities of the affected keys, and the articles
	// whose names now resolve otherwise.
	entityOf := func(dec *finalDecision, old bool) (id, name, typedBy string) {
		if dec == nil || dec.Holder == "" {
			return "", "", ""
		}
		h := oldDec[dec.Holder]
		if r := s.row(dec.Holder); !old || h == nil && r != nil {
			h = &r.dec
		}
		if h == nil {
			return "", "", ""
		}
		return h.ID, h.Name, h.TypedBy
	}
	named := map[string]bool{}
	for id := range ids {
		named[id] = true
	}
	check := map[string]bool{}
	for id := range newDocs {
		check[id] = true
	}
	for k := range affected {
		oid, oname, otyped := entityOf(oldDec[k], true)
		var nid, nname, ntyped string
		if r := s.live(k); r != nil {
			nid, nname, ntyped = entityOf(&r.dec, false)
		}
		for _, id := range []string{oid, nid} {
			if id != "" {
				named[id] = true
			}
		}
		if oid != nid || oname != nname || otyped != ntyped {
			if r := s.row(k); r != nil {
				for id := range r.finArts {
					check[id] = true
				}
			}
		}
	}
	var plainCheck []string
	for id := range check {
		if newDocs[id] == nil {
			plainCheck = append(plainCheck, id)
		}
	}
	checkDocs := s.resolveArticles(plainCheck, view)
	for id, d := range newDocs {
		checkDocs[id] = d
	}
	keys = keys[:0]
	for _, d := range checkDocs {
		for _, m := range d.mentions {
			keys = append(keys, m.key)
		}
	}
	s.fetch(keys)
	var holders []string
	for _, k := range keys {
		if r := s.rows[k]; r != nil {
			holders = append(holders, r.dec.Holder)
		}
	}
	s.fetch(holders)
	ch := change{docs: map[string]*doc{}}
	for _, id := range sortedKeys(checkDocs) {
		a, d := s.arts[id], checkDocs[id]
		for _, m := range d.mentions {
			m.ent = s.entity(m.key)
		}
		if sig := signature(d, outletEntity(a.outlet)); sig != a.sig {
			a.sig = sig
			s.dirtyArts[id] = true
			ch.Extract = append(ch.Extract, id)
			ch.docs[id] = d
			for _, m := range d.mentions {
				named[m.ent.id] = true
			}
		}
	}
	ch.Entities = sortedKeys(named)
	return ch
}

// linkArticles gives the working copies of keys that near misses may join
// (two or more sharing a bucket) their articles, numbered in the order of
// their ids, as resolve gives them the ordinals of its articles.
func (s *resolution) linkArticles(work map[string]*entity) {
	byBucket := map[string]int{}
	for k, e := range work {
		if e.name == "" {
			for _, b := range nearMissBuckets(k) {
				byBucket[b]++
			}
		}
	}
	var ids []string
	var joins []string
	for k, e := range work {
		if e.name == "" && lo.SomeBy(nearMissBuckets(k), func(b string) bool { return byBucket[b] > 1 }) {
			joins = append(joins, k)
			ids = append(ids, sortedKeys(s.rows[k].finArts)...)
		}
	}
	ids = lo.Uniq(ids)
	slices.Sort(ids)
	ord := lo.SliceToMap(lo.Range(len(ids)), func(i int) (string, int32) { return ids[i], int32(i) })
	for _, k := range joins {
		e := work[k]
		e.articles = lo.Map(sortedKeys(s.rows[k].finArts), func(id string, _ int) int32 { return ord[id] })
	}
}

// vote adds n to the tally of lists that type rep label.
func (s *resolution) vote(rep, label string, n int) {
	r := s.row(rep)
	if r.tally == nil {
		r.tally = map[string]int{}
	}
	r.tally[label] += n
	if r.tally[label] == 0 {
		delete(r.tally, label)
	}
	s.dirty[r.key] = true // no lookup field reads the tally
}

// cloneAgg is a working copy of key k's aggregate.
func cloneAgg(k string, agg *entity) *entity {
	e := newEntity(k)
	e.plus(agg, 1)
	return e
}

// entity is the entity final key k resolves to, as an article's mentions
// take it.
func (s *resolution) entity(k string) *entity {
	r := s.row(k)
	h := s.row(r.dec.Holder).dec
	return &entity{key: r.dec.Holder, id: h.ID, name: h.Name, label: h.Label, typedBy: h.TypedBy}
}

// outletEntity is the entity of an outlet by its id, as a signature reads
// it (nil: none).
func outletEntity(id string) *entity {
	if id == "" {
		return nil
	}
	return &entity{id: id}
}

// outletID is the id of the entity of article a's publisher, as
// publishers makes it ("" for none).
func (x *Extractor) outletID(a *graph.Article) string {
	if a.Publisher == "" {
		return ""
	}
	name, label := a.Publisher, "NewsOutlet"
	if k := x.v.known[normKey(a.Publisher)]; k != nil {
		name, label = k.name, k.label
	}
	return label + ":" + slug(name)
}

// The encoded row: aggregates and decisions.
type rowData struct {
	Lean    *aggData       `json:"l,omitempty"`
	Leaning *leaningData   `json:"g,omitempty"`
	Fin     *aggData       `json:"f,omitempty"`
	Dec     *finalDecision `json:"d,omitempty"`
	Tally   map[string]int `json:"t,omitempty"`
}

type aggData struct {
	Votes       map[string]int64 `json:"v,omitempty"`
	Recognised  map[string]int   `json:"r,omitempty"`
	Titled      int              `json:"ti,omitempty"`
	SpeaksAsI   int              `json:"s,omitempty"`
	UpperFirst  int              `json:"u,omitempty"`
	AcronymLast int              `json:"a,omitempty"`
	Surfaces    map[string]int   `json:"sf,omitempty"`
	Mentions    int              `json:"m"`
	Narts       int              `json:"n"`
	Known       int              `json:"k,omitempty"`
	Name        string           `json:"nm,omitempty"`
	Label       string           `json:"lb,omitempty"`
}

type leaningData struct {
	Label, TypedBy              string
	Elsewhere, Person, UpperFst bool
}

func aggOf(e *entity) *aggData {
	if e == nil {
		return nil
	}
	return &aggData{Votes: e.votes, Recognised: e.recognised, Titled: e.titled, SpeaksAsI: e.speaksAsI, UpperFirst: e.upperFirst,
		AcronymLast: e.acronymLast, Surfaces: e.surfaces, Mentions: e.mentions, Narts: e.narts, Known: e.known, Name: e.name, Label: e.label}
}

func (a *aggData) entity(key string, surfaces bool) *entity {
	if a == nil {
		return nil
	}
	e := &entity{key: key, votes: a.Votes, recognised: a.Recognised, titled: a.Titled, speaksAsI: a.SpeaksAsI, upperFirst: a.UpperFirst,
		acronymLast: a.AcronymLast, surfaces: a.Surfaces, mentions: a.Mentions, narts: a.Narts, known: a.Known, name: a.Name, label: a.Label}
	if e.votes == nil {
		e.votes = map[string]int64{}
	}
	if surfaces && e.surfaces == nil {
		e.surfaces = map[string]int{}
	}
	if !surfaces {
		e.surfaces = nil
	}
	return e
}

// encodeRow is row r as a store keeps it.
func encodeRow(r *resRow) ResolveRow {
	d := rowData{Lean: aggOf(r.lean), Fin: aggOf(r.fin), Tally: r.tally}
	if r.leaning != nil {
		l := r.leaning
		d.Leaning = &leaningData{l.label, l.typedBy, l.elsewhere, l.person, l.upperFirst}
	}
	if r.fin != nil {
		dec := r.dec
		d.Dec = &dec
	}
	data, _ := json.Marshal(d)
	out := ResolveRow{Key: r.key, Data: string(data), Arts: sortedKeys(r.arts), FinalArts: sortedKeys(r.finArts), Listed: sortedKeys(r.listed)}
	f := fieldsOf(r)
	one := func(field string) string {
		if vs := f[field]; len(vs) > 0 {
			return vs[0]
		}
		return ""
	}
	out.Last, out.First, out.Held, out.Rep, out.Sigs = one(FindLast), one(FindFirst), one(FindHeld), one(FindRep), f[FindSig]
	return out
}

// decodeRow is the row a store keeps; nil where it holds nothing.
func decodeRow(row ResolveRow) (*resRow, error) {
	var d rowData
	if err := json.Unmarshal([]byte(row.Data), &d); err != nil {
		return nil, fmt.Errorf("resolution: the row of %q: %w", row.Key, err)
	}
	r := &resRow{key: row.Key, lean: d.Lean.entity(row.Key, false), fin: d.Fin.entity(row.Key, true), tally: d.Tally}
	if d.Leaning != nil {
		l := d.Leaning
		r.leaning = &leaning{label: l.Label, typedBy: l.TypedBy, elsewhere: l.Elsewhere, person: l.Person, upperFirst: l.UpperFst}
	}
	if d.Dec != nil {
		r.dec = *d.Dec
	}
	set := func(ids []string) map[string]bool {
		return lo.SliceToMap(ids, func(id string) (string, bool) { return id, true })
	}
	if r.lean != nil {
		r.arts = set(row.Arts)
	}
	if r.fin != nil {
		r.finArts, r.listed = set(row.FinalArts), set(row.Listed)
	}
	return r, nil
}

// Rows are the rows the updates changed, to write, and the keys whose
// rows go; Articles the stored analyses' signatures to write (new
// articles have theirs from the load), and Gone the articles removed.
func (s *resolution) changes() (rows []ResolveRow, drop []string, sigs map[string]string, gone []string) {
	sigs = map[string]string{}
	for _, k := range sortedKeys(s.dirty) {
		r := s.rows[k]
		if r == nil || r.lean == nil && r.fin == nil {
			drop = append(drop, k)
			continue
		}
		rows = append(rows, encodeRow(r))
	}
	for _, id := range sortedKeys(s.dirtyArts) {
		if a := s.arts[id]; a != nil {
			sigs[id] = a.sig
		}
	}
	return rows, drop, sigs, sortedKeys(s.goneArts)
}
