package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/samber/lo"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/queries"
	"github.com/newsgraph/graph/schema"
)

func queryCommand() *cli.Command {
	return &cli.Command{
		Name:      "query",
		Usage:     "run a canned Cypher query (or your own file) and print the answer",
		ArgsUsage: "NAME",
		Description: "The canned queries live in queries/*.cypher, embedded in graph; each file runs unchanged\n" +
			"in cypher-shell and Neo4j Browser. 'graph query --list' shows them with their parameters.\n\n" +
			"Examples:\n" +
			"  graph query facts --param type=SHARED_DATA_WITH\n" +
			"  graph query facts --param type=CRITICIZED --format csv\n" +
			"  graph query --file my.cypher --param name=Facebook",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "list", Aliases: []string{"l"}, Usage: "list the canned queries, their descriptions and parameters"},
			&cli.StringSliceFlag{Name: "param", Aliases: []string{"P"}, Usage: "a parameter as key=value (repeat for more)"},
			&cli.StringFlag{Name: "file", Aliases: []string{"f"}, Usage: "run this .cypher file instead of a canned query"},
			&cli.StringFlag{Name: "format", Usage: "table, json or csv", Value: "table"},
			&cli.BoolFlag{Name: "wide", Aliases: []string{"w"}, Usage: "print table cells whole, however wide (the default when not printing to a terminal)"},
		},
		Action: func(c *cli.Context) error {
			if c.Bool("list") {
				return listQueries(c.App.Writer)
			}
			format := c.String("format")
			if format != "table" && format != "json" && format != "csv" {
				return usagef("--format must be table, json or csv, not %q", format)
			}
			q, err := chooseQuery(c)
			if err != nil {
				return err
			}
			values := map[string]string{}
			for _, kv := range c.StringSlice("param") {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || strings.TrimSpace(k) == "" {
					return usagef("--param takes key=value, not %q", kv)
				}
				values[strings.TrimSpace(k)] = v
			}
			params, err := q.Bind(values)
			if err != nil {
				return &usageError{err.Error()}
			}
			if err := checkVocabulary(q, params); err != nil {
				return err
			}
			store, err := openStore(c)
			if err != nil {
				return err
			}
			defer store.Close(c.Context)
			if err := checkEntities(c, store, q, params); err != nil {
				return err
			}
			table, err := store.Query(c.Context, q.Cypher, params)
			if err != nil {
				return fmt.Errorf("query %s: %w", q.Name, err)
			}
			switch format {
			case "json":
				return writeTableJSON(c.App.Writer, table)
			case "csv":
				return writeTableCSV(c.App.Writer, table)
			}
			writeTable(c.App.Writer, table, tableWidth(c))
			return nil
		},
	}
}

// checkVocabulary checks fact-type and label parameters against the
// ontology: a value it lacks would answer nothing, so it is refused with
// the valid ones. A value in another case is taken in the ontology's.
func checkVocabulary(q *queries.Query, params map[string]any) error {
	o, err := schema.Default()
	if err != nil {
		return err
	}
	for _, p := range q.Params {
		v, _ := params[p.Name].(string)
		var valid []string
		switch p.Kind {
		case queries.KindFactType:
			valid = lo.Map(o.Relations, func(r schema.Relation, _ int) string { return r.Type })
		case queries.KindLabel:
			valid = lo.Map(o.Labels, func(l schema.Label, _ int) string { return l.Name })
		}
		if valid == nil || v == "" {
			continue
		}
		canonical, ok := lo.Find(valid, func(x string) bool { return strings.EqualFold(x, v) })
		if !ok {
			sort.Strings(valid)
			return usagef("query %s: %s=%s is not a %s of the ontology; there are: %s", q.Name, p.Name, v, p.Kind, strings.Join(valid, ", "))
		}
		params[p.Name] = canonical
	}
	return nil
}

