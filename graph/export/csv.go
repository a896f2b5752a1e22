// Package export writes the graph, as `graph load` would write it to
// Neo4j, in formats other tools read: CSV files for `neo4j-admin database
// import` and GraphML for Gephi, yEd and the like.
package export

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// ArrayDelimiter separates the elements of a list inside one CSV field.
// The unit separator never occurs in cleaned text, unlike ";" (the
// importer's default), which sentences and names hold.
const ArrayDelimiter = "\x1f"

// The files of a CSV export besides the node and relationship files.
const (
	ImportArgs  = "import.args"
	AfterImport = "after-import.cypher"
)

// safeKey is what a property name must look like to go into a header
// (where ":" and "," are syntax) or a Cypher statement unquoted.
var safeKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// column is one property column of a CSV file.
type column struct {
	key, typ string // typ is a neo4j-admin type: string, long, double, boolean, string[], long[]
}

// table is the rows of one CSV file.
type table struct {
	file string
	// id columns: ":ID(Kind)" for nodes, ":START_ID(Kind)" and ":END_ID(Kind)" for relationships.
	head  []string
	cols  []column
	props []map[string]any
	ids   [][]string // per row, the values of the head columns
}

// WriteImportCSV writes nodes and relationships into dir (which must
// exist, empty) in the format of `neo4j-admin database import full`:
//
//   - nodes-<Kind>.csv, one per node kind, with id:ID(<Kind>) (an id space
//     per kind), :LABEL and a typed column per property;
//   - relationships-<Start>-<End>.csv, one per pair of node kinds, with
//     :START_ID(<Start>), :END_ID(<End>), :TYPE and typed property columns;
//   - import.args, the importer's options and files, to pass as
//     @import.args from within dir;
//   - after-import.cypher, to run once the server is up: the schema
//     statements, and the empty lists the importer cannot write (it reads
//     an empty field as "no property").
//
// Every string is quoted, with quotes doubled; list elements are joined
// by ArrayDelimiter. Newlines stay inside their quoted fields, so the
// import runs with --multiline-fields=true.
func WriteImportCSV(dir string, nodes []neo4jstore.Node, rels []neo4jstore.Relationship, schema []string) error {
	var tables []*table
	byName := map[string]*table{}
	get := func(file string, head []string) *table {
		t := byName[file]
		if t == nil {
			t = &table{file: file, head: head}
			byName[file] = t
			tables = append(tables, t)
		}
		return t
	}
	for _, n := range nodes {
		t := get("nodes-"+n.Kind+".csv", []string{"id:ID(" + n.Kind + ")", ":LABEL"})
		props := map[string]any{}
		for k, v := range n.Props {
			if k != "id" {
				props[k] = v
			}
		}
		t.props = append(t.props, props)
		t.ids = append(t.ids, []string{n.ID(), strings.Join(n.Labels, ArrayDelimiter)})
	}
	for _, r := range rels {
		t := get("relationships-"+r.StartKind+"-"+r.EndKind+".csv",
			[]string{":START_ID(" + r.StartKind + ")", ":END_ID(" + r.EndKind + ")", ":TYPE"})
		t.props = append(t.props, r.Props)
		t.ids = append(t.ids, []string{r.Start, r.End, r.Type})
	}
	for _, t := range tables {
		if err := t.typeColumns(); err != nil {
			return err
		}
		if err := t.write(filepath.Join(dir, t.file)); err != nil {
			return err
		}
	}
	if err := writeFile(filepath.Join(dir, ImportArgs), importArgs(tables)); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, AfterImport), afterImport(nodes, rels, schema))
}

// typeColumns finds the columns of a table and their types from the
// values; a property that holds values of two types is an error.
func (t *table) typeColumns() error {
	types := map[string]string{}
	for _, p := range t.props {
		for k, v := range p {
			if v == nil {
				continue
			}
			typ, err := csvType(v)
			if err != nil {
				return fmt.Errorf("csv: %s: property %s: %w", t.file, k, err)
			}
			if !safeKey.MatchString(k) {
				return fmt.Errorf("csv: %s: property name %q cannot be a column", t.file, k)
			}
			if old, ok := types[k]; ok && old != typ {
				return fmt.Errorf("csv: %s: property %s holds both %s and %s", t.file, k, old, typ)
			}
			types[k] = typ
		}
	}
	for k, typ := range types {
		t.cols = append(t.cols, column{k, typ})
	}
	sort.Slice(t.cols, func(i, j int) bool { return t.cols[i].key < t.cols[j].key })
	return nil
}

func csvType(v any) (string, error) {
	switch v.(type) {
	case string:
		return "string", nil
	case int64:
		return "long", nil
	case float64:
		return "double", nil
	case bool:
		return "boolean", nil
	case []string:
		return "string[]", nil
	case []int64:
		return "long[]", nil
	}
	return "", fmt.Errorf("no CSV type for %T", v)
}

