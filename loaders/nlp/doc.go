// Package nlp is the document the language core annotates: sentences of
// tokens with their offsets, part of speech, dependency head and relation,
// and entity tag. The components that fill it are packages of their own
// (tokenize, tag, parse, ner), each trained from the Universal
// Dependencies treebanks by scripts/train; english puts them together.
package nlp

// Token is one word or mark of a sentence.
type Token struct {
	Text       string
	Start, End int // byte offsets into the text analysed
	Lemma      string
	UPOS       string
	// Head is the index in the sentence of the token's head, -1 for the
	// root.
	Head   int
	Deprel string
	// Entity is a BIO tag: "B-person", "I-organization", "O" …
	Entity string
	// SpaceAfter is false when the next token follows with no space.
	SpaceAfter bool
}

// Sentence is a sequence of tokens.
type Sentence struct {
	Tokens []Token
}

// Doc is an analysed text.
type Doc struct {
	Text      string
	Sentences []Sentence
}

// Words are the texts of the tokens.
func (s *Sentence) Words() []string {
	out := make([]string, len(s.Tokens))
	for i, t := range s.Tokens {
		out[i] = t.Text
	}
	return out
}

// Span is a named entity: tokens [Start, End) of a sentence.
type Span struct {
	Start, End int
	Type       string
}

// Entities reads the spans of the sentence's BIO tags.
func (s *Sentence) Entities() []Span {
	var out []Span
	for i := 0; i < len(s.Tokens); {
		tag := s.Tokens[i].Entity
		if len(tag) < 3 || tag[1] != '-' {
			i++
			continue
		}
		typ := tag[2:]
		j := i + 1
		for j < len(s.Tokens) && s.Tokens[j].Entity == "I-"+typ {
			j++
		}
		out = append(out, Span{i, j, typ})
		i = j
	}
	return out
}
