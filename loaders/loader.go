// Package loaders turns what users have — files, folders, globs, standard
// input, URLs; text, Markdown, HTML, JSON, JSON Lines, RSS and Atom — into
// clean graph.Articles for the extractor. It never touches a database.
package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/newsgraph/graph/graph"
)

// Options tune loading. The zero value is usable.
type Options struct {
	// MaxBytes is the largest input read; larger ones fail with
	// ErrTooLarge. 0 means DefaultMaxBytes.
	MaxBytes int64
	// Timeout bounds each URL fetch. 0 means DefaultTimeout.
	Timeout time.Duration
	// DateOrder reads ambiguous numeric dates; "" means DayFirst.
	DateOrder DateOrder
}

// Defaults for Options.
const (
	DefaultMaxBytes = 20 << 20
	DefaultTimeout  = 30 * time.Second
)

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

func (o Options) order() DateOrder {
	if o.DateOrder == "" {
		return DayFirst
	}
	return o.DateOrder
}

// InputError is a failure of one input: it names the source and, where it
// is known, the line.
type InputError struct {
	Source string
	Line   int
	Err    error
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d: %v", Printable(e.Source), e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", Printable(e.Source), e.Err)
}

// Printable is a file name or URL as it may be printed to a terminal: as
// it is, or quoted with escapes (strconv.Quote) when it holds characters
// that are not printable, such as a newline, an escape sequence that
// would drive the terminal, or a bidirectional override.
func Printable(name string) string {
	if strings.IndexFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return name
	}
	return strconv.Quote(name)
}

func (e *InputError) Unwrap() error { return e.Err }

func inputErr(source string, err error) error {
	var ie *InputError
	if errors.As(err, &ie) {
		return err
	}
	return &InputError{Source: source, Err: err}
}

// Parse reads one input's bytes. name is the path or URL as the user gave
// it; contentType is the HTTP content type where known. One input can hold
// several articles (JSON Lines, feeds). Articles in a collection that fail
// come back as errors beside the good ones.
func Parse(name string, data []byte, contentType string, opts Options) ([]*graph.Article, []error) {
	if int64(len(data)) > opts.maxBytes() {
		return nil, []error{inputErr(name, fmt.Errorf("%w (%d bytes > %d)", ErrTooLarge, len(data), opts.maxBytes()))}
	}
	text, note, err := decode(data)
	if err != nil {
		return nil, []error{inputErr(name, err)}
	}
	var arts []*graph.Article
	var errs []error
	switch format := detect(name, text, contentType); format {
	case "html":
		var a *graph.Article
		a, err = parseHTML(name, text, opts)
		arts = append(arts, a)
	case "rss", "atom":
		arts, errs = parseFeed(name, text, opts)
	case "json":
		arts, errs = parseJSON(name, text, opts)
	case "jsonl":
		arts, errs = parseJSONLines(name, text, opts)
	default:
		var a *graph.Article
		a, err = finish(name, parseText(text, format == "markdown", opts.order()))
		arts = append(arts, a)
	}
	if err != nil {
		return nil, []error{inputErr(name, err)}
	}
	for _, a := range arts {
		if note != "" && a != nil {
			a.Note = strings.TrimPrefix(a.Note+"; "+note, "; ")
		}
	}
	return arts, errs
}

// detect names the format from the content first and the name second.
func detect(name, text, contentType string) string {
	ext := strings.ToLower(filepath.Ext(strings.SplitN(name, "?", 2)[0]))
	ct := strings.ToLower(contentType)
	head := strings.TrimSpace(text[:min(len(text), 2048)])
	lower := strings.ToLower(head)
	switch {
	case ext == ".jsonl" || ext == ".ndjson" || strings.Contains(ct, "ndjson") || strings.Contains(ct, "jsonl"):
		return "jsonl"
	case strings.HasPrefix(head, "{") || strings.HasPrefix(head, "["):
		if ext != ".json" && looksLikeJSONLines(text) {
			return "jsonl"
		}
		return "json"
	case strings.Contains(lower, "<rss") || strings.Contains(lower, "<rdf:rdf"):
		return "rss"
	case strings.Contains(lower, "<feed") && strings.Contains(lower, "xmlns"):
		return "atom"
	case strings.HasPrefix(lower, "<!doctype html") || strings.Contains(lower, "<html") || strings.Contains(lower, "<body") ||
		strings.Contains(ct, "html") || ((ext == ".html" || ext == ".htm") && strings.Contains(lower, "<")):
		return "html"
	case strings.HasPrefix(lower, "<?xml"):
		return "rss"
	case ext == ".md" || ext == ".markdown" || strings.Contains(ct, "markdown"):
		return "markdown"
	}
	return "text"
}

func looksLikeJSONLines(text string) bool {
	lines := 0
	for _, l := range strings.SplitN(text, "\n", 4) {
		if t := strings.TrimSpace(l); t != "" {
			if !strings.HasPrefix(t, "{") {
				return false
			}
			lines++
		}
	}
	return lines >= 2 && strings.HasSuffix(strings.TrimSpace(strings.SplitN(text, "\n", 2)[0]), "}")
}

// readLimited reads at most max bytes, failing when there are more.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if n > max {
		return nil, fmt.Errorf("%w (more than %d bytes)", ErrTooLarge, max)
	}
	return buf.Bytes(), nil
}
