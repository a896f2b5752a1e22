// Package schema is the ontology as data: entity labels, relationship
// types with their trigger words, role words, cue words, aliases of widely
// known entities, and the Neo4j constraints that follow from them. The
// extractor is driven by it; a new type or trigger is an edit of
// ontology.yaml, not new code.
package schema

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

//go:embed ontology.yaml
var ontologyYAML []byte

//go:embed lexicon.txt
var lexiconTxt string

//go:embed given_names.txt
var givenTxt string

//go:embed irregular_verbs.txt
var irregularTxt string

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
	Active     []string `yaml:"active"`
	Apposition []string `yaml:"apposition"`
	Nominal    []string `yaml:"nominal"`
	Inverse    []string `yaml:"inverse"`
	Passive    []string `yaml:"passive"`
	AgentIn    bool     `yaml:"agent_in"`
	Implicit   []string `yaml:"implicit"`
	// Unless are words that, anywhere in the sentence, give the relation's
	// triggers another sense: where a sentence speaks of a match, two
	// players who "meet" play each other.
	Unless []string `yaml:"unless"`
	// UnlessObject are nouns that, from the trigger to the word after its
	// object, give the trigger another sense: one rejects a bid, an offer
	// or a proposal without denying any claim.
	UnlessObject []string `yaml:"unless_object"`
	// About: the relation's object is what a claim is about, so the name
	// that opens the clause its verb takes is the object ("denied Mr
	// Brown made that quote", "denied that coach Jacques Santini
	// resigned"); for other relations such a name is no object.
	About      bool     `yaml:"about"`
	Properties []string `yaml:"properties"`
}

// Patterns returns every pattern of the relation by kind, in the order
// the extractor tries them.
func (r Relation) Patterns() map[string][]string {
	return map[string][]string{"active": r.Active, "apposition": r.Apposition, "nominal": r.Nominal, "inverse": r.Inverse, "implicit": r.Implicit}
}

// Stance holds the cue words that make a claim denied or planned.
type Stance struct {
	Negation []string `yaml:"negation"`
	Planned  []string `yaml:"planned"`
}

