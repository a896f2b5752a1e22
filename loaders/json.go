package loaders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsgraph/graph/graph"
)

// Common field names of article records, first match wins.
var (
	titleFields     = []string{"title", "headline", "name"}
	bodyFields      = []string{"text", "body", "content", "articleBody", "article_body", "full_text", "story", "description", "summary"}
	urlFields       = []string{"url", "link", "source_url", "sourceUrl", "permalink"}
	dateFields      = []string{"published", "date", "publishedAt", "published_at", "datePublished", "pubDate", "publication_date", "created_at", "time"}
	publisherFields = []string{"publisher", "source", "site", "site_name", "siteName", "outlet", "source_name"}
	authorFields    = []string{"author", "authors", "byline", "creator"}
	listFields      = []string{"articles", "items", "data", "results", "documents", "entries", "posts"}
)

// parseJSON reads one article object, an array of them, or an object
// holding such an array under a common name ("articles", "items" …).
func parseJSON(name, text string, opts Options) ([]*graph.Article, []error) {
	var v any
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, []error{jsonError(name, text, err)}
	}
	if obj, ok := v.(map[string]any); ok {
		for _, f := range listFields {
			if list, ok := obj[f].([]any); ok {
				v = list
				break
			}
		}
	}
	switch t := v.(type) {
	case map[string]any:
		a, err := articleFromRecord(name, "json", t, opts)
		if err != nil {
			return nil, []error{inputErr(name, err)}
		}
		return []*graph.Article{a}, nil
	case []any:
		var arts []*graph.Article
		var errs []error
		for i, item := range t {
			src := fmt.Sprintf("%s#%d", name, i+1)
			rec, ok := item.(map[string]any)
			if !ok {
				errs = append(errs, inputErr(src, errors.New("not an article object")))
				continue
			}
			a, err := articleFromRecord(src, "json", rec, opts)
			if err != nil {
				errs = append(errs, inputErr(src, err))
				continue
			}
			arts = append(arts, a)
		}
		if len(t) == 0 {
			errs = append(errs, inputErr(name, errors.New("no articles in the JSON array")))
		}
		return arts, errs
	}
	return nil, []error{inputErr(name, errors.New("JSON holds no article object"))}
}

// parseJSONLines reads one article object a line; a bad line is reported
// with its number and the others go on.
func parseJSONLines(name, text string, opts Options) ([]*graph.Article, []error) {
	var arts []*graph.Article
	var errs []error
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		src := fmt.Sprintf("%s#%d", name, i+1)
		var rec map[string]any
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&rec); err != nil {
			errs = append(errs, &InputError{Source: name, Line: i + 1, Err: fmt.Errorf("malformed JSON: %v", err)})
			continue
		}
		a, err := articleFromRecord(src, "jsonl", rec, opts)
		if err != nil {
			errs = append(errs, &InputError{Source: name, Line: i + 1, Err: err})
			continue
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 && len(errs) == 0 {
		errs = append(errs, inputErr(name, ErrEmpty))
	}
	return arts, errs
}

// jsonError names the line of a syntax error.
func jsonError(name, text string, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count([]byte(text[:min(int(se.Offset), len(text))]), []byte("\n"))
		return &InputError{Source: name, Line: line, Err: fmt.Errorf("malformed JSON: %v", err)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		line := 1 + strings.Count(strings.TrimRight(text, " \t\r\n"), "\n")
		return &InputError{Source: name, Line: line, Err: errors.New("malformed JSON: input ends inside a value")}
	}
	return inputErr(name, fmt.Errorf("malformed JSON: %v", err))
}

func articleFromRecord(src, format string, rec map[string]any, opts Options) (*graph.Article, error) {
	d := draft{format: format}
	d.title = stringField(rec, titleFields)
	body := stringField(rec, bodyFields)
	if strings.TrimSpace(body) == "" {
		return nil, errors.New("no text field (tried " + strings.Join(bodyFields, ", ") + ")")
	}
	if looksLikeHTML(body) {
		d.units = parseHTMLFragment(body)
	} else {
		d.units = strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	}
	if date := stringField(rec, dateFields); date != "" {
		d.published, d.note, _ = ParseDate(date, opts.order())
	}
	d.publisher = stringField(rec, publisherFields)
	d.author = stringField(rec, authorFields)
	if u := stringField(rec, urlFields); u != "" && !strings.Contains(src, "#") {
		src = u
	}
	return finish(src, d)
}

// stringField returns the first of names present as a string, or the
// "name" of an object, or the strings of a list joined.
func stringField(rec map[string]any, names []string) string {
	for _, n := range names {
		v, ok := rec[n]
		if !ok {
			continue
		}
		if s := asString(v); s != "" {
			return s
		}
	}
	return ""
}

func asString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case map[string]any:
		return stringField(t, []string{"name", "title", "text", "value"})
	case []any:
		var parts []string
		for _, x := range t {
			if s := asString(x); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	}
	return ""
}
