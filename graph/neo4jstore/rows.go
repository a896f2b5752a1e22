package neo4jstore

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
)

// A unit is what the loader writes, compares and deletes as one: a node
// with its outgoing provenance relationships (an article with its MENTIONS
// and REPORTED_BY, a claim with SUBJECT, OBJECT, STATED_IN …), or one fact
// relationship between two entities. Its digest is a hash of everything it
// writes, stored on it, so a later load sees what changed without reading
// the properties back.
type unit struct {
	// kind is the node label (Entity, Article, Claim, Quote) or "fact".
	kind string
	// key is the node id, or "TYPE\x00source\x00target" for a fact.
	key    string
	digest string
	row    map[string]any
}

// link is one kind of outgoing provenance relationship of a node unit:
// rows carry the targets under field, as [{id, props}].
type link struct {
	field, rel, label string
}

// links are the provenance relationships each node kind owns. Types and
// labels here are constants of the ontology's provenance layer.
var links = map[string][]link{
	"Article": {
		{"mentions", "MENTIONS", "Entity"},
		{"publisher", "REPORTED_BY", "Entity"},
	},
	"Claim": {
		{"article", "STATED_IN", "Article"},
		{"subject", "SUBJECT", "Entity"},
		{"object", "OBJECT", "Entity"},
		{"reportedBy", "REPORTED_BY", "Entity"},
		{"deniedBy", "DENIED_BY", "Entity"},
	},
	"Quote": {
		{"article", "STATED_IN", "Article"},
		{"speaker", "SAID_BY", "Entity"},
		{"about", "ABOUT", "Entity"},
	},
}

// nodeKinds are written in this order, so that every relationship finds
// the node it points at; stale ones are deleted in the reverse order.
var nodeKinds = []string{"Entity", "Article", "Claim", "Quote"}

// safeName is what a label or relationship type must look like. Names
// come from the ontology's allow-list (the graph is validated against it
// first); labels go to the server as parameters (`n:$(row.labels)`,
// Neo4j 5.26), and a fact's type into its statement's text, which this
// second lock keeps a bare name.
var safeName = regexp.MustCompile(`^[A-Z][A-Za-z_]*$`)

// upsertStatement writes rows of one kind: one statement per node kind,
// with an entity's labels given as values, so the server plans a few
// statements per load, not one per label.
func upsertStatement(kind string) string {
	var b strings.Builder
	b.WriteString("UNWIND $rows AS row\nMERGE (n:" + kind + " {id: row.id})\nSET n = row.props")
	if kind == "Entity" {
		b.WriteString(", n:$(row.labels)")
	}
	if ls := links[kind]; len(ls) > 0 {
		// A changed node's old relationships go; its current ones are
		// written anew.
		b.WriteString("\nWITH n, row\nCALL (n) { MATCH (n)-[old]->() DELETE old }")
		for _, l := range ls {
			b.WriteString("\nCALL (n, row) { UNWIND row." + l.field + " AS l MATCH (x:" + l.label +
				" {id: l.id}) CREATE (n)-[r:" + l.rel + "]->(x) SET r = l.props }")
		}
	}
	return b.String()
}

// factStatement writes facts of one relationship type, written into the
// statement (a name the ontology and safeName allow), or of any type with
// typ "": Neo4j 5.26 merges a relationship whose type is a value,
// $(row.type), by expanding the relationships of every type between its
// two nodes and filtering them (EXPLAIN), slow between nodes that many
// articles mention; a type in the text costs a plan instead, 0.05-0.15 s.
func factStatement(typ string) string {
	rel := "$(row.type)"
	if typ != "" {
		rel = typ
	}
	return "UNWIND $rows AS row\n" +
		"MATCH (s:Entity {id: row.source}), (t:Entity {id: row.target})\n" +
		"MERGE (s)-[r:" + rel + "]->(t)\n" +
		"SET r = row.props"
}

// typedFacts is how many facts a write needs for each type to go in a
// statement of its own, which pays its plans where types given as values
// would cost more: a BBC first load's 1,629 facts took 2.1 s with the
// types given as values, 0.2 s in a statement per type once planned (up
// to 1.3 s planning them, with the schema just made); the founding
// articles' 34, a second more on a cold server in statements of their
// own. (Statements of their own for the types with most facts only saved
// nothing: the slow merges are between much-mentioned nodes, of any type.)
const typedFacts = 200

// upsertBatches is the batches that write the units of kind, size rows
// at most each. Facts, typedFacts or more, go one statement per type in
// the order of the types' names; fewer, in one that takes the type as a
// value.
func upsertBatches(kind string, us []unit, size int) []batch {
	rows := rowsOf(kind, us)
	switch {
	case kind != "fact":
		return batches(upsertStatement(kind), rows, size)
	case len(rows) < typedFacts:
		return batches(factStatement(""), rows, size)
	}
	byType := lo.GroupBy(rows, func(r any) string { return r.(map[string]any)["type"].(string) })
	return lo.FlatMap(slices.Sorted(maps.Keys(byType)), func(typ string, _ int) []batch {
		return batches(factStatement(typ), byType[typ], size)
	})
}

