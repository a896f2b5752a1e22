package graph

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Stance says how an article states a claim.
type Stance string

// The stances of a claim.
const (
	Asserted Stance = "asserted" // the article states it
	Reported Stance = "reported" // the article credits it to a source
	Denied   Stance = "denied"   // the text says it does not hold
	Planned  Stance = "planned"  // a future or intended action
)

// Entity is one resolved thing the articles name: a person, company,
// government body, outlet, place or other organisation.
type Entity struct {
	// ID is "<type>:<slug of name>", stable across runs.
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Labels are the Neo4j labels: Entity, the type and its super-labels.
	Labels []string `json:"labels"`
	// Aliases are the other surface forms seen, sorted.
	Aliases      []string `json:"aliases"`
	MentionCount int      `json:"mentionCount"`
	ArticleCount int      `json:"articleCount"`
	// Why gives the evidence for the type (--explain).
	Why string `json:"why,omitempty"`
}

// Mention says that an article names an entity, and how often.
type Mention struct {
	Article string `json:"article"`
	Entity  string `json:"entity"`
	Count   int    `json:"count"`
}

// Evidence is one sentence that states a fact.
type Evidence struct {
	Article  string `json:"article"`
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// Relation is a typed, directed fact between two entities: the aggregate
// of the claims that state it.
type Relation struct {
	Type       string     `json:"type"`
	Source     string     `json:"source"`
	Target     string     `json:"target"`
	Count      int        `json:"count"`
	Articles   []string   `json:"articles"`
	FirstSeen  *string    `json:"firstSeen"`
	Confidence float64    `json:"confidence"`
	Trigger    string     `json:"trigger"`
	Role       string     `json:"role,omitempty"`
	Status     string     `json:"status,omitempty"`
	Stances    []Stance   `json:"stances"`
	Evidence   []Evidence `json:"evidence"`
}

// Claim is one extracted statement of a fact in one sentence.
type Claim struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Subject  string `json:"subject"`
	Object   string `json:"object"`
	Article  string `json:"article"`
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Stance   Stance `json:"stance"`
	// Date is when the claimed event happened where the sentence says
	// ("on Sunday"), else the article's date; nil when neither is known.
	Date       *string  `json:"date"`
	ReportedBy []string `json:"reportedBy"`
	DeniedBy   []string `json:"deniedBy"`
	Trigger    string   `json:"trigger"`
	Role       string   `json:"role,omitempty"`
	// Pattern is the kind of evidence that found the claim (a verb
	// phrase, a role phrase …); Confidence is the share of such claims
	// that the development gold finds right.
	Pattern    string  `json:"pattern,omitempty"`
	Confidence float64 `json:"confidence"`
	// Why explains the choice of trigger and arguments (--explain).
	Why string `json:"why,omitempty"`
}

// Quote is attributed speech.
type Quote struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Speaker string   `json:"speaker"`
	Article string   `json:"article"`
	Start   int      `json:"start"`
	End     int      `json:"end"`
	About   []string `json:"about"`
	// Why says how the speaker was found (--explain).
	Why string `json:"why,omitempty"`
}

// ArticleRef is an article as the graph records it.
type ArticleRef struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Source     string   `json:"source"`
	Published  *string  `json:"published"`
	Publisher  *string  `json:"publisher"`
	Author     *string  `json:"author"`
	Duplicates []string `json:"duplicates"`
}

// Graph is what extraction makes of a set of articles and what every
// writer (Neo4j, JSON) takes.
type Graph struct {
	Articles  []ArticleRef `json:"articles"`
	Entities  []Entity     `json:"entities"`
	Mentions  []Mention    `json:"mentions"`
	Relations []Relation   `json:"relations"`
	Claims    []Claim      `json:"claims"`
	Quotes    []Quote      `json:"quotes"`
}

// Sort puts every list in its canonical order, so that the same input
// always gives the same bytes.
func (g *Graph) Sort() {
	slices.SortFunc(g.Articles, func(a, b ArticleRef) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Entities, func(a, b Entity) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Mentions, func(a, b Mention) int {
		return cmp.Or(cmp.Compare(a.Article, b.Article), cmp.Compare(a.Entity, b.Entity))
	})
	slices.SortFunc(g.Relations, func(a, b Relation) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Target, b.Target))
	})
	slices.SortFunc(g.Claims, func(a, b Claim) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Quotes, func(a, b Quote) int { return cmp.Compare(a.ID, b.ID) })
}

// Ontology is what validation needs to know of the schema.
type Ontology interface {
	LabelsOf(t string) []string
	Allows(rel, s, t string) bool
}

// Validate checks that the graph holds together and fits the ontology:
// every entity has a known type and the labels it implies, every fact
// joins known entities of the types its relation allows, every claim,
// quote and mention points at articles and entities in the graph. It
// reports every problem.
func (g *Graph) Validate(o Ontology) error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	arts := map[string]bool{}
	for _, a := range g.Articles {
		arts[a.ID] = true
	}
	types := map[string]string{}
	for _, e := range g.Entities {
		labels := o.LabelsOf(e.Type)
		switch {
		case labels == nil:
			bad("entity %s: unknown type %q", e.ID, e.Type)
		case !slices.Equal(labels, e.Labels):
			bad("entity %s: labels %v, want %v", e.ID, e.Labels, labels)
		}
		if _, dup := types[e.ID]; dup {
			bad("entity %s twice", e.ID)
		}
		types[e.ID] = e.Type
	}
	for _, m := range g.Mentions {
		if !arts[m.Article] || types[m.Entity] == "" || m.Count < 1 {
			bad("mention %s→%s: dangling or empty", m.Article, m.Entity)
		}
	}
	for _, r := range g.Relations {
		s, t := types[r.Source], types[r.Target]
		if !o.Allows(r.Type, s, t) {
			bad("relation %s %s→%s: %s→%s not allowed", r.Type, r.Source, r.Target, s, t)
		}
		if r.Source == r.Target {
			bad("relation %s %s: joins an entity to itself", r.Type, r.Source)
		}
		if r.Count < 1 || len(r.Evidence) == 0 {
			bad("relation %s %s→%s: no evidence", r.Type, r.Source, r.Target)
		}
	}
	for _, c := range g.Claims {
		if !arts[c.Article] {
			bad("claim %s: unknown article %s", c.ID, c.Article)
		}
		if !o.Allows(c.Type, types[c.Subject], types[c.Object]) {
			bad("claim %s: %s %s→%s not allowed", c.ID, c.Type, c.Subject, c.Object)
		}
		for _, id := range append(slices.Clone(c.ReportedBy), c.DeniedBy...) {
			if types[id] == "" {
				bad("claim %s: unknown entity %s", c.ID, id)
			}
		}
	}
	for _, q := range g.Quotes {
		if !arts[q.Article] || types[q.Speaker] == "" {
			bad("quote %s: dangling article or speaker", q.ID)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("graph: invalid: %w", errors.Join(errs...))
	}
	return nil
}

// StripWhy removes the explanations (--explain), which only the extractor's
// text and JSON output carry.
func (g *Graph) StripWhy() {
	for i := range g.Claims {
		g.Claims[i].Why = ""
	}
	for i := range g.Quotes {
		g.Quotes[i].Why = ""
	}
	for i := range g.Entities {
		g.Entities[i].Why = ""
	}
}
