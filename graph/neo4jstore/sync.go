package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
)

// DefaultBatchSize is the number of rows written per transaction. Loading
// the BBC corpus into an empty database end to end (graph load, 2 CPUs,
// one run each) took 10.4/8.9 s with 100 rows (1/2 writers), 7.8/8.3 s
// with 500, 7.3/5.9 s with 1,000 and 8.1/7.9 s with 5,000.
const DefaultBatchSize = 1000

// SyncOptions tune Sync.
type SyncOptions struct {
	// BatchSize is the number of rows per transaction; 0 means
	// DefaultBatchSize.
	BatchSize int
	// Writers is the number of transactions in flight at once; 0 means 2.
	Writers int
	// Fingerprint names the extractor that made the graph; it is recorded
	// in the LoadState node.
	Fingerprint string
	// DryRun compares and counts, and writes nothing.
	DryRun bool
	// Progress, when set, is called after each batch with the rows written
	// so far and the rows to write.
	Progress func(done, total int)
	// Partial says that g holds the change of an incremental load (its
	// articles extracted, and the entities they touch), and Started the
	// articles its change touches: the others stand as they are, as with
	// Keep.
	Partial bool
	// Keep are the ids of articles g leaves out, which stand as they are,
	// with their claims and quotes: the articles an incremental load did
	// not extract again. g's entities and facts are still all of them. It
	// needs Started.
	Keep []string
	// Analyses are the stored analyses to write, by article id (see
	// graph.Analysis); those of articles that are gone are deleted.
	Analyses map[string]graph.Analysis
	// Resolve are the rows of the resolution to write (graph.ResolveRow),
	// ResolveDrop the keys whose rows go; ResolveReset deletes every row
	// first, for a load that resolves the whole corpus again.
	Resolve      []graph.ResolveRow
	ResolveDrop  []string
	ResolveReset bool
	// Started are the ids of the articles the load started from (after
	// LoadState.Repair); nil means the articles the database holds.
	Started []string
	// FactTypes are the relationship types of facts (the ontology's). Only
	// relationships of these types between entities are compared and
	// deleted; others a user made are left alone.
	FactTypes []string
	// Facts, with Keep, are the facts g holds: those of these types
	// between these pairs of entities, either way round (FactClaims gives
	// them). Only they are compared; the others stand.
	Facts []FactPair
}

// Counts says what a load did to one kind of thing. Compared is the
// number of stored ones it read to compare: all of them, or with
// SyncOptions.Keep those the change touches.
type Counts struct {
	Created, Updated, Deleted, Unchanged int
	Compared                             int
}

// SyncStats says what a load did, by kind: Entity, Article, Claim, Quote
// and fact.
type SyncStats map[string]*Counts

