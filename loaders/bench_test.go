package loaders

import (
	"compress/gzip"
	"io"
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
	var pages [][]byte
	var total int64
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(zr)
		fh.Close()
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, data)
		total += int64(len(data))
	}
	b.SetBytes(total)
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
