package loaders

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/graph/graph"
)

// titles never end a sentence: a name follows them ("Sen. Warner").
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "gov": true, "gen": true,
	"prof": true, "st": true, "lt": true, "col": true, "capt": true, "sgt": true, "rev": true, "hon": true,
	"mt": true, "ft": true, "pres": true, "supt": true, "cmdr": true, "adm": true, "maj": true, "messrs": true,
	"no": true, "nos": true, "vs": true, "v": true, "approx": true, "dept": true, "est": true, "fig": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "e.g": true, "i.e": true, "cf": true, "al": true,
}

// abbreviations may end a sentence, but usually do not: "Facebook Inc.
// said", "the U.S. government". They end one only before a word that
// typically starts a sentence.
var abbreviations = map[string]bool{
	"inc": true, "corp": true, "co": true, "ltd": true, "plc": true, "llc": true, "bros": true, "jr": true,
	"sr": true, "etc": true, "a.m": true, "p.m": true,
}

// Abbreviation reports whether a word, written without its period, is one
// that keeps it ("Sen", "Inc", "Jan"): a title or an abbreviation above.
func Abbreviation(word string) bool {
	lw := strings.ToLower(word)
	return titles[lw] || abbreviations[lw]
}

var sentenceStarters = map[string]bool{
	"the": true, "a": true, "an": true, "he": true, "she": true, "it": true, "they": true, "we": true,
	"i": true, "in": true, "on": true, "but": true, "and": true, "this": true, "that": true, "its": true,
	"his": true, "her": true, "their": true, "there": true, "as": true, "at": true, "for": true,
	"however": true, "meanwhile": true, "after": true, "when": true, "if": true, "while": true, "some": true,
	"many": true, "these": true, "those": true, "our": true, "my": true, "you": true, "mr": true, "ms": true,
	"mrs": true, "according": true, "earlier": true, "last": true, "now": true, "so": true, "yet": true,
}

// SplitSentences returns the spans of the sentences of text, which must be
// paragraphs separated by blank lines. A paragraph break always ends a
// sentence. Periods after titles ("Sen.", "Mr."), initials ("Mark R.
// Warner", "U.S.") and company suffixes ("Inc.") do not, unless a typical
// sentence opener follows; quotes that close after the end mark stay with
// their sentence.
func SplitSentences(text string) []graph.Span {
	var out []graph.Span
	for _, p := range paragraphSpans(text) {
		out = append(out, splitParagraph(text, p)...)
	}
	return out
}

// paragraphSpans returns the spans of the blank-line separated paragraphs.
func paragraphSpans(text string) []graph.Span {
	var out []graph.Span
	start := 0
	for start < len(text) {
		end := strings.Index(text[start:], "\n\n")
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if sp, ok := trimSpan(text, start, end); ok {
			out = append(out, sp)
		}
		start = end + 2
	}
	return out
}

func trimSpan(text string, start, end int) (graph.Span, bool) {
	for start < end {
		r, n := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	return graph.Span{Start: start, End: end}, end > start
}

func isCloser(r rune) bool {
	return r == '"' || r == '\'' || r == ')' || r == ']' || r == '\u201d' || r == '\u2019' || r == '\u00bb' ||
		r == '」' || r == '』' || r == '）' || r == '》' || r == '〉' || r == '】'
}

// isFullStop reports the end marks of Chinese and Japanese ("。", "！",
// "？" and their half-width forms), which end a sentence with no space
// after them, and the Arabic question mark and Urdu full stop.
func isFullStop(r rune) bool {
	return r == '。' || r == '！' || r == '？' || r == '｡' || r == '؟' || r == '۔'
}

// isEndMark reports a mark that may end a sentence.
func isEndMark(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '\u2026' || isFullStop(r)
}

func splitParagraph(text string, p graph.Span) []graph.Span {
	var out []graph.Span
	start := p.Start
	i := p.Start
	for i < p.End {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isEndMark(r) {
			i += n
			continue
		}
		// The end mark and any further marks and closing quotes.
		j := i + n
		for j < p.End {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if isEndMark(r2) || isCloser(r2) {
				j += n2
				continue
			}
			break
		}
		if j >= p.End {
			break
		}
		next, _ := utf8.DecodeRuneInString(text[j:])
		closed, _ := utf8.DecodeLastRuneInString(text[:j])
		if (!unicode.IsSpace(next) && !isFullStop(r)) || (isCloser(closed) && unicode.Is(unicode.Hiragana, next)) {
			// Inside a word, or a quotation that the sentence goes on
			// after: 「終わりだ。」と言った。
			i = j
			continue
		}
		k := j
		for k < p.End {
			r3, n3 := utf8.DecodeRuneInString(text[k:])
			if !unicode.IsSpace(r3) {
				break
			}
			k += n3
		}
		if k >= p.End || (!isFullStop(r) && !startsSentence(text[k:p.End])) || (r == '.' && !periodEnds(text[start:i], text[k:p.End])) {
			i = j
			continue
		}
		if sp, ok := trimSpan(text, start, j); ok {
			out = append(out, sp)
		}
		start = k
		i = k
	}
	if sp, ok := trimSpan(text, start, p.End); ok {
		out = append(out, sp)
	}
	return out
}

// startsSentence reports whether rest begins like a sentence: a capital, a
// digit, an opening quote, or a letter of a script without case (Arabic,
// Hebrew, Chinese, Japanese, Thai …).
func startsSentence(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'\u201c\u2018([「『（", r) ||
		unicode.Is(unicode.Lo, r)
}

// periodEnds decides whether the period after before ends the sentence,
// given the text after it.
func periodEnds(before, after string) bool {
	word := lastWord(before)
	lw := strings.ToLower(word)
	if titles[lw] {
		return false
	}
	nextWord := strings.ToLower(strings.TrimFunc(firstWord(after), func(r rune) bool { return !unicode.IsLetter(r) }))
	// Initials and dotted acronyms: "R.", "U.S.", "U.K."
	if isInitials(word) || abbreviations[lw] {
		return sentenceStarters[nextWord]
	}
	return true
}

func lastWord(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	i := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '"' || r == '\u201c' })
	return s[i+1:]
}

func firstWord(s string) string {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}

// isInitials reports words like "R", "U.S", "D.C": single letters joined
// by periods.
func isInitials(w string) bool {
	if w == "" {
		return false
	}
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(part)
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
