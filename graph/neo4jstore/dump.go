package neo4jstore

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
)

// Articles returns the loaded articles, with their text and offsets when
// withText is set (for re-extraction) and without (to see what changed).
// ids limits them to those ids; nil means all.
func (s *Store) Articles(ctx context.Context, withText bool, ids []string) ([]*graph.Article, error) {
	fields := articleFields
	if withText {
		fields += ", .text, .paragraphs, .sentences"
	}
	params := map[string]any{"ids": nil} // a nil []string would go as an empty list
	if ids != nil {
		params["ids"] = ids
	}
	rows, err := s.Read(ctx, "MATCH (a:Article) WHERE $ids IS NULL OR a.id IN $ids RETURN a {"+fields+"} AS a ORDER BY a.id", params)
	if err != nil {
		return nil, fmt.Errorf("read loaded articles: %w", err)
	}
	return articlesOf(rows, withText), nil
}

// ArticlesTouching reads, without their text, the loaded articles that
// articles read with ids from sources touch: those with one of the ids,
// and those with one of the sources, their own or a duplicate's. Those
// with duplicates are looked through on the server, as no index holds a
// list's elements; they are few.
func (s *Store) ArticlesTouching(ctx context.Context, ids, sources []string) ([]*graph.Article, error) {
	return s.articlesBy(ctx, ids, sources, "=")
}

// ArticlesNamed reads, without their text, the loaded articles that a
// forget's arguments can name: those with one of the ids, and those with
// a source, their own or a duplicate's, that starts with one of the
// prefixes (through the source index; a duplicate as in ArticlesTouching).
// The caller tells which of them its arguments name.
func (s *Store) ArticlesNamed(ctx context.Context, ids, prefixes []string) ([]*graph.Article, error) {
	return s.articlesBy(ctx, ids, prefixes, "STARTS WITH")
}

// articlesBy reads the articles with one of the ids, or a source, their
// own or a duplicate's, that is op (= or STARTS WITH) one of sources.
func (s *Store) articlesBy(ctx context.Context, ids, sources []string, op string) ([]*graph.Article, error) {
	rows, err := s.Read(ctx, "CALL () { UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN a "+
		"UNION UNWIND $sources AS p MATCH (a:Article) WHERE a.source "+op+" p RETURN a "+
		"UNION MATCH (a:Article) WHERE a.duplicates IS NOT NULL AND size(a.duplicates) > 0 "+
		"AND any(d IN a.duplicates WHERE any(p IN $sources WHERE d "+op+" p)) RETURN a } "+
		"RETURN a {"+articleFields+"} AS a ORDER BY a.id", map[string]any{"ids": strs(ids), "sources": strs(sources)})
	if err != nil {
		return nil, fmt.Errorf("read loaded articles: %w", err)
	}
	return articlesOf(rows, false), nil
}

// CountArticles is the number of articles the database holds, from the
// count the server keeps.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	rows, err := s.Read(ctx, "MATCH (a:Article) RETURN count(a) AS n", nil)
	if err != nil {
		return 0, fmt.Errorf("count loaded articles: %w", err)
	}
	return num(rows[0]["n"]), nil
}

const articleFields = ".id, .title, .source, .duplicates, .published, .author, .publisherName, .format, .note, .stamps"

func articlesOf(rows []Record, withText bool) []*graph.Article {
	out := make([]*graph.Article, 0, len(rows))
	for _, r := range rows {
		m, _ := r["a"].(map[string]any)
		a := &graph.Article{
			ID: str(m["id"]), Title: str(m["title"]), Source: str(m["source"]), Duplicates: strList(m["duplicates"]),
			Published: str(m["published"]), Author: str(m["author"]), Publisher: str(m["publisherName"]),
			Format: str(m["format"]), Note: str(m["note"]), Stamps: stampMap(m["stamps"]),
		}
		if len(a.Duplicates) == 0 {
			a.Duplicates = nil
		}
		if withText {
			a.Text = str(m["text"])
			a.Paragraphs = spanList(m["paragraphs"])
			a.Sentences = spanList(m["sentences"])
		}
		out = append(out, a)
	}
	return out
}