// Sync makes the database hold exactly the graph g: units that are new or
// whose digest changed are written, units that are no longer in g are
// deleted, the rest are left alone. arts holds the full articles of g by id.
//
// Sync marks the LoadState node pending before its first write and clears
// the mark after its last, so a load that was killed half-way is known
// and the next one compares everything. Writes are batched, each batch one
// transaction retried by the driver on transient errors; a cancelled ctx
// stops the load between batches.
func (s *Store) Sync(ctx context.Context, g *graph.Graph, arts map[string]*graph.Article, opt SyncOptions) (SyncStats, error) {
	// An incremental load compares only the entities its change names
	// (below): their units are made once the digests say which.
	scoped := len(opt.Keep) > 0 || opt.Partial
	makeUnits := units
	if scoped {
		makeUnits = otherUnits
	}
	want, err := makeUnits(g, arts)
	if err != nil {
		return nil, err
	}
	keep := lo.Keyify(opt.Keep)
	// An incremental load compares the articles it extracted and those
	// it removes, with their claims and quotes, and leaves the others
	// unread.
	var scope []string
	if scoped {
		if opt.Started == nil {
			return nil, fmt.Errorf("load: articles to keep, but not the articles the load started from (a bug)")
		}
		for _, u := range want {
			if u.kind == "Article" {
				scope = append(scope, u.key)
			}
		}
		scope = lo.Uniq(append(scope, lo.Reject(opt.Started, func(id string, _ int) bool { _, ok := keep[id]; return ok })...))
	}
	// So are the entities those articles and their claims and quotes name,
	// now or before, and the facts between the pairs of entities of their
	// claims. What else the graph holds stands as it is: an entity's
	// properties follow from its mentions, and a mention that resolves
	// otherwise makes its article one extracted again.
	var named []string
	if scope != nil {
		named = lo.Uniq(lo.FlatMap(want, func(u unit, _ int) []string { return u.entities() }))
	}
	have, err := s.digests(ctx, opt.FactTypes, scope, named, opt.Facts)
	if err != nil {
		return nil, err
	}
	if scoped {
		// Of the graph's entities, those read: the others stand, and
		// making each one's digest was a tenth of an add's time.
		ents, err := entityUnits(lo.Filter(g.Entities, func(e graph.Entity, _ int) bool { _, ok := have.entities[e.ID]; return ok }))
		if err != nil {
			return nil, err
		}
		want = append(ents, want...)
	}
	stats := SyncStats{}
	for _, k := range append(slices.Clone(nodeKinds), "fact") {
		stats[k] = &Counts{Unchanged: have.unread[k]}
	}
	for _, u := range have.units {
		stats[u.kind].Compared++
	}
	var upserts []unit
	seen := map[string]bool{}
	for _, u := range want {
		id := u.kind + "\x00" + u.key
		seen[id] = true
		old, ok := have.units[id]
		switch {
		case !ok:
			stats[u.kind].Created++
		case old.digest != u.digest:
			stats[u.kind].Updated++
		default:
			stats[u.kind].Unchanged++
			continue
		}
		upserts = append(upserts, u)
	}
	var stale []unit
	for id, u := range have.units {
		if !seen[id] {
			stats[u.kind].Deleted++
			stale = append(stale, u)
		}
	}
	// The stored analyses: written where they changed, deleted with their
	// articles.
	var analyses, staleAnalyses []any
	for _, id := range slices.Sorted(maps.Keys(opt.Analyses)) {
		a := opt.Analyses[id]
		if d := analysisDigest(a); have.analyses[id] != d {
			analyses = append(analyses, map[string]any{"id": id, "data": a.Mentions, "resolved": a.Resolved, "outlet": a.Outlet, "publisher": a.Publisher, "digest": d})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(have.analyses)) {
		if !seen["Article\x00"+id] {
			staleAnalyses = append(staleAnalyses, map[string]any{"id": id})
		}
	}
	resolve := resolveRows(opt.Resolve)
	dropResolve := lo.Map(opt.ResolveDrop, func(k string, _ int) any { return map[string]any{"key": k} })
	if opt.DryRun || len(upserts)+len(stale)+len(analyses)+len(staleAnalyses)+len(resolve)+len(dropResolve) == 0 && !opt.ResolveReset && !have.pending && have.fingerprint == opt.Fingerprint {
		return stats, nil
	}

	// What the load does to the set of articles goes on record first, so
	// that should it be killed the next load knows (LoadState.Repair). It
	// writes the articles the set did not hold, then says so, and only
	// then changes or deletes the ones it held: until the mark, the set
	// it started from is intact; after it, every new article is there.
	started := map[string]bool{}
	if opt.Started != nil {
		for _, id := range opt.Started {
			started[id] = true
		}
	} else {
		for _, u := range have.units {
			if u.kind == "Article" {
				started[u.key] = true
			}
		}
	}
	var adding, removing, updated []string
	for _, u := range want {
		// Every new one, written or not: one a killed load left is new
		// too, as the set it started from does not hold it.
		if u.kind == "Article" && !started[u.key] {
			adding = append(adding, u.key)
		}
	}
	var fresh, changed []unit
	for _, u := range upserts {
		switch {
		case u.kind != "Article":
			changed = append(changed, u)
		case !started[u.key]:
			fresh = append(fresh, u)
		default:
			meta, err := json.Marshal(arts[u.key])
			if err != nil {
				return stats, err
			}
			updated = append(updated, string(meta))
			changed = append(changed, u)
		}
	}
	for _, u := range stale {
		if u.kind == "Article" {
			removing = append(removing, u.key)
		}
	}
	if err := s.setPending(ctx, adding, removing, updated); err != nil {
		return stats, err
	}
	w := &writer{s: s, size: opt.BatchSize, writers: opt.Writers, progress: opt.Progress, total: len(upserts) + len(stale) + len(analyses) + len(staleAnalyses) + len(resolve) + len(dropResolve)}
	if w.size <= 0 {
		w.size = DefaultBatchSize
	}
	if w.writers <= 0 {
		w.writers = 2
	}
	// Nodes first, in dependency order, each kind's batches in parallel;
	// then stale facts go and current ones are written; then stale nodes
	// go, entities last.
	for _, kind := range nodeKinds {
		if kind == "Article" {
			if err := w.upsert(ctx, kind, fresh); err != nil {
				return stats, err
			}
			if err := s.setState(ctx, "SET s.articlesWritten = true", nil); err != nil {
				return stats, err
			}
		}
		if err := w.upsert(ctx, kind, changed); err != nil {
			return stats, err
		}
		if kind == "Article" {
			if err := w.runRows(ctx, upsertAnalysis, analyses); err != nil {
				return stats, err
			}
			if opt.ResolveReset {
				if err := s.resetResolve(ctx); err != nil {
					return stats, err
				}
			}
			if err := w.runRows(ctx, deleteResolve, dropResolve); err != nil {
				return stats, err
			}
			write := upsertResolve
			if opt.ResolveReset {
				write = createResolve
			}
			if err := w.runRows(ctx, write, resolve); err != nil {
				return stats, err
			}
		}
	}
	if err := w.delete(ctx, "fact", stale); err != nil {
		return stats, err
	}
	if err := w.upsert(ctx, "fact", upserts); err != nil {
		return stats, err
	}
	for i := len(nodeKinds) - 1; i >= 0; i-- {
		if err := w.delete(ctx, nodeKinds[i], stale); err != nil {
			return stats, err
		}
	}
	if err := w.runRows(ctx, deleteAnalysis, staleAnalyses); err != nil {
		return stats, err
	}
	return stats, s.setDone(ctx, opt.Fingerprint)
}

// writer runs batches of one kind on a few transactions at once.
type writer struct {
	s        *Store
	size     int
	writers  int
	progress func(done, total int)
	mu       sync.Mutex
	done     int
	total    int
}

type batch struct {
	statement string
	rows      []any
}

// upsert writes the units of kind.
func (w *writer) upsert(ctx context.Context, kind string, us []unit) error {
	return w.runBatches(ctx, upsertBatches(kind, us, w.size))
}

// delete removes the units of kind.
func (w *writer) delete(ctx context.Context, kind string, us []unit) error {
	return w.runRows(ctx, deleteStatement(kind), rowsOf(kind, us))
}

// runRows writes rows with statement, in batches, a few at once.
func (w *writer) runRows(ctx context.Context, statement string, rows []any) error {
	return w.runBatches(ctx, batches(statement, rows, w.size))
}

// runBatches runs batches, a few at once.
func (w *writer) runBatches(ctx context.Context, batches []batch) error {
	if len(batches) == 0 {
		return nil
	}

	// A transaction runs to its end even when ctx is cancelled: Ctrl-C
	// stops the load between batches, never inside one.
	txCtx := context.WithoutCancel(ctx)
	next := make(chan batch)
	errs := make(chan error, w.writers)
	var wg sync.WaitGroup
	for range min(w.writers, len(batches)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				if err := w.s.writeBatch(txCtx, b); err != nil {
					errs <- err
					return
				}
				w.mu.Lock()
				w.done += len(b.rows)
				if w.progress != nil {
					w.progress(w.done, w.total)
				}
				w.mu.Unlock()
			}
		}()
	}
	var err error
