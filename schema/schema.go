// Package schema is the ontology as data: entity labels, relationship
// types with their trigger words, role words, cue words, aliases of widely
// known entities, and the Neo4j constraints that follow from them. The
// extractor is driven by it; a new type or trigger is an edit of
// ontology.yaml, not new code.
package schema

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed ontology.yaml
var ontologyYAML []byte

// Label is an entity label.
type Label struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Super       []string `yaml:"super"`
}

// Relation is a typed, directed fact between entities.
type Relation struct {
	Type       string   `yaml:"type"`
	Subject    []string `yaml:"subject"`
	Object     []string `yaml:"object"`
	Symmetric  bool     `yaml:"symmetric"`
	Triggers   []string `yaml:"triggers"`
	Nominal    []string `yaml:"nominal"`
	Inverse    []string `yaml:"inverse"`
	Passive    bool     `yaml:"passive"`
	Properties []string `yaml:"properties"`
}

// Roles are the words that tie a person to an organisation.
type Roles struct {
	WorksFor   []string `yaml:"works_for"`
	MemberOf   []string `yaml:"member_of"`
	Honorifics []string `yaml:"honorifics"`
}

// Known is a widely known entity and the names it goes by.
type Known struct {
	Name    string   `yaml:"name"`
	Type    string   `yaml:"type"`
	Aliases []string `yaml:"aliases"`
}

// Ontology is the whole vocabulary.
type Ontology struct {
	Version   int                 `yaml:"version"`
	Labels    []Label             `yaml:"labels"`
	Relations []Relation          `yaml:"relations"`
	Roles     Roles               `yaml:"roles"`
	Cues      map[string][]string `yaml:"cues"`
	Reporting []string            `yaml:"reporting"`
	Aliases   []Known             `yaml:"aliases"`
	Demonyms  map[string]string   `yaml:"demonyms"`

	// labelsOf holds LabelsOf for every label, computed once by Parse:
	// type checks run for every candidate fact.
	labelsOf map[string][]string
}

// Default returns the ontology shipped with graph.
func Default() (*Ontology, error) {
	return Parse(ontologyYAML)
}

// Parse reads an ontology and validates it.
func Parse(data []byte) (*Ontology, error) {
	var o Ontology
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&o); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o.labelsOf = map[string][]string{}
	for _, l := range o.Labels {
		labels := append([]string{"Entity", l.Name}, l.Super...)
		sort.Strings(labels)
		o.labelsOf[l.Name] = labels
	}
	return &o, nil
}

var (
	reLabel   = regexp.MustCompile(`^[A-Z][A-Za-z]*$`)
	reRelType = regexp.MustCompile(`^[A-Z][A-Z_]*[A-Z]$`)
)

// Validate checks that every name is safe to use as a Neo4j label or type
// and that every reference points at something defined. It reports every
// problem, not only the first.
func (o *Ontology) Validate() error {
	var errs []error
	labels := map[string]bool{"Entity": true}
	for _, l := range o.Labels {
		if !reLabel.MatchString(l.Name) {
			errs = append(errs, fmt.Errorf("label %q is not a plain CamelCase name", l.Name))
		}
		if labels[l.Name] {
			errs = append(errs, fmt.Errorf("label %q is defined twice", l.Name))
		}
		labels[l.Name] = true
	}
	for _, l := range o.Labels {
		for _, s := range l.Super {
			if !labels[s] {
				errs = append(errs, fmt.Errorf("label %s: unknown super-label %q", l.Name, s))
			}
		}
	}
	types := map[string]bool{}
	for _, r := range o.Relations {
		if !reRelType.MatchString(r.Type) {
			errs = append(errs, fmt.Errorf("relation %q is not an UPPER_SNAKE name", r.Type))
		}
		if types[r.Type] {
			errs = append(errs, fmt.Errorf("relation %q is defined twice", r.Type))
		}
		types[r.Type] = true
		if len(r.Subject) == 0 || len(r.Object) == 0 {
			errs = append(errs, fmt.Errorf("relation %s needs subject and object labels", r.Type))
		}
		for _, l := range append(append([]string{}, r.Subject...), r.Object...) {
			if !labels[l] {
				errs = append(errs, fmt.Errorf("relation %s: unknown label %q", r.Type, l))
			}
		}
		for _, t := range append(append(append([]string{}, r.Triggers...), r.Nominal...), r.Inverse...) {
			if strings.TrimSpace(t) == "" || t != strings.ToLower(t) {
				errs = append(errs, fmt.Errorf("relation %s: trigger %q must be lower case and not empty", r.Type, t))
			}
		}
	}
	for label := range o.Cues {
		if !labels[label] {
			errs = append(errs, fmt.Errorf("cues: unknown label %q", label))
		}
	}
	seen := map[string]string{}
	for _, k := range o.Aliases {
		if !labels[k.Type] || k.Type == "Entity" {
			errs = append(errs, fmt.Errorf("alias %s: unknown type %q", k.Name, k.Type))
		}
		for _, n := range append([]string{k.Name}, k.Aliases...) {
			key := strings.ToLower(n)
			if other, dup := seen[key]; dup && other != k.Name {
				errs = append(errs, fmt.Errorf("alias %q names both %s and %s", n, other, k.Name))
			}
			seen[key] = k.Name
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("schema: invalid ontology: %w", errors.Join(errs...))
	}
	return nil
}

// LabelsOf returns the labels an entity of type t carries: Entity, the
// super-labels, and t, sorted. Callers must not modify the result.
func (o *Ontology) LabelsOf(t string) []string {
	return o.labelsOf[t]
}

// Relation returns the relationship type named t.
func (o *Ontology) Relation(t string) (Relation, bool) {
	for _, r := range o.Relations {
		if r.Type == t {
			return r, true
		}
	}
	return Relation{}, false
}

// Is reports whether an entity of type t satisfies the label want: itself,
// one of its super-labels, or Entity.
func (o *Ontology) Is(t, want string) bool {
	return slices.Contains(o.labelsOf[t], want)
}

// Allows reports whether a fact of relation type rel may join a subject of
// type s to an object of type t.
func (o *Ontology) Allows(rel, s, t string) bool {
	r, ok := o.Relation(rel)
	if !ok {
		return false
	}
	fits := func(typ string, allowed []string) bool {
		for _, a := range allowed {
			if o.Is(typ, a) {
				return true
			}
		}
		return false
	}
	return fits(s, r.Subject) && fits(t, r.Object)
}
