// Package queries holds the canned Cypher queries, one .cypher file each,
// embedded in the binary. A file opens with a header of comments that
// names it, says what it answers and declares its parameters:
//
//	// name: facts
//	// description: facts of one type, the best supported first
//	// param: type string fact-type = SHARED_DATA_WITH -- a relationship type of the ontology
//	// param: limit int = 25 -- rows at most
//	// param: hops int 1..3 = 1 -- how many facts away
//	// example: MATCH (e:Entity) RETURN e.name AS name LIMIT 1
//
// A string parameter may name what its value is, so that graph query can
// check it before the query runs and say what is wrong rather than answer
// nothing: entity (names an entity in the graph, as the query's WHERE
// looks it up: name, alias or a person's surname, any case), fact-type (a
// relationship type of the ontology) or label (an entity label of the
// ontology). A number parameter may give its range, lo..hi; a value
// outside it is refused.
//
// An example is a query (one line) that finds values for the required
// parameters in whatever graph is loaded: its columns are named after
// them. The Browser guide fills in its parameters with it.
//
// The rest is plain Cypher with $name parameters, so the same file runs
// unchanged in cypher-shell and Neo4j Browser. Browser's :params sends
// every number as a float, so an int parameter that Cypher needs as an
// integer is written toInteger($limit).
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed *.cypher
var files embed.FS

// Param is one declared parameter.
type Param struct {
	Name string
	// Type is string, int, float or bool.
	Type string
	// Kind is what a string's value names: "entity", "fact-type", "label",
	// or "" for free text.
	Kind string
	// Min and Max bound a number when HasRange.
	Min, Max float64
	HasRange bool
	// Default is the value as written in the header; Required is set when
	// there is none.
	Default  string
	Required bool
	Doc      string
}

// Kinds of string parameters.
const (
	KindEntity   = "entity"
	KindFactType = "fact-type"
	KindLabel    = "label"
)

// Query is one parsed query file.
type Query struct {
	Name        string
	Description string
	Params      []Param
	// Example is a one-line query whose columns give values for the
	// parameters, or "".
	Example string
	Cypher  string
	// File is where it came from: the embedded file name or the user's path.
	File string
}

