package loaders

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/go-shiori/dom"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"github.com/samber/lo"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsgraph/graph/graph"
)

// parseHTML reads a web page. The article body comes from trafilatura,
// which keeps the page's main content by its structure (dropping
// navigation, comments, share bars, related-link blocks) and keeps the
// body's own structure (lists, tables, short paragraphs); readability's
// reading of the same page is its fallback candidate, taken where
// trafilatura's is much shorter. Title, author, date and site name come
// from the page's metadata (<meta>, Open Graph, JSON-LD, <time>, the URL),
// the date by htmldate's rules.
func parseHTML(name, text string, opts Options) (*graph.Article, error) {
	var pageURL *url.URL
	if u, err := url.Parse(name); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		pageURL = u
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// The HTML parser gives up on elements nested more than 512
		// deep; the text is there all the same.
		return parseDeepHTML(name, text)
	}
	topts := trafilatura.Options{
		PruneSelector:   chromeSelector,
		OriginalURL:     pageURL,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
		EnableFallback:  true,
		// Only readability as the fallback: DOM Distiller's candidate
		// scored lower on the benchmark and costs as much again.
		FallbackCandidates: &trafilatura.FallbackCandidates{Distiller: &html.Node{Type: html.ElementNode, Data: "div"}},
	}
	if denseScript(doc) {
		// trafilatura's sizes are counted in characters; a character of
		// Chinese, Japanese or Korean holds about as much as a word, and at
		// the default sizes a short article in those scripts is taken for
		// too little and read as one flat block, headline and all.
		topts.Config = trafilatura.DefaultConfig()
		topts.Config.MinExtractedSize /= 3
		topts.Config.MinOutputSize /= 3
	}
	parser := readability.NewParser()
	if r, err := parser.ParseDocument(doc, pageURL); err == nil && r.Node != nil {
		topts.FallbackCandidates.Readability = r.Node
	}
	res, err := trafilatura.ExtractDocument(doc, topts)
	if err != nil || res.ContentNode == nil {
		return nil, ErrNoText
	}
	meta := res.Metadata
	publisher := tidyPublisher(meta.Sitename)
	d := draft{format: "html", title: tidyTitle(meta.Title, publisher, meta.URL), author: tidyAuthor(meta.Author),
		publisher: publisher, structured: true}
	if !meta.Date.IsZero() {
		d.published = meta.Date.UTC().Format("2006-01-02")
	}
	var headline string
	d.units, headline = leadOff(contentBlocks(res.ContentNode), d.title, meta.Description)
	if headline != "" {
		d.title = headline
	}
	// A byline or date line left in the content is metadata.
	d.units = slices.DeleteFunc(d.units, func(u string) bool {
		taken, _ := takeMeta(&d, u, opts.order())
		return taken
	})
	return finish(name, d)
}

// denseScript reports a page in Chinese, Japanese or Korean, by the lang of
// its <html> element or, where that is missing, by the script of its title.
func denseScript(doc *html.Node) bool {
	if root := dom.QuerySelector(doc, "html"); root != nil {
		if lang := strings.ToLower(dom.GetAttribute(root, "lang")); lang != "" {
			return lo.SomeBy([]string{"zh", "ja", "ko"}, func(p string) bool { return strings.HasPrefix(lang, p) })
		}
	}
	var title string
	if t := dom.QuerySelector(doc, "title"); t != nil {
		title = dom.TextContent(t)
	}
	dense := lo.CountBy([]rune(title), func(r rune) bool {
		return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
	})
	return dense > 0 && 2*dense >= utf8.RuneCountInString(title)-strings.Count(title, " ")
}

// chromeSelector names the containers of site chrome that trafilatura's
// own rules miss because they match class names case-sensitively or not at
// all: newsletter and subscription boxes, promotions, elements meant only
// for print (a copy notice, the page's URL), and "latest news" boxes of
// other stories. ("latest-posts" and the like are left alone: a live
// blog's own updates go by such names.)
var chromeSelector = strings.Join([]string{
	`[class*="newsletter" i]`, `[id*="newsletter" i]`, `[class*="subscri" i]`, `[class*="signup" i]`,
	`[class*="sign-up" i]`, `[class*="promo" i]`,
	`[class^="print" i]`, `[class*=" print" i]`, `[class*="-print" i]`,
	`[class*="latest-news" i]`,
}, ", ")

