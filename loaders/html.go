package loaders

import (
	"net/url"
	"slices"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsgraph/graph/graph"
)

// parseHTML keeps a page's main content with readability (which drops
// navigation, ads, comment forms and share bars by the page's structure)
// and takes title, author, date and site name from <title>, <meta>, Open
// Graph and JSON-LD, which readability reads too.
func parseHTML(name, text string, opts Options) (*graph.Article, error) {
	var pageURL *url.URL
	if u, err := url.Parse(name); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		pageURL = u
	}
	parser := readability.NewParser()
	art, err := parser.Parse(strings.NewReader(text), pageURL)
	if err != nil && strings.Contains(err.Error(), "open stack of elements") {
		// The HTML parser (and so readability) gives up on elements nested
		// more than 512 deep; the text is there all the same.
		return parseDeepHTML(name, text)
	}
	if err != nil || art.Node == nil {
		return nil, ErrNoText
	}
	d := draft{format: "html", title: art.Title(), author: art.Byline(), publisher: art.SiteName()}
	if t, err := art.PublishedTime(); err == nil {
		d.published = t.UTC().Format("2006-01-02")
	}
	d.units = htmlBlocks(art.Node)
	// readability sometimes leaves a byline or date line in the content.
	d.units = slices.DeleteFunc(d.units, func(u string) bool {
		taken, _ := takeMeta(&d, u, opts.order())
		return taken
	})
	return finish(name, d)
}

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
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Ul: true,
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
	var out []string
	var b strings.Builder
	flush := func() {
		if t := normalizeLine(b.String()); t != "" {
			out = append(out, t)
		}
		b.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipTags[n.DataAtom] {
				return
			}
			if blockTags[n.DataAtom] {
				flush()
				defer flush()
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