// batches cuts rows into batches of statement, size rows at most each.
func batches(statement string, rows []any, size int) []batch {
	var out []batch
	for chunk := range slices.Chunk(rows, size) {
		out = append(out, batch{statement, chunk})
	}
	return out
}

// deleteStatement removes stale units of one kind.
func deleteStatement(kind string) string {
	if kind == "fact" {
		return "UNWIND $rows AS row\n" +
			"MATCH (:Entity {id: row.source})-[r]->(:Entity {id: row.target}) WHERE type(r) = row.type\n" +
			"DELETE r"
	}
	return "UNWIND $rows AS row\nMATCH (n:" + kind + " {id: row.id})\nDETACH DELETE n"
}

// units turns a graph into what the loader writes. arts holds the full
// articles (text, offsets, raw metadata) by id; the graph's ArticleRefs
// give the rest.
func units(g *graph.Graph, arts map[string]*graph.Article) ([]unit, error) {
	out, err := entityUnits(g.Entities)
	if err != nil {
		return nil, err
	}
	rest, err := otherUnits(g, arts)
	return append(out, rest...), err
}

// entityUnits are the units of some entities.
func entityUnits(es []graph.Entity) ([]unit, error) {
	var out []unit
	for _, e := range es {
		extra := []string{}
		for _, l := range e.Labels {
			if !safeName.MatchString(l) {
				return nil, fmt.Errorf("neo4j: refusing label %q of %s", l, e.ID)
			}
			if l != "Entity" {
				extra = append(extra, l)
			}
		}
		out = append(out, nodeUnit("Entity", e.ID, map[string]any{
			"id": e.ID, "name": e.Name, "type": e.Type, "aliases": strs(e.Aliases),
			"mentionCount": int64(e.MentionCount), "articleCount": int64(e.ArticleCount),
		}, map[string]any{"labels": extra}))
	}
	return out, nil
}

// otherUnits are the units of a graph but its entities.
func otherUnits(g *graph.Graph, arts map[string]*graph.Article) ([]unit, error) {
	var out []unit
	mentions := map[string][]linkTarget{}
	for _, m := range g.Mentions {
		mentions[m.Article] = append(mentions[m.Article], linkTarget{ID: m.Entity, Props: linkProps{count: int64(m.Count), counted: true}})
	}
	for _, ref := range g.Articles {
		a := arts[ref.ID]
		if a == nil {
			return nil, fmt.Errorf("neo4j: article %s has no text to store", ref.ID)
		}
		props := map[string]any{
			"id": ref.ID, "title": ref.Title, "source": ref.Source, "duplicates": strs(ref.Duplicates),
			"published": opt(a.Published), "author": opt(a.Author), "publisherName": opt(a.Publisher),
			"format": opt(a.Format), "note": opt(a.Note),
			"text": a.Text, "paragraphs": spans(a.Paragraphs), "sentences": spans(a.Sentences),
		}
		out = append(out, nodeUnit("Article", ref.ID, props, map[string]any{
			"mentions":  orEmpty(mentions[ref.ID]),
			"publisher": targets(optList(ref.Publisher)),
		}))
		// Written with the article but not part of its digest: a file
		// touched, not changed, changes only its stamp (SetStamps).
		props["stamps"] = stampList(a.Stamps)
	}
	for _, c := range g.Claims {
		out = append(out, nodeUnit("Claim", c.ID, map[string]any{
			"id": c.ID, "type": c.Type, "sentence": c.Sentence, "start": int64(c.Start), "end": int64(c.End),
			"stance": string(c.Stance), "date": optPtr(c.Date), "trigger": c.Trigger, "role": opt(c.Role),
			"confidence": c.Confidence, "pattern": opt(c.Pattern),
		}, map[string]any{
			"article": targets([]string{c.Article}), "subject": targets([]string{c.Subject}),
			"object": targets([]string{c.Object}), "reportedBy": targets(c.ReportedBy), "deniedBy": targets(c.DeniedBy),
		}))
	}
	for _, q := range g.Quotes {
		out = append(out, nodeUnit("Quote", q.ID, map[string]any{
			"id": q.ID, "text": q.Text, "start": int64(q.Start), "end": int64(q.End),
		}, map[string]any{
			"article": targets([]string{q.Article}), "speaker": targets(optList(&q.Speaker)), "about": targets(q.About),
		}))
	}
	for _, r := range g.Relations {
		ev := struct {
			articles, sentences []string
			starts, ends        []int64
		}{[]string{}, []string{}, []int64{}, []int64{}}
		for _, e := range r.Evidence {
			ev.articles = append(ev.articles, e.Article)
			ev.sentences = append(ev.sentences, e.Sentence)
			ev.starts = append(ev.starts, int64(e.Start))
			ev.ends = append(ev.ends, int64(e.End))
		}
		stances := []string{}
		for _, s := range r.Stances {
			stances = append(stances, string(s))
		}
		props := map[string]any{
			"count": int64(r.Count), "articles": strs(r.Articles), "firstSeen": optPtr(r.FirstSeen),
			"confidence": r.Confidence, "trigger": r.Trigger, "role": opt(r.Role), "status": opt(r.Status),
			"stances": stances, "evidence": ev.sentences, "evidenceArticles": ev.articles,
			"evidenceStarts": ev.starts, "evidenceEnds": ev.ends,
		}
		if !safeName.MatchString(r.Type) {
			return nil, fmt.Errorf("neo4j: refusing relationship type %q", r.Type)
		}
		u := unit{kind: "fact", key: factKey(r.Type, r.Source, r.Target),
			row: map[string]any{"type": r.Type, "source": r.Source, "target": r.Target, "props": props}}
		u.digest = digest(u.row)
		props["digest"] = u.digest
		out = append(out, u)
	}
	return out, nil
}

