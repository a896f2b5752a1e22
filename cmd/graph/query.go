package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samber/lo"
	"github.com/urfave/cli/v2"

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
			writeTable(c.App.Writer, table)
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

// maxCell caps a table cell, and maxLastCell the last column's, which
// needs no padding after it (paths and evidence go last); JSON and CSV
// carry the whole value.
const (
	maxCell     = 60
	maxLastCell = 240
)

func writeTable(w io.Writer, t *neo4jstore.Table) {
	cells := make([][]string, len(t.Rows))
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = utf8.RuneCountInString(c)
	}
	for r, row := range t.Rows {
		cells[r] = make([]string, len(row))
		for i, v := range row {
			s := strings.Join(strings.Fields(cell(v)), " ")
			limit := maxCell
			if i == len(row)-1 {
				limit = maxLastCell
			}
			if utf8.RuneCountInString(s) > limit {
				s = string([]rune(s)[:limit-1]) + "…"
			}
			cells[r][i] = s
			widths[i] = max(widths[i], utf8.RuneCountInString(s))
		}
	}
	line := func(vals []string) {
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(v)
			if i < len(vals)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(v)))
			}
		}
		fmt.Fprintln(w, b.String())
	}
	line(t.Columns)
	rule := make([]string, len(widths))
	for i, n := range widths {
		rule[i] = strings.Repeat("─", n)
	}
	line(rule)
	for _, r := range cells {
		line(r)
	}
	if len(t.Rows) == 1 {
		fmt.Fprintln(w, "(1 row)")
	} else {
		fmt.Fprintf(w, "(%d rows)\n", len(t.Rows))
	}
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