// checkEntities looks up each entity parameter as the query will: a name
// that matches nothing is an error that suggests the nearest names in the
// graph, and a name that matches several entities is answered for all of
// them, which a note on stderr lists.
func checkEntities(c *cli.Context, store *neo4jstore.Store, q *queries.Query, params map[string]any) error {
	for _, p := range q.Params {
		v, _ := params[p.Name].(string)
		if p.Kind != queries.KindEntity || v == "" {
			continue
		}
		found, err := store.Query(c.Context, queries.EntityMatches, map[string]any{"name": v})
		if err != nil {
			return fmt.Errorf("query %s: look up %s=%s: %w", q.Name, p.Name, v, err)
		}
		switch {
		case len(found.Rows) == 1:
			continue
		case len(found.Rows) > 1:
			names := lo.Map(found.Rows, func(r []any, _ int) string { return fmt.Sprintf("%s (%s)", cell(r[0]), cell(r[1])) })
			fmt.Fprintf(c.App.ErrWriter, "note: %s=%s matches %d entities, and the answer covers them all: %s\n",
				p.Name, v, len(names), strings.Join(names, ", "))
			continue
		}
		all, err := store.Query(c.Context, queries.EntityNames, nil)
		if err != nil {
			return fmt.Errorf("query %s: look up %s=%s: %w", q.Name, p.Name, v, err)
		}
		named := lo.Map(all.Rows, func(r []any, _ int) queries.Named {
			aliases, _ := r[1].([]any)
			mentions, _ := r[2].(int64)
			return queries.Named{Name: cell(r[0]), Aliases: lo.Map(aliases, func(a any, _ int) string { return cell(a) }), Mentions: mentions}
		})
		msg := fmt.Sprintf("query %s: no entity in the graph is called %q (by name, alias or a person's surname)", q.Name, v)
		if near := queries.Nearest(v, named, 5); len(near) > 0 {
			msg += "; nearest: " + strings.Join(near, ", ")
		} else if len(named) == 0 {
			msg += "; the graph holds no entities (load articles with graph load)"
		}
		return &notFoundError{msg}
	}
	return nil
}

// tableWidth is the width a table must fit: the terminal's (or $COLUMNS)
// when printing to one, else 0 (whole cells, for pipes, files and --wide).
func tableWidth(c *cli.Context) int {
	f, ok := c.App.Writer.(*os.File)
	if c.Bool("wide") || !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
		return w
	}
	if w, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && w > 0 {
		return w
	}
	return 100
}

func chooseQuery(c *cli.Context) (*queries.Query, error) {
	if path := c.String("file"); path != "" {
		if c.Args().Present() {
			return nil, usagef("give a query name or --file, not both")
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("query: %w", err)
		}
		q, err := queries.Parse(path, string(data))
		if err != nil {
			return nil, &usageError{err.Error()}
		}
		return q, nil
	}
	if c.NArg() != 1 {
		return nil, usagef("query needs one query name, or --file or --list (see graph query --help)")
	}
	q, err := queries.Find(c.Args().First())
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	return q, nil
}

func listQueries(w io.Writer) error {
	all, err := queries.All()
	if err != nil {
		return err
	}
	for _, q := range all {
		fmt.Fprintf(w, "%s\n    %s\n", q.Name, q.Description)
		for _, p := range q.Params {
			fmt.Fprintf(w, "    --param %-34s %s\n", p.Signature(), p.Doc)
		}
	}
	return nil
}

// cell renders one value for a table or CSV: lists joined with "; ",
// maps as JSON, numbers as Go prints them.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = cell(e)
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		// A path, a relationship, a node: what a reader calls it.
		for _, k := range []string{"_path", "_type", "name", "title"} {
			if s, ok := x[k].(string); ok {
				return s
			}
		}
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

