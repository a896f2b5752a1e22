package nlp

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
)

// Treebank is the sentences of CoNLL-U files, with the named entities of
// GUM's Entity annotations as BIO tags where the file has them.
type Treebank struct {
	Sentences []Sentence
	Texts     []string // each sentence's "# text"
}

// ReadTreebank reads a CoNLL-U file.
func ReadTreebank(path string) (*Treebank, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tb, err := ParseCoNLLU(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return tb, nil
}

// NamedTypes are the entity types of GUM a recogniser learns, by the name
// they take here.
var NamedTypes = map[string]string{"person": "person", "organization": "organization", "place": "place"}

// ParseCoNLLU reads CoNLL-U: multiword-token lines and empty nodes are
// skipped, so tokens are the syntactic words.
func ParseCoNLLU(r io.Reader) (*Treebank, error) {
	tb := &Treebank{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var cur Sentence
	var text string
	var misc []string
	line := 0
	flush := func() {
		if len(cur.Tokens) > 0 {
			namedEntities(&cur, misc)
			tb.Sentences = append(tb.Sentences, cur)
			tb.Texts = append(tb.Texts, text)
		}
		cur, text, misc = Sentence{}, "", nil
	}
	for sc.Scan() {
		line++
		l := sc.Text()
		switch {
		case l == "":
			flush()
			continue
		case strings.HasPrefix(l, "# text = "):
			text = l[len("# text = "):]
			continue
		case strings.HasPrefix(l, "#"):
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 10 {
			return nil, fmt.Errorf("line %d: %d columns, want 10", line, len(cols))
		}
		if strings.ContainsAny(cols[0], "-.") {
			continue
		}
		head, err := strconv.Atoi(cols[6])
		if err != nil {
			return nil, fmt.Errorf("line %d: head %q", line, cols[6])
		}
		cur.Tokens = append(cur.Tokens, Token{
			Text: cols[1], Lemma: cols[2], UPOS: cols[3], Head: head - 1, Deprel: cols[7],
			SpaceAfter: !strings.Contains(cols[9], "SpaceAfter=No"), Entity: "O",
		})
		misc = append(misc, cols[9])
	}
	flush()
	return tb, sc.Err()
}

// namedEntities tags the names of GUM's person, organization and place
// mentions: a run of proper nouns (with "of", "the", "and", "&" or "-"
// inside it) whose tokens share their innermost mention takes that
// mention's type.
func namedEntities(s *Sentence, misc []string) {
	type open struct {
		id, typ string
	}
	n := len(s.Tokens)
	inner := make([]int, n) // innermost mention of each token, -1 for none
	var types []string
	var stack []struct {
		open
		idx int
	}
	for i := range n {
		inner[i] = -1
		if len(stack) > 0 {
			inner[i] = stack[len(stack)-1].idx
		}
		for _, kv := range strings.Split(misc[i], "|") {
			v, ok := strings.CutPrefix(kv, "Entity=")
			if !ok {
				continue
			}
			for len(v) > 0 {
				if v[0] == '(' {
					end := strings.IndexAny(v[1:], "()")
					body := v[1:]
					if end >= 0 {
						body = v[1 : end+1]
					}
					f := strings.Split(body, "-")
					typ := ""
					if len(f) > 1 {
						typ = f[1]
					}
					idx := len(types)
					types = append(types, typ)
					stack = append(stack, struct {
						open
						idx int
					}{open{f[0], typ}, idx})
					inner[i] = idx
					v = v[1+len(body):]
					if strings.HasPrefix(v, ")") { // a one-token mention
						stack = stack[:len(stack)-1]
						v = v[1:]
					}
					continue
				}
				end := strings.IndexAny(v, "()")
				if end < 0 {
					end = len(v)
				}
				id := strings.TrimSuffix(v[:end], ")")
				if end < len(v) && v[end] == ')' {
					end++
				}
				for k := len(stack) - 1; k >= 0; k-- {
					if stack[k].id == id {
						stack = append(stack[:k], stack[k+1:]...)
						break
					}
				}
				v = v[end:]
			}
		}
	}
	joiner := map[string]bool{"of": true, "the": true, "and": true, "&": true, "-": true, "de": true}
	capital := func(k int) bool {
		t := s.Tokens[k]
		return t.UPOS != "DET" && t.UPOS != "PUNCT" && t.Text != "" && unicode.IsUpper([]rune(t.Text)[0])
	}
	for i := 0; i < n; {
		if inner[i] < 0 || !capital(i) {
			i++
			continue
		}
		m := inner[i]
		j, proper := i+1, s.Tokens[i].UPOS == "PROPN"
		for j < n && inner[j] == m {
			if capital(j) {
				proper = proper || s.Tokens[j].UPOS == "PROPN"
				j++
				continue
			}
			k := j
			for k < n && inner[k] == m && joiner[strings.ToLower(s.Tokens[k].Text)] {
				k++
			}
			if k > j && k < n && inner[k] == m && capital(k) {
				j = k
				continue
			}
			break
		}
		if typ, ok := NamedTypes[types[m]]; ok && proper {
			s.Tokens[i].Entity = "B-" + typ
			for k := i + 1; k < j; k++ {
				s.Tokens[k].Entity = "I-" + typ
			}
		}
		i = j
	}
}