// Stamps returns the stamps of the loaded articles whose source is one of
// sources, source to stamp (graph.Article.Stamps), with those of their
// other sources: what a load asks before it reads files, without its
// lock, to know which need no reading. Rows: the sources named, not the
// articles loaded. A file kept only as another file's duplicate is not
// found by its name and is read again, which costs a read, never a
// wrong skip.
func (s *Store) Stamps(ctx context.Context, sources []string) (map[string]string, error) {
	if len(sources) == 0 {
		return nil, nil
	}
	rows, err := s.Read(ctx, "UNWIND $sources AS s MATCH (a:Article {source: s}) WHERE a.stamps IS NOT NULL "+
		"UNWIND a.stamps AS st RETURN st", map[string]any{"sources": sources})
	if err != nil {
		return nil, fmt.Errorf("read loaded files' stamps: %w", err)
	}
	return stampMap(lo.Map(rows, func(r Record, _ int) any { return r["st"] })), nil
}

// SetStamps records the stamps of articles (id to source to stamp)
// whose stamps changed while they did not: their files were touched, or
// loaded before stamps were kept. An article not in the database is
// passed over.
func (s *Store) SetStamps(ctx context.Context, stamps map[string]map[string]string) error {
	rows := lo.MapToSlice(stamps, func(id string, st map[string]string) any {
		return map[string]any{"id": id, "stamps": stampList(st)}
	})
	for _, chunk := range lo.Chunk(rows, 1000) {
		if _, err := s.Write(ctx, "UNWIND $rows AS r MATCH (a:Article {id: r.id}) SET a.stamps = r.stamps", map[string]any{"rows": chunk}); err != nil {
			return fmt.Errorf("record the files' stamps: %w", err)
		}
	}
	return nil
}