// parseDeepHTML reads a page nested too deeply for the HTML parser with
// the tokenizer, which keeps no stack: the text of each block element,
// without scripts, styles, forms and navigation, and the <title>. Without
// readability it may keep some of the page's chrome, which the cleaning
// rules then take; the article says how it was read.
func parseDeepHTML(name, text string) (*graph.Article, error) {
	d := draft{format: "html", note: "nested too deeply for readability; read block by block"}
	z := html.NewTokenizer(strings.NewReader(text))
	var b strings.Builder
	flush := func() {
		if t := normalizeLine(b.String()); t != "" {
			d.units = append(d.units, t)
		}
		b.Reset()
	}
	skip, inTitle := 0, false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return finish(name, d)
		case html.TextToken:
			switch {
			case inTitle:
				d.title += normalizeLine(string(z.Text()))
			case skip == 0:
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			tn, _ := z.TagName()
			tag := atom.Lookup(tn)
			start := tt == html.StartTagToken
			switch {
			case tag == atom.Title:
				inTitle = start
			case skipTags[tag] && tag != atom.Head:
				if start {
					skip++
				} else if skip > 0 {
					skip--
				}
			case blockTags[tag]:
				flush()
			}
		}
	}
}

// parseHTMLFragment reads the HTML of a feed item or a JSON field: no
// readability, only its block structure.
func parseHTMLFragment(s string) []string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return []string{s}
	}
	return htmlBlocks(doc)
}

// looksLikeHTML reports text that carries markup.
func looksLikeHTML(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "</") || strings.Contains(l, "<br") || strings.Contains(l, "<p") || strings.Contains(l, "&nbsp;")
}

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Tr: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Ul: true,
	atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Table: true, atom.Main: true,
	atom.Aside: true, atom.Figure: true, atom.Hr: true, atom.Br: true, atom.Address: true,
}

var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Form: true,
	atom.Button: true, atom.Figcaption: true, atom.Iframe: true, atom.Svg: true, atom.Template: true,
	atom.Select: true, atom.Textarea: true, atom.Input: true, atom.Head: true,
}

// htmlBlocks renders the text of n as one string per block element.
func htmlBlocks(n *html.Node) []string {
	return lo.Map(contentBlocks(n), func(b block, _ int) string { return b.text })
}

// block is the text of one block element of a page.
type block struct {
	text    string
	heading bool
}

var headingTags = map[atom.Atom]bool{atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true}

// contentBlocks renders the text of n as one block per block element; the
// cells of a table row stay on one line, between " | ".
func contentBlocks(n *html.Node) []block {
	var out []block
	var b strings.Builder
	heading := false
	flush := func() {
		if t := normalizeLine(b.String()); t != "" {
			out = append(out, block{text: t, heading: heading})
		}
		b.Reset()
		heading = false
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			tag := n.DataAtom
			if tag == 0 {
				tag = atom.Lookup([]byte(n.Data)) // a node made by a reader, not the parser
			}
			switch {
			case skipTags[tag]:
				return
			case tag == atom.Td || tag == atom.Th:
				if strings.TrimSpace(b.String()) != "" {
					b.WriteString(" | ")
				}
			case blockTags[tag]:
				flush()
				defer flush()
				heading = headingTags[tag]
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	flush()
	return out
}

// leadOff drops the headings that open the content when they repeat the
// page's title or its description (a headline and standfirst that the
// page's metadata already holds), and returns the blocks' text and the
// headline: the page's own <h1> is a cleaner title than <title>, which
// often carries a section or the site's name ("Opinion | …", "… - Site").
func leadOff(blocks []block, title, description string) (units []string, headline string) {
	titleKey := normalizeKey(title)
	descKey := normalizeKey(strings.TrimRight(description, ".… "))
	i := 0
lead:
	for ; i < len(blocks) && blocks[i].heading; i++ {
		k := normalizeKey(strings.TrimRight(blocks[i].text, ".… "))
		switch {
		case titleKey != "" && strings.Contains(titleKey, k) && len(k) >= 12:
			if headline == "" {
				headline = blocks[i].text
			}
		case titleKey != "" && strings.HasPrefix(k, titleKey):
		case descKey != "" && (k == descKey || len(k) >= 20 && strings.HasPrefix(descKey, k)):
		default:
			break lead
		}
	}
	return lo.Map(blocks[i:], func(b block, _ int) string { return b.text }), headline
}