func (t *table) write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	head := slices.Clone(t.head)
	for _, c := range t.cols {
		head = append(head, c.key+":"+c.typ)
	}
	w.WriteString(strings.Join(head, ",") + "\n")
	for i, p := range t.props {
		for j, id := range t.ids[i] {
			if j > 0 {
				w.WriteByte(',')
			}
			quote(w, id)
		}
		for _, c := range t.cols {
			w.WriteByte(',')
			if err := field(w, p[c.key]); err != nil {
				f.Close()
				return fmt.Errorf("csv: %s, row %d, %s: %w", t.file, i+2, c.key, err)
			}
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// field writes one value: strings quoted, numbers bare, lists joined by
// ArrayDelimiter, nil and empty lists as an empty field.
func field(w *bufio.Writer, v any) error {
	switch x := v.(type) {
	case nil:
	case string:
		quote(w, x)
	case int64:
		w.WriteString(strconv.FormatInt(x, 10))
	case float64:
		w.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case bool:
		w.WriteString(strconv.FormatBool(x))
	case []string:
		for _, s := range x {
			if s == "" || strings.Contains(s, ArrayDelimiter) {
				return fmt.Errorf("list element %q cannot be written: the importer drops empty elements and splits on U+001F", s)
			}
		}
		if len(x) > 0 {
			quote(w, strings.Join(x, ArrayDelimiter))
		}
	case []int64:
		for i, n := range x {
			if i > 0 {
				w.WriteString(ArrayDelimiter)
			}
			w.WriteString(strconv.FormatInt(n, 10))
		}
	default:
		return fmt.Errorf("no CSV field for %T", v)
	}
	return nil
}

// quote writes s as a quoted field, quotes doubled (RFC 4180). Only the
// quote character is special inside; delimiters and newlines are data.
func quote(w *bufio.Writer, s string) {
	w.WriteByte('"')
	w.WriteString(strings.ReplaceAll(s, `"`, `""`))
	w.WriteByte('"')
}

// importArgs is an argument file for neo4j-admin (picocli reads
// "@import.args"; lines starting with # are comments).
func importArgs(tables []*table) string {
	var b strings.Builder
	b.WriteString("# Options and files for neo4j-admin database import full, written by graph extract --format csv.\n")
	b.WriteString("# Stop the server, then from this folder run:\n")
	b.WriteString("#   neo4j-admin database import full neo4j --overwrite-destination @import.args\n")
	b.WriteString("# start the server, and run after-import.cypher (graph run after-import.cypher).\n")
	b.WriteString("--multiline-fields=true\n--array-delimiter=U+001F\n--bad-tolerance=0\n")
	for _, t := range tables {
		if strings.HasPrefix(t.file, "nodes-") {
			fmt.Fprintf(&b, "--nodes=%s\n", t.file)
		}
	}
	for _, t := range tables {
		if strings.HasPrefix(t.file, "relationships-") {
			fmt.Fprintf(&b, "--relationships=%s\n", t.file)
		}
	}
	return b.String()
}

// afterImport is the script to run on the imported database: the schema,
// then the empty lists back. An empty list is restored only for a
// property that every node of its kind (or relationship of its type)
// holds as a list, so a missing property is never mistaken for one.
func afterImport(nodes []neo4jstore.Node, rels []neo4jstore.Relationship, schema []string) string {
	var b strings.Builder
	b.WriteString("// Run once on the database neo4j-admin imported from this folder: graph run after-import.cypher\n")
	for _, st := range schema {
		b.WriteString(st + ";\n")
	}
	// A group is the nodes of one kind or the relationships of one type.
	type group struct {
		match, v  string         // the MATCH pattern and its variable
		n         int            // elements
		lists     map[string]int // property -> elements holding a list
		someEmpty map[string]bool
	}
	groups := map[string]*group{}
	var order []*group
	note := func(match, v string, props map[string]any) {
		g := groups[match]
		if g == nil {
			g = &group{match: match, v: v, lists: map[string]int{}, someEmpty: map[string]bool{}}
			groups[match] = g
			order = append(order, g)
		}
		g.n++
		for k, val := range props {
			if n, ok := listLen(val); ok {
				g.lists[k]++
				g.someEmpty[k] = g.someEmpty[k] || n == 0
			}
		}
	}
	for _, n := range nodes {
		note("(n:"+n.Kind+")", "n", n.Props)
	}
	for _, r := range rels {
		note("()-[r:"+r.Type+"]->()", "r", r.Props)
	}
	for _, g := range order {
		keys := lo.Filter(lo.Keys(g.someEmpty), func(k string, _ int) bool { return g.someEmpty[k] && g.lists[k] == g.n })
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "MATCH %s WHERE %s.%s IS NULL CALL (%s) { SET %s.%s = [] } IN TRANSACTIONS OF 10000 ROWS;\n",
				g.match, g.v, k, g.v, g.v, k)
		}
	}
	return b.String()
}

func listLen(v any) (int, bool) {
	switch x := v.(type) {
	case []string:
		return len(x), true
	case []int64:
		return len(x), true
	}
	return 0, false
}

func writeFile(path, content string) error {
	return os.WriteFile(path, []byte(content), 0o644)
}
