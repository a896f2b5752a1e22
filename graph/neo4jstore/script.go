package neo4jstore

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
)

// Script writes g as a Cypher script that cypher-shell or Neo4j Browser
// can run: the schema statements first, then the very statements `graph
// load` sends, in the same order, with each batch of rows written inline
// as a literal instead of a parameter. Statements end with ";" at the end
// of a line; literals never hold a raw line break, so no other line does.
// Every statement is idempotent (IF NOT EXISTS, MERGE … SET n = …), so
// running the script twice gives the same graph. Like a load, it needs
// Neo4j 5.26 or later for labels given as values.
func Script(w io.Writer, g *graph.Graph, arts map[string]*graph.Article, schema []string, batchSize int) error {
	us, err := units(g, arts)
	if err != nil {
		return err
	}
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "// The news graph as Cypher: %d entities, %d articles, %d claims, %d quotes, %d facts.\n",
		len(g.Entities), len(g.Articles), len(g.Claims), len(g.Quotes), len(g.Relations))
	fmt.Fprintln(bw, "// Run with: cypher-shell -u neo4j -f graph.cypher   (Neo4j 5.26 or later)")
	fmt.Fprintln(bw)
	for _, st := range schema {
		fmt.Fprintf(bw, "%s;\n", st)
	}
	for _, kind := range append(append([]string{}, nodeKinds...), "fact") {
		total, done := len(rowsOf(kind, us)), 0
		for _, b := range upsertBatches(kind, us, batchSize) {
			fmt.Fprintf(bw, "\n// %s %d–%d of %d\n", kind, done+1, done+len(b.rows), total)
			done += len(b.rows)
			bw.WriteString(strings.Replace(b.statement, "$rows", CypherLiteral(asRows(b.rows)), 1))
			bw.WriteString(";\n")
		}
	}
	return bw.Flush()
}

// CypherLiteral writes a plain value (nil, bool, integers, floats,
// strings, lists and string-keyed maps of them) as a Cypher literal.
// Strings are double-quoted with every quote, backslash and control
// character escaped; map keys that are not plain identifiers are
// backtick-quoted.
func CypherLiteral(v any) string {
	var b strings.Builder
	writeLiteral(&b, v)
	return b.String()
}

func writeLiteral(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		b.WriteString(floatLiteral(x))
	case string:
		writeString(b, x)
	case []string:
		list(b, len(x), func(i int) { writeString(b, x[i]) })
	case []int64:
		list(b, len(x), func(i int) { b.WriteString(strconv.FormatInt(x[i], 10)) })
	case []any:
		list(b, len(x), func(i int) { writeLiteral(b, x[i]) })
	case map[string]any:
		keys := lo.Keys(x)
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			writeKey(b, k)
			b.WriteString(": ")
			writeLiteral(b, x[k])
		}
		b.WriteByte('}')
	default:
		panic(fmt.Sprintf("neo4j: no Cypher literal for %T", v)) // rows hold plain values only
	}
}

func list(b *strings.Builder, n int, item func(i int)) {
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		item(i)
	}
	b.WriteByte(']')
}

// floatLiteral keeps a float a float: 1 is written 1.0.
func floatLiteral(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		panic("neo4j: NaN or infinity has no Cypher literal")
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(`\uFFFD`)
			i++
			continue
		}
		i += size
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			// Control characters, and the line and paragraph separators
			// some tools read as line breaks, go as \u escapes.
			if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
				fmt.Fprintf(b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

func writeKey(b *strings.Builder, k string) {
	plain := k != ""
	for i, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			plain = false
		}
	}
	if plain {
		b.WriteString(k)
		return
	}
	b.WriteByte('`')
	b.WriteString(strings.ReplaceAll(k, "`", "``"))
	b.WriteByte('`')
}

// SplitScript cuts a script into its statements, as the scripts graph
// writes them (Script, the CSV export's after-import.cypher): a statement
// ends with ";" at the end of a line, and lines that start with "//" are
// comments.
func SplitScript(script string) []string {
	var out []string
	for _, st := range strings.Split(strings.ReplaceAll(script, "\r\n", "\n"), ";\n") {
		var lines []string
		for _, l := range strings.Split(st, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "//") {
				lines = append(lines, l)
			}
		}
		st = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.Join(lines, "\n")), ";"))
		if st != "" {
			out = append(out, st)
		}
	}
	return out
}
