package neo4jstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/newsgraph/graph/graph"
)

// The analyses: one Analysis node per article, with what the extractor
// keeps of it for the next load (graph.Analysis), so that a load resolves
// names over the corpus without analysing it again. They are the
// loader's bookkeeping, beside the graph: no relationship, and not in
// exports.

// AnalysisSchema makes the analyses quick to find by article id.
const AnalysisSchema = "CREATE CONSTRAINT analysis_id IF NOT EXISTS FOR (n:Analysis) REQUIRE n.id IS UNIQUE"

func analysisDigest(a graph.Analysis) string {
	h := sha256.Sum256([]byte(a.Mentions + "\x00" + a.Resolved + "\x00" + a.Outlet + "\x00" + a.Publisher))
	return hex.EncodeToString(h[:12])
}

const (
	upsertAnalysis = "UNWIND $rows AS row MERGE (n:Analysis {id: row.id}) " +
		"SET n.data = row.data, n.resolved = row.resolved, n.outlet = row.outlet, n.publisher = row.publisher, n.digest = row.digest"
	deleteAnalysis = "UNWIND $rows AS row MATCH (n:Analysis {id: row.id}) DELETE n"
)

// analysisDigests reads the digest of every stored analysis, or of those
// of the articles in scope.
func (s *Store) analysisDigests(ctx context.Context, scope []string) (map[string]string, error) {
	cypher := "MATCH (n:Analysis) RETURN n.id AS id, n.digest AS digest"
	if scope != nil {
		cypher = "UNWIND $scope AS id MATCH (n:Analysis {id: id}) RETURN n.id AS id, n.digest AS digest"
	}
	rows, err := s.Read(ctx, cypher, map[string]any{"scope": strs(scope)})
	if err != nil {
		return nil, fmt.Errorf("load: read the analyses' digests: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[str(r["id"])] = str(r["digest"])
	}
	return out, nil
}

// The resolution's rows: one Resolve node per key of names, what
// incremental resolution keeps between loads (graph.ResolveRow), looked up
// by key and by its lookup fields. Bookkeeping too: no relationship, and
// not in exports.

// ResolveSchema makes the rows quick to find by key and by each lookup
// field; the near-miss buckets are one string ("|b1|b2|") under a text
// index, as a list cannot be searched by element through an index.
var ResolveSchema = []string{
	"CREATE CONSTRAINT resolve_key IF NOT EXISTS FOR (n:Resolve) REQUIRE n.key IS UNIQUE",
	"CREATE INDEX resolve_last IF NOT EXISTS FOR (n:Resolve) ON (n.last)",
	"CREATE INDEX resolve_first IF NOT EXISTS FOR (n:Resolve) ON (n.first)",
	"CREATE INDEX resolve_held IF NOT EXISTS FOR (n:Resolve) ON (n.held)",
	"CREATE INDEX resolve_rep IF NOT EXISTS FOR (n:Resolve) ON (n.rep)",
	"CREATE TEXT INDEX resolve_sigs IF NOT EXISTS FOR (n:Resolve) ON (n.sigs)",
	"CREATE INDEX analysis_outlet IF NOT EXISTS FOR (n:Analysis) ON (n.outlet, n.id)",
}

// StoredAnalyses reads the stored analyses of the articles of ids.
func (s *Store) StoredAnalyses(ctx context.Context, ids []string) (map[string]graph.Analysis, error) {
	rows, err := s.Read(ctx, "UNWIND $ids AS id MATCH (n:Analysis {id: id}) "+
		"RETURN n.id AS id, n.data AS data, n.resolved AS resolved, n.outlet AS outlet, n.publisher AS publisher", map[string]any{"ids": strs(ids)})
	if err != nil {
		return nil, fmt.Errorf("load: read stored analyses: %w", err)
	}
	out := make(map[string]graph.Analysis, len(rows))
	for _, r := range rows {
		out[str(r["id"])] = graph.Analysis{Mentions: str(r["data"]), Resolved: str(r["resolved"]), Outlet: str(r["outlet"]), Publisher: str(r["publisher"])}
	}
	return out, nil
}

// FirstPublished gives, for each outlet id of outlets, the first article
// in order of id, not one of except, whose outlet it is, and the name it
// gives the publisher: one index seek an outlet.
func (s *Store) FirstPublished(ctx context.Context, outlets, except []string) (map[string]graph.PublishedBy, error) {
	rows, err := s.Read(ctx, "UNWIND $outlets AS o CALL (o) { MATCH (n:Analysis) WHERE n.outlet = o AND NOT n.id IN $except "+
		"RETURN n ORDER BY n.id LIMIT 1 } RETURN o, n.id AS id, n.publisher AS publisher",
		map[string]any{"outlets": strs(outlets), "except": strs(except)})
	if err != nil {
		return nil, fmt.Errorf("load: read outlets' first articles: %w", err)
	}
	out := make(map[string]graph.PublishedBy, len(rows))
	for _, r := range rows {
		out[str(r["o"])] = graph.PublishedBy{ID: str(r["id"]), Publisher: str(r["publisher"])}
	}
	return out, nil
}

const resolveReturn = "RETURN n.key AS key, n.data AS data, n.arts AS arts, n.finArts AS finArts, n.listed AS listed, " +
	"n.last AS last, n.first AS first, n.held AS held, n.rep AS rep, n.sigs AS sigs"

// ResolveRows reads the rows of keys.
func (s *Store) ResolveRows(ctx context.Context, keys []string) (map[string]graph.ResolveRow, error) {
	rows, err := s.Read(ctx, "UNWIND $keys AS k MATCH (n:Resolve {key: k}) "+resolveReturn, map[string]any{"keys": strs(keys)})
	if err != nil {
		return nil, fmt.Errorf("load: read the resolution's rows: %w", err)
	}
	out := make(map[string]graph.ResolveRow, len(rows))
	for _, r := range rows {
		row := graph.ResolveRow{Key: str(r["key"]), Data: str(r["data"]), Arts: strList(r["arts"]), FinalArts: strList(r["finArts"]),
			Listed: strList(r["listed"]), Last: str(r["last"]), First: str(r["first"]), Held: str(r["held"]), Rep: str(r["rep"])}
		if sigs := strings.Trim(str(r["sigs"]), "|"); sigs != "" {
			row.Sigs = strings.Split(sigs, "|")
		}
		out[row.Key] = row
	}
	return out, nil
}

// FindResolveRows gives, by value, the keys of the rows whose field
// (last, first, held, rep or sig) has one of values.
func (s *Store) FindResolveRows(ctx context.Context, field string, values []string) (map[string][]string, error) {
	where := ""
	switch field {
	case "last", "first", "held", "rep":
		where = "n." + field + " = v"
	case "sig":
		where = "n.sigs CONTAINS '|' + v + '|'"
	default:
		return nil, fmt.Errorf("load: no lookup of the resolution by %q (a bug)", field)
	}
	rows, err := s.Read(ctx, "UNWIND $values AS v MATCH (n:Resolve) WHERE "+where+" RETURN v, collect(n.key) AS keys",
		map[string]any{"values": strs(values)})
	if err != nil {
		return nil, fmt.Errorf("load: look up the resolution's rows: %w", err)
	}
	out := make(map[string][]string, len(rows))
	for _, r := range rows {
		out[str(r["v"])] = strList(r["keys"])
	}
	return out, nil
}

const (
	upsertResolve = "UNWIND $rows AS row MERGE (n:Resolve {key: row.key}) " +
		"SET n.data = row.data, n.arts = row.arts, n.finArts = row.finArts, n.listed = row.listed, " +
		"n.last = row.last, n.first = row.first, n.held = row.held, n.rep = row.rep, n.sigs = row.sigs"
	// createResolve writes rows where none is: after a reset, quicker
	// than a merge.
	createResolve = "UNWIND $rows AS row CREATE (n:Resolve {key: row.key, data: row.data, arts: row.arts, finArts: row.finArts, " +
		"listed: row.listed, last: row.last, first: row.first, held: row.held, rep: row.rep, sigs: row.sigs})"
	deleteResolve = "UNWIND $rows AS row MATCH (n:Resolve {key: row.key}) DELETE n"
)

// resetResolve deletes every row of the resolution, 10,000 a transaction.
func (s *Store) resetResolve(ctx context.Context) error {
	for {
		rows, err := s.Write(ctx, "MATCH (n:Resolve) WITH n LIMIT 10000 DELETE n RETURN count(*) AS n", nil)
		if err != nil {
			return fmt.Errorf("load: clear the resolution's rows: %w", err)
		}
		if len(rows) == 0 || num(rows[0]["n"]) == 0 {
			return nil
		}
	}
}

// resolveRows are the rows of the resolution to write, as statement rows.
func resolveRows(rows []graph.ResolveRow) []any {
	out := make([]any, len(rows))
	opt := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	for i, r := range rows {
		sigs := any(nil)
		if len(r.Sigs) > 0 {
			sigs = "|" + strings.Join(r.Sigs, "|") + "|"
		}
		out[i] = map[string]any{"key": r.Key, "data": r.Data, "arts": strs(r.Arts), "finArts": strs(r.FinalArts),
			"listed": strs(r.Listed), "last": opt(r.Last), "first": opt(r.First), "held": opt(r.Held), "rep": opt(r.Rep), "sigs": sigs}
	}
	return out
}
