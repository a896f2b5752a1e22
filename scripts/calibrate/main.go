// Command calibrate measures how often each kind of evidence finds a
// right fact on the development gold, writes the table the extractor
// reads its confidences from, and prints how well confidence then
// predicts precision, on the gold's articles and, held out, on each half
// calibrated from the other:
//
//	go run ./scripts/calibrate [-gold ../shared/eval/bbc-dev.gold.json] [-articles ../shared/eval/bbc-dev] [-out loaders/extract/calibration.tsv]
//
// With -check it writes nothing and prints how the shipped table fares on
// another gold, such as the founding articles':
//
//	go run ./scripts/calibrate -check -gold ../shared/eval/seeds.gold.json -articles ../shared/corpora/seeds
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/loaders/extract"
	"github.com/newsgraph/graph/schema"
)

func main() {
	goldPath := flag.String("gold", "../shared/eval/bbc-dev.gold.json", "hand-made gold (../shared/eval format)")
	dir := flag.String("articles", "../shared/eval/bbc-dev", "the gold's articles")
	out := flag.String("out", "loaders/extract/calibration.tsv", "where to write the table")
	check := flag.Bool("check", false, "write nothing: score the shipped table on this gold")
	flag.Parse()
	if *check {
		*out = ""
	}
	if err := run(*goldPath, *dir, *out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(1)
	}
}

func run(goldPath, dir, out string, w io.Writer) error {
	data, err := os.ReadFile(goldPath)
	if err != nil {
		return err
	}
	gold, err := extract.ParseGold(data)
	if err != nil {
		return err
	}
	arts, err := readArticles(dir)
	if err != nil {
		return err
	}
	o, err := schema.Default()
	if err != nil {
		return err
	}
	x := extract.New(o)
	if out == "" {
		fmt.Fprintf(w, "confidence against precision of the facts, with the shipped table, on %d articles:\n", len(arts))
		reliability(w, x.Extract(arts), gold)
		return nil
	}
	table := extract.Measure(x.Extract(arts), gold)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if _, err := table.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote %s\n\nconfidence against precision of the facts (relationships), calibrated on all %d articles:\n", out, len(arts))
	x.SetCalibration(table)
	reliability(w, x.Extract(arts), gold)
	// Held out: calibrate on every other article, measure on the rest.
	var halves [2][]*graph.Article
	for i, a := range arts {
		halves[i%2] = append(halves[i%2], a)
	}
	var held []*graph.Graph
	for h := range 2 {
		x := extract.New(o)
		x.SetCalibration(extract.Measure(x.Extract(halves[1-h]), gold))
		held = append(held, x.Extract(halves[h]))
	}
	fmt.Fprintln(w, "\nheld out: each half of the articles with the table of the other half:")
	reliability(w, merge(held), gold)
	return nil
}

// readArticles reads the gold's articles as graph extract does, failing
// on any file it cannot read: a table from part of the gold misleads.
func readArticles(dir string) ([]*graph.Article, error) {
	files, errs := loaders.Expand([]string{dir})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var arts []*graph.Article
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		as, errs := loaders.Parse(f, data, "", loaders.Options{})
		if len(errs) > 0 {
			return nil, fmt.Errorf("%s: %w", filepath.Base(f), errors.Join(errs...))
		}
		arts = append(arts, as...)
	}
	if len(arts) == 0 {
		return nil, fmt.Errorf("no articles in %s", dir)
	}
	return arts, nil
}

func merge(gs []*graph.Graph) *graph.Graph {
	out := &graph.Graph{}
	for _, g := range gs {
		out.Entities = append(out.Entities, g.Entities...)
		out.Relations = append(out.Relations, g.Relations...)
	}
	return out
}

// buckets are the confidence bands of the reliability table.
var buckets = []float64{0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001}

// reliability prints, per band of confidence, the facts the gold judges
// and the share of them it finds right.
func reliability(w io.Writer, g *graph.Graph, gold *extract.Gold) {
	judge := gold.Judge(g)
	type band struct {
		n, right int
		sum      float64
	}
	bands := make([]band, len(buckets)-1)
	for _, r := range g.Relations {
		v := judge(r.Type, r.Source, r.Target)
		if v == extract.Unjudged {
			continue
		}
		k := sort.SearchFloat64s(buckets, r.Confidence+1e-9) - 1
		k = max(0, min(k, len(bands)-1))
		bands[k].n++
		bands[k].sum += r.Confidence
		if v == extract.Right {
			bands[k].right++
		}
	}
	fmt.Fprintf(w, "%-12s %6s %10s %10s\n", "confidence", "facts", "mean conf", "precision")
	for k, b := range bands {
		if b.n == 0 {
			continue
		}
		fmt.Fprintf(w, "%.1f-%-8.1f %6d %10.2f %10.2f\n", buckets[k], min(buckets[k+1], 1), b.n, b.sum/float64(b.n), float64(b.right)/float64(b.n))
	}
}
