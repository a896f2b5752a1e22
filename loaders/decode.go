package loaders

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
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
// superset of Latin-1's printable range), saying so in the note.
func decode(data []byte) (text, note string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data), "decoded from UTF-16", nil
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

func decodeUTF16(data []byte) string {
	big := data[0] == 0xFE
	data = data[2:]
	u := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if big {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	return string(utf16.Decode(u))
}

// looksBinary reports NUL bytes or many control characters in the first
// 8 KiB, which text in any single-byte or UTF-8 encoding does not have.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	control := 0
	for _, b := range head {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			control++
		}
	}
	return control*20 > len(head)
}
