package perceptron

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"slices"
)

// WriteStrings saves a list of strings: its length, then each string's
// length and bytes. Components save their label sets and dictionaries with
// it beside their models, sorted, so the same training gives the same bytes.
func WriteStrings(w io.Writer, ss []string) error {
	var buf [binary.MaxVarintLen64]byte
	if _, err := w.Write(buf[:binary.PutUvarint(buf[:], uint64(len(ss)))]); err != nil {
		return err
	}
	for _, s := range ss {
		if _, err := w.Write(buf[:binary.PutUvarint(buf[:], uint64(len(s)))]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, s); err != nil {
			return err
		}
	}
	return nil
}

// ReadStrings reads a list saved by WriteStrings.
func ReadStrings(r *bufio.Reader) ([]string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, err
	}
	if n > 1<<24 {
		return nil, errors.New("perceptron: implausible list length")
	}
	out := make([]string, 0, n)
	for range n {
		l, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, err
		}
		if l > 1<<16 {
			return nil, errors.New("perceptron: implausible string length")
		}
		b := make([]byte, l)
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return out, nil
}

// Classes is the class list of a model: first, then the other values
// seen, sorted and without repeats; and each one's index.
func Classes(first string, seen []string) ([]string, map[string]int) {
	list := []string{first}
	index := map[string]int{first: 0}
	var rest []string
	for _, v := range seen {
		if _, ok := index[v]; !ok {
			index[v] = -1
			rest = append(rest, v)
		}
	}
	slices.Sort(rest)
	list = append(list, rest...)
	for c, v := range list {
		index[v] = c
	}
	return list, index
}
