package loaders

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/graph/graph"
)

func addSeeds(f *testing.F) {
	eachSeedFile(func(name string, data []byte) { f.Add(name, data) },
		"testdata/inputs/*", "testdata/bad/*", "../examples/facebook-china/*.txt")
}

// eachSeedFile calls add with each file the patterns match that is small
// enough to seed a fuzzer.
func eachSeedFile(add func(name string, data []byte), patterns ...string) {
	for _, pattern := range patterns {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil && len(data) < 20000 {
				add(filepath.Base(file), data)
			}
		}
	}
}

// FuzzParse: no input makes a parser panic, and every article it returns
// is valid UTF-8 with spans inside its text.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Add("x.json", []byte(`[{"title":1,"text":{"name":"a b c. d e f."}}]`))
	f.Add("x.html", []byte(`<html><body><p>One. Two.</p><p>`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		arts, _ := Parse(name, data, "", Options{MaxBytes: 1 << 20})
		checkArticles(t, arts)
	})
}

// fuzzFormat fuzzes one reader: the name and content type fix the format,
// so every mutation goes to its parser, and the seeds are its kind of file.
func fuzzFormat(f *testing.F, name, contentType string, seeds []string, patterns ...string) {
	eachSeedFile(func(_ string, data []byte) { f.Add(data) }, patterns...)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		arts, _ := Parse(name, data, contentType, Options{MaxBytes: 1 << 20})
		checkArticles(t, arts)
	})
}

// FuzzParseHTML: pages, broken, deep or hostile, through readability and
// the block reader.
func FuzzParseHTML(f *testing.F) {
	fuzzFormat(f, "page.html", "text/html", []string{
		"<html><head><title>T</title></head><body><article><p>One sentence here. Two.</p></article></body></html>",
		"<p>unclosed <b>bold <i>italic</p></div></span>",
		strings.Repeat("<div>", 600) + "<p>Deep text that says something. Really.</p>",
		`<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","datePublished":"2018-06-05"}</script><p>Text of the page. More.</p>`,
	}, "testdata/inputs/*.html", "testdata/bad/*.html")
}

// FuzzParseJSON: JSON and JSON Lines with odd types, nesting and fields.
func FuzzParseJSON(f *testing.F) {
	fuzzFormat(f, "items.json", "application/json", []string{
		`{"title":"T","text":"One. Two."}`,
		`[{"headline":["a"],"body":{"x":1},"published":12}]`,
		"{\"title\":\"A\",\"text\":\"x. y.\"}\n{bad\n",
	}, "testdata/inputs/*.json*", "testdata/bad/*.json*")
}

// FuzzParseFeed: RSS and Atom, with items that hold HTML or nothing.
func FuzzParseFeed(f *testing.F) {
	fuzzFormat(f, "feed.xml", "application/rss+xml", []string{
		`<rss version="2.0"><channel><title>C</title><item><title>I</title><description>&lt;p&gt;One. Two.&lt;/p&gt;</description></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>E</title><content type="html">A &amp; B said. Yes.</content></entry></feed>`,
		`<rss><channel><item></item><item><title/></item></channel></rss>`,
	}, "testdata/inputs/*.xml", "testdata/bad/*.xml")
}

// checkArticles holds what every article must be, whatever the input.
func checkArticles(t *testing.T, arts []*graph.Article) {
	t.Helper()
	for _, a := range arts {
		if a == nil {
			t.Fatal("nil article")
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
			t.Fatalf("invalid UTF-8 in %q", a.Title)
		}
		if a.Text == "" || a.ID == "" {
			t.Fatalf("article without text or id: %+v", a)
		}
		for _, s := range append(append([]graph.Span{}, a.Paragraphs...), a.Sentences...) {
			if s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End {
				t.Fatalf("span %v outside text of %d bytes", s, len(a.Text))
			}
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"07/06/2018", "June 3rd, 2018", "2018-06-05T10:00:00Z", "3 June 2018", "Tue, 05 Jun 2018 10:00:00 GMT"} {
		f.Add(s, "2018-06-07")
	}
	f.Fuzz(func(t *testing.T, s, base string) {
		if d, _, ok := ParseDate(s, DayFirst); ok && len(d) != 10 {
			t.Fatalf("ParseDate(%q) = %q", s, d)
		}
		for _, r := range FindRelativeDates(s, base) {
			if s[r.Start:r.End] != r.Phrase {
				t.Fatalf("bad offsets %v", r)
			}
		}
	})
}

func FuzzSplitSentences(f *testing.F) {
	f.Add("Sen. Warner spoke. \"It is,\" he said. U.S. Inc. The end.\n\nNext.")
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		for _, s := range SplitSentences(text) {
			if s.Start < last || s.End > len(text) || s.Start >= s.End {
				t.Fatalf("span %v after %d in %d bytes", s, last, len(text))
			}
			last = s.End
		}
	})
}
