package extract

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/loaders/nlp/english"
	"github.com/samber/lo"
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
	benchmarkBBC(b, func(x *Extractor) { x.Workers = workers }, func(x *Extractor, arts []*graph.Article) { x.Extract(arts) })
}

// benchmarkBBC runs run over the BBC corpus b.N times, with an extractor
// set by set, and reports MB/s and articles/s.
func benchmarkBBC(b *testing.B, set func(x *Extractor), run func(x *Extractor, arts []*graph.Article)) {
	arts, total := bbcArticles(b)
	x := newExtractor(b)
	set(x)
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		run(x, arts)
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtractBBC extracts the whole BBC corpus on one worker: its
// MB/s is the throughput per core (the target is 2 MB/s).
func BenchmarkExtractBBC(b *testing.B) { benchmarkExtract(b, 1) }

// BenchmarkExtractBBCAllCores extracts the corpus with one worker per CPU.
func BenchmarkExtractBBCAllCores(b *testing.B) { benchmarkExtract(b, 0) }

// BenchmarkExtractLongArticle extracts one article of 1, 2, 4 and 8 MB,
// made of the BBC corpus's texts one after another: time and memory per
// MB must stay level as the article grows (linear cost), as they do for
// a corpus of short articles.
func BenchmarkExtractLongArticle(b *testing.B) {
	arts, _ := bbcArticles(b)
	var text strings.Builder
	for text.Len() < 8<<20 {
		for _, a := range arts {
			text.WriteString(a.Text)
			text.WriteString("\n\n")
		}
	}
	x := newExtractor(b)
	for _, mb := range []int{1, 2, 4, 8} {
		body := text.String()[:mb<<20]
		body = body[:strings.LastIndex(body, "\n\n")]
		long, errs := loaders.Parse("long.txt", []byte("A long article\n\n"+body), "", loaders.Options{})
		if len(errs) > 0 || len(long) != 1 {
			b.Fatalf("the long article did not parse: %v", errs)
		}
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			b.SetBytes(int64(len(long[0].Text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				x.Extract(long)
			}
		})
	}
}

// BenchmarkIncrementAddBBC adds one article to the BBC corpus resolved
// into a store in memory (the rows a load keeps in Neo4j), and takes it
// away again, on 1 and 4 copies of the corpus (copy k of an article under
// another id, " (edition k)" after its title). It reports the time of the
// add and of the removal together, and the rows and stored analyses read
// per add: what a load reads of the database besides the graph it
// compares, which should not grow with the corpus.
func BenchmarkIncrementAddBBC(b *testing.B) {
	arts, _ := bbcArticles(b)
	for _, k := range []int{1, 4} {
		b.Run(fmt.Sprintf("%dx", k), func(b *testing.B) {
			var corpus []*graph.Article
			for i := 1; i <= k; i++ {
				for _, a := range arts {
					c := *a
					if i > 1 {
						c.ID, c.Title = fmt.Sprintf("%s-%d", a.ID, i), fmt.Sprintf("%s (edition %d)", a.Title, i)
					}
					corpus = append(corpus, &c)
				}
			}
			byID := map[string]*graph.Article{}
			for _, a := range corpus {
				byID[a.ID] = a
			}
			texts := func(ids []string) ([]*graph.Article, error) {
				return lo.Map(ids, func(id string, _ int) *graph.Article { return byID[id] }), nil
			}
			x := newExtractor(b)
			x.Terse = true
			m := &countingStore{memStore: newMemStore()}
			inc, err := x.ExtractIncrement(context.Background(), corpus, nil, m, texts)
			if err != nil {
				b.Fatal(err)
			}
			m.applyIncrement(inc, nil)
			m.rows, m.analyses = 0, 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				a := *arts[(i*7919)%len(arts)]
				a.ID, a.Title = a.ID+"-added", a.Title+" (update)"
				byID[a.ID] = &a
				inc, err := x.ExtractIncrement(context.Background(), []*graph.Article{&a}, nil, m, texts)
				if err != nil {
					b.Fatal(err)
				}
				m.applyIncrement(inc, nil)
				if inc, err = x.ExtractIncrement(context.Background(), nil, []string{a.ID}, m, texts); err != nil {
					b.Fatal(err)
				}
				m.applyIncrement(inc, []string{a.ID})
			}
			b.ReportMetric(float64(len(corpus)), "articles")
			b.ReportMetric(float64(m.rows)/float64(b.N)/2, "rows/change")
			b.ReportMetric(float64(m.analyses)/float64(b.N)/2, "analyses/change")
		})
	}
}

