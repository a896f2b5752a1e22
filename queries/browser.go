package queries

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// Style is the GRASS stylesheet for Neo4j Browser: a colour per entity
// kind, captions from names (titles for articles, the type for claims,
// the text for quotes), and a colour and width per fact type. Browser
// styles by label only, so sizes tell the kind of node, not its mentions.
//
//go:embed browser/style.grass
var Style []byte

//go:embed browser/guide.html.tmpl
var guideTemplate string

// guideOrder is the order in which the guide walks through the queries:
// from one entity outwards, then the evidence, then upkeep. Queries not
// named here follow, by name.
var guideOrder = []string{
	"network", "profile", "facts", "critics", "corroborated", "credits",
	"contested", "quotes-by", "quotes-about", "timeline", "co-mentioned",
	"path", "article", "connected", "review", "duplicates",
}

// GuideSlide is one query in the guide.
type GuideSlide struct {
	Query *Query
	// Params is the :params command that sets the query's parameters.
	Params string
	// Cypher is the query without its header.
	Cypher string
	// Command is the same query on the command line.
	Command string
}

// Guide is a Neo4j Browser guide (HTML with one <slide> per query) that
// walks through the canned queries as click-to-run blocks. values holds
// the parameters to show, by query name and parameter (found in the
// loaded graph with each query's example); the others get their defaults,
// and a required one without a value gets an empty string. styleURL is
// where Browser can fetch Style.
func Guide(all []*Query, values map[string]map[string]any, styleURL string) ([]byte, error) {
	rank := map[string]int{}
	for i, n := range guideOrder {
		rank[n] = i + 1
	}
	sorted := append([]*Query(nil), all...)
	sort.SliceStable(sorted, func(i, j int) bool {
		ri, rj := rank[sorted[i].Name], rank[sorted[j].Name]
		if ri == 0 || rj == 0 {
			if ri == rj {
				return sorted[i].Name < sorted[j].Name
			}
			return ri != 0
		}
		return ri < rj
	})
	var slides []GuideSlide
	for _, q := range sorted {
		params, command := q.guideParams(values[q.Name])
		slides = append(slides, GuideSlide{Query: q, Params: params, Cypher: q.Body(), Command: command})
	}
	t, err := template.New("guide").Parse(guideTemplate)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Execute(&b, map[string]any{"Slides": slides, "StyleURL": styleURL, "StyleCommand": "style " + styleURL})
	return b.Bytes(), err
}

// guideParams is the :params command for q with the given values, and
// the `graph query` command line that does the same.
func (q *Query) guideParams(given map[string]any) (params, command string) {
	var kv, flags []string
	for _, p := range q.Params {
		v, ok := given[p.Name]
		if !ok {
			if p.Required {
				v = ""
			} else {
				v, _ = p.convert(p.Default)
			}
		}
		kv = append(kv, p.Name+": "+neo4jstore.CypherLiteral(v))
		if ok || p.Required {
			flags = append(flags, "--param "+shellQuote(p.Name+"="+fmt.Sprint(v)))
		}
	}
	command = strings.TrimSpace("graph query " + q.Name + " " + strings.Join(flags, " "))
	if len(kv) == 0 {
		return "", command
	}
	return ":params {" + strings.Join(kv, ", ") + "}", command
}

// Body is the query without its header of comments.
func (q *Query) Body() string {
	lines := strings.Split(q.Cypher, "\n")
	i := 0
	for i < len(lines) && (strings.TrimSpace(lines[i]) == "" || strings.HasPrefix(strings.TrimSpace(lines[i]), "//")) {
		i++
	}
	return strings.TrimSpace(strings.Join(lines[i:], "\n"))
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=_-.,/:") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
