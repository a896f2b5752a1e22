package extract

import (
	"context"
	"slices"

	"github.com/newsgraph/graph/graph"
	"github.com/samber/lo"
)

// commit writes what the resolution's update changed to its store in
// memory, as a load writes it to Neo4j.
func (s *resolution) commit() {
	rows, drop, sigs, gone := s.changes()
	s.store.(*memStore).apply(rows, drop, sigs, gone, s.arts)
}

// memStore is a ResolutionStore in memory.
type memStore struct {
	arts map[string]graph.Analysis
	rows map[string]ResolveRow
	idx  fieldIndex
}

func newMemStore() *memStore {
	return &memStore{arts: map[string]graph.Analysis{}, rows: map[string]ResolveRow{}, idx: fieldIndex{}}
}

func (m *memStore) StoredAnalyses(_ context.Context, ids []string) (map[string]graph.Analysis, error) {
	out := map[string]graph.Analysis{}
	for _, id := range ids {
		if a, ok := m.arts[id]; ok {
			out[id] = a
		}
	}
	return out, nil
}

func (m *memStore) ResolveRows(_ context.Context, keys []string) (map[string]ResolveRow, error) {
	out := map[string]ResolveRow{}
	for _, k := range keys {
		if r, ok := m.rows[k]; ok {
			out[k] = r
		}
	}
	return out, nil
}

func (m *memStore) FindResolveRows(_ context.Context, field string, values []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, v := range values {
		if ks := m.idx.keys(field, v); len(ks) > 0 {
			out[v] = ks
		}
	}
	return out, nil
}

func rowFields(r ResolveRow) map[string][]string {
	f := map[string][]string{FindSig: r.Sigs}
	for field, v := range map[string]string{FindLast: r.Last, FindFirst: r.First, FindHeld: r.Held, FindRep: r.Rep} {
		if v != "" {
			f[field] = []string{v}
		}
	}
	return f
}

func (m *memStore) apply(rows []ResolveRow, drop []string, sigs map[string]string, gone []string, arts map[string]*resArticle) {
	for _, k := range drop {
		m.idx.set(k, rowFields(m.rows[k]), nil)
		delete(m.rows, k)
	}
	for _, r := range rows {
		m.idx.set(r.Key, rowFields(m.rows[r.Key]), rowFields(r))
		m.rows[r.Key] = r
	}
	for _, id := range gone {
		delete(m.arts, id)
	}
	for id, sig := range sigs {
		a := arts[id]
		m.arts[id] = graph.Analysis{Mentions: a.data, Resolved: sig, Outlet: a.outlet, Publisher: a.art.Publisher}
	}
}

func (m *memStore) FirstPublished(_ context.Context, outlets, except []string) (map[string]PublishedBy, error) {
	skip := lo.Keyify(except)
	out := map[string]PublishedBy{}
	for _, id := range sortedKeys(m.arts) {
		a := m.arts[id]
		if _, no := skip[id]; no || a.Outlet == "" || !slices.Contains(outlets, a.Outlet) {
			continue
		}
		if _, ok := out[a.Outlet]; !ok {
			out[a.Outlet] = PublishedBy{ID: id, Publisher: a.Publisher}
		}
	}
	return out, nil
}

// applyIncrement writes increment inc, which removed the articles gone,
// as a load writes it to Neo4j.
func (m *memStore) applyIncrement(inc *Increment, gone []string) {
	for _, id := range gone {
		delete(m.arts, id)
	}
	arts := map[string]*resArticle{}
	sigs := map[string]string{}
	for id, a := range inc.Stored {
		arts[id] = &resArticle{art: &graph.Article{ID: id, Publisher: a.Publisher}, data: a.Mentions, outlet: a.Outlet}
		sigs[id] = a.Resolved
	}
	m.apply(inc.Rows, inc.Drop, sigs, nil, arts)
}
