package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// shards copies the first n files of the corpus in dir (all of them for
// n 0) round-robin into k new folders, so that each shard holds a bit of
// every topic.
func shards(t testing.TB, dir string, k, n int) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".txt") && (n == 0 || len(files) < n) {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 || len(files) < n {
		t.Fatalf("the corpus has %d articles, want %d", len(files), n)
	}
	dirs := make([]string, k)
	for i := range dirs {
		dirs[i] = t.TempDir()
	}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dirs[i%k], fmt.Sprintf("%04d-%s", i, filepath.Base(f)))
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dirs
}

// child is `graph ARGS` in a child process, started, with its standard
// error in the buffer.
func child(t *testing.T, e *loadEnv, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append(append([]string{}, e.flags...), args...)...)
	cmd.Env = append(os.Environ(), "GRAPH_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

// Loaders started at once on one database end in the graph one load of
// all their inputs gives: the later ones wait for the running one and
// start from what it wrote. Without the lock, the second load deleted
// the articles of the first, or wrote facts beside a graph it did not
// see, and both exited 0.
func TestConcurrentLoadsEqualOneLoad(t *testing.T) {
	e := newLoadEnv(t)
	dirs := shards(t, bigCorpus(t), 3, 450)
	e.graph(exitOK, append([]string{"load", "-q"}, dirs...)...)
	want := dumpJSON(t, e)

	e.clear()
	type run struct {
		cmd    *exec.Cmd
		stderr *bytes.Buffer
	}
	var runs []run
	for i, dir := range dirs {
		if i > 0 {
			time.Sleep(300 * time.Millisecond)
		}
		cmd, stderr := child(t, e, "load", dir)
		runs = append(runs, run{cmd, stderr})
	}
	waited := 0
	for i, r := range runs {
		if err := r.cmd.Wait(); err != nil {
			t.Errorf("loader %d: %v\n%s", i, err, r.stderr)
		}
		if strings.Contains(r.stderr.String(), "waiting for the load running in this database") {
			waited++
		}
	}
	if waited == 0 {
		t.Errorf("no loader waited for another: the loads did not overlap, and the test shows nothing")
	}
	sameGraph(t, "three loaders at once vs one load", dumpJSON(t, e), want)
}

// A load killed while it replaces changed articles, then a load of other
// files, leaves each file's article once: the next load starts from the
// set of articles the killed one started from, or from the set it was
// making once all its new articles were written. Before, both versions
// stayed, and the pending mark was cleared.
func TestKilledUpdateThenOtherLoadKeepsOneVersion(t *testing.T) {
	e := newLoadEnv(t)
	dirs := shards(t, bigCorpus(t), 2, 500)
	changed, other := dirs[0], dirs[1]
	files, _ := filepath.Glob(filepath.Join(changed, "*.txt"))
	// The cleaner drops a paragraph said twice, so each version is
	// written from the original.
	const note = "\n\nThis story was updated.\n"
	orig := map[string][]byte{}
	for _, f := range files[:200] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		orig[f] = data
	}
	edit := func(update bool) {
		for _, f := range files[:200] {
			data := orig[f]
			if update {
				data = append(slices.Clone(data), note...)
			}
			if err := os.WriteFile(f, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Killed after its first batch (of one row), it has not written all
	// its new articles; half-way, it has. Both are repaired.
	branches := map[bool]bool{}
	for _, tc := range []struct{ pct, batch int }{{0, 1}, {50, 20}} {
		pct := tc.pct
		e.clear()
		edit(false)
		e.graph(exitOK, "load", "-q", changed)
		edit(true)
		code, log := interruptedLoad(t, e, changed, syscall.SIGKILL, pct, "--batch-size", strconv.Itoa(tc.batch), "--writers", "1")
		if code == exitOK {
			t.Fatalf("the load was not killed:\n%s", log)
		}
		st, err := e.store.LoadState(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("killed at %d%%: new articles all written: %v", pct, st.ArticlesWritten)
		branches[st.ArticlesWritten] = true
		e.graph(exitOK, "load", "-q", other)
		rows, err := e.store.Read(context.Background(), "MATCH (a:Article) UNWIND [a.source] + a.duplicates AS s "+
			"WITH s, count(a) AS n WHERE n > 1 RETURN count(s) AS twice", nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := rows[0]["twice"].(int64); n > 0 {
			t.Errorf("killed at %d%%, then another folder loaded: %d files are in the graph twice", pct, n)
		}
		// The graph is the one of a clean load of the other folder and
		// the changed one, in its old version or its new.
		got := dumpJSON(t, e)
		e.clear()
		edit(st.ArticlesWritten)
		e.graph(exitOK, "load", "-q", changed, other)
		want := dumpJSON(t, e)
		if d := os.Getenv("GRAPH_TEST_DUMPS"); d != "" {
			os.WriteFile(filepath.Join(d, fmt.Sprintf("got%d.json", pct)), []byte(got), 0o644)
			os.WriteFile(filepath.Join(d, fmt.Sprintf("want%d.json", pct)), []byte(want), 0o644)
		}
		sameGraph(t, fmt.Sprintf("killed at %d%%, then another folder loaded, vs a clean load", pct), got, want)
	}
	if len(branches) != 2 {
		t.Errorf("the kills did not land before and after the new articles were written: %v", branches)
	}
}

// Loads that add to a corpus extract the new articles and the few whose
// names now resolve otherwise, from their stored analyses, and end in the
// graph one load of everything gives; so does a forget.
func TestIncrementalLoadsEqualOneLoad(t *testing.T) {
	e := newLoadEnv(t)
	dirs := shards(t, bigCorpus(t), 4, 240)
	extractedLine := regexp.MustCompile(`extracted (\d+) of them`)
	for i, dir := range dirs {
		_, errs := e.graph(exitOK, "load", dir)
		m := extractedLine.FindStringSubmatch(errs)
		if i > 0 && m == nil {
			t.Fatalf("load %d did not extract incrementally:\n%s", i+1, errs)
		}
		if m != nil {
			if n, _ := strconv.Atoi(m[1]); n >= 60*(i+1) {
				t.Errorf("load %d extracted %d articles of %d", i+1, n, 60*(i+1))
			}
		}
	}
	got, gotRows := dumpJSON(t, e), resolution(t, e)
	_, errs := e.graph(exitOK, "forget", dirs[1])
	if !extractedLine.MatchString(errs) {
		t.Errorf("forget did not extract incrementally:\n%s", errs)
	}
	forgot, forgotRows := dumpJSON(t, e), resolution(t, e)

	e.clear()
	e.graph(exitOK, append([]string{"load", "-q"}, dirs...)...)
	sameGraph(t, "four loads vs one", got, dumpJSON(t, e))
	sameGraph(t, "the resolution kept, four loads vs one", gotRows, resolution(t, e))
	e.clear()
	e.graph(exitOK, "load", "-q", dirs[0], dirs[2], dirs[3])
	sameGraph(t, "a forget vs a load of the rest", forgot, dumpJSON(t, e))
	sameGraph(t, "the resolution kept, a forget vs a load of the rest", forgotRows, resolution(t, e))
}

// resolution is what the database keeps of the resolution (its Resolve
// nodes), one line a key, in order.
func resolution(t *testing.T, e *loadEnv) string {
	t.Helper()
	rows, err := e.store.Read(context.Background(), "MATCH (n:Resolve) RETURN properties(n) AS p ORDER BY n.key", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no Resolve node: the load kept no resolution")
	}
	return strings.Join(lo.Map(rows, func(r neo4jstore.Record, _ int) string { return jsonString(r["p"]) }), "\n")
}

// A load in batches (--batch-articles) writes each batch before it reads
// the next from memory, and ends in the graph of a load in one go; so
// does one whose batches are analysed in chunks (analysisChunk).
func TestBatchedLoadEqualsOneLoad(t *testing.T) {
	e := newLoadEnv(t)
	defer func(n int) { analysisChunk = n }(analysisChunk)
	dir := shards(t, bigCorpus(t), 1, 150)[0]
	e.graph(exitOK, "load", "-q", dir)
	want := dumpJSON(t, e)
	e.clear()
	// 150 files: read, extracted and written 40 at a time.
	_, errs := e.graph(exitOK, "load", "--batch-articles", "40", dir)
	if !strings.Contains(errs, "batch 4/4: 150 of 150 files loaded") {
		t.Errorf("no progress by batch:\n%s", errs)
	}
	if !strings.Contains(errs, "150 articles in the database (150 new or changed, 0 removed)") {
		t.Errorf("the summary does not count all batches:\n%s", errs)
	}
	sameGraph(t, "a load in 4 batches vs one", dumpJSON(t, e), want)
	_, errs = e.graph(exitOK, "load", "--batch-articles", "40", dir)
	if !strings.Contains(errs, "the database is up to date (150 articles)") {
		t.Errorf("a load of the same files in batches does not find the database up to date:\n%s", errs)
	}
	e.clear()
	analysisChunk = 15
	e.graph(exitOK, "load", "-q", "--batch-articles", "40", dir)
	sameGraph(t, "a load in 4 batches analysed 15 articles at a time vs one", dumpJSON(t, e), want)
	e.graph(exitUsage, "load", "--batch-articles", "0", dir)

	// The same 150 articles in one JSON Lines file: one read, then
	// extracted and written 40 at a time.
	var lines []string
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		title, body, _ := strings.Cut(strings.TrimLeft(string(data), "\n"), "\n")
		line, _ := json.Marshal(map[string]string{"title": title, "text": body})
		lines = append(lines, string(line))
	}
	if len(lines) != 150 {
		t.Fatalf("%d files in %s, want 150", len(lines), dir)
	}
	jsonl := filepath.Join(t.TempDir(), "all.jsonl")
	if err := os.WriteFile(jsonl, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	analysisChunk = 2000
	e.clear()
	e.graph(exitOK, "load", "-q", jsonl)
	wantOne := dumpJSON(t, e)
	e.clear()
	_, errs = e.graph(exitOK, "load", "--batch-articles", "40", jsonl)
	if !strings.Contains(errs, "batch 4/4: 150 of 150 new articles loaded") {
		t.Errorf("no progress by batch in one file:\n%s", errs)
	}
	sameGraph(t, "one file's articles in 4 batches vs at once", dumpJSON(t, e), wantOne)
}

// Two files whose texts differ only where ids do not look (one has two
// paragraphs where the other has one) are one article, with the text of
// the first by name, whichever folder was loaded first: offsets and
// quotes come out of that text. Loaded after the other, the second file's
// text was used.
func TestNearDuplicatesAcrossLoadsEqualOneLoad(t *testing.T) {
	e := newLoadEnv(t)
	files, _ := filepath.Glob(filepath.Join(examples, "*.txt"))
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	title, body, _ := strings.Cut(strings.TrimLeft(string(data), "\n"), "\n")
	head, rest, _ := strings.Cut(strings.TrimLeft(body, "\n"), "\n\n")
	spaced := title + "\n\n" + head + " " + rest
	first, second := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(first, "a.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(second, "b.txt"), []byte(spaced), 0o644); err != nil {
		t.Fatal(err)
	}
	e.graph(exitOK, "load", "-q", first, second)
	want := dumpJSON(t, e)
	if !strings.Contains(want, `"duplicates": [`) {
		t.Fatalf("the two files are not one article:\n%s", want[:min(len(want), 2000)])
	}
	for _, order := range [][]string{{first, second}, {second, first}} {
		e.clear()
		for _, dir := range order {
			e.graph(exitOK, "load", "-q", dir)
		}
		sameGraph(t, "loaded one folder after the other vs at once", dumpJSON(t, e), want)
	}
}

// A load waiting for another stops within a second of Ctrl-C, writing
// nothing.
func TestLoadWaitingForTheLockStopsOnCtrlC(t *testing.T) {
	e := newLoadEnv(t)
	_, lock, err := e.store.Lock(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock(context.Background())
	code, log, took, sent := signalledOn(t, append(append([]string{}, e.flags...), "load", examples), syscall.SIGINT,
		func(line string) bool {
			return strings.HasPrefix(line, "waiting for the load running in this database")
		})
	if !sent {
		t.Fatalf("the load did not wait for the lock:\n%s", log)
	}
	if code != exitInterrupted || took > time.Second {
		t.Errorf("exit %d after %s, want %d within a second:\n%s", code, took, exitInterrupted, log)
	}
	if n := e.counts(); strings.Contains(n, "Article") {
		t.Errorf("the interrupted load wrote: %s", n)
	}
}

// Adding one article compares what it touches, not the database: it
// touches (compares or creates) as many units on top of 30 articles as on
// top of 120, and compares a small part of them. Forgetting it reads
// about as many rows on top of either: the articles it names, not every
// one loaded.
func TestAddingOneArticleComparesWhatItTouches(t *testing.T) {
	e := newLoadEnv(t)
	dirs := shards(t, bigCorpus(t), 5, 150)
	one := filepath.Join(t.TempDir(), "one.txt")
	files, _ := filepath.Glob(filepath.Join(dirs[4], "*.txt"))
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(one, data, 0o644); err != nil {
		t.Fatal(err)
	}
	compared := regexp.MustCompile(`compared (\d+) of (\d+) stored units`)
	created := regexp.MustCompile(`(?m)^ +\w+ +(\d+) created`)
	rowsRead := regexp.MustCompile(`(\d+) rows read from the database in all`)
	var forgetRows []int
	add := func() (touched, n, held int) {
		t.Helper()
		_, errs := e.graph(exitOK, "load", one)
		m := compared.FindStringSubmatch(errs)
		if m == nil || !strings.Contains(errs, "(1 new or changed, 0 removed)") {
			t.Fatalf("no count of what was compared:\n%s", errs)
		}
		_, ferrs := e.graph(exitOK, "forget", one)
		r := rowsRead.FindStringSubmatch(ferrs)
		if r == nil || !strings.Contains(ferrs, "forget 1 article") {
			t.Fatalf("no count of the rows forget read:\n%s", ferrs)
		}
		k, _ := strconv.Atoi(r[1])
		forgetRows = append(forgetRows, k)
		n, _ = strconv.Atoi(m[1])
		held, _ = strconv.Atoi(m[2])
		touched = n
		for _, c := range created.FindAllStringSubmatch(errs, -1) {
			k, _ := strconv.Atoi(c[1])
			touched += k
		}
		return touched, n, held
	}
	e.graph(exitOK, "load", "-q", dirs[0])
	small, n, held := add()
	if n == 0 || 20*n > held {
		t.Errorf("adding one article to 30 compared %d of %d stored units", n, held)
	}
	e.graph(exitOK, "load", "-q", dirs[1], dirs[2], dirs[3])
	big, n, bigHeld := add()
	if bigHeld < 3*held || small != big || 20*n > bigHeld {
		t.Errorf("adding one article touched %d units on 30 articles (%d stored), %d on 120 (%d stored, %d compared)",
			small, held, big, bigHeld, n)
	}
	t.Logf("forgetting it read %d rows on 30 articles, %d on 120", forgetRows[0], forgetRows[1])
	if forgetRows[1] > forgetRows[0]+forgetRows[0]/2 {
		t.Errorf("forgetting one article read %d rows on 30 articles, %d on 120", forgetRows[0], forgetRows[1])
	}
}