// Dump reads the whole graph back in the form `graph extract` writes, so a
// load can be compared with an extraction, and one database with another.
func (s *Store) Dump(ctx context.Context) (*graph.Graph, error) {
	g := &graph.Graph{Articles: []graph.ArticleRef{}, Entities: []graph.Entity{}, Mentions: []graph.Mention{},
		Relations: []graph.Relation{}, Claims: []graph.Claim{}, Quotes: []graph.Quote{}}
	read := func(what, cypher string, each func(Record)) error {
		rows, err := s.Read(ctx, cypher, nil)
		if err != nil {
			return fmt.Errorf("dump %s: %w", what, err)
		}
		for _, r := range rows {
			each(r)
		}
		return nil
	}
	err := read("entities", "MATCH (n:Entity) RETURN n {.*} AS n, labels(n) AS labels", func(r Record) {
		n := r["n"].(map[string]any)
		labels := strList(r["labels"])
		sort.Strings(labels)
		g.Entities = append(g.Entities, graph.Entity{ID: str(n["id"]), Name: str(n["name"]), Type: str(n["type"]),
			Labels: labels, Aliases: strList(n["aliases"]), MentionCount: num(n["mentionCount"]), ArticleCount: num(n["articleCount"])})
	})
	if err == nil {
		err = read("articles", "MATCH (a:Article) OPTIONAL MATCH (a)-[:REPORTED_BY]->(p:Entity) "+
			"RETURN a {.id, .title, .source, .duplicates, .published, .author} AS a, p.id AS publisher", func(r Record) {
			a := r["a"].(map[string]any)
			g.Articles = append(g.Articles, graph.ArticleRef{ID: str(a["id"]), Title: str(a["title"]), Source: str(a["source"]),
				Published: strPtr(a["published"]), Author: strPtr(a["author"]), Publisher: strPtr(r["publisher"]),
				Duplicates: strList(a["duplicates"])})
		})
	}
	if err == nil {
		err = read("mentions", "MATCH (a:Article)-[m:MENTIONS]->(e:Entity) RETURN a.id AS a, e.id AS e, m.count AS count", func(r Record) {
			g.Mentions = append(g.Mentions, graph.Mention{Article: str(r["a"]), Entity: str(r["e"]), Count: num(r["count"])})
		})
	}
	if err == nil {
		g.Claims, err = s.Claims(ctx)
	}
	if err == nil {
		err = read("quotes", "MATCH (q:Quote) OPTIONAL MATCH (q)-[:STATED_IN]->(a:Article) OPTIONAL MATCH (q)-[:SAID_BY]->(s:Entity) "+
			"RETURN q {.*} AS q, a.id AS article, s.id AS speaker, "+
			"COLLECT { MATCH (q)-[:ABOUT]->(x:Entity) RETURN x.id ORDER BY x.id } AS about", func(r Record) {
			q := r["q"].(map[string]any)
			g.Quotes = append(g.Quotes, graph.Quote{ID: str(q["id"]), Text: str(q["text"]), Speaker: str(r["speaker"]),
				Article: str(r["article"]), Start: num(q["start"]), End: num(q["end"]), About: strList(r["about"])})
		})
	}
	if err == nil {
		err = read("relations", "MATCH (s:Entity)-[r]->(t:Entity) RETURN type(r) AS type, s.id AS source, t.id AS target, r {.*} AS r", func(rec Record) {
			p := rec["r"].(map[string]any)
			rel := graph.Relation{Type: str(rec["type"]), Source: str(rec["source"]), Target: str(rec["target"]),
				Count: num(p["count"]), Articles: strList(p["articles"]), FirstSeen: strPtr(p["firstSeen"]),
				Confidence: flt(p["confidence"]), Trigger: str(p["trigger"]), Role: str(p["role"]), Status: str(p["status"]),
				Evidence: []graph.Evidence{}}
			for _, st := range strList(p["stances"]) {
				rel.Stances = append(rel.Stances, graph.Stance(st))
			}
			arts, sents := strList(p["evidenceArticles"]), strList(p["evidence"])
			starts, ends := intList(p["evidenceStarts"]), intList(p["evidenceEnds"])
			for i := range min(len(arts), len(sents), len(starts), len(ends)) {
				rel.Evidence = append(rel.Evidence, graph.Evidence{Article: arts[i], Sentence: sents[i], Start: starts[i], End: ends[i]})
			}
			g.Relations = append(g.Relations, rel)
		})
	}
	if err != nil {
		return nil, err
	}
	g.Sort()
	return g, nil
}

// Claims reads every claim.
func (s *Store) Claims(ctx context.Context) ([]graph.Claim, error) {
	return s.claims(ctx, "MATCH (c:Claim) ", nil)
}

