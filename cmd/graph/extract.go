package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/graph/export"
	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/loaders/extract"
	"github.com/newsgraph/graph/schema"
)

func extractCommand() *cli.Command {
	return &cli.Command{
		Name:      "extract",
		Usage:     "extract the graph of articles and print it (no database)",
		ArgsUsage: "PATH|DIR|GLOB|URL|- ...",
		Description: "Reads and cleans the articles as 'graph read' does, then extracts entities, facts,\n" +
			"claims and quotes: the same graph 'graph load' writes to Neo4j.\n\n" +
			"  --format json   one document: articles, entities, mentions, relations, claims, quotes\n" +
			"  --format jsonl  the same records one per line, each with a \"kind\"\n" +
			"  --format text   a readable summary; with --explain, why each fact is there\n" +
			"  --format cypher a script of idempotent statements (constraints, then batched UNWIND … MERGE\n" +
			"                  with the rows inline) that cypher-shell or Neo4j Browser runs; it writes\n" +
			"                  what 'graph load' writes (Neo4j 5.26 or later); 'graph run' runs it\n" +
			"  --format csv    a folder (-o DIR) of node and relationship files for neo4j-admin database\n" +
			"                  import full, with import.args (its options and files) and after-import.cypher\n" +
			"                  (schema and empty lists) — for corpora too big for transactional loads:\n" +
			"                    graph extract CORPUS --format csv -o DIR\n" +
			"                    scripts/neo4j import DIR    (or: stop Neo4j; in DIR run\n" +
			"                      neo4j-admin database import full neo4j --overwrite-destination @import.args;\n" +
			"                      start Neo4j)\n" +
			"                    graph run DIR/after-import.cypher\n" +
			"  --format graphml one directed GraphML graph for Gephi, yEd, NetworkX: the nodes and\n" +
			"                  relationships 'graph load' writes, every property a typed attribute, plus\n" +
			"                  labels (\":Entity:Company\"), type and a caption as label\n\n" +
			"Example: graph extract examples/facebook-china --format json -o out.json",
		Flags: append(loaderFlags(),
			&cli.StringFlag{Name: "format", Usage: "json, jsonl, text, cypher, csv or graphml", Value: "json"},
			&cli.IntFlag{Name: "batch-size", Usage: "with --format cypher: rows per statement", Value: neo4jstore.DefaultBatchSize},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to this file (atomically) instead of standard output; with --format csv, the folder to create"},
			&cli.BoolFlag{Name: "explain", Usage: "say for each fact and quote which trigger fired and why each argument was chosen"},
		),
		Action: func(c *cli.Context) error {
			format := c.String("format")
			if !slices.Contains([]string{"json", "jsonl", "text", "cypher", "csv", "graphml"}, format) {
				return usagef("--format must be json, jsonl, text, cypher, csv or graphml, not %q", format)
			}
			if format == "csv" && (c.String("output") == "" || c.String("output") == "-") {
				return usagef("--format csv writes a folder of files: name it with -o DIR")
			}
			res, err := readArticles(c)
			if err != nil {
				return err
			}
			if len(res.Articles) == 0 && len(res.Errors) > 0 {
				// A typo in a path must not replace a good export with an
				// empty one: with nothing read, nothing is written.
				fmt.Fprintf(c.App.ErrWriter, "no article was read; %s left as it was\n", orDash(c.String("output")))
				return summarizeRead(c.App.ErrWriter, res)
			}
			o, err := schema.Default()
			if err != nil {
				return err
			}
			x := extract.New(o)
			x.Terse = !c.Bool("explain")
			fails := &extractFailures{w: c.App.ErrWriter}
			x.Failed = fails.report
			g, err := x.ExtractContext(c.Context, res.Articles)
			if err != nil {
				return interrupted(err)
			}
			if err := g.Validate(o); err != nil {
				return fmt.Errorf("extract: the graph does not fit the ontology (a bug): %w", err)
			}
			if !c.Bool("explain") {
				g.StripWhy()
			}
			arts := map[string]*graph.Article{}
			for _, a := range res.Articles {
				arts[a.ID] = a
			}
			if err := writeExport(c, format, g, arts, o); err != nil {
				return err
			}
			fmt.Fprintf(c.App.ErrWriter, "extracted %d articles: %d entities, %d relations, %d claims, %d quotes\n",
				len(g.Articles), len(g.Entities), len(g.Relations), len(g.Claims), len(g.Quotes))
			return fails.or(summarizeRead(c.App.ErrWriter, res), len(res.Articles))
		},
	}
}

