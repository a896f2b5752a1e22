// Package tokenize splits a sentence into tokens as the English Universal
// Dependencies treebanks do: punctuation apart from words, clitics ('s,
// n't, 'll …) apart from their host, currency and percent signs apart
// from numbers; hyphenated words, numbers with separators, abbreviations,
// e-mail addresses and URLs whole.
package tokenize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/loaders/nlp"
)

// clitics split off the end of a word, longest first.
var clitics = []string{"n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "'S", "N'T", "'RE", "'VE", "'LL", "'D", "'M"}

// Tokenize splits text into tokens with byte offsets into text.
func Tokenize(text string) []nlp.Token {
	out := make([]nlp.Token, 0, len(text)/5+2) // about one token in five bytes: no regrowing
	emit := func(s, e int) {
		if s < e {
			out = append(out, nlp.Token{Text: text[s:e], Start: s, End: e, SpaceAfter: true})
		}
	}
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		before := len(out)
		chunk(text, i, j, emit)
		for k := before; k < len(out)-1; k++ {
			out[k].SpaceAfter = false
		}
		i = j
	}
	return out
}

// chunk splits one whitespace-free stretch text[s:e].
func chunk(text string, s, e int, emit func(s, e int)) {
	// Leading marks.
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if isOpener(r) || isCloser(r) || r == '$' || r == '£' || r == '€' || r == '¥' || r == '#' && s+n < e && !isLetter(text[s+n:e]) || isDash(text[s:e]) > 0 {
			if d := isDash(text[s:e]); d > 0 {
				n = d
			}
			emit(s, s+n)
			s += n
			continue
		}
		break
	}
	// Trailing marks, kept to emit after the word.
	var tail [][2]int
	for s < e {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		word := text[s : e-n]
		if r == '.' && keepsPeriod(word) {
			break
		}
		if isCloser(r) || isOpener(r) || strings.ContainsRune(".,;:!?%…", r) || isDash(text[e-n:e]) > 0 {
			tail = append(tail, [2]int{e - n, e})
			e -= n
			continue
		}
		break
	}
	// A dash inside ("said--and", "2004—05") splits.
	for k := s; k < e; {
		if d := isDash(text[k:e]); d > 0 && (d > 1 || k+1 < e && text[k+1] == '-') {
			if text[k] == '-' {
				d = 2
			}
			chunk(text, s, k, emit)
			emit(k, k+d)
			s, k = k+d, k+d
			continue
		}
		_, n := utf8.DecodeRuneInString(text[k:e])
		k += n
	}
	if s < e {
		word := text[s:e]
		if !strings.ContainsAny(word, "'’") && !strings.EqualFold(word, "cannot") {
			emit(s, e) // no clitic to split: most words
			s = e
		}
	}
	if s < e {
		word := text[s:e]
		low := strings.ToLower(strings.ReplaceAll(word, "’", "'"))
		split := -1
		if low == "cannot" {
			split = 3
		} else {
			for _, c := range clitics {
				if len(low) > len(c) && strings.HasSuffix(low, strings.ToLower(c)) {
					split = len(low) - len(c)
					break
				}
			}
			if split < 0 && len(low) > 1 && strings.HasSuffix(low, "'") && strings.HasSuffix(low[:len(low)-1], "s") {
				split = len(low) - 1 // "workers'"
			}
		}
		if split > 0 {
			// Offsets in word: ’ is three bytes where the lowered copy has one.
			off := byteOffset(word, split)
			emit(s, s+off)
			emit(s+off, e)
		} else {
			emit(s, e)
		}
	}
	for k := len(tail) - 1; k >= 0; k-- {
		emit(tail[k][0], tail[k][1])
	}
}

// byteOffset maps an offset in word with ’ written as ' back to word.
func byteOffset(word string, n int) int {
	seen := 0
	for i, r := range word {
		if seen >= n {
			return i
		}
		if r == '’' {
			seen++
		} else {
			seen += utf8.RuneLen(r)
		}
	}
	return len(word)
}

func keepsPeriod(word string) bool {
	if word == "" {
		return false
	}
	if loaders.Abbreviation(word) {
		return true
	}
	low := strings.ToLower(word)
	// "U.S", "a.m", "J": initials and dotted abbreviations.
	if strings.Contains(low, ".") && !strings.Contains(low, "..") {
		for _, r := range low {
			if r != '.' && !unicode.IsLetter(r) {
				return false
			}
		}
		return true
	}
	r, n := utf8.DecodeRuneInString(word)
	return n == len(word) && unicode.IsUpper(r)
}

func isLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func isOpener(r rune) bool { return strings.ContainsRune("([{\"“‘«", r) }

func isCloser(r rune) bool { return strings.ContainsRune(")]}\"”’»", r) || r == '\'' }

// isDash is the length of the dash that s starts with, 0 for none.
func isDash(s string) int {
	switch {
	case strings.HasPrefix(s, "—"), strings.HasPrefix(s, "–"):
		return len("—")
	case strings.HasPrefix(s, "--"):
		return 2
	}
	return 0
}
