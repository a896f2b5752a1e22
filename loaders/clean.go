package loaders

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
)

// The cleaning rules below remove what sites wrap around a story — menus,
// share bars, newsletter and advertising blurbs, comment forms, captions —
// by its shape, not by a list of any site's exact strings:
//
//   - calls to action: short texts that address the reader ("you", "your")
//     with an imperative (join, subscribe, follow, click, sign up, log in);
//   - fragments: lines without an end mark and of few words are headings,
//     captions, link lists or buttons, never sentences of a story;
//   - trailers: a short line that opens a comment form, a tag list or a
//     list of other stories ends the story;
//   - repeats: the title again, or a teaser that the next paragraph repeats
//     in full.

var (
	// ctaPhrases are phrases that only site chrome uses, lower case.
	ctaPhrases = []string{
		"subscribe to", "subscribe now", "subscribe today", "sign up", "sign in to", "log in", "login", "log out", "logout",
		"follow us", "like us on", "share this", "share on", "click here", "click the", "by clicking",
		"delivered to your inbox", "straight to your inbox", "newsletter", "leave a reply", "leave a comment",
		"you are commenting",
		"notify me", "advertise on", "advertise with", "advertising on", "advertising with", "affiliate link",
		"cookie policy", "cookies policy", "cookie settings", "privacy policy", "terms of use", "terms and conditions",
		"all rights reserved", "read more", "download our app", "download the app", "get the app",
	}
	// reJoinUs matches an invitation that opens with "Join": "Join our
	// community today". Anchored, so that "workers will join the strike
	// today" is news, not chrome.
	reJoinUs = regexp.MustCompile(`(?i)^join\b.*\b(network|community|readers|newsletter|today|now)\b`)
	// reTrailer matches short lines after which a page holds no more story.
	reTrailer = regexp.MustCompile(`(?i)^(leave a (reply|comment)|comments?( \(\d+\))?|\d+ comments?|share( this)?( article| story| post)?|` +
		`related( articles| posts| stories| news| topics)?|you (may|might) (also )?like|more (from|on) [\w ]+|recommended( for you| stories)?|` +
		`read (more|next)|about the author|tags?|categories|filed under|topics|most (read|popular)|advertisement|` +
		`sponsored( content)?|trending( now)?|latest( news)?|see also)\s*:?`)
	// reTagList matches the tag and category lists under a post.
	reTagList = regexp.MustCompile(`(?i)^(tags|tagged|categories|filed under|topics)\s*:`)
	// reRoleOpening matches an author's biography right after the byline.
	reRoleOpening = regexp.MustCompile(`(?i)^(writer|journalist|reporter|editor|author|correspondent|contributor|freelancer?|columnist|blogger)\b`)
	reImperative  = regexp.MustCompile(`(?i)^(join|subscribe|sign|follow|click|share|download|register|get|learn|discover|try|see|check|watch|listen|read|tap|visit|become|grow|boost|reach)\b`)
)

// rePagePromo matches the two kinds of chrome that sit inside an article's
// own container on many sites, where no page structure tells them apart:
// an invitation to follow an account ("Follow @BGRDeals on Twitter to
// keep up …") and the comment policy ("Comments that … will not be
// approved by the moderator"), in the languages of the web.
var rePagePromo = regexp.MustCompile(`(?i)^follow @?[\w.]+ on (twitter|x|facebook|instagram|threads|bluesky|linkedin|tiktok)\b|` +
	`\b(comments?|comentários?|comentarios?|commentaires?|kommentare?)\b.*\b(moderat(ed|ion|ors?)|moderador\w*|moderiert|modérés?|modérateurs?|moderazione)\b`)

// isPagePromo reports a short line of chrome that a page reader keeps.
func isPagePromo(s string) bool {
	return wordCount(s) <= 60 && !quoted(s) && rePagePromo.MatchString(s)
}

// draft is what a format parser found, before cleaning.
type draft struct {
	title, published, note, author, publisher, format string
	// units are paragraphs or lines of the body, in order.
	units []string
	// structured units come from a page reader that told the article from
	// the page's chrome by the page's structure; the rules by shape, meant
	// for plain text, are not applied to them.
	structured bool
}