// claims reads the claims that match finds (binding c), with params.
func (s *Store) claims(ctx context.Context, match string, params map[string]any) ([]graph.Claim, error) {
	rows, err := s.Read(ctx, match+
		"OPTIONAL MATCH (c)-[:STATED_IN]->(a:Article) OPTIONAL MATCH (c)-[:SUBJECT]->(s:Entity) OPTIONAL MATCH (c)-[:OBJECT]->(o:Entity) "+
		"RETURN c {.*} AS c, a.id AS article, s.id AS subject, o.id AS object, "+
		"COLLECT { MATCH (c)-[:REPORTED_BY]->(x:Entity) RETURN x.id ORDER BY x.id } AS reportedBy, "+
		"COLLECT { MATCH (c)-[:DENIED_BY]->(x:Entity) RETURN x.id ORDER BY x.id } AS deniedBy", params)
	if err != nil {
		return nil, fmt.Errorf("read claims: %w", err)
	}
	out := make([]graph.Claim, 0, len(rows))
	for _, r := range rows {
		c := r["c"].(map[string]any)
		out = append(out, graph.Claim{ID: str(c["id"]), Type: str(c["type"]), Subject: str(r["subject"]),
			Object: str(r["object"]), Article: str(r["article"]), Sentence: str(c["sentence"]), Start: num(c["start"]),
			End: num(c["end"]), Stance: graph.Stance(str(c["stance"])), Date: strPtr(c["date"]),
			ReportedBy: strList(r["reportedBy"]), DeniedBy: strList(r["deniedBy"]), Trigger: str(c["trigger"]),
			Role: str(c["role"]), Pattern: str(c["pattern"]), Confidence: flt(c["confidence"])})
	}
	return out, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func strPtr(v any) *string {
	s, ok := v.(string)
	if !ok || s == "" {
		return nil
	}
	return &s
}

func strList(v any) []string {
	l, _ := v.([]any)
	return strs(lo.Map(l, func(x any, _ int) string { return str(x) }))
}

func num(v any) int {
	n, _ := v.(int64)
	return int(n)
}

func flt(v any) float64 {
	f, _ := v.(float64)
	return f
}

func intList(v any) []int {
	l, _ := v.([]any)
	return lo.Map(l, func(x any, _ int) int { return num(x) })
}

// spanList reads [start, end, start, end …] back into spans.
func spanList(v any) []graph.Span {
	pairs := lo.Filter(lo.Chunk(intList(v), 2), func(p []int, _ int) bool { return len(p) == 2 })
	return lo.Map(pairs, func(p []int, _ int) graph.Span { return graph.Span{Start: p[0], End: p[1]} })
}

// FactClaims gives what the facts a change touches stand on. fresh are
// the claims just extracted from the articles of scope, whose stored
// claims they replace. The facts touched are those of the type, subject
// and object of a fresh or replaced claim (either way round): pairs. The
// claims are the fresh ones and every stored claim of those pairs from an
// article out of scope; the facts of pairs follow from them alone. What
// it reads is set by the change, not by the size of the database.
func (s *Store) FactClaims(ctx context.Context, fresh []graph.Claim, scope []string) (claims []graph.Claim, pairs []FactPair, err error) {
	rows, err := s.Read(ctx, "UNWIND $scope AS id MATCH (:Article {id: id})<-[:STATED_IN]-(c:Claim) "+
		"MATCH (c)-[:SUBJECT]->(s:Entity) MATCH (c)-[:OBJECT]->(o:Entity) "+
		"RETURN c.type AS type, s.id AS subject, o.id AS object", map[string]any{"scope": strs(scope)})
	if err != nil {
		return nil, nil, fmt.Errorf("load: read the claims of changed articles: %w", err)
	}
	pair := func(typ, a, b string) FactPair {
		if b < a {
			a, b = b, a
		}
		return FactPair{typ, a, b}
	}
	seen := map[FactPair]bool{}
	for _, r := range rows {
		seen[pair(str(r["type"]), str(r["subject"]), str(r["object"]))] = true
	}
	for _, c := range fresh {
		seen[pair(c.Type, c.Subject, c.Object)] = true
	}
	pairs = slices.SortedFunc(maps.Keys(seen), func(x, y FactPair) int {
		return cmp.Or(cmp.Compare(x.Type, y.Type), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	// Each pair is looked up on its own, from its two entities (an
	// unanchored pattern over thousands of pairs once ran for minutes).
	old, err := s.claims(ctx, "UNWIND $pairs AS p "+
		"CALL (p) { MATCH (x:Entity {id: p.a}), (y:Entity {id: p.b}) "+
		"MATCH (x)<-[:SUBJECT|OBJECT]-(c:Claim)-[:SUBJECT|OBJECT]->(y) WHERE c.type = p.type RETURN DISTINCT c } "+
		"WITH DISTINCT c ",
		map[string]any{"pairs": lo.Map(pairs, func(p FactPair, _ int) any { return p.row() })})
	if err != nil {
		return nil, nil, err
	}
	replaced := lo.Keyify(scope)
	old = lo.Reject(old, func(c graph.Claim, _ int) bool { _, ok := replaced[c.Article]; return ok })
	return append(slices.Clone(fresh), old...), pairs, nil
}
