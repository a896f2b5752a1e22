package neo4jstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

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
	h := sha256.Sum256([]byte(a.Mentions + "\x00" + a.Resolved))
	return hex.EncodeToString(h[:12])
}

// Analyses reads every article's stored analysis, by article id.
func (s *Store) Analyses(ctx context.Context) (map[string]graph.Analysis, error) {
	rows, err := s.Read(ctx, "MATCH (n:Analysis) RETURN n.id AS id, n.data AS data, n.resolved AS resolved", nil)
	if err != nil {
		return nil, fmt.Errorf("load: read the stored analyses: %w", err)
	}
	out := make(map[string]graph.Analysis, len(rows))
	for _, r := range rows {
		out[str(r["id"])] = graph.Analysis{Mentions: str(r["data"]), Resolved: str(r["resolved"])}
	}
	return out, nil
}

const (
	upsertAnalysis = "UNWIND $rows AS row MERGE (n:Analysis {id: row.id}) " +
		"SET n.data = row.data, n.resolved = row.resolved, n.digest = row.digest"
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
