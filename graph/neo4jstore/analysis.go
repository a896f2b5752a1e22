package neo4jstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/newsgraph/graph/graph"
	"github.com/samber/lo"
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
// field. A list cannot be searched by element through an index, so the
// near-miss buckets are kept as one string ("|b1|b2|") and found through
// a full-text index of their hashes, one word each (sigHash): Lucene
// answers a thousand of them in one query, where a text index's CONTAINS
// took a quarter of a millisecond for each.
var ResolveSchema = []string{
	"CREATE CONSTRAINT resolve_key IF NOT EXISTS FOR (n:Resolve) REQUIRE n.key IS UNIQUE",
	"CREATE INDEX resolve_last IF NOT EXISTS FOR (n:Resolve) ON (n.last)",
	"CREATE INDEX resolve_first IF NOT EXISTS FOR (n:Resolve) ON (n.first)",
	"CREATE INDEX resolve_held IF NOT EXISTS FOR (n:Resolve) ON (n.held)",
	"CREATE INDEX resolve_rep IF NOT EXISTS FOR (n:Resolve) ON (n.rep)",
	"CREATE FULLTEXT INDEX resolve_sig_hashes IF NOT EXISTS FOR (n:Resolve) ON EACH [n.sigHash] OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
	"CREATE INDEX analysis_outlet IF NOT EXISTS FOR (n:Analysis) ON (n.outlet, n.id)",
	// The text index of the buckets before their hashes (78827a8): no
	// lookup reads it, and every write of a row kept it up.
	"DROP INDEX resolve_sigs IF EXISTS",
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
	case graph.FindLast, graph.FindFirst, graph.FindHeld, graph.FindRep:
		where = "n." + field + " = v"
	case graph.FindSig:
		return s.findSigs(ctx, values)
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

// findSigs is FindResolveRows by near-miss bucket: the rows whose bucket
// hashes match, a thousand buckets a query (Lucene's limit of clauses),
// told apart by their buckets.
func (s *Store) findSigs(ctx context.Context, values []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, chunk := range lo.Chunk(lo.Uniq(values), 1000) {
		want := lo.Keyify(chunk)
		rows, err := s.Read(ctx, "CALL db.index.fulltext.queryNodes('resolve_sig_hashes', $q) YIELD node "+
			"RETURN node.key AS key, node.sigs AS sigs ORDER BY key",
			map[string]any{"q": strings.Join(lo.Map(chunk, func(v string, _ int) string { return sigHash(v) }), " ")})
		if err != nil {
			return nil, fmt.Errorf("load: look up the resolution's rows: %w", err)
		}
		for _, r := range rows {
			for _, b := range strings.Split(strings.Trim(str(r["sigs"]), "|"), "|") {
				if _, ok := want[b]; ok {
					out[b] = append(out[b], str(r["key"]))
				}
			}
		}
	}
	return out, nil
}

// sigHash is a near-miss bucket as one word for the full-text index.
func sigHash(b string) string {
	h := fnv.New64a()
	h.Write([]byte(b))
	return strconv.FormatUint(h.Sum64(), 36)
}

const (
	upsertResolve = "UNWIND $rows AS row MERGE (n:Resolve {key: row.key}) " +
		"SET n.data = row.data, n.arts = row.arts, n.finArts = row.finArts, n.listed = row.listed, " +
		"n.last = row.last, n.first = row.first, n.held = row.held, n.rep = row.rep, n.sigs = row.sigs, n.sigHash = row.sigHash"
	// createResolve writes rows where none is: after a reset, quicker
	// than a merge.
	createResolve = "UNWIND $rows AS row CREATE (n:Resolve {key: row.key, data: row.data, arts: row.arts, finArts: row.finArts, " +
		"listed: row.listed, last: row.last, first: row.first, held: row.held, rep: row.rep, sigs: row.sigs, sigHash: row.sigHash})"
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
	for i, r := range rows {
		sigs, hashes := any(nil), any(nil)
		if len(r.Sigs) > 0 {
			sigs = "|" + strings.Join(r.Sigs, "|") + "|"
			hashes = strings.Join(lo.Map(r.Sigs, func(b string, _ int) string { return sigHash(b) }), " ")
		}
		out[i] = map[string]any{"key": r.Key, "data": r.Data, "arts": strs(r.Arts), "finArts": strs(r.FinalArts),
			"listed": strs(r.Listed), "last": opt(r.Last), "first": opt(r.First), "held": opt(r.Held), "rep": opt(r.Rep), "sigs": sigs, "sigHash": hashes}
	}
	return out
}