// normalizeLine collapses runs of spaces of every kind (tabs, no-break
// spaces) into one, drops zero-width characters, and trims.
func normalizeLine(s string) string {
	clean := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < 0x20 || (c == ' ' && prevSpace) {
			clean = false
			break
		}
		prevSpace = c == ' '
	}
	if clean && !prevSpace {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d':
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// wordCount counts runs of non-space bytes (lines are normalised first).
func wordCount(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\t' || s[i] == '\n'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// hasEndMark reports a line that ends like a sentence, a quotation or a
// lead-in (":", ";").
func hasEndMark(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isEndMark(r) || isCloser(r) || r == ':' || r == ';'
}

// isFragment reports a line that cannot be a sentence of a story: no end
// mark and few words (a heading, caption, button or link).
func isFragment(s string) bool {
	return !hasEndMark(s) && wordCount(s) <= 20
}

// isCallToAction reports chrome that addresses the reader.
func isCallToAction(s string) bool {
	if strings.Contains(s, "%s") || strings.Contains(s, "%d") || strings.Contains(s, "{{") {
		return true // an unfilled template placeholder ("Connecting to %s")
	}
	words := wordCount(s)
	if words > 60 || quoted(s) {
		return false
	}
	lower := strings.ToLower(s)
	for _, p := range ctaPhrases {
		if strings.Contains(lower, p) {
			return true
		}
	}
	if strings.HasPrefix(lower, "join ") && reJoinUs.MatchString(s) {
		return true
	}
	// Imperatives to the reader: "Get X delivered …", "Join 10,000+ readers".
	you := countYou(lower)
	if you == 0 {
		return false
	}
	if words <= 40 && reImperative.MatchString(s) {
		return true
	}
	// Texts that speak to the reader again and again are promotion.
	return you >= 3
}

// countYou counts "you", "your" and "yours" as words in lower-case text.
func countYou(lower string) int {
	n := 0
	for i := 0; ; {
		j := strings.Index(lower[i:], "you")
		if j < 0 {
			return n
		}
		j += i
		end := j + 3
		if strings.HasPrefix(lower[end:], "rs") {
			end += 2
		} else if strings.HasPrefix(lower[end:], "r") {
			end++
		}
		before := j == 0 || !isWordByte(lower[j-1])
		after := end == len(lower) || !isWordByte(lower[end])
		if before && after {
			n++
		}
		i = j + 3
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// quoted reports text that holds a quotation, where "you" is a speaker's.
func quoted(s string) bool {
	return strings.ContainsAny(s, "\"\u201c\u201d")
}

// isTrailer reports a short line that ends the story, or a tag list.
func isTrailer(s string) bool {
	return (wordCount(s) <= 6 && reTrailer.MatchString(s)) || reTagList.MatchString(s)
}

// cleanUnits keeps the units that belong to the story, in order.
func cleanUnits(title string, units []string, structured bool) []string {
	titleKey := normalizeKey(title)
	var kept []string
	for _, u := range units {
		u = normalizeLine(u)
		switch {
		case u == "", structured && isPagePromo(u):
			continue
		case !structured && isTrailer(u) && len(kept) > 0:
			return dropTeasers(kept)
		case !structured && (isCallToAction(u) || isFragment(u)):
			continue
		case titleKey != "" && len(u) <= 2*len(title)+8 && normalizeKey(u) == titleKey:
			continue
		}
		kept = append(kept, u)
	}
	return dropTeasers(kept)
}

// dropTeasers removes a paragraph that the next one repeats and extends
// (a summary cut off with ".." or "…").
func dropTeasers(units []string) []string {
	var out []string
	for i, u := range units {
		if i+1 < len(units) && (strings.HasSuffix(u, "..") || strings.HasSuffix(u, "\u2026")) {
			stem := strings.TrimRight(u, ".\u2026 ")
			if len(stem) > 20 && strings.HasPrefix(normalizeKey(units[i+1]), normalizeKey(stem)) && len(units[i+1]) > len(stem) {
				continue
			}
		}
		if i > 0 && strings.EqualFold(u, units[i-1]) {
			continue
		}
		out = append(out, u)
	}
	return out
}

// normalizeKey folds case, typographic quotes and dashes, and spacing, for
// comparing and hashing.
func normalizeKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	writeKey(&b, s)
	return b.String()
}

// articleID is the stable id of a text: "a:" and 16 hex digits of the
// SHA-256 of its normalised form (normalizeKey of the title, a newline,
// normalizeKey of the text). The text's form is written to the hash as it
// is made, not built as a string: for a text of hundreds of MB that
// string, and the word list behind it, cost several times the text.
func articleID(title, text string) string {
	h := sha256.New()
	// A buffer the size of the text, up to 64 KB: one of 64 KB for every
	// article was most of the memory a read allocated.
	w := bufio.NewWriterSize(h, min(64<<10, len(title)+len(text)+64))
	w.WriteString(normalizeKey(title))
	w.WriteByte('\n')
	writeKey(w, text)
	w.Flush()
	return "a:" + hex.EncodeToString(h.Sum(nil)[:8])
}

// keyRune folds a typographic quote or dash to the plain one.
func keyRune(r rune) rune {
	switch r {
	case '\u2019', '\u2018':
		return '\''
	case '\u201c', '\u201d':
		return '"'
	case '\u2014', '\u2013':
		return '-'
	}
	return r
}

// writeKey writes normalizeKey(s) to w, rune by rune: lower case, quotes
// and dashes folded, runs of white space as one space, none at the ends.
func writeKey(w interface {
	WriteByte(byte) error
	WriteRune(rune) (int, error)
}, s string) {
	pending, started := false, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = started
			continue
		}
		if pending {
			w.WriteByte(' ')
			pending = false
		}
		w.WriteRune(unicode.ToLower(keyRune(r)))
		started = true
	}
}

// isSentence reports a line of several words that ends as a sentence does.
func isSentence(line string) bool {
	last, _ := utf8.DecodeLastRuneInString(line)
	return len(strings.Fields(line)) >= 4 && (isEndMark(last) || isCloser(last))
}

// finish cleans a draft into an Article.
func finish(source string, d draft) (*graph.Article, error) {
	title := normalizeLine(d.title)
	units := cleanUnits(title, d.units, d.structured)
	if len(units) == 0 && len(d.units) == 0 && isSentence(title) {
		// A one-sentence article: its only line was taken for the title.
		units = cleanUnits("", []string{title}, false)
	}
	if len(units) == 0 || (d.structured && lo.EveryBy(units, isFragment)) {
		// A page reader's content with no sentence in it is the page's
		// chrome (a menu, a button), not an article.
		return nil, ErrNoText
	}
	if title == "" {
		title = fallbackTitle(units[0])
	}
	// The strings are copied: a line of the input as it was would keep
	// the whole input in memory, for as long as a load holds its
	// articles.
	text := strings.Join(units, "\n\n")
	if len(units) == 1 {
		text = strings.Clone(text) // Join gives its one element back
	}
	title = strings.Clone(title)
	a := &graph.Article{
		ID:        articleID(title, text),
		Title:     title,
		Text:      text,
		Published: d.published,
		Note:      strings.Clone(d.note),
		Publisher: strings.Clone(normalizeLine(d.publisher)),
		Author:    strings.Clone(normalizeLine(d.author)),
		Source:    source,
		Format:    d.format,
	}
	a.Paragraphs = paragraphSpans(text)
	a.Sentences = SplitSentences(text)
	return a, nil
}

// fallbackTitle makes a title from the first sentence when the input has
// none.
func fallbackTitle(first string) string {
	if sp := splitParagraph(first, graph.Span{Start: 0, End: len(first)}); len(sp) > 0 {
		first = first[sp[0].Start:sp[0].End]
	}
	if utf8.RuneCountInString(first) > 120 {
		r := []rune(first)[:117]
		first = strings.TrimSpace(string(r)) + "…"
	}
	return first
}
