package extract

import (
	"os"
	"testing"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
)

// bbcArticles reads and cleans the whole BBC corpus once, outside the
// timer: the benchmarks measure extraction alone.
func bbcArticles(b *testing.B) ([]*graph.Article, int64) {
	files, _ := loaders.Expand([]string{corpusDir()})
	if len(files) == 0 {
		b.Skipf("no corpus at %s (set GRAPH_BBC_CORPUS)", corpusDir())
	}
	var arts []*graph.Article
	var total int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		as, _ := loaders.Parse(f, data, "", loaders.Options{})
		for _, a := range as {
			arts = append(arts, a)
			total += int64(len(a.Text))
		}
	}
	return loaders.Dedupe(arts), total
}

func benchmarkExtract(b *testing.B, workers int) {
	arts, total := bbcArticles(b)
	x := newExtractor(b)
	x.Workers = workers
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Extract(arts)
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtractBBC extracts the whole BBC corpus on one worker: its
// MB/s is the throughput per core (the target is 2 MB/s).
func BenchmarkExtractBBC(b *testing.B) { benchmarkExtract(b, 1) }

// BenchmarkExtractBBCAllCores extracts the corpus with one worker per CPU.
func BenchmarkExtractBBCAllCores(b *testing.B) { benchmarkExtract(b, 0) }