// entities are the ids of the entities u points at.
func (u unit) entities() []string {
	if u.kind == "fact" {
		return []string{u.row["source"].(string), u.row["target"].(string)}
	}
	var out []string
	for _, l := range links[u.kind] {
		if l.label != "Entity" {
			continue
		}
		ts, _ := u.row[l.field].([]linkTarget)
		for _, t := range ts {
			out = append(out, t.ID)
		}
	}
	return out
}

func factKey(typ, source, target string) string { return typ + "\x00" + source + "\x00" + target }

// nodeUnit makes a node unit; its digest covers the properties, the
// labels and the relationships it owns.
func nodeUnit(kind, id string, props map[string]any, owned map[string]any) unit {
	row := map[string]any{"id": id, "props": props}
	for k, v := range owned {
		row[k] = v
	}
	u := unit{kind: kind, key: id, row: row}
	u.digest = digest(row)
	props["digest"] = u.digest
	return u
}

func digest(v any) string {
	b, err := json.Marshal(v) // maps marshal with sorted keys
	if err != nil {
		panic(fmt.Sprintf("neo4j: digest: %v", err)) // only plain values get here
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// linkTarget is one relationship a node unit owns: to the node of id ID,
// with Props. Units hold these, not maps: a batch of 10,000 articles has
// some 200,000 mentions, whose two small maps each were half the peak of
// the 16x BBC load. In JSON, for the digest, and as the map it is written
// as (asMap), it is {"id": ID, "props": {…}}.
type linkTarget struct {
	ID    string    `json:"id"`
	Props linkProps `json:"props"`
}

// linkProps are a relationship's properties: a mention's count, or none.
type linkProps struct {
	count   int64
	counted bool
}

// MarshalJSON writes the properties as asMap's map marshals, without
// making it: every unit's digest marshals its relationships.
func (p linkProps) MarshalJSON() ([]byte, error) {
	if !p.counted {
		return []byte("{}"), nil
	}
	return append(strconv.AppendInt([]byte(`{"count":`), p.count, 10), '}'), nil
}

func (p linkProps) asMap() map[string]any {
	if !p.counted {
		return map[string]any{}
	}
	return map[string]any{"count": p.count}
}

func (t linkTarget) asMap() map[string]any {
	return map[string]any{"id": t.ID, "props": t.Props.asMap()}
}

func targets(ids []string) []linkTarget {
	return lo.Map(ids, func(id string, _ int) linkTarget { return linkTarget{ID: id} }) // never nil
}

// orEmpty is v, or an empty list for none: a list in JSON and in Neo4j.
func orEmpty(v []linkTarget) []linkTarget {
	if v == nil {
		return []linkTarget{}
	}
	return v
}

// asRows are units' rows as the driver sends them, and Script writes
// them: their link targets as maps. They are made a write at a time.
func asRows(rows []any) []any {
	return lo.Map(rows, func(r any, _ int) any {
		row, ok := r.(map[string]any)
		if !ok {
			return r
		}
		out := make(map[string]any, len(row))
		for k, v := range row {
			if ts, ok := v.([]linkTarget); ok {
				v = lo.Map(ts, func(t linkTarget, _ int) any { return t.asMap() })
			}
			out[k] = v
		}
		return out
	})
}

// stampList stores an article's stamps as "stamp source" strings, in
// order (a stamp has no space); stampMap reads them back.
func stampList(stamps map[string]string) any {
	if len(stamps) == 0 {
		return nil
	}
	out := lo.MapToSlice(stamps, func(source, stamp string) string { return stamp + " " + source })
	slices.Sort(out)
	return out
}

func stampMap(v any) map[string]string {
	out := map[string]string{}
	for _, s := range strList(v) {
		if stamp, source, ok := strings.Cut(s, " "); ok {
			out[source] = stamp
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func strs(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// opt stores "" as no property.
func opt(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func optPtr(s *string) any {
	if s == nil {
		return nil
	}
	return opt(*s)
}

func optList(s *string) []string {
	if s == nil || *s == "" {
		return nil
	}
	return []string{*s}
}

// spans flattens spans into [start, end, start, end …].
func spans(ss []graph.Span) []int64 {
	return lo.FlatMap(ss, func(s graph.Span, _ int) []int64 { return []int64{int64(s.Start), int64(s.End)} })
}
