package loaders

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
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
	inputs := readInputs(b, files)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, data := range inputs {
			Parse(files[j], data, "", Options{})
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// pagesDir is the Article Extraction Benchmark's pages beside the checkout,
// or GRAPH_AEB_PAGES.
func pagesDir() string {
	if d := os.Getenv("GRAPH_AEB_PAGES"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "bench", "article-extraction", "html")
}

// BenchmarkReadWebPages measures reading the benchmark's 181 real web pages
// (decompressed in memory first) on one goroutine: its pages/s is per core.
func BenchmarkReadWebPages(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(pagesDir(), "*.html.gz"))
	if len(files) == 0 {
		b.Skipf("no pages at %s (set GRAPH_AEB_PAGES)", pagesDir())
	}
	pages := readInputs(b, files)
	b.ReportAllocs()
	b.ResetTimer()
	failed := 0
	for i := 0; i < b.N; i++ {
		for j, data := range pages {
			if _, errs := Parse(files[j], data, "text/html", Options{}); len(errs) > 0 {
				failed++
			}
		}
	}
	b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(failed)/float64(b.N), "failed")
}

// readInputs reads files into memory, decompressing .gz ones, and sets
// the benchmark's bytes to their total.
func readInputs(b *testing.B, files []string) [][]byte {
	var out [][]byte
	var total int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil && strings.HasSuffix(f, ".gz") {
			var zr *gzip.Reader
			if zr, err = gzip.NewReader(bytes.NewReader(data)); err == nil {
				data, err = io.ReadAll(zr)
			}
		}
		if err != nil {
			b.Fatalf("%s: %v", f, err)
		}
		out = append(out, data)
		total += int64(len(data))
	}
	b.SetBytes(total)
	return out
}
