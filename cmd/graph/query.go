package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/queries"
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
			store, err := openStore(c)
			if err != nil {
				return err
			}
			defer store.Close(c.Context)
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