// writeTable prints an aligned table. With width > 0 (a terminal's) it
// fits in that many columns: long columns are narrowed, widest first, and
// a cell cut short ends in "…"; when that would leave a long column too
// narrow to read or cut a short one, each row is printed as a record
// instead, one "column  value" line each, long values wrapped (as psql's
// expanded mode does). JSON and CSV carry every value whole. Widths are
// display widths, so CJK text and emoji stay aligned.
func writeTable(w io.Writer, t *neo4jstore.Table, width int) {
	cells := make([][]string, len(t.Rows))
	widths := lo.Map(t.Columns, func(c string, _ int) int { return runewidth.StringWidth(c) })
	for r, row := range t.Rows {
		cells[r] = lo.Map(row, func(v any, i int) string {
			s := strings.Join(strings.Fields(cell(v)), " ")
			widths[i] = max(widths[i], runewidth.StringWidth(s))
			return s
		})
	}
	if width > 0 {
		fitted, ok := fitWidths(widths, width)
		if !ok {
			writeRecords(w, t.Columns, cells, width)
			return
		}
		widths = fitted
	}
	line := func(vals []string) {
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString("  ")
			}
			v = runewidth.Truncate(v, widths[i], "…")
			b.WriteString(v)
			if i < len(vals)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(v)))
			}
		}
		fmt.Fprintln(w, b.String())
	}
	line(t.Columns)
	line(lo.Map(widths, func(n int, _ int) string { return strings.Repeat("─", n) }))
	for _, r := range cells {
		line(r)
	}
	writeRowCount(w, len(t.Rows))
}

func writeRowCount(w io.Writer, n int) {
	if n == 1 {
		fmt.Fprintln(w, "(1 row)")
	} else {
		fmt.Fprintf(w, "(%d rows)\n", n)
	}
}

// Fitting a table: a column of at most shortColumn (names, types,
// counts) is kept whole, and a longer one is narrowed no further than
// minLong; a table that cannot fit so is printed as records.
const (
	shortColumn = 24
	minLong     = 20
	// maxRecordLines caps a wrapped value in a record.
	maxRecordLines = 4
)

// fitWidths narrows the long columns, widest first, until the columns and
// the two spaces between each fit in total, and reports whether they do.
func fitWidths(widths []int, total int) ([]int, bool) {
	out := slices.Clone(widths)
	for excess := lo.Sum(out) + 2*(len(out)-1) - total; excess > 0; excess-- {
		_, i := lo.MaxIndex(out)
		if widths[i] <= shortColumn || out[i] <= minLong {
			return nil, false
		}
		out[i]--
	}
	return out, true
}

// writeRecords prints each row as its columns' names and values, values
// wrapped at words to the width left beside the longest name.
func writeRecords(w io.Writer, columns []string, rows [][]string, width int) {
	label := lo.Max(lo.Map(columns, func(c string, _ int) int { return runewidth.StringWidth(c) }))
	room := max(width-label-2, 20)
	for r, row := range rows {
		head := fmt.Sprintf("─[ %d ]", r+1)
		fmt.Fprintln(w, head+strings.Repeat("─", max(0, min(width, label+2+room)-runewidth.StringWidth(head))))
		for i, v := range row {
			lines := wrapWords(v, room)
			if len(lines) > maxRecordLines {
				lines = lines[:maxRecordLines]
				lines[maxRecordLines-1] = runewidth.Truncate(lines[maxRecordLines-1]+" …", room, "…")
			}
			for j, l := range lines {
				name := ""
				if j == 0 {
					name = columns[i]
				}
				fmt.Fprintf(w, "%s  %s\n", runewidth.FillRight(name, label), l)
			}
		}
	}
	writeRowCount(w, len(rows))
}

// wrapWords breaks s at spaces into lines of at most width display
// columns; a word longer than a line is cut with "…". An empty s is one
// empty line.
func wrapWords(s string, width int) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		word = runewidth.Truncate(word, width, "…")
		switch {
		case cur == "":
			cur = word
		case runewidth.StringWidth(cur)+1+runewidth.StringWidth(word) <= width:
			cur += " " + word
		default:
			lines = append(lines, cur)
			cur = word
		}
	}
	return append(lines, cur)
}

func writeTableJSON(w io.Writer, t *neo4jstore.Table) error {
	rows := make([]map[string]any, len(t.Rows))
	for r, row := range t.Rows {
		rows[r] = map[string]any{}
		for i, c := range t.Columns {
			rows[r][c] = row[i]
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rows)
}

func writeTableCSV(w io.Writer, t *neo4jstore.Table) error {
	cw := csv.NewWriter(w)
	cw.Write(t.Columns)
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = cell(v)
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}
