package loaders

import (
	"bytes"
	"errors"
	"strings"
	stdunicode "unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Errors for content that holds no article. They are wrapped with the
// source's name in an *InputError.
var (
	ErrEmpty    = errors.New("empty file")
	ErrBinary   = errors.New("binary content, not text")
	ErrNoText   = errors.New("no article text found")
	ErrTooLarge = errors.New("larger than the size limit")
	ErrNoItems  = errors.New("feed has no items")
)

// decode turns raw bytes into valid UTF-8. It strips byte-order marks,
// decodes UTF-16 with a BOM, and reads invalid UTF-8 as Windows-1252 (a
// superset of Latin-1's printable range), saying so in the note. Content
// with binary anywhere in it, not only at its start, is refused.
func decode(data []byte) (text, note string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil || looksBinary(out) || unprintable(string(out)) {
			return "", "", ErrBinary
		}
		if len(bytes.TrimSpace(out)) == 0 {
			return "", "", ErrEmpty
		}
		return string(out), "decoded from UTF-16", nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", "", ErrEmpty
	}
	if looksBinary(data) {
		return "", "", ErrBinary
	}
	if utf8.Valid(data) {
		return string(data), "", nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD"), "invalid UTF-8 replaced", nil
	}
	return string(out), "decoded from Windows-1252 (the file is not valid UTF-8)", nil
}

// unprintable reports text of which more than one character in fifty is
// neither printable nor white space (unassigned code points, controls,
// U+FFFD): what bytes that are not UTF-16 give when read as UTF-16, where
// text in any language has next to none.
func unprintable(text string) bool {
	n, bad := 0, 0
	for _, r := range text {
		n++
		if r == utf8.RuneError || !stdunicode.IsPrint(r) && !stdunicode.IsSpace(r) {
			bad++
		}
	}
	return bad*50 > n
}

// looksBinary reports what text in any single-byte or UTF-8 encoding does
// not have, anywhere in data: a NUL byte, or control characters in more
// than one byte of twenty of any 8 KiB stretch. UTF-16 decoded from
// garbage shows the same, and replacement characters (U+FFFD, for
// surrogates that do not pair) count as control characters.
func looksBinary(data []byte) bool {
	if bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	const window = 8192
	for start := 0; start < len(data); start += window {
		chunk := data[start:min(len(data), start+window)]
		control := bytes.Count(chunk, []byte("\uFFFD")) * 3
		for _, b := range chunk {
			if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
				control++
			}
		}
		if control*20 > len(chunk) && (start == 0 || len(chunk) >= 64) {
			return true
		}
	}
	return false
}
