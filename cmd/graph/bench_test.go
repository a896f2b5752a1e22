package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/loaders/extract"
	"github.com/newsgraph/graph/schema"
)

// bbcDir is the BBC corpus beside the checkout, or GRAPH_BBC_CORPUS, and
// whether it is there.
func bbcDir() (string, bool) {
	dir := os.Getenv("GRAPH_BBC_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpora", "bbc")
	}
	st, err := os.Stat(dir)
	return dir, err == nil && st.IsDir()
}

// benchCorpus is the BBC corpus; benchmarks skip without it.
func benchCorpus(b *testing.B) string {
	dir, ok := bbcDir()
	if !ok {
		b.Skipf("no corpus at %s (set GRAPH_BBC_CORPUS)", dir)
	}
	return dir
}

// BenchmarkLoadBBC loads the whole BBC corpus into an empty database with
// `graph load` (read, extract, write), and in the same run with a naive
// writer: the same read and extraction, then one transaction per node and
// per relationship, as a first script would write it (with the same
// constraints, without which it would not finish). It reports both and
// their ratio.
//
// The server is warmed up first with one untimed load, as the naive
// writer that runs after it finds it warm: the first load after Neo4j
// starts is two to three times slower while the JVM compiles Cypher's
// hot paths. GRAPH_BENCH_COLD=1 skips the warm-up to measure that.
//
//	go test ./cmd/graph -run XXX -bench LoadBBC -benchtime 1x
func BenchmarkLoadBBC(b *testing.B) {
	dir := benchCorpus(b)
	e := newLoadEnv(b)
	ctx := context.Background()
	args := append(append([]string{}, e.flags...), "load", "-q", dir)
	if os.Getenv("GRAPH_BENCH_COLD") != "1" {
		b.StopTimer()
		if err := e.store.Clear(ctx); err != nil {
			b.Fatal(err)
		}
		if code := run(ctx, append([]string{"graph"}, args...), discard{}, discard{}); code != exitOK {
			b.Fatalf("graph load (warm-up): exit %d", code)
		}
		b.StartTimer()
	}
	var batched time.Duration
	for range b.N {
		b.StopTimer()
		if err := e.store.Clear(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if code := run(ctx, append([]string{"graph"}, args...), discard{}, discard{}); code != exitOK {
			b.Fatalf("graph load: exit %d", code)
		}
		batched += time.Since(start)
	}
	b.StopTimer()
	batched /= time.Duration(b.N)
	st, err := e.store.Status(ctx)
	if err != nil {
		b.Fatal(err)
	}
	g, arts := extractCorpus(b, dir)
	b.ReportMetric(float64(len(g.Articles))/batched.Seconds(), "articles/s")
	b.ReportMetric(float64(len(g.Relations)+len(g.Claims))/batched.Seconds(), "facts+claims/s")
	b.ReportMetric(float64(st.Nodes+st.Relationships)/batched.Seconds(), "writes/s")
	b.ReportMetric(batched.Seconds(), "load-s")

	if os.Getenv("GRAPH_BENCH_NAIVE") == "0" {
		return
	}
	if err := e.store.Clear(ctx); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	g, arts = extractCorpus(b, dir)
	naiveWrite(b, e.store, g, arts)
	naive := time.Since(start)
	b.ReportMetric(naive.Seconds(), "naive-s")
	b.ReportMetric(naive.Seconds()/batched.Seconds(), "x-faster")
}

// BenchmarkReloadBBC loads the BBC corpus once, then times loading it
// again unchanged.
//
//	go test ./cmd/graph -run XXX -bench ReloadBBC -benchtime 3x
func BenchmarkReloadBBC(b *testing.B) {
	dir := benchCorpus(b)
	e := newLoadEnv(b)
	ctx := context.Background()
	args := append([]string{"graph"}, append(append([]string{}, e.flags...), "load", "-q", dir)...)
	if err := e.store.Clear(ctx); err != nil {
		b.Fatal(err)
	}
	if code := run(ctx, args, discard{}, discard{}); code != exitOK {
		b.Fatalf("graph load: exit %d", code)
	}
	b.ResetTimer()
	for range b.N {
		if code := run(ctx, args, discard{}, discard{}); code != exitOK {
			b.Fatalf("graph load: exit %d", code)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "reload-s")
}

// BenchmarkStart runs `graph --version`: what every command pays before
// it does anything (the runtime, and the init of every package linked
// in), as wall time and peak memory of the process.
//
//	go test ./cmd/graph -run XXX -bench 'Start$' -benchtime 20x
func BenchmarkStart(b *testing.B) {
	bin := buildGraph(b)
	b.ResetTimer()
	var peak float64
	for range b.N {
		cmd := measured(bin, "--version")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("graph --version: %v\n%s", err, out)
		}
		peak = max(peak, peakMB(cmd, out))
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1000, "start-ms")
	b.ReportMetric(peak, "start-peak-MB")
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func extractCorpus(b *testing.B, dir string) (*graph.Graph, map[string]*graph.Article) {
	res := (&loaders.Reader{}).ReadAll(context.Background(), []string{dir}, nil)
	o, err := schema.Default()
	if err != nil {
		b.Fatal(err)
	}
	g := extract.New(o).Extract(res.Articles)
	g.StripWhy()
	arts := map[string]*graph.Article{}
	for _, a := range res.Articles {
		arts[a.ID] = a
	}
	return g, arts
}

// naiveWrite writes g one statement and one transaction per node and per
// relationship.
func naiveWrite(b *testing.B, s *neo4jstore.Store, g *graph.Graph, arts map[string]*graph.Article) {
	ctx := context.Background()
	o, _ := schema.Default()
	for _, st := range o.Statements() {
		if err := s.Apply(ctx, st); err != nil {
			b.Fatal(err)
		}
	}
	write := func(cypher string, params map[string]any) {
		if _, err := s.Write(ctx, cypher, params); err != nil {
			b.Fatalf("%s: %v", cypher, err)
		}
	}
	link := func(fromLabel, from, rel, to string) {
		write("MATCH (a:"+fromLabel+" {id: $a}), (b:Entity {id: $b}) MERGE (a)-[:"+rel+"]->(b)", map[string]any{"a": from, "b": to})
	}
	for _, e := range g.Entities {
		write("MERGE (n:Entity {id: $id}) SET n.name = $name, n.aliases = $aliases, n.mentionCount = $m, n.articleCount = $a, n:"+e.Type,
			map[string]any{"id": e.ID, "name": e.Name, "aliases": e.Aliases, "m": e.MentionCount, "a": e.ArticleCount})
	}
	for _, a := range g.Articles {
		write("MERGE (n:Article {id: $id}) SET n.title = $title, n.source = $source, n.text = $text",
			map[string]any{"id": a.ID, "title": a.Title, "source": a.Source, "text": arts[a.ID].Text})
		if a.Publisher != nil {
			link("Article", a.ID, "REPORTED_BY", *a.Publisher)
		}
	}
	for _, m := range g.Mentions {
		write("MATCH (a:Article {id: $a}), (b:Entity {id: $b}) MERGE (a)-[r:MENTIONS]->(b) SET r.count = $n",
			map[string]any{"a": m.Article, "b": m.Entity, "n": m.Count})
	}
	for _, c := range g.Claims {
		write("MERGE (n:Claim {id: $id}) SET n.type = $type, n.sentence = $s, n.stance = $stance",
			map[string]any{"id": c.ID, "type": c.Type, "s": c.Sentence, "stance": string(c.Stance)})
		write("MATCH (a:Claim {id: $a}), (b:Article {id: $b}) MERGE (a)-[:STATED_IN]->(b)", map[string]any{"a": c.ID, "b": c.Article})
		link("Claim", c.ID, "SUBJECT", c.Subject)
		link("Claim", c.ID, "OBJECT", c.Object)
		for _, r := range c.ReportedBy {
			link("Claim", c.ID, "REPORTED_BY", r)
		}
		for _, r := range c.DeniedBy {
			link("Claim", c.ID, "DENIED_BY", r)
		}
	}
	for _, q := range g.Quotes {
		write("MERGE (n:Quote {id: $id}) SET n.text = $text", map[string]any{"id": q.ID, "text": q.Text})
		write("MATCH (a:Quote {id: $a}), (b:Article {id: $b}) MERGE (a)-[:STATED_IN]->(b)", map[string]any{"a": q.ID, "b": q.Article})
		link("Quote", q.ID, "SAID_BY", q.Speaker)
		for _, x := range q.About {
			link("Quote", q.ID, "ABOUT", x)
		}
	}
	for _, r := range g.Relations {
		write("MATCH (a:Entity {id: $a}), (b:Entity {id: $b}) MERGE (a)-[r:"+r.Type+"]->(b) SET r.count = $n, r.confidence = $c",
			map[string]any{"a": r.Source, "b": r.Target, "n": r.Count, "c": r.Confidence})
	}
}

// BenchmarkScaleBBC loads 1, 4 and 16 copies of the BBC corpus (or the
// scales in GRAPH_BENCH_SCALES, such as "1,4") into an empty database,
// each with the real binary in a process of its own, and reports the
// phases' times from its summary and the process's peak resident memory,
// so growth with the corpus can be read off. Copy k > 1 of each article
// gets " (edition k)" after its title: a new article (ids hash title and
// text) about the same people and firms, as a bigger corpus of the same
// news would be.
//
//	go test ./cmd/graph -run XXX -bench ScaleBBC -benchtime 1x -timeout 2h
func BenchmarkScaleBBC(b *testing.B) {
	dir := benchCorpus(b)
	e := newLoadEnv(b)
	bin := buildGraph(b)
	load := func(corpus string) *exec.Cmd {
		return measured(bin, append(append([]string{}, e.flags...), "load", "-q", corpus)...)
	}
	if os.Getenv("GRAPH_BENCH_COLD") != "1" {
		// One untimed load first, as in BenchmarkLoadBBC: else the first
		// scale pays for the server's warm-up.
		if err := e.store.Clear(context.Background()); err != nil {
			b.Fatal(err)
		}
		if out, err := load(dir).CombinedOutput(); err != nil {
			b.Fatalf("graph load (warm-up): %v\n%s", err, out)
		}
	}
	scales := strings.Split(cmp.Or(os.Getenv("GRAPH_BENCH_SCALES"), "1,4,16"), ",")
	for _, s := range scales {
		k, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || k < 1 {
			b.Fatalf("GRAPH_BENCH_SCALES: %q is not a positive number", s)
		}
		b.Run(fmt.Sprintf("%dx", k), func(b *testing.B) {
			corpus := dir
			if k > 1 {
				corpus = copyCorpus(b, dir, k)
			}
			for range b.N {
				b.StopTimer()
				if err := e.store.Clear(context.Background()); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				cmd := load(corpus)
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("graph load: %v\n%s", err, out)
				}
				b.StopTimer()
				m := regexp.MustCompile(`(\d+) articles in the database`).FindStringSubmatch(string(out))
				phases := regexp.MustCompile(`done in (\S+) \(read (\S+), extract (\S+), write (\S+)\)`).FindStringSubmatch(string(out))
				if m == nil || phases == nil {
					b.Fatalf("no summary in the output:\n%s", out)
				}
				articles, _ := strconv.Atoi(m[1])
				secs := make([]float64, 4)
				for i, p := range phases[1:] {
					d, err := time.ParseDuration(p)
					if err != nil {
						b.Fatal(err)
					}
					secs[i] = d.Seconds()
				}
				b.ReportMetric(float64(articles), "articles")
				b.ReportMetric(secs[0], "load-s")
				b.ReportMetric(secs[1], "read-s")
				b.ReportMetric(secs[2], "extract-s")
				b.ReportMetric(secs[3], "write-s")
				b.ReportMetric(float64(articles)/secs[0], "articles/s")
				b.ReportMetric(peakMB(cmd, out), "peak-MB")
				addOne(b, bin, e, dir, corpus)
				b.StartTimer()
			}
		})
	}
}

// buildGraph builds the command into a temporary folder.
func buildGraph(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "graph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// measured is bin with args, run by GNU time where it is installed: the
// peak RSS the kernel reports for a child the test process starts
// directly is at least the test process's own (the child starts as a
// vfork of it), so a small test looked as big as the loads before it.
func measured(bin string, args ...string) *exec.Cmd {
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		return exec.Command("/usr/bin/time", append([]string{"-f", "peak-rss-kb %M", bin}, args...)...)
	}
	return exec.Command(bin, args...)
}

var peakLine = regexp.MustCompile(`peak-rss-kb (\d+)`)

// peakMB is the peak RSS of a measured command that ran.
func peakMB(cmd *exec.Cmd, out []byte) float64 {
	if m := peakLine.FindSubmatch(out); m != nil {
		kb, _ := strconv.Atoi(string(m[1]))
		return float64(kb) / 1024
	}
	return float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
}

// addOne loads one new article into the loaded corpus, as a feed adds
// one, and reports the time and peak memory of that load; then forgets
// it (timed, with the rows it read, after the file added alone). It does
// so twice: the new file alone, and with the corpus loaded
// (dir is the corpus copied, where it is).
func addOne(b *testing.B, bin string, e *loadEnv, dir, corpus string) {
	files, errs := loaders.Expand([]string{dir})
	if errs != nil || len(files) == 0 {
		b.Fatalf("no files in %s: %v", dir, errs)
	}
	data, err := os.ReadFile(files[len(files)/2])
	if err != nil {
		b.Fatal(err)
	}
	title, rest, _ := strings.Cut(string(data), "\n")
	one := filepath.Join(b.TempDir(), "added.txt")
	if err := os.WriteFile(one, []byte(strings.TrimRight(title, "\r")+" (update)\n"+rest), 0o644); err != nil {
		b.Fatal(err)
	}
	// The add once first, untimed, and forgotten: the server plans the
	// queries of an add (those its names need) once, as it plans the
	// load's in the warm-up load. (The first add after a load took 4-5 s
	// where it was the first of its kind, and 1.2-1.6 s after an add of
	// another article; an add planned is what a feed makes all day.)
	for _, args := range [][]string{{"load", "-q", one}, {"forget", "-q", one}} {
		if out, err := exec.Command(bin, append(append([]string{}, e.flags...), args...)...).CombinedOutput(); err != nil {
			b.Fatalf("graph %s (warm-up): %v\n%s", args[0], err, out)
		}
	}
	// As a feed adds a file to the corpus's folder, and the folder is
	// loaded: every file is looked at, the unchanged ones not read.
	for _, add := range []struct {
		metric string
		args   []string
	}{{"add-one", []string{one}}, {"add-one-with-corpus", []string{corpus, one}}} {
		cmd := measured(bin, append(append(append([]string{}, e.flags...), "load"), add.args...)...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(start)
		if err != nil || !strings.Contains(string(out), "1 new or changed") {
			b.Fatalf("graph load of one article: %v\n%s", err, out)
		}
		b.ReportMetric(took.Seconds(), add.metric+"-s")
		b.ReportMetric(peakMB(cmd, out), add.metric+"-peak-MB")
		// What it read: the stored units compared, and rows in all.
		if m := regexp.MustCompile(`compared (\d+) of \d+ stored units; (\d+) rows read`).FindSubmatch(out); m != nil {
			compared, _ := strconv.Atoi(string(m[1]))
			rows, _ := strconv.Atoi(string(m[2]))
			b.ReportMetric(float64(compared), add.metric+"-compared")
			b.ReportMetric(float64(rows), add.metric+"-rows")
		} else {
			b.Fatalf("graph load of one article did not say what it read:\n%s", out)
		}
		// The forget of it, as a feed takes one back: timed after the add
		// alone, with what it read.
		start = time.Now()
		out, err = exec.Command(bin, append(append([]string{}, e.flags...), "forget", one)...).CombinedOutput()
		took = time.Since(start)
		if err != nil {
			b.Fatalf("graph forget: %v\n%s", err, out)
		}
		if add.metric == "add-one" {
			b.ReportMetric(took.Seconds(), "forget-one-s")
			if m := regexp.MustCompile(`(\d+) rows read`).FindSubmatch(out); m != nil {
				rows, _ := strconv.Atoi(string(m[1]))
				b.ReportMetric(float64(rows), "forget-one-rows")
			} else {
				b.Fatalf("graph forget of one article did not say what it read:\n%s", out)
			}
		}
	}
}

// BenchmarkConcurrentLoadersBBC starts four loaders at once, each on a
// quarter of the BBC corpus (files dealt round-robin), against one
// database, and checks that the graph they leave is the one a single load
// of the whole corpus gives: the same node and relationship counts, and
// the same checksum of every node's id and digest. It reports the time
// until the last loader is done, and that of the single load.
//
//	go test ./cmd/graph -run XXX -bench ConcurrentLoadersBBC -benchtime 1x
func BenchmarkConcurrentLoadersBBC(b *testing.B) {
	dir := benchCorpus(b)
	e := newLoadEnv(b)
	bin := buildGraph(b)
	shardDirs := shards(b, dir, 4, 0)
	sum := func() string {
		// An article and its stored analysis share an id: the digest
		// breaks the tie, or the order (and the checksum) is the server's
		// choice.
		rows, err := e.store.Read(context.Background(), "MATCH (n) WHERE n.digest IS NOT NULL "+
			"RETURN n.id AS id, n.digest AS digest ORDER BY id, digest", nil)
		if err != nil {
			b.Fatal(err)
		}
		h := sha256.New()
		for _, r := range rows {
			fmt.Fprintf(h, "%v\x00%v\n", r["id"], r["digest"])
		}
		rels, err := e.store.Read(context.Background(), "MATCH ()-[r]->() RETURN count(r) AS n", nil)
		if err != nil {
			b.Fatal(err)
		}
		return fmt.Sprintf("%d nodes, %d relationships, checksum %x", len(rows), rels[0]["n"], h.Sum(nil)[:8])
	}
	run := func(dirs ...[]string) time.Duration {
		if err := e.store.Clear(context.Background()); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var cmds []*exec.Cmd
		var outs []*bytes.Buffer
		for _, d := range dirs {
			cmd := exec.Command(bin, append(append(append([]string{}, e.flags...), "load", "-q"), d...)...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			cmds, outs = append(cmds, cmd), append(outs, &out)
		}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				b.Fatalf("loader %d: %v\n%s", i, err, outs[i])
			}
		}
		return time.Since(start)
	}
	for range b.N {
		b.StopTimer()
		single := run(shardDirs)
		want := sum()
		b.StartTimer()
		four := run([]string{shardDirs[0]}, []string{shardDirs[1]}, []string{shardDirs[2]}, []string{shardDirs[3]})
		b.StopTimer()
		if got := sum(); got != want {
			b.Fatalf("four loaders left %s; one load gives %s", got, want)
		}
		b.ReportMetric(four.Seconds(), "four-loaders-s")
		b.ReportMetric(single.Seconds(), "one-load-s")
		b.StartTimer()
	}
}

// copyCorpus writes k copies of the corpus's files into a temporary
// folder, copy i > 1 with " (edition i)" after the first line (the title).
func copyCorpus(b *testing.B, dir string, k int) string {
	out := b.TempDir()
	files, err := loaders.Expand([]string{dir})
	if err != nil || len(files) == 0 {
		b.Fatalf("no files in %s: %v", dir, err)
	}
	for i := 1; i <= k; i++ {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			if i > 1 {
				title, rest, _ := strings.Cut(string(data), "\n")
				data = []byte(fmt.Sprintf("%s (edition %d)\n%s", strings.TrimRight(title, "\r"), i, rest))
			}
			rel, _ := filepath.Rel(dir, f)
			target := filepath.Join(out, fmt.Sprintf("copy-%02d", i), rel)
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(target, data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	return out
}
