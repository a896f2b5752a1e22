package loaders

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is the BBC corpus beside the checkout, or GRAPH_BBC_CORPUS.
func corpusDir() string {
	if d := os.Getenv("GRAPH_BBC_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "corpora", "bbc")
}

// BenchmarkReadCleanBBC measures reading and cleaning the whole BBC corpus
// from memory on one goroutine: its MB/s is per core.
func BenchmarkReadCleanBBC(b *testing.B) {
	files, _ := Expand([]string{corpusDir()})
	if len(files) == 0 {
		b.Skipf("no corpus at %s (set GRAPH_BBC_CORPUS)", corpusDir())
	}
	var inputs [][]byte
	var total int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, data)
		total += int64(len(data))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, data := range inputs {
			Parse(files[j], data, "", Options{})
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "articles/s")
}
