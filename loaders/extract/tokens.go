package extract

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

type kind uint8

const (
	word kind = iota
	number
	punct
	quoteMark
	possessive // 's or a bare ’ after a plural
)

// token is a word or mark of a sentence, with offsets into the article.
type token struct {
	text       string
	low        string
	start, end int
	// The small fields last and together: an article holds a token for
	// every five bytes of its text while it is extracted.
	kind     kind
	pos      upos // the tagger's part of speech, where its token starts here too
	cap      bool // starts with an upper-case letter
	upper    bool // two or more letters, all upper case ("FTC", "U.S.")
	inQuote  bool // inside quotation marks
	headline bool // in the headline, which the tagger reads badly
}

// upos is a universal part of speech, of those the rules ask about; a
// byte where a string took sixteen, as a corpus's tokens are held while
// it is extracted.
type upos uint8

const (
	untagged upos = iota // the tagger did not tag a token starting here
	posOther
	posNOUN
	posPROPN
	posVERB
	posAUX
	posADJ
	posADV
)

// posOf is the upos of a tag.
func posOf(tag string) upos {
	switch tag {
	case "NOUN":
		return posNOUN
	case "PROPN":
		return posPROPN
	case "VERB":
		return posVERB
	case "AUX":
		return posAUX
	case "ADJ":
		return posADJ
	case "ADV":
		return posADV
	case "":
		return untagged
	}
	return posOther
}

// dotted are words that keep their trailing period as part of the token.
var dotted = map[string]bool{
	"inc": true, "corp": true, "co": true, "ltd": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"st": true, "jr": true, "sr": true, "sen": true, "rep": true, "gov": true, "gen": true, "prof": true,
	"vs": true, "plc": true, "bros": true,
}

// tokenize splits text, which starts at offset base of the article, into
// tokens. It never fails: any rune is a word rune, a mark or space.
//
// The tokens go to a buffer of the worker's, and are returned in a slice
// of their exact length: an article's tokens are held until its facts are
// built, and a guessed capacity (a token in five bytes) held a third more
// than the tokens, in sentences it overestimated, or regrew to twice
// their size, in those it did not.
func tokenize(text string, base int, quoted func(int) bool) []token {
	buf := tokenBuffers.Get().(*[]token)
	toks := (*buf)[:0]
	defer func() {
		clear(toks) // let go of the text
		*buf = toks[:0]
		tokenBuffers.Put(buf)
	}()
	emit := func(s, e int, k kind) {
		if k == word && e-s > len("ex-") && strings.EqualFold(text[s:s+len("ex-")], "ex-") {
			// "ex-Downing Street media chief", "ex-Home Secretary David
			// Blunkett": the name or title after "ex-" is read as if
			// "ex-" were not there, as it is of a lower-case role.
			if r, _ := utf8.DecodeRuneInString(text[s+len("ex-"):]); unicode.IsUpper(r) {
				s += len("ex-")
			}
		}
		t := token{text: text[s:e], start: base + s, end: base + e, kind: k}
		if k == word || k == number {
			r, _ := utf8.DecodeRuneInString(t.text)
			t.cap = unicode.IsUpper(r)
			t.low = strings.ToLower(t.text)
			letters, uppers := 0, 0
			for _, r := range t.text {
				if unicode.IsLetter(r) {
					letters++
					if unicode.IsUpper(r) {
						uppers++
					}
				}
			}
			t.upper = letters >= 2 && letters == uppers
		} else {
			t.low = t.text
		}
		if quoted != nil {
			t.inQuote = quoted(t.start)
		}
		toks = append(toks, t)
	}
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '"' || r == '“' || r == '”' || r == '«' || r == '»' || r == '„':
			emit(i, i+size, quoteMark)
			i += size
		case (r == '\'' || r == '’') && startsPossessive(text, i, size):
			end := i + size
			if end < len(text) && (text[end] == 's' || text[end] == 'S') {
				end++
			}
			emit(i, end, possessive)
			i = end
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			end := scanWord(text, i)
			k := word
			if unicode.IsDigit(r) {
				k = number
			}
			// "Facebook-like": the name and its suffix are two tokens.
			if h := strings.IndexByte(text[i:end], '-'); h > 0 && k == word {
				first, _ := utf8.DecodeRuneInString(text[i:])
				after, _ := utf8.DecodeRuneInString(text[i+h+1:])
				if unicode.IsUpper(first) && unicode.IsLower(after) {
					emit(i, i+h, word)
					emit(i+h, end, word)
					i = end
					continue
				}
			}
			emit(i, end, k)
			i = end
		default:
			emit(i, i+size, punct)
			i += size
		}
	}
	return slices.Clone(toks)
}

var tokenBuffers = sync.Pool{New: func() any { return new([]token) }}

// startsPossessive reports whether the apostrophe at i ends a name: "’s"
// followed by a non-letter, or a bare apostrophe after an s ("users’").
func startsPossessive(text string, i, size int) bool {
	if i == 0 {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
		return false
	}
	rest := text[i+size:]
	if strings.HasPrefix(rest, "s") || strings.HasPrefix(rest, "S") {
		next, _ := utf8.DecodeRuneInString(rest[1:])
		return len(rest) == 1 || !unicode.IsLetter(next)
	}
	next, _ := utf8.DecodeRuneInString(rest)
	return (prev == 's' || prev == 'S') && (rest == "" || !unicode.IsLetter(next))
}

// scanWord returns the end of the word starting at i: letters and digits,
// with inner apostrophes ("don't"), hyphens ("data-sharing"), ampersands
// ("AT&T"), dots between letters ("U.S.") and the period of a known
// abbreviation ("Inc.").
func scanWord(text string, i int) int {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			j += size
			continue
		}
		if r == '\'' || r == '’' || r == '-' || r == '&' || r == '.' {
			next, _ := utf8.DecodeRuneInString(text[j+size:])
			if !(unicode.IsLetter(next) || unicode.IsDigit(next)) {
				break
			}
			if (r == '\'' || r == '’') && startsPossessive(text, j, size) {
				break
			}
			if r == '.' && !unicode.IsLetter(next) && !unicode.IsDigit(next) {
				break
			}
			j += size
			continue
		}
		break
	}
	if j < len(text) && text[j] == '.' {
		w := text[i:j]
		// "U.S." and "N.Y." keep their last period, as do initials and
		// known abbreviations.
		if strings.Contains(w, ".") || (utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0])) || dotted[strings.ToLower(w)] {
			j++
		}
	}
	return j
}