// countingStore counts what is read of a store in memory.
type countingStore struct {
	*memStore
	rows, analyses int
}

func (c *countingStore) ResolveRows(ctx context.Context, keys []string) (map[string]ResolveRow, error) {
	out, err := c.memStore.ResolveRows(ctx, keys)
	c.rows += len(out)
	return out, err
}

func (c *countingStore) StoredAnalyses(ctx context.Context, ids []string) (map[string]graph.Analysis, error) {
	out, err := c.memStore.StoredAnalyses(ctx, ids)
	c.analyses += len(out)
	return out, err
}

// BenchmarkAddLocality measures how far the resolution of one article
// added to the BBC corpus reaches (issue 15: resolution against stored
// aggregates, with the articles a change affects extracted again). For
// 60 articles drawn at random it resolves the corpus without and with
// the article and reports the share of adds that change the resolution
// of another article (its signature: the ids and names its mentions
// resolve to), the articles changed per add and at most, and the
// entities of the corpus before that take another id. The articles are
// analysed once, outside the timer.
func BenchmarkAddLocality(b *testing.B) {
	arts, _ := bbcArticles(b)
	x := newExtractor(b)
	lang, err := english.Default()
	if err != nil {
		b.Fatal(err)
	}
	enc := make([]string, len(arts))
	x.parallel(context.Background(), len(arts), func(i int) {
		enc[i] = encodeAnalysis(x.analyseSafe(context.Background(), arts[i], lang))
	})
	state := func(skip int) (sigs, ids map[string]string) {
		var docs []*doc
		for i, a := range arts {
			if i == skip {
				continue
			}
			d, err := x.decodeAnalysis(a, enc[i], nil)
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, d)
		}
		r := &resolver{x: x, docs: docs}
		ents := r.resolve()
		outlets := x.publishers(docs, r, &ents)
		sigs, ids = map[string]string{}, map[string]string{}
		for i, d := range docs {
			sigs[d.art.ID] = signature(d, outlets[i])
		}
		for _, e := range ents {
			ids[e.id] = e.key
		}
		return sigs, ids
	}
	b.ResetTimer()
	for range b.N {
		rng := rand.New(rand.NewPCG(1, 2))
		const adds = 60
		touching, changed, most, moved := 0, 0, 0, 0
		for range adds {
			n := rng.IntN(len(arts))
			sigsBefore, idsBefore := state(n)
			sigsAfter, idsAfter := state(-1)
			c := 0
			for id, s := range sigsBefore {
				if sigsAfter[id] != s {
					c++
				}
			}
			if c > 0 {
				touching++
			}
			changed += c
			most = max(most, c)
			for id := range idsBefore {
				if _, ok := idsAfter[id]; !ok {
					moved++
				}
			}
		}
		b.ReportMetric(100*float64(touching)/adds, "adds-reaching-others-%")
		b.ReportMetric(float64(changed)/adds, "articles-changed/add")
		b.ReportMetric(float64(most), "articles-changed-max")
		b.ReportMetric(float64(moved)/adds, "entity-ids-changed/add")
	}
}

// BenchmarkIncrementBBC extracts the whole BBC corpus as a first load
// does: every article added at once to an empty resolution kept in memory
// (ExtractIncrement), on every core. Beside BenchmarkExtractBBCAllCores it
// is the cost of keeping the resolution's rows.
func BenchmarkIncrementBBC(b *testing.B) {
	benchmarkBBC(b, func(x *Extractor) { x.Terse = true }, func(x *Extractor, arts []*graph.Article) {
		inc, err := x.ExtractIncrement(context.Background(), arts, nil, newMemStore(), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(inc.Rows)), "rows")
	})
}