// writeExport writes g in one of the export formats to --output.
func writeExport(c *cli.Context, format string, g *graph.Graph, arts map[string]*graph.Article, o *schema.Ontology) error {
	if format == "csv" {
		dir := c.String("output")
		err := writeOutputDir(dir, func(tmp string) error {
			nodes, rels, err := neo4jstore.Elements(g, arts)
			if err != nil {
				return err
			}
			return export.WriteImportCSV(tmp, nodes, rels, o.Statements())
		})
		if err == nil {
			fmt.Fprintf(c.App.ErrWriter, "wrote %s; import it with: scripts/neo4j import %s && graph run %s\n",
				dir, dir, filepath.Join(dir, export.AfterImport))
		}
		return err
	}
	return writeOutput(c, c.String("output"), func(w io.Writer) error {
		switch format {
		case "jsonl":
			return writeGraphJSONL(w, g)
		case "text":
			return writeGraphText(w, g, c.Bool("explain"))
		case "cypher":
			return neo4jstore.Script(w, g, arts, o.Statements(), c.Int("batch-size"))
		case "graphml":
			nodes, rels, err := neo4jstore.Elements(g, arts)
			if err != nil {
				return err
			}
			return export.WriteGraphML(w, nodes, rels)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(g)
	})
}

// writeOutputDir fills a new folder beside path and renames it into
// place, so a failed run never leaves half an export. A folder already at
// path is replaced only when it is empty or holds an earlier export.
func writeOutputDir(path string, write func(dir string) error) error {
	path = filepath.Clean(path)
	replace := false
	if fi, err := os.Stat(path); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("write %s: not a folder", path)
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		if _, err := os.Stat(filepath.Join(path, export.ImportArgs)); len(entries) > 0 && err != nil {
			return fmt.Errorf("write %s: the folder holds files that are not an earlier export; name a new or empty folder", path)
		}
		replace = true
	}
	tmp, err := os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.RemoveAll(tmp)
	if err := write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if replace {
		old := tmp + ".old"
		if err := os.Rename(path, old); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		defer os.RemoveAll(old)
		if err := os.Rename(tmp, path); err != nil {
			os.Rename(old, path)
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeOutput writes to standard output, or to path through a temporary
// file renamed into place, so a failed run never leaves half a file.
func writeOutput(c *cli.Context, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		w := bufio.NewWriter(c.App.Writer)
		if err := write(w); err != nil {
			return err
		}
		return w.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	if err := write(w); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeGraphJSONL(w io.Writer, g *graph.Graph) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return errors.Join(
		putRecords(enc, "article", g.Articles),
		putRecords(enc, "entity", g.Entities),
		putRecords(enc, "mention", g.Mentions),
		putRecords(enc, "relation", g.Relations),
		putRecords(enc, "claim", g.Claims),
		putRecords(enc, "quote", g.Quotes),
	)
}

// putRecords writes each record as one line with a "kind" field.
func putRecords[T any](enc *json.Encoder, kind string, recs []T) error {
	for _, r := range recs {
		raw, err := json.Marshal(r)
		if err != nil {
			return err
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		m["kind"] = kind
		if err := enc.Encode(m); err != nil {
			return err
		}
	}
	return nil
}

func writeGraphText(w io.Writer, g *graph.Graph, explain bool) error {
	names := map[string]string{}
	for _, e := range g.Entities {
		names[e.ID] = e.Name
	}
	fmt.Fprintf(w, "== %d entities\n", len(g.Entities))
	for _, e := range g.Entities {
		fmt.Fprintf(w, "   %-15s %s", e.Type, e.Name)
		if len(e.Aliases) > 0 {
			fmt.Fprintf(w, "  (also %s)", strings.Join(e.Aliases, ", "))
		}
		fmt.Fprintf(w, "  · %d mentions in %d articles\n", e.MentionCount, e.ArticleCount)
	}
	fmt.Fprintf(w, "\n== %d relations\n", len(g.Relations))
	for _, r := range g.Relations {
		fmt.Fprintf(w, "   %s -[%s]-> %s  · %d claims, confidence %.2f, trigger %q\n", names[r.Source], r.Type, names[r.Target], r.Count, r.Confidence, r.Trigger)
	}
	fmt.Fprintf(w, "\n== %d claims\n", len(g.Claims))
	for _, c := range g.Claims {
		fmt.Fprintf(w, "   %s -[%s]-> %s  (%s", names[c.Subject], c.Type, names[c.Object], c.Stance)
		for _, id := range c.ReportedBy {
			fmt.Fprintf(w, ", reported by %s", names[id])
		}
		for _, id := range c.DeniedBy {
			fmt.Fprintf(w, ", denied by %s", names[id])
		}
		fmt.Fprintf(w, ")\n")
		if explain {
			fmt.Fprintf(w, "      why: %s\n      in:  %s\n", c.Why, oneLine(c.Sentence))
		}
	}
	fmt.Fprintf(w, "\n== %d quotes\n", len(g.Quotes))
	for _, q := range g.Quotes {
		fmt.Fprintf(w, "   %s: “%s”\n", names[q.Speaker], clip(oneLine(q.Text), 160))
		if explain {
			fmt.Fprintf(w, "      why: %s\n", q.Why)
		}
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