// Roles are the words that tie a person to an organisation.
type Roles struct {
	WorksFor   []string `yaml:"works_for"`
	MemberOf   []string `yaml:"member_of"`
	Founded    []string `yaml:"founded"`
	Honorifics []string `yaml:"honorifics"`
	// Bodies are the last words of the names of organisations that have
	// members rather than staff (party, club, parliament).
	Bodies []string `yaml:"bodies"`
	// Parties are the last words of political parties' names.
	Parties []string `yaml:"parties"`
	// Presiding are the roles that preside over a body (Bodies): who
	// holds one is its member.
	Presiding []string `yaml:"presiding"`
	// Elected are the titles of elected members (MP, senator): the name
	// before one is their party or their assembly, else it is a seat
	// ("Henley MP Boris Johnson"), which no one is a member of.
	Elected []string `yaml:"elected"`
	// Government are the roles held in a government: a person named with
	// one and no organisation ("agriculture minister Dominique Bussereau")
	// is a member of the one government the article names, if it names
	// one.
	Government []string `yaml:"government"`
	// Portfolios are the words of a role's field, which name no
	// organisation before a role in capitals ("Agriculture Minister",
	// "Home Affairs spokesman").
	Portfolios []string `yaml:"portfolios"`
	// Verbs give a person the role (the value) in the organisation after
	// them in a relative clause: "Franklin Raines, who headed the Office
	// of Management and Budget".
	Verbs map[string]string `yaml:"verbs"`
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
	Speech    []string            `yaml:"speech"`
	Stance    Stance              `yaml:"stance"`
	Credit    []string            `yaml:"credit"`
	Anaphora  map[string][]string `yaml:"anaphora"`
	Context   map[string][]string `yaml:"context"`
	// FunctionWords never start a name at the head of a sentence;
	// NotNames are capitalised tokens that are never names by themselves.
	FunctionWords []string `yaml:"function_words"`
	NotNames      []string `yaml:"not_names"`
	// NumberWords are numbers spelled out: one alone names nothing
	// ("Ninety one MPs"), though it may be part of a name ("Channel Four").
	NumberWords []string `yaml:"number_words"`
	// Prefixes are word parts that a hyphen joins to a word ("Anti-smoking
	// groups", "Ex-foreign secretary"): capitalised so, no name.
	Prefixes []string `yaml:"prefixes"`
	// PostNominals are the letters after a person's name ("QC", "OBE"):
	// no part of the name.
	PostNominals []string `yaml:"post_nominals"`
	Places       []string `yaml:"places"`
	// Peoples are adjectives and nouns of peoples and faiths that no
	// place's name makes ("Jewish", "Muslims"): alone, never a name; at
	// the head of one ("Muslim Council of Britain"), part of it. The
	// extractor adds those it makes from places ("Rwandan", "Viennese").
	Peoples []string `yaml:"peoples"`
	Events  []string `yaml:"events"`
	// Works are nouns that name a film, book or programme: the name
	// right after one is a work's title, none of our types.
	Works      []string `yaml:"works"`
	GivenNames []string `yaml:"given_names"`

	// Lexicon holds common words (lexicon.txt): a capitalised common word
	// alone is not a name. Given adds given_names.txt to GivenNames.
	Lexicon map[string]bool `yaml:"-"`
	Given   map[string]bool `yaml:"-"`
	// Irregular holds the irregular verbs of irregular_verbs.txt: lemma →
	// its other forms.
	Irregular map[string][]string `yaml:"-"`

	// Fingerprint is a hash of the ontology and its word lists: a graph
	// extracted under another fingerprint may differ from one extracted
	// now, so `graph load` re-extracts it.
	Fingerprint string `yaml:"-"`

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
	o.Lexicon = lexicon()
	o.Given = wordSet(givenTxt, true)
	o.Irregular = map[string][]string{}
	for _, line := range strings.Split(irregularTxt, "\n") {
		if f := strings.Fields(line); len(f) > 0 && !strings.HasPrefix(f[0], "#") {
			o.Irregular[f[0]] = f[1:]
		}
	}
	for _, n := range o.GivenNames {
		o.Given[n] = true
	}
	sum := sha256.New()
	for _, part := range []string{string(data), lexiconTxt, givenTxt, irregularTxt} {
		sum.Write([]byte(part))
		sum.Write([]byte{0})
	}
	o.Fingerprint = hex.EncodeToString(sum.Sum(nil))[:16]
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
		for kind, pats := range r.Patterns() {
			for _, p := range pats {
				if err := checkPattern(p); err != nil {
					errs = append(errs, fmt.Errorf("relation %s: %s pattern %q: %w", r.Type, kind, p, err))
				}
			}
		}
		for _, p := range r.Passive {
			if strings.TrimSpace(p) == "" || p != strings.ToLower(p) {
				errs = append(errs, fmt.Errorf("relation %s: passive %q must be lower case and not empty", r.Type, p))
			}
		}
	}
	for _, p := range o.Credit {
		if strings.Count(p, "{}") != 1 {
			errs = append(errs, fmt.Errorf("credit %q must hold {} once", p))
		}
	}
	for name, m := range map[string]map[string][]string{"cues": o.Cues, "context": o.Context, "anaphora": o.Anaphora} {
		for label := range m {
			if !labels[label] && !(name == "anaphora" && label == "plural") {
				errs = append(errs, fmt.Errorf("%s: unknown label %q", name, label))
			}
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

// GivenName reports whether word is a first name: one of Given, or a
// given name joined by hyphens to capitalised words ("Jean-Michel",
// "Anne-Marie").
func (o *Ontology) GivenName(word string) bool {
	if o.Given[word] {
		return true
	}
	if !strings.Contains(word, "-") {
		return false // the most words asked, without a split
	}
	parts := strings.Split(word, "-")
	if len(parts) < 2 || !o.Given[parts[0]] {
		return false
	}
	for _, p := range parts[1:] {
		if r, _ := utf8.DecodeRuneInString(p); !unicode.IsUpper(r) {
			return false
		}
	}
	return true
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

// checkPattern checks a relation pattern: lower-case tokens, alternatives
// without empty members, and at least one word that is not a gap.
func checkPattern(p string) error {
	words := 0
	for _, tok := range strings.Fields(p) {
		if tok == "*" || tok == "..." {
			continue
		}
		if tok != strings.ToLower(tok) {
			return errors.New("must be lower case")
		}
		for _, alt := range strings.Split(strings.TrimSuffix(tok, "?"), "|") {
			if alt == "" {
				return errors.New("has an empty alternative")
			}
		}
		words++
	}
	if words == 0 {
		return errors.New("has no word")
	}
	return nil
}

// lexicon is lexicon.txt's words, read once: every ontology shares them.
var lexicon = sync.OnceValue(func() map[string]bool { return wordSet(lexiconTxt, false) })

// Common reports whether w, in lower case, is a common English word of
// lexicon.txt (Ontology.Lexicon, for code that has no ontology at hand).
func Common(w string) bool { return lexicon()[w] }

// wordSet reads a word list: one word a line, # comments. Lists of names
// keep their case; lists of words are lower-cased.
func wordSet(text string, keepCase bool) map[string]bool {
	set := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !keepCase {
			line = strings.ToLower(line)
		}
		set[line] = true
	}
	return set
}
