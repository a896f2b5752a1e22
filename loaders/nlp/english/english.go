// Package english is the language core put together: it tokenizes,
// tags, parses and recognises names in English sentences with the models
// trained by scripts/train from the Universal Dependencies English
// treebanks (EWT, CC BY-SA 4.0; GUM's CC-BY genres, CC BY 4.0), which it
// embeds.
package english

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/newsgraph/graph/loaders/nlp"
	"github.com/newsgraph/graph/loaders/nlp/ner"
	"github.com/newsgraph/graph/loaders/nlp/parse"
	"github.com/newsgraph/graph/loaders/nlp/tag"
	"github.com/newsgraph/graph/loaders/nlp/tokenize"
	"github.com/newsgraph/graph/schema"
)

//go:embed models/*.zst
var models embed.FS

// Model files, as scripts/train writes them, zstd-compressed: they
// decompress three times as fast as gzip (40 ms against 110-150 ms for the
// parser's 8 MB), which every run that extracts pays.
const (
	TaggerFile     = "tagger.bin.zst"
	ParserFile     = "parser.bin.zst"
	RecognizerFile = "ner.bin.zst"
)

// Pipeline analyses sentences. It is safe for concurrent use.
type Pipeline struct {
	Tagger     *tag.Tagger
	Parser     *parse.Parser
	Recognizer *ner.Recognizer
}

// decoder decompresses the models; DecodeAll is safe for concurrent use.
var decoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))

var (
	loadOnce sync.Once
	shipped  *Pipeline
	loadErr  error
)

// ModelsDigest is a digest of the shipped models: what they find changes
// with them, so a graph or an analysis stored under other models is not
// this build's.
var ModelsDigest = sync.OnceValue(func() string {
	h := sha256.New()
	for _, name := range []string{TaggerFile, ParserFile, RecognizerFile} {
		data, _ := models.ReadFile("models/" + name)
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
})

// Default is the pipeline with the shipped models, read once.
func Default() (*Pipeline, error) {
	loadOnce.Do(func() { shipped, loadErr = load() })
	return shipped, loadErr
}

func load() (*Pipeline, error) {
	o, err := schema.Default()
	if err != nil {
		return nil, err
	}
	open := func(name string) (io.Reader, error) {
		data, err := models.ReadFile("models/" + name)
		if err != nil {
			return nil, err
		}
		raw, err := decoder.DecodeAll(data, nil)
		if err != nil {
			return nil, fmt.Errorf("english: %s: %w", name, err)
		}
		return bytes.NewReader(raw), nil
	}
	// The three read at once: the parser alone takes most of the 0.4 s.
	p := &Pipeline{}
	readers := []struct {
		file string
		read func(io.Reader) (err error)
	}{
		{TaggerFile, func(r io.Reader) (err error) { p.Tagger, err = tag.Read(r); return }},
		{ParserFile, func(r io.Reader) (err error) { p.Parser, err = parse.Read(r); return }},
		{RecognizerFile, func(r io.Reader) (err error) { p.Recognizer, err = ner.Read(r, Gazetteer(o)); return }},
	}
	errs := make([]error, len(readers))
	var wg sync.WaitGroup
	for i, m := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := open(m.file)
			if err == nil {
				err = m.read(r)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("english: load the shipped models: %w", err)
	}
	return p, nil
}

// Analyze tokenizes, tags and recognises the names of one sentence;
// offsets are into text. Parsing, which costs twice as much as the rest,
// is left to Parse, for the sentences that need it.
func (p *Pipeline) Analyze(text string) nlp.Sentence {
	s := nlp.Sentence{Tokens: tokenize.Tokenize(text)}
	if len(s.Tokens) > 0 {
		words := tag.Normalized(&s)
		p.Tagger.TagWords(&s, words)
		p.Recognizer.RecognizeWords(&s, words)
	}
	return s
}

// Tagged tokenizes and tags one sentence, without names: what Parse needs.
func (p *Pipeline) Tagged(text string) nlp.Sentence {
	s := nlp.Sentence{Tokens: tokenize.Tokenize(text)}
	if len(s.Tokens) > 0 {
		p.Tagger.Tag(&s)
	}
	return s
}

// Parse sets the heads and relations of an analysed sentence.
func (p *Pipeline) Parse(s *nlp.Sentence) { p.Parser.Parse(s) }

// Annotate tags, parses and recognises the tokens of s.
func (p *Pipeline) Annotate(s *nlp.Sentence) {
	if len(s.Tokens) == 0 {
		return
	}
	p.Tagger.Tag(s)
	p.Parser.Parse(s)
	p.Recognizer.Recognize(s)
}

// Gazetteer is what the ontology knows of single words: given names,
// places, common words and the names of known entities.
func Gazetteer(o *schema.Ontology) ner.Gazetteer {
	known := map[string]string{}
	for _, p := range o.Places {
		if !strings.Contains(p, " ") {
			known[p] = "place"
		}
	}
	for _, k := range o.Aliases {
		for _, n := range append([]string{k.Name}, k.Aliases...) {
			if !strings.Contains(n, " ") {
				known[n] = "known:" + k.Type
			}
		}
	}
	// One map answers most words in one lookup: given names and common
	// words join the known names, which come first, as given names come
	// before common words.
	for w := range o.Given {
		if _, ok := known[w]; !ok {
			known[w] = "given"
		}
	}
	for w := range o.Lexicon {
		if _, ok := known[w]; !ok {
			known[w] = "common"
		}
	}
	return func(w string) string {
		if g, ok := known[w]; ok {
			return g
		}
		// A capitalised common word ("The"); the lexicon is in lower case.
		if low := strings.ToLower(w); low != w && o.Lexicon[low] {
			return "common"
		}
		return ""
	}
}
