package english

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/graph/loaders/nlp"
)

// benchSentences are the sentences of the founding articles (split at
// ". ", which is enough for a benchmark).
func benchSentences(b *testing.B) []string {
	files, _ := filepath.Glob("../../../examples/facebook-china/*.txt")
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			for _, s := range strings.SplitAfter(l, ". ") {
				if strings.TrimSpace(s) != "" {
					out = append(out, s)
				}
			}
		}
	}
	if len(out) == 0 {
		b.Fatal("no sentences")
	}
	return out
}

func BenchmarkAnalyze(b *testing.B) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	sents := benchSentences(b)
	tokens, bytes := 0, 0
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			tokens += len(p.Analyze(s).Tokens)
			bytes += len(s)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
	b.ReportMetric(float64(bytes)/1e6/b.Elapsed().Seconds(), "MB/s")
}

// benchAnalysed times step over the analysed sentences of the founding
// articles and reports tokens per second.
func benchAnalysed(b *testing.B, step func(p *Pipeline, s *nlp.Sentence)) {
	p, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	var sents []nlp.Sentence
	for _, s := range benchSentences(b) {
		sents = append(sents, p.Analyze(s))
	}
	tokens := 0
	b.ResetTimer()
	for b.Loop() {
		for i := range sents {
			step(p, &sents[i])
			tokens += len(sents[i].Tokens)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkParse(b *testing.B) {
	benchAnalysed(b, func(p *Pipeline, s *nlp.Sentence) { p.Parse(s) })
}

func BenchmarkTag(b *testing.B) {
	benchAnalysed(b, func(p *Pipeline, s *nlp.Sentence) { p.Tagger.Tag(s) })
}

// BenchmarkLoadModels reads the shipped models, as every command that
// analyses text does once.
func BenchmarkLoadModels(b *testing.B) {
	for range b.N {
		if _, err := load(); err != nil {
			b.Fatal(err)
		}
	}
}
