// Package graph is the domain: articles, entities, facts, claims and
// quotes, and the graph they make. It knows no database and no file format.
package graph

// Span is a half-open range of byte offsets [Start, End) into an article's
// Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Article is one news article, cleaned: its body text without site chrome,
// with the offsets of its paragraphs and sentences, and its metadata.
type Article struct {
	// ID is "a:" and a hash of the normalised text, so the same story
	// under two names is one article.
	ID    string `json:"id"`
	Title string `json:"title"`
	// Text is the clean body: paragraphs separated by a blank line.
	Text       string `json:"-"`
	Paragraphs []Span `json:"-"`
	Sentences  []Span `json:"-"`
	// Published is the publication date as YYYY-MM-DD, or "".
	Published string `json:"published,omitempty"`
	// Note says how the input was read where that was not certain: an
	// ambiguous day/month order, a guessed character encoding.
	Note string `json:"note,omitempty"`
	// Publisher is the outlet's name as the input gives it, or "".
	Publisher string `json:"publisher,omitempty"`
	Author    string `json:"author,omitempty"`
	// Source is the path as given on the command line, or the URL.
	Source string `json:"source"`
	// Format is the detected input format (text, markdown, html, json,
	// jsonl, rss, atom).
	Format string `json:"format,omitempty"`
	// Duplicates are the other sources with the same text.
	Duplicates []string `json:"duplicates,omitempty"`
	// Stamps are, for the sources that are files read whole into this
	// article, what a load records to know the file unchanged without
	// reading it again: the reader's version and options, the file's size
	// and modification time (loaders.Reader.Skip).
	Stamps map[string]string `json:"-"`
}

// Analysis is what extraction keeps of an article for the next load: the
// names its analysis found, encoded (Mentions), and a digest of what
// they resolved to (Resolved). A load that stores it resolves the
// article's names again without analysing its text.
type Analysis struct {
	Mentions, Resolved string
	// Outlet is the id of the entity of the article's publisher, "" for
	// none, and Publisher the publisher's name as the article gives it.
	Outlet, Publisher string
}

// ResolveRow is what incremental resolution keeps of one key of names (see
// loaders/extract): its aggregates and decisions (Data), the articles that
// name it, and the fields it is looked up by.
type ResolveRow struct {
	Key  string
	Data string
	// Arts are the articles with a mention of the key as a base key,
	// FinalArts those with a mention resolved to it, Listed those where a
	// list names it.
	Arts, FinalArts, Listed []string
	// The lookup fields ("" for none): the last word and the first word
	// of a base key, the id a key holds or wants, the key it joined by
	// near-miss spelling, and its near-miss buckets.
	Last, First, Held, Rep string
	Sigs                   []string
}

// The lookup fields of a ResolveRow, as a store is asked for them.
const (
	FindLast  = "last"  // base keys of two words or more by last word
	FindFirst = "first" // base keys of two words by first word
	FindSig   = "sig"   // final keys by near-miss bucket
	FindHeld  = "held"  // final keys that hold an id, or want it, by id
	FindRep   = "rep"   // final keys joined by near miss to another, by it
)

// PublishedBy is an article an outlet published, as incremental
// resolution asks for it: its id, and the publisher's name it gives.
type PublishedBy struct{ ID, Publisher string }

// SentenceText returns the text of sentence i.
func (a *Article) SentenceText(i int) string {
	s := a.Sentences[i]
	return a.Text[s.Start:s.End]
}