// All returns the embedded queries, sorted by name.
func All() ([]*Query, error) {
	entries, err := fs.Glob(files, "*.cypher")
	if err != nil {
		return nil, err
	}
	var out []*Query
	for _, name := range entries {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		q, err := Parse(name, string(data))
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Find returns the embedded query called name, or an error that lists the
// names there are.
func Find(name string) (*Query, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, q := range all {
		if q.Name == name {
			return q, nil
		}
		names = append(names, q.Name)
	}
	return nil, fmt.Errorf("no query %q; there are: %s", name, strings.Join(names, ", "))
}

var types = map[string]bool{"string": true, "int": true, "float": true, "bool": true}

// Parse reads a query file. file names it in errors. A file without a
// header is a query named after the file, without declared parameters.
func Parse(file, text string) (*Query, error) {
	q := &Query{File: file, Cypher: text}
	base := file[strings.LastIndexAny(file, `/\`)+1:]
	q.Name = strings.TrimSuffix(base, ".cypher")
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "//") {
			break
		}
		key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "//")), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(key) {
		case "name":
			q.Name = value
		case "description":
			q.Description = value
		case "example":
			q.Example = value
		case "param":
			p, err := parseParam(value)
			if err != nil {
				return nil, fmt.Errorf("%s: line %d: %w", file, i+1, err)
			}
			for _, other := range q.Params {
				if other.Name == p.Name {
					return nil, fmt.Errorf("%s: line %d: parameter %q declared twice", file, i+1, p.Name)
				}
			}
			q.Params = append(q.Params, p)
		}
	}
	if strings.TrimSpace(q.Name) == "" || strings.ContainsAny(q.Name, " \t") {
		return nil, fmt.Errorf("%s: the query needs a one-word name", file)
	}
	return q, nil
}

// parseParam reads "limit int = 25 -- rows at most".
func parseParam(s string) (Param, error) {
	var p Param
	s, p.Doc, _ = strings.Cut(s, "--")
	p.Doc = strings.TrimSpace(p.Doc)
	decl, def, hasDefault := strings.Cut(s, "=")
	fields := strings.Fields(decl)
	if len(fields) != 2 && len(fields) != 3 {
		return p, fmt.Errorf("a parameter is written \"param: NAME TYPE [KIND|LO..HI] [= DEFAULT] [-- what it is]\", not %q", strings.TrimSpace(s))
	}
	p.Name, p.Type = fields[0], fields[1]
	if !types[p.Type] {
		return p, fmt.Errorf("parameter %s: type %q is not string, int, float or bool", p.Name, p.Type)
	}
	if len(fields) == 3 {
		if err := p.qualify(fields[2]); err != nil {
			return p, fmt.Errorf("parameter %s: %w", p.Name, err)
		}
	}
	p.Required = !hasDefault
	if hasDefault {
		p.Default = strings.TrimSpace(def)
		// A quoted default is a string: "" is the empty string.
		if p.Type == "string" && len(p.Default) >= 2 && p.Default[0] == '"' {
			u, err := strconv.Unquote(p.Default)
			if err != nil {
				return p, fmt.Errorf("parameter %s: default %s is not a quoted string", p.Name, p.Default)
			}
			p.Default = u
		}
		if _, err := p.convert(p.Default); err != nil {
			return p, fmt.Errorf("parameter %s: default %w", p.Name, err)
		}
	}
	return p, nil
}

// qualify reads the third word of a declaration: a kind or a range.
func (p *Param) qualify(word string) error {
	switch p.Type {
	case "string":
		if word != KindEntity && word != KindFactType && word != KindLabel {
			return fmt.Errorf("kind %q is not %s, %s or %s", word, KindEntity, KindFactType, KindLabel)
		}
		p.Kind = word
		return nil
	case "int", "float":
		lo, hi, ok := strings.Cut(word, "..")
		var err1, err2 error
		p.Min, err1 = strconv.ParseFloat(lo, 64)
		p.Max, err2 = strconv.ParseFloat(hi, 64)
		if !ok || err1 != nil || err2 != nil || p.Min > p.Max {
			return fmt.Errorf("range %q is not LO..HI", word)
		}
		p.HasRange = true
		return nil
	}
	return fmt.Errorf("a %s takes no kind or range (%q)", p.Type, word)
}

func (p Param) convert(s string) (any, error) {
	x, err := p.parse(s)
	if err != nil || !p.HasRange {
		return x, err
	}
	var f float64
	switch n := x.(type) {
	case int64:
		f = float64(n)
	case float64:
		f = n
	}
	if f < p.Min || f > p.Max {
		return nil, fmt.Errorf("%s is outside %s", s, p.rangeText())
	}
	return x, nil
}

func (p Param) rangeText() string {
	format := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	return format(p.Min) + ".." + format(p.Max)
}

func (p Param) parse(s string) (any, error) {
	switch p.Type {
	case "int":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an int", s)
		}
		return n, nil
	case "float":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a float", s)
		}
		return f, nil
	case "bool":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", s)
		}
		return b, nil
	}
	return s, nil
}

// Bind turns the user's key=value strings into typed parameters, with the
// defaults for the rest. An unknown or missing parameter, or a value of
// the wrong type, is an error that names the valid parameters.
func (q *Query) Bind(values map[string]string) (map[string]any, error) {
	out := map[string]any{}
	for key, v := range values {
		p, ok := q.param(key)
		if !ok {
			return nil, fmt.Errorf("query %s has no parameter %q; %s", q.Name, key, q.usage())
		}
		x, err := p.convert(v)
		if err != nil {
			return nil, fmt.Errorf("query %s: parameter %s: %w", q.Name, key, err)
		}
		out[key] = x
	}
	for _, p := range q.Params {
		if _, ok := out[p.Name]; ok {
			continue
		}
		if p.Required {
			return nil, fmt.Errorf("query %s needs --param %s=…; %s", q.Name, p.Name, q.usage())
		}
		out[p.Name], _ = p.convert(p.Default)
	}
	return out, nil
}

func (q *Query) param(name string) (Param, bool) {
	for _, p := range q.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

func (q *Query) usage() string {
	if len(q.Params) == 0 {
		return "it takes none"
	}
	var ps []string
	for _, p := range q.Params {
		ps = append(ps, p.Signature())
	}
	return "its parameters are " + strings.Join(ps, ", ")
}

// Signature is "limit int = 25", "type string = \"\"" or "name string
// (required)".
func (p Param) Signature() string {
	decl := p.Name + " " + p.Type
	if p.Kind != "" {
		decl += " " + p.Kind
	}
	if p.HasRange {
		decl += " " + p.rangeText()
	}
	if p.Required {
		return decl + " (required)"
	}
	if p.Type == "string" && (p.Default == "" || strings.TrimSpace(p.Default) != p.Default) {
		return decl + " = " + strconv.Quote(p.Default)
	}
	return decl + " = " + p.Default
}
