package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
)

// loaderFlags are the flags of every command that reads articles.
func loaderFlags() []cli.Flag {
	return []cli.Flag{
		&cli.Int64Flag{Name: "max-bytes", Usage: "skip inputs larger than this many bytes", Value: loaders.DefaultMaxBytes},
		&cli.DurationFlag{Name: "timeout", Usage: "time limit for fetching each URL", Value: loaders.DefaultTimeout},
		&cli.StringFlag{Name: "date-order", Usage: "how to read ambiguous dates like 07/06/2018: dmy or mdy", Value: string(loaders.DayFirst)},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress, only errors and the summary"},
	}
}

func newReader(c *cli.Context) (*loaders.Reader, error) {
	order := loaders.DateOrder(c.String("date-order"))
	if order != loaders.DayFirst && order != loaders.MonthFirst {
		return nil, usagef("--date-order must be dmy or mdy, not %q", order)
	}
	return &loaders.Reader{
		Options: loaders.Options{MaxBytes: c.Int64("max-bytes"), Timeout: c.Duration("timeout"), DateOrder: order},
		Stdin:   c.App.Reader,
	}, nil
}

// readArticles reads the command's arguments with progress on a terminal,
// prints each failure once, and returns the articles and the failures.
func readArticles(c *cli.Context) (loaders.Result, error) {
	res, err := readSkipping(c, c.Args().Slice(), nil, false)
	if err == nil {
		printReadErrors(c, res)
	}
	return res, err
}

// readSkipping reads inputs (the command's arguments, or some of them),
// but not the files skip says are unchanged (loaders.Reader.Skip), with
// progress unless quiet, and does not print the failures.
func readSkipping(c *cli.Context, inputs []string, skip func(source, stamp string) bool, quiet bool) (loaders.Result, error) {
	if len(inputs) == 0 {
		return loaders.Result{}, usagef("%s needs at least one file, directory, glob, URL or - (see graph %s --help)", c.Command.Name, c.Command.Name)
	}
	r, err := newReader(c)
	if err != nil {
		return loaders.Result{}, err
	}
	r.Skip = skip
	progress := newProgress(c.App.ErrWriter, "read", quiet || c.Bool("quiet"))
	res := r.ReadAll(c.Context, inputs, progress.update)
	progress.done()
	if err := c.Context.Err(); err != nil {
		return res, interrupted(err)
	}
	return res, nil
}

func printReadErrors(c *cli.Context, res loaders.Result) {
	for _, e := range res.Errors {
		fmt.Fprintf(c.App.ErrWriter, "graph: %v\n", e)
	}
}

func readCommand() *cli.Command {
	return &cli.Command{
		Name:      "read",
		Usage:     "read and clean articles, and print them (no extraction, no database)",
		ArgsUsage: "PATH|DIR|GLOB|URL|- ...",
		Description: "Reads plain text, Markdown, HTML, JSON, JSON Lines, RSS and Atom, and prints each\n" +
			"article's metadata and clean text, to check what graph will extract from.\n" +
			"Bad inputs are reported one line each; the others go on; the exit code is 5\n" +
			"when any failed.",
		Flags: append(loaderFlags(),
			&cli.StringFlag{Name: "format", Usage: "text or json", Value: "text"},
		),
		Action: func(c *cli.Context) error {
			format := c.String("format")
			if format != "text" && format != "json" {
				return usagef("--format must be text or json, not %q", format)
			}
			res, err := readArticles(c)
			if err != nil {
				return err
			}
			if format == "json" {
				err = writeArticlesJSON(c.App.Writer, res.Articles)
			} else {
				err = writeArticlesText(c.App.Writer, res.Articles)
			}
			if err != nil {
				return err
			}
			return summarizeRead(c.App.ErrWriter, res)
		},
	}
}

func summarizeRead(w io.Writer, res loaders.Result) error {
	dups := 0
	for _, a := range res.Articles {
		dups += len(a.Duplicates)
	}
	fmt.Fprintf(w, "read %s: %d articles, %d duplicates merged, %d failed\n", plural(res.Sources, "input"), len(res.Articles), dups, res.Failed())
	return readFailures(res)
}

// extractFailures reports the articles whose extraction failed (a bug met
// on text no test has) and counts them, for the exit status: the articles
// are kept without their names and facts, and the run goes on.
type extractFailures struct {
	mu sync.Mutex
	w  io.Writer
	n  int
}

func (f *extractFailures) report(a *graph.Article, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	fmt.Fprintf(f.w, "%s: %v; the article is kept without its names and facts\n", loaders.Printable(a.Source), err)
}

// or is err where it is set, else the error for the failed extractions,
// of total articles, or nil where none failed.
func (f *extractFailures) or(err error, total int) error {
	if err != nil || f == nil || f.n == 0 {
		return err
	}
	return &partialError{failed: f.n, total: total, what: "articles' extractions"}
}

// readFailures is the error for a read that had failures, or nil.
func readFailures(res loaders.Result) error {
	if len(res.Errors) > 0 {
		return &partialError{failed: res.Failed(), total: res.Sources}
	}
	return nil
}

// plural is "1 input", "2 inputs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

type articleOut struct {
	*graph.Article
	Text      string   `json:"text"`
	Sentences []string `json:"sentences"`
}

func writeArticlesJSON(w io.Writer, arts []*graph.Article) error {
	out := make([]articleOut, len(arts))
	for i, a := range arts {
		out[i] = articleOut{Article: a, Text: a.Text}
		for j := range a.Sentences {
			out[i].Sentences = append(out[i].Sentences, a.SentenceText(j))
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeArticlesText(w io.Writer, arts []*graph.Article) error {
	for _, a := range arts {
		fmt.Fprintf(w, "== %s\n   id %s · %s", a.Title, a.ID, loaders.Printable(a.Source))
		for _, d := range a.Duplicates {
			fmt.Fprintf(w, " = %s", loaders.Printable(d))
		}
		fmt.Fprintf(w, "\n   format %s · published %s · author %s · publisher %s\n", a.Format, orDash(a.Published), orDash(a.Author), orDash(a.Publisher))
		if a.Note != "" {
			fmt.Fprintf(w, "   note: %s\n", a.Note)
		}
		for i := range a.Sentences {
			fmt.Fprintf(w, "   %3d  %s\n", i+1, a.SentenceText(i))
		}
		fmt.Fprintln(w)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// progress prints "read 120/2208 (850/s, 2s left)" on a terminal, at most
// ten times a second, and a plain line every 10% elsewhere.
type progress struct {
	w        io.Writer
	verb     string
	quiet    bool
	terminal bool
	start    time.Time
	last     time.Time
	lastPct  int
	shown    bool
}

func newProgress(w io.Writer, verb string, quiet bool) *progress {
	p := &progress{w: w, verb: verb, quiet: quiet, start: time.Now(), lastPct: -1}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if p.quiet || total < 20 {
		return
	}
	now := time.Now()
	rate := float64(done) / now.Sub(p.start).Seconds()
	if p.terminal {
		if now.Sub(p.last) < 100*time.Millisecond && done != total {
			return
		}
		p.last = now
		left := time.Duration(float64(total-done)/rate) * time.Second
		fmt.Fprintf(p.w, "\r%s %d/%d (%.0f/s, %s left)   ", p.verb, done, total, rate, left.Round(time.Second))
		p.shown = true
		return
	}
	if pct := done * 10 / total; pct != p.lastPct {
		p.lastPct = pct
		fmt.Fprintf(p.w, "%s %d/%d (%.0f/s)\n", p.verb, done, total, rate)
	}
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}
