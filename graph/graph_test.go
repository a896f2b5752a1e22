package graph

import (
	"strings"
	"testing"
)

// ontology is a two-label stand-in: graph knows no schema package.
type ontology struct{}

func (ontology) LabelsOf(t string) []string {
	switch t {
	case "Person":
		return []string{"Entity", "Person"}
	case "Company":
		return []string{"Company", "Entity", "Organization"}
	}
	return nil
}

func (ontology) Allows(rel, s, t string) bool {
	return rel == "WORKS_FOR" && s == "Person" && t == "Company"
}

func valid() *Graph {
	return &Graph{
		Articles: []ArticleRef{{ID: "a:1"}},
		Entities: []Entity{
			{ID: "Person:ann", Type: "Person", Labels: []string{"Entity", "Person"}},
			{ID: "Company:acme", Type: "Company", Labels: []string{"Company", "Entity", "Organization"}},
		},
		Mentions:  []Mention{{Article: "a:1", Entity: "Person:ann", Count: 1}},
		Relations: []Relation{{Type: "WORKS_FOR", Source: "Person:ann", Target: "Company:acme", Count: 1, Evidence: []Evidence{{Article: "a:1"}}}},
		Claims:    []Claim{{ID: "c:1", Type: "WORKS_FOR", Subject: "Person:ann", Object: "Company:acme", Article: "a:1"}},
		Quotes:    []Quote{{ID: "q:1", Speaker: "Person:ann", Article: "a:1"}},
	}
}

func TestValidate(t *testing.T) {
	if err := valid().Validate(ontology{}); err != nil {
		t.Fatalf("a valid graph failed: %v", err)
	}
	cases := []struct {
		name, want string
		break_     func(g *Graph)
	}{
		{"unknown type", "unknown type", func(g *Graph) { g.Entities[0].Type = "Robot" }},
		{"wrong labels", "labels", func(g *Graph) { g.Entities[1].Labels = []string{"Entity"} }},
		{"disallowed direction", "not allowed", func(g *Graph) {
			g.Relations[0].Source, g.Relations[0].Target = g.Relations[0].Target, g.Relations[0].Source
		}},
		{"self loop", "itself", func(g *Graph) { g.Relations[0].Target = g.Relations[0].Source }},
		{"no evidence", "no evidence", func(g *Graph) { g.Relations[0].Evidence = nil }},
		{"dangling mention", "dangling", func(g *Graph) { g.Mentions[0].Entity = "Person:bob" }},
		{"claim of unknown article", "unknown article", func(g *Graph) { g.Claims[0].Article = "a:2" }},
		{"credited unknown entity", "unknown entity", func(g *Graph) { g.Claims[0].ReportedBy = []string{"NewsOutlet:x"} }},
		{"quote without speaker", "quote", func(g *Graph) { g.Quotes[0].Speaker = "" }},
	}
	for _, c := range cases {
		g := valid()
		c.break_(g)
		err := g.Validate(ontology{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error about %q", c.name, err, c.want)
		}
	}
}

func TestSortIsCanonical(t *testing.T) {
	g := valid()
	g.Entities[0], g.Entities[1] = g.Entities[1], g.Entities[0]
	g.Sort()
	if g.Entities[0].ID != "Company:acme" {
		t.Errorf("entities not sorted by id: %v", g.Entities)
	}
}
