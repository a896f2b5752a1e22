package extract

import (
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

// resolution is the state incremental resolution keeps.
type resolution struct {
	r    *resolver // for baseKey, shortNames and the ontology
	arts map[string]*resArticle
	keys map[string]*resKey
	fins map[string]*resFinal
	// Indexes, as a store would keep them.
	byKey     map[string]map[string]bool // base key → articles with a mention of it
	bySurname map[string]map[string]bool // base keys of two words or more by last word
	byFirst   map[string]map[string]bool // base keys of two words by first word
	finArts   map[string]map[string]bool // final key → articles with a mention of it
	listed    map[string]map[string]bool // final key → articles where a list names it
	buckets   map[string]map[string]bool // near-miss bucket → final keys
	byID      map[string]map[string]bool // entity id → final keys that are ids' holders or merged into them
	tally     map[string]map[string]int  // rep key → what lists type it
	joined    map[string]map[string]bool // rep key → the keys joined with it by near misses
	ord       int32
}

// resArticle is an article of the corpus: its stored analysis.
type resArticle struct {
	art  *graph.Article
	data string
	ord  int32
	sig  string
}

// resKey is a base key: its lean aggregate and leaning.
type resKey struct {
	agg  *entity
	lean *leaning
}

// resFinal is a final key (as shortNames leaves it): its aggregate and
// the decisions of the second layer.
type resFinal struct {
	agg *entity // narts: the articles with a mention of the key
	dec finalDecision
}

// finalDecision is what the second layer decides of a final key.
type finalDecision struct {
	rep                string // the key it joined by near-miss spelling, itself if none
	preLabel, preTyped string // label and typedBy before lists (of rep)
	label, typedBy     string
	listed             int
	name, id           string
	holder             string // the key that holds its id (itself, or the key it merged into)
}

func newResolution(x *Extractor) *resolution {
	return &resolution{r: &resolver{x: x}, arts: map[string]*resArticle{}, keys: map[string]*resKey{}, fins: map[string]*resFinal{},
		byKey: map[string]map[string]bool{}, bySurname: map[string]map[string]bool{}, byFirst: map[string]map[string]bool{},
		finArts: map[string]map[string]bool{}, listed: map[string]map[string]bool{}, buckets: map[string]map[string]bool{},
		byID: map[string]map[string]bool{}, joined: map[string]map[string]bool{}}
}

func addTo(idx map[string]map[string]bool, k, v string) {
	if idx[k] == nil {
		idx[k] = map[string]bool{}
	}
	idx[k][v] = true
}

func dropFrom(idx map[string]map[string]bool, k, v string) {
	delete(idx[k], v)
	if len(idx[k]) == 0 {
		delete(idx, k)
	}
}

// keyView is the leanView of the resolution's keys, with the leanings of
// keys in old instead where old has them (nil: a key that did not exist).
type keyView struct {
	s   *resolution
	old map[string]*leaning
}

func (v keyView) lean(key string) *leaning {
	if l, ok := v.old[key]; ok {
		return l
	}
	if k := v.s.keys[key]; k != nil {
		return k.lean
	}
	return nil
}

func (v keyView) surnameKeys(s string) (full, initialed []string) {
	for _, k := range sortedKeys(v.s.bySurname[s]) {
		if l := v.lean(k); l == nil || l.label != "Person" {
			continue
		}
		if initialLetter(strings.ToUpper(k[:strings.IndexByte(k, ' ')])) {
			initialed = append(initialed, k)
		} else {
			full = append(full, k)
		}
	}
	// Keys that were and are no more stay in the index while the old
	// view is asked.
	for k := range v.old {
		if v.s.keys[k] == nil && strings.HasSuffix(k, " "+s) && !slices.Contains(full, k) && !slices.Contains(initialed, k) {
			if l := v.old[k]; l != nil && l.label == "Person" {
				if initialLetter(strings.ToUpper(k[:strings.IndexByte(k, ' ')])) {
					initialed = append(initialed, k)
				} else {
					full = append(full, k)
				}
			}
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

// resolveArticle is article a with its names resolved by the first layer
// as view v answers.
func (s *resolution) resolveArticle(a *resArticle, v leanView) *doc {
	d, err := s.r.x.decodeAnalysis(a.art, a.data, nil)
	if err != nil {
		panic(err) // stored by this extractor
	}
	d.ord = a.ord
	for _, m := range d.mentions {
		m.key = s.r.baseKey(d, m)
	}
	if v != nil {
		s.r.shortNames(d, v)
	}
	return d
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
	e.upperFirst += sign * d.upperFirst
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
	e.narts += sign * d.narts
	e.known += sign * d.known
	if d.known > 0 && sign > 0 {
		e.name, e.label = d.name, d.label
	}
	if e.known == 0 {
		e.name, e.label = "", ""
	}
}

// change is what an update of the resolution changed.
type change struct {
	// Extract are the articles whose claims must be made again: new, or
	// their names resolve otherwise.
	Extract []string
	// Entities are the ids whose entity changed or went (not in the
	// resolution's entities).
	Entities []string
}

// update removes the articles of ids and adds arts (analysed: their
// stored analyses), and says what changed.
func (s *resolution) update(arts []*resArticle, gone []string) change {
	// First layer: the lean aggregates of the keys the articles name.
	oldLean := map[string]*leaning{}
	touchKey := func(key string) *resKey {
		k := s.keys[key]
		if _, seen := oldLean[key]; !seen {
			if k != nil {
				oldLean[key] = k.lean
			} else {
				oldLean[key] = nil
			}
		}
		if k == nil {
			agg := newEntity(key)
			agg.surfaces = nil
			k = &resKey{agg: agg}
			s.keys[key] = k
			if words := strings.Fields(key); len(words) > 1 {
				addTo(s.bySurname, words[len(words)-1], key)
				if len(words) == 2 {
					addTo(s.byFirst, words[0], key)
				}
			}
		}
		return k
	}
	removed := map[string]*resArticle{}
	for _, id := range gone {
		if a := s.arts[id]; a != nil {
			removed[id] = a
			d := s.resolveArticle(a, nil)
			for key, c := range contributions(d) {
				touchKey(key).agg.plus(c, -1)
				dropFrom(s.byKey, key, id)
			}
			delete(s.arts, id)
		}
	}
	for _, a := range arts {
		if s.arts[a.art.ID] != nil {
			panic("resolution: article added twice: " + a.art.ID)
		}
		s.ord++
		a.ord = s.ord
		s.arts[a.art.ID] = a
		d := s.resolveArticle(a, nil)
		for key, c := range contributions(d) {
			touchKey(key).agg.plus(c, 1)
			addTo(s.byKey, key, a.art.ID)
		}
	}
	// The leanings that changed, and the keys whose articles read them.
	reread := map[string]bool{}
	surnames := map[string]bool{}
	for _, key := range sortedKeys(oldLean) {
		k := s.keys[key]
		if k.agg.mentions == 0 {
			delete(s.keys, key)
			if words := strings.Fields(key); len(words) > 1 {
				dropFrom(s.bySurname, words[len(words)-1], key)
				if len(words) == 2 {
					dropFrom(s.byFirst, words[0], key)
				}
			}
		} else {
			k.lean = leaningOf(k.agg)
		}
		now := keyView{s: s}.lean(key)
		was := oldLean[key]
		if sameLeaning(was, now) {
			continue
		}
		reread[key] = true
		words := strings.Fields(key)
		if len(words) > 1 {
			surnames[words[len(words)-1]] = true
		}
		if len(words) == 1 && (was == nil) != (now == nil) {
			// "ac" named alone or no more: "AC Milan" is or is not
			// "Milan".
			for k2 := range s.byFirst[key] {
				reread[k2] = true
			}
		}
	}
	for sn := range surnames {
		oldV, newV := keyView{s: s, old: oldLean}, keyView{s: s}
		if oldV.soleSurname(sn) != newV.soleSurname(sn) {
			reread[sn] = true
		}
		if oldV.hasFullSurname(sn) != newV.hasFullSurname(sn) {
			for k := range s.bySurname[sn] {
				reread[k] = true
			}
		}
	}
	// The articles to resolve again: new, or reading what changed.
	again := map[string]bool{}
	for key := range reread {
		for id := range s.byKey[key] {
			again[id] = true
		}
	}
	for _, a := range arts {
		again[a.art.ID] = true
	}
	// The old resolution of each (new ones had none), and the new.
	oldView, newView := keyView{s: s, old: oldLean}, keyView{s: s}
	oldDocs, newDocs := map[string]*doc{}, map[string]*doc{}
	for id, a := range removed {
		oldDocs[id] = s.resolveArticle(a, oldView)
	}
	isNew := lo.SliceToMap(arts, func(a *resArticle) (string, bool) { return a.art.ID, true })
	for id := range again {
		if !isNew[id] {
			oldDocs[id] = s.resolveArticle(s.arts[id], oldView)
		}
		newDocs[id] = s.resolveArticle(s.arts[id], newView)
	}
	return s.second(oldDocs, newDocs)
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
	touchFin := func(key string) *resFinal {
		f := s.fins[key]
		if _, seen := oldDec[key]; !seen {
			if f != nil {
				dec := f.dec
				oldDec[key] = &dec
			} else {
				oldDec[key] = nil
			}
		}
		if f == nil {
			f = &resFinal{agg: newEntity(key)}
			s.fins[key] = f
		}
		touched[key] = true
		return f
	}
	// The aggregates of final keys, and who names them.
	grouped := func(d *doc) map[string]bool {
		out := map[string]bool{}
		for _, m := range d.mentions {
			if m.group != 0 {
				out[m.key] = true
			}
		}
		return out
	}
	for id, d := range oldDocs {
		for key, c := range contributions(d) {
			touchFin(key).agg.plus(c, -1)
			dropFrom(s.finArts, key, id)
		}
		for key := range grouped(d) {
			dropFrom(s.listed, key, id)
		}
	}
	for id, d := range newDocs {
		for key, c := range contributions(d) {
			touchFin(key).agg.plus(c, 1)
			addTo(s.finArts, key, id)
		}
		for key := range grouped(d) {
			addTo(s.listed, key, id)
		}
	}
	return s.entities(oldDocs, newDocs, oldDec, touched)
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
		if f := s.fins[k]; f != nil {
			dec := f.dec
			oldDec[k] = &dec
		} else {
			oldDec[k] = nil
		}
	}
	live := func(k string) *resFinal {
		if f := s.fins[k]; f != nil && f.agg.mentions > 0 {
			return f
		}
		return nil
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
		k := queue[0]
		queue = queue[1:]
		for _, b := range nearMissBuckets(k) {
			for o := range s.buckets[b] {
				if !comp[o] && nearMiss(k, o) {
					comp[o] = true
					queue = append(queue, o)
				}
			}
		}
	}
	for k := range touched {
		f := live(k)
		for _, b := range nearMissBuckets(k) {
			if f != nil && f.agg.name == "" {
				addTo(s.buckets, b, k)
			} else {
				dropFrom(s.buckets, b, k)
			}
		}
	}
	work := map[string]*entity{}
	for k := range comp {
		save(k)
		if f := live(k); f != nil {
			work[k] = s.clone(k, f.agg)
		}
	}
	tmp := &resolver{x: s.r.x}
	tmp.nearMisses(work)
	for _, k := range sortedKeys(work) {
		f := s.fins[k]
		if old := oldDec[k]; old != nil && old.rep != "" && old.rep != k {
			dropFrom(s.joined, old.rep, k)
		}
		rep := tmp.final(work[k])
		f.dec.rep = rep.key
		if rep.key != k {
			addTo(s.joined, rep.key, k)
			continue
		}
		f.dec.preLabel, f.dec.preTyped = rep.label, ""
		if rep.label == "" {
			f.dec.preLabel = decideLabel(rep, strings.Contains(k, " ") || multiWord(rep))
			f.dec.preTyped = rep.typedBy
		}
	}
	for k := range comp {
		if live(k) == nil {
			if old := oldDec[k]; old != nil && old.rep != "" && old.rep != k {
				dropFrom(s.joined, old.rep, k)
			}
		}
	}
	for k := range work {
		if f := s.fins[k]; f.dec.rep != k {
			rep := s.fins[f.dec.rep].dec
			f.dec.preLabel, f.dec.preTyped = rep.preLabel, rep.preTyped
		}
	}
	// Lists: the tallies of the articles whose lists changed, or name a
	// key whose entity or type before lists changed, are taken again.
	preChanged := func(k string) bool {
		o, n := oldDec[k], live(k)
		if o == nil || o.rep == "" || n == nil {
			return (o == nil || o.rep == "") != (n == nil)
		}
		return o.rep != n.dec.rep || o.preLabel != n.dec.preLabel || o.preTyped != n.dec.preTyped
	}
	retally := map[string]bool{}
	for id := range oldDocs {
		retally[id] = true
	}
	for id := range newDocs {
		retally[id] = true
	}
	for k := range comp {
		if preChanged(k) {
			for id := range s.listed[k] {
				retally[id] = true
			}
		}
	}
	decOf := func(old bool) func(m *mention) (string, string, string) {
		return func(m *mention) (string, string, string) {
			var dec *finalDecision
			if o, seen := oldDec[m.key]; old && seen {
				dec = o
			} else if f := s.fins[m.key]; f != nil {
				dec = &f.dec
			}
			if dec == nil {
				return "", "", ""
			}
			return dec.rep, dec.preLabel, dec.preTyped
		}
	}
	tallied := map[string]bool{}
	view := keyView{s: s}
	for _, id := range sortedKeys(retally) {
		od, nd := oldDocs[id], newDocs[id]
		if od == nil && nd == nil { // a list of an article not resolved again
			nd = s.resolveArticle(s.arts[id], view)
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
		if s.fins[k].dec.rep == k {
			reps[k] = true
		}
	}
	for k := range tallied {
		if f := live(k); f != nil && f.dec.rep == k {
			reps[k] = true
		}
	}
	ids := map[string]bool{} // ids whose holders may change
	for _, k := range sortedKeys(reps) {
		save(k)
		f := s.fins[k]
		e := work[k]
		if e == nil {
			e = s.clone(k, f.agg)
		}
		f.dec.label, f.dec.typedBy, f.dec.listed = f.dec.preLabel, f.dec.preTyped, 0
		e.label, e.typedBy = f.dec.preLabel, f.dec.preTyped
		if t := s.tally[k]; len(t) > 0 && (f.dec.preTyped == byRecogniser || f.dec.preTyped == byDefault) {
			if best, ok := s.r.listLabel(e, t); ok {
				f.dec.label, f.dec.typedBy, f.dec.listed = best, byList, t[best]
				e.label = best
			}
		}
		f.dec.name = f.agg.name
		if f.dec.name == "" {
			f.dec.name = bestName(e)
		}
		f.dec.id = f.dec.label + ":" + slug(f.dec.name)
		ids[f.dec.id] = true
	}
	// Keys that were reps, or named an id, and are no more.
	for k := range affected {
		if o := oldDec[k]; o != nil && o.rep == k && o.id != "" {
			ids[o.id] = true
			dropFrom(s.byID, o.id, k)
		}
	}
	for k := range reps {
		addTo(s.byID, s.fins[k].dec.id, k)
	}
	// Ids: the key first in order holds an id; the others that have it
	// join it, and the keys joined with them by near misses follow.
	for id := range ids {
		holders := sortedKeys(s.byID[id])
		for _, k := range holders {
			save(k)
			s.fins[k].dec.holder = holders[0]
			for o := range s.joined[k] {
				save(o)
				of, rep := s.fins[o], s.fins[k].dec
				of.dec.label, of.dec.typedBy, of.dec.listed, of.dec.name, of.dec.id, of.dec.holder = rep.label, rep.typedBy, rep.listed, rep.name, rep.id, rep.holder
			}
		}
	}
	// What changed: the entities of the affected keys, and the articles
	// whose names now resolve otherwise.
	ch := change{}
	entityOf := func(dec *finalDecision, old bool) (string, string) {
		if dec == nil || dec.holder == "" {
			return "", ""
		}
		h := oldDec[dec.holder]
		if f := s.fins[dec.holder]; !old || h == nil && f != nil {
			h = &f.dec
		}
		if h == nil {
			return "", ""
		}
		return h.id, h.name
	}
	changedIDs := map[string]bool{}
	check := map[string]bool{}
	for id := range newDocs {
		check[id] = true
	}
	for id := range ids {
		changedIDs[id] = true
	}
	for k := range affected {
		oid, oname := entityOf(oldDec[k], true)
		var nid, nname string
		if f := live(k); f != nil {
			nid, nname = entityOf(&f.dec, false)
		}
		for _, id := range []string{oid, nid} {
			if id != "" {
				changedIDs[id] = true
			}
		}
		if oid != nid || oname != nname {
			for id := range s.finArts[k] {
				check[id] = true
			}
		}
	}
	for _, id := range sortedKeys(check) {
		a := s.arts[id]
		d := newDocs[id]
		if d == nil {
			d = s.resolveArticle(a, view)
		}
		for _, m := range d.mentions {
			m.ent = s.entity(m.key)
		}
		if sig := signature(d, s.outlet(a.art)); sig != a.sig {
			a.sig = sig
			ch.Extract = append(ch.Extract, id)
		}
	}
	for k := range touched {
		if live(k) == nil {
			delete(s.fins, k)
		}
	}
	ch.Entities = sortedKeys(changedIDs)
	return ch
}

// vote adds n to the tally of lists that type rep label.
func (s *resolution) vote(rep, label string, n int) {
	if s.tally == nil {
		s.tally = map[string]map[string]int{}
	}
	if s.tally[rep] == nil {
		s.tally[rep] = map[string]int{}
	}
	s.tally[rep][label] += n
	if s.tally[rep][label] == 0 {
		delete(s.tally[rep], label)
		if len(s.tally[rep]) == 0 {
			delete(s.tally, rep)
		}
	}
}

// clone is a working copy of key k's aggregate, with its articles.
func (s *resolution) clone(k string, agg *entity) *entity {
	e := newEntity(k)
	e.plus(agg, 1)
	e.upperFirst = 0
	e.articles = lo.Map(sortedKeys(s.finArts[k]), func(id string, _ int) int32 { return s.arts[id].ord })
	slices.Sort(e.articles)
	return e
}

// entity is the entity final key k resolves to, as an article's mentions
// take it (id and name).
func (s *resolution) entity(k string) *entity {
	f := s.fins[k]
	h := s.fins[f.dec.holder].dec
	return &entity{key: f.dec.holder, id: h.id, name: h.name, label: h.label}
}

// outlet is the entity of article a's publisher, as publishers makes it
// (its id is all a signature reads).
func (s *resolution) outlet(a *graph.Article) *entity {
	if a.Publisher == "" {
		return nil
	}
	name, label := a.Publisher, "NewsOutlet"
	if k := s.r.x.v.known[normKey(a.Publisher)]; k != nil {
		name, label = k.name, k.label
	}
	return &entity{id: label + ":" + slug(name)}
}