feed:
	for _, b := range batches {
		select {
		case next <- b:
		case err = <-errs:
			break feed
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	close(errs)
	if err == nil {
		err = <-errs
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

func (s *Store) writeBatch(ctx context.Context, b batch) error {
	if _, err := s.Write(ctx, b.statement, map[string]any{"rows": asRows(b.rows)}); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	return nil
}

// rowsOf is the rows of the units of one kind, in order.
func rowsOf(kind string, us []unit) []any {
	var rows []any
	for _, u := range us {
		if u.kind == kind {
			rows = append(rows, u.row)
		}
	}
	return rows
}

// existing is what the database holds: every unit's digest by kind and key,
// and the LoadState.
type existing struct {
	units       map[string]unit
	analyses    map[string]string   // article id → digest
	unread      map[string]int      // units by kind not read (scope), which stand
	entities    map[string]struct{} // the entities compared (with a scope)
	pending     bool
	fingerprint string
}

// FactPair names the facts of one type between two entities, either way
// round.
type FactPair struct{ Type, A, B string }

func (p FactPair) row() map[string]any { return map[string]any{"type": p.Type, "a": p.A, "b": p.B} }

func (e existing) has(u unit) bool {
	_, ok := e.units[u.kind+"\x00"+u.key]
	return ok
}

// digests reads what the database holds. With a scope (article ids), it
// reads only those articles with their claims and quotes, the entities
// they name (now or, named, in g) and the facts of pairs.
func (s *Store) digests(ctx context.Context, factTypes, scope, named []string, pairs []FactPair) (existing, error) {
	have := existing{units: map[string]unit{}, unread: map[string]int{}, entities: lo.Keyify(named)}
	params := map[string]any{"scope": strs(scope), "named": strs(named), "types": strs(factTypes),
		"pairs": lo.Map(pairs, func(p FactPair, _ int) any { return p.row() })}
	var counts map[string]int
	if scope != nil {
		var err error
		if counts, err = s.counts(ctx, factTypes); err != nil {
			return have, err
		}
	}
	for _, kind := range nodeKinds {
		cypher := "MATCH (n:" + kind + ") RETURN n.id AS id, n.digest AS digest"
		switch {
		case scope != nil && kind == "Article":
			cypher = "UNWIND $scope AS id MATCH (n:Article {id: id}) RETURN n.id AS id, n.digest AS digest"
		case scope != nil && (kind == "Claim" || kind == "Quote"):
			cypher = "UNWIND $scope AS id MATCH (n:" + kind + ")-[:STATED_IN]->(:Article {id: id}) RETURN n.id AS id, n.digest AS digest"
		case scope != nil && kind == "Entity":
			cypher = "CALL () { UNWIND $named AS id MATCH (n:Entity {id: id}) RETURN n " +
				"UNION UNWIND $scope AS id MATCH (:Article {id: id})-[:MENTIONS|REPORTED_BY]->(n:Entity) RETURN n " +
				"UNION UNWIND $scope AS id MATCH (:Article {id: id})<-[:STATED_IN]-()-[:SUBJECT|OBJECT|REPORTED_BY|DENIED_BY|SAID_BY|ABOUT]->(n:Entity) RETURN n } " +
				"RETURN n.id AS id, n.digest AS digest"
		}
		rows, err := s.Read(ctx, cypher, params)
		if err != nil {
			return have, fmt.Errorf("load: read %s digests: %w", kind, err)
		}
		if scope != nil {
			// What was not read stands: count it as unchanged.
			have.unread[kind] = counts[kind] - len(rows)
		}
		for _, r := range rows {
			id, _ := r["id"].(string)
			d, _ := r["digest"].(string)
			have.units[kind+"\x00"+id] = unit{kind: kind, key: id, digest: d, row: map[string]any{"id": id}}
			if kind == "Entity" {
				have.entities[id] = struct{}{}
			}
		}
	}
	var err error
	if have.analyses, err = s.analysisDigests(ctx, scope); err != nil {
		return have, err
	}
	cypher := "MATCH (s:Entity)-[r]->(t:Entity) WHERE type(r) IN $types " +
		"RETURN type(r) AS type, s.id AS source, t.id AS target, r.digest AS digest"
	if scope != nil {
		cypher = "UNWIND $pairs AS p CALL (p) { MATCH (x:Entity {id: p.a}), (y:Entity {id: p.b}) " +
			"MATCH (x)-[r]-(y) WHERE type(r) = p.type RETURN DISTINCT r } " +
			"RETURN DISTINCT type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, r.digest AS digest"
	}
	rows, err := s.Read(ctx, cypher, params)
	if err != nil {
		return have, fmt.Errorf("load: read fact digests: %w", err)
	}
	if scope != nil {
		have.unread["fact"] = counts["fact"] - len(rows)
	}
	for _, r := range rows {
		typ, _ := r["type"].(string)
		src, _ := r["source"].(string)
		tgt, _ := r["target"].(string)
		d, _ := r["digest"].(string)
		key := factKey(typ, src, tgt)
		have.units["fact\x00"+key] = unit{kind: "fact", key: key, digest: d,
			row: map[string]any{"type": typ, "source": src, "target": tgt}}
	}
	st, err := s.LoadState(ctx)
	if err != nil {
		return have, err
	}
	have.pending, have.fingerprint = st.Pending, st.Fingerprint
	return have, nil
}

// counts gives the number of nodes of each kind, and of facts (of the
// types factTypes), in one query: the server keeps these counts, so no
// node or relationship is read, and one round trip makes them all (one
// each took a fifth of the write of a one-article load).
func (s *Store) counts(ctx context.Context, factTypes []string) (map[string]int, error) {
	parts := lo.Map(nodeKinds, func(kind string, _ int) string {
		return "MATCH (n:" + kind + ") RETURN '" + kind + "' AS kind, count(n) AS n"
	})
	for _, t := range factTypes {
		if !safeName.MatchString(t) {
			return nil, fmt.Errorf("neo4j: refusing relationship type %q", t)
		}
		parts = append(parts, "MATCH (:Entity)-[r:"+t+"]->() RETURN 'fact' AS kind, count(r) AS n")
	}
	rows, err := s.Read(ctx, strings.Join(parts, " UNION ALL "), nil)
	if err != nil {
		return nil, fmt.Errorf("load: count: %w", err)
	}
	out := map[string]int{}
	for _, r := range rows {
		n, _ := r["n"].(int64)
		out[str(r["kind"])] += int(n)
	}
	return out, nil
}

// LoadState is what the database says about the last load.
type LoadState struct {
	// Exists is false before the first load.
	Exists bool
	// Pending is true while a load writes, and after one that stopped
	// half-way.
	Pending bool
	// Fingerprint names the extractor of the loaded graph.
	Fingerprint string
	LoadedAt    time.Time
	// Adding and Removing are the ids of the articles a pending load
	// creates and deletes, and Updated the metadata (JSON) it gives those
	// it keeps and changes; ArticlesWritten says it wrote every article
	// it creates (it changes and deletes the others only after).
	Adding, Removing, Updated []string
	ArticlesWritten           bool
}

// Repair is the set of articles a load should start from, given the
// articles the database holds (without text): where the last load
// stopped half-way, the set it started from if it had not yet written
// all its new articles, else the set it was making. Either way each
// source is on one article, and each article once.
func (st LoadState) Repair(loaded []*graph.Article) ([]*graph.Article, error) {
	if !st.Pending {
		return loaded, nil
	}
	if !st.ArticlesWritten {
		gone := lo.Keyify(st.Adding)
		return lo.Reject(loaded, func(a *graph.Article, _ int) bool { _, ok := gone[a.ID]; return ok }), nil
	}
	gone := lo.Keyify(st.Removing)
	now := map[string]*graph.Article{}
	for _, meta := range st.Updated {
		var a graph.Article
		if err := json.Unmarshal([]byte(meta), &a); err != nil {
			return nil, fmt.Errorf("load: the record of the last load is damaged: %w", err)
		}
		now[a.ID] = &a
	}
	var out []*graph.Article
	for _, a := range loaded {
		if _, ok := gone[a.ID]; ok {
			continue
		}
		if b := now[a.ID]; b != nil {
			a = b
		}
		out = append(out, a)
	}
	return out, nil
}

const loadStateID = "graph"

// LoadState reads the LoadState node.
func (s *Store) LoadState(ctx context.Context) (LoadState, error) {
	rows, err := s.Read(ctx, "MATCH (s:LoadState {id: $id}) RETURN s.pending AS pending, s.fingerprint AS fingerprint, s.loadedAt AS loadedAt, "+
		"s.adding AS adding, s.removing AS removing, s.updated AS updated, s.articlesWritten AS articlesWritten",
		map[string]any{"id": loadStateID})
	if err != nil {
		return LoadState{}, fmt.Errorf("load: read the load state: %w", err)
	}
	if len(rows) == 0 {
		return LoadState{}, nil
	}
	st := LoadState{Exists: true}
	st.Pending, _ = rows[0]["pending"].(bool)
	st.Fingerprint, _ = rows[0]["fingerprint"].(string)
	st.LoadedAt, _ = rows[0]["loadedAt"].(time.Time)
	st.ArticlesWritten, _ = rows[0]["articlesWritten"].(bool)
	st.Adding, st.Removing, st.Updated = strList(rows[0]["adding"]), strList(rows[0]["removing"]), strList(rows[0]["updated"])
	return st, nil
}

// setPending marks a load as begun, with what it does to the articles.
func (s *Store) setPending(ctx context.Context, adding, removing, updated []string) error {
	return s.setState(ctx, "SET s.pending = true, s.startedAt = datetime(), s.adding = $adding, s.removing = $removing, "+
		"s.updated = $updated, s.articlesWritten = false",
		map[string]any{"adding": strs(adding), "removing": strs(removing), "updated": strs(updated)})
}

func (s *Store) setDone(ctx context.Context, fingerprint string) error {
	return s.setState(ctx, "SET s.pending = false, s.fingerprint = $fingerprint, s.loadedAt = datetime() "+
		"REMOVE s.adding, s.removing, s.updated, s.articlesWritten", map[string]any{"fingerprint": fingerprint})
}

func (s *Store) setState(ctx context.Context, set string, params map[string]any) error {
	p := map[string]any{"id": loadStateID}
	for k, v := range params {
		p[k] = v
	}
	if _, err := s.Write(context.WithoutCancel(ctx), "MERGE (s:LoadState {id: $id}) "+set, p); err != nil {
		return fmt.Errorf("load: record the load state: %w", err)
	}
	return nil
}
