package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// loadEnv is a test's view of the real test database.
type loadEnv struct {
	t     testing.TB
	store *neo4jstore.Store
	flags []string
}

func newLoadEnv(t testing.TB) *loadEnv { return envOn(t, neo4jtest.Open(t)) }

// envOn is a loadEnv on the database s is open on.
func envOn(t testing.TB, s *neo4jstore.Store) *loadEnv {
	return &loadEnv{t: t, store: s, flags: connArgs(s.Config())}
}

// connArgs are the CLI's connection flags for cfg.
func connArgs(cfg neo4jstore.Config) []string {
	return []string{"--uri", cfg.URI, "--username", cfg.Username, "--password", cfg.Password, "--database", cfg.Database}
}

// graph runs the CLI against the test database and fails the test on an
// unexpected exit code.
func (e *loadEnv) graph(want int, args ...string) (stdout, stderr string) {
	e.t.Helper()
	code, out, errs := graphRun(e.t, append(append([]string{}, e.flags...), args...)...)
	if code != want {
		e.t.Fatalf("graph %s: exit %d, want %d\nstderr: %s", strings.Join(args, " "), code, want, errs)
	}
	return out, errs
}

// dump is the whole database as the export's JSON.
func (e *loadEnv) dump() string {
	e.t.Helper()
	g, err := e.store.Dump(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	data, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

// counts are the database's node and relationship counts by label and type.
func (e *loadEnv) counts() string {
	e.t.Helper()
	rows, err := e.store.Read(context.Background(),
		"CALL { MATCH (n) UNWIND labels(n) AS k RETURN k, count(*) AS c UNION ALL MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS c } "+
			"RETURN k, sum(c) AS c ORDER BY k", nil)
	if err != nil {
		e.t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r["k"].(string) + "=" + strings.TrimSpace(jsonString(r["c"])) + " ")
	}
	return b.String()
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (e *loadEnv) clear() {
	e.t.Helper()
	if err := e.store.Clear(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// extracted is what `graph extract --format json` gives for the paths,
// re-encoded the way dump encodes.
func extracted(t *testing.T, paths ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "x.json")
	if code, _, errs := graphRun(t, append([]string{"extract", "-q", "-o", out}, paths...)...); code != exitOK {
		t.Fatalf("extract: exit %d: %s", code, errs)
	}
	return reencode(t, out)
}

func reencode(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g any
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	out, _ := json.MarshalIndent(g, "", "  ")
	return string(out)
}

func dumpJSON(t *testing.T, e *loadEnv) string {
	var g any
	if err := json.Unmarshal([]byte(e.dump()), &g); err != nil {
		t.Fatal(err)
	}
	out, _ := json.MarshalIndent(g, "", "  ")
	return string(out)
}

// sameGraph fails with the first differing line of two dumps.
func sameGraph(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			t.Fatalf("%s: first difference at line %d:\n got: %s\nwant: %s", what, i+1, g[i], w[i])
		}
	}
	t.Fatalf("%s: %d lines, want %d", what, len(g), len(w))
}

func TestLoadMatchesExtractAndTwiceChangesNothing(t *testing.T) {
	e := newLoadEnv(t)
	_, errs := e.graph(exitOK, "load", examples)
	if !strings.Contains(errs, "5 articles, 0 already loaded") || !strings.Contains(errs, "created") {
		t.Errorf("first load summary:\n%s", errs)
	}
	first, firstCounts := dumpJSON(t, e), e.counts()
	sameGraph(t, "database after load vs graph extract", first, extracted(t, examples))

	_, errs = e.graph(exitOK, "load", examples)
	if !strings.Contains(errs, "up to date") {
		t.Errorf("second load should find nothing to do:\n%s", errs)
	}
	// --force re-extracts everything and compares every unit.
	_, errs = e.graph(exitOK, "load", "--force", examples)
	if !strings.Contains(errs, "0 created       0 updated       0 deleted") {
		t.Errorf("forced reload changed something:\n%s", errs)
	}
	sameGraph(t, "after a second and a forced load", dumpJSON(t, e), first)
	if c := e.counts(); c != firstCounts {
		t.Fatalf("counts changed:\n%s\n%s", firstCounts, c)
	}
	for _, want := range []string{"Article=5 ", "LoadState=1 ", "MENTIONS=", "SHARED_DATA_WITH=", "REPORTED_BY=", "SAID_BY="} {
		if !strings.Contains(firstCounts, want) {
			t.Errorf("counts lack %s: %s", want, firstCounts)
		}
	}
}

func TestLoadOneArticleAtATimeEqualsOneRun(t *testing.T) {
	e := newLoadEnv(t)
	files, err := filepath.Glob(filepath.Join(examples, "*.txt"))
	if err != nil || len(files) < 5 {
		t.Fatalf("examples: %v %v", files, err)
	}
	// Newest first, so that short names ("Warner") come before the full
	// ones they resolve to.
	sort.Sort(sort.Reverse(sort.StringSlice(files)))
	for _, f := range files {
		e.graph(exitOK, "load", "-q", f)
	}
	pieces := dumpJSON(t, e)
	e.clear()
	e.graph(exitOK, "load", "-q", examples)
	sameGraph(t, "five single-article loads vs one load", pieces, dumpJSON(t, e))
}

// copyExamples copies the founding articles into a fresh directory.
func copyExamples(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "articles")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(examples, "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestChangedArticleReplacesWhatItSaid(t *testing.T) {
	e := newLoadEnv(t)
	dir := copyExamples(t)
	e.graph(exitOK, "load", "-q", dir)
	const story = "Orbital Freight is a logistics company based in Rotterdam.\n\n" +
		"Orbital Freight sued Kestrel Shipping over a broken contract, the company said on Monday.\n\n" +
		"Kestrel Shipping denied any wrongdoing and said it would fight the case in court.\n"
	path := filepath.Join(dir, "900-freight.txt")
	if err := os.WriteFile(path, []byte("Freight firm sues rival\n\n"+story), 0o644); err != nil {
		t.Fatal(err)
	}
	e.graph(exitOK, "load", "-q", dir)
	if !strings.Contains(e.dump(), "Company:orbital-freight") || !strings.Contains(e.counts(), "SUED=1") {
		t.Fatalf("the new article's fact is missing: %s", e.counts())
	}

	// The same file now tells another story: the lawsuit and the firms
	// only it named are gone; the new fact is there.
	changed := "Freight firm teams up with rival\n\nOrbital Freight partnered with Harbour Lines on a new route to Oslo.\n"
	if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs := e.graph(exitOK, "load", dir)
	if !strings.Contains(errs, "1 new or changed, 1 removed") {
		t.Errorf("summary should say one article changed:\n%s", errs)
	}
	dump := e.dump()
	if strings.Contains(dump, "Kestrel") || strings.Contains(e.counts(), "SUED=") {
		t.Errorf("the old article's lawsuit survived the change: %s", e.counts())
	}
	if !strings.Contains(dump, "Company:harbour-lines") || !strings.Contains(dump, `"PARTNERED_WITH"`) {
		t.Errorf("the changed article's new fact is missing: %s", e.counts())
	}
	sameGraph(t, "after a change vs graph extract", dumpJSON(t, e), extracted(t, dir))

	// Forgetting it leaves the founding articles' graph.
	_, errs = e.graph(exitOK, "forget", path)
	if !strings.Contains(errs, "1 removed") {
		t.Errorf("forget summary:\n%s", errs)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	sameGraph(t, "after forget vs graph extract", dumpJSON(t, e), extracted(t, dir))
	_, errs = e.graph(exitPartial, "forget", "a:0000000000000000")
	if !strings.Contains(errs, "no loaded article has this id or source") {
		t.Errorf("forgetting an unknown article: %s", errs)
	}
}

func TestLoadDryRunWritesNothing(t *testing.T) {
	e := newLoadEnv(t)
	_, errs := e.graph(exitOK, "load", "--dry-run", examples)
	if !strings.Contains(errs, "would write (dry run)") || !strings.Contains(errs, "5 created") {
		t.Errorf("dry run summary:\n%s", errs)
	}
	if c := e.counts(); c != "" {
		t.Errorf("a dry run wrote: %s", c)
	}
}

func TestLoadReportsBadInputsAndLoadsTheRest(t *testing.T) {
	e := newLoadEnv(t)
	dir := copyExamples(t)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "binary.txt"), []byte{0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7}, 0o644)
	_, errs := e.graph(exitPartial, "load", dir)
	if !strings.Contains(errs, "empty.txt") || !strings.Contains(errs, "binary.txt") || !strings.Contains(errs, "2 failed") {
		t.Errorf("load should name both bad files and count them:\n%s", errs)
	}
	if !strings.Contains(e.counts(), "Article=5 ") {
		t.Errorf("the good articles were not loaded: %s", e.counts())
	}
}

func TestLoadFailsFastWhenNeo4jIsUnreachableOrRefuses(t *testing.T) {
	e := newLoadEnv(t)
	for _, tc := range []struct {
		override []string
		code     int
		says     string
	}{
		{[]string{"--uri", "bolt://127.0.0.1:1"}, exitUnavailable, "cannot reach"},
		{[]string{"--password", "wrong-password"}, exitAuth, "refused the credentials"},
	} {
		args := append(append(append([]string{}, e.flags...), tc.override...), "load", examples)
		code, _, errs := graphRun(t, args...)
		if code != tc.code || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.says) {
			t.Errorf("%v: exit %d, want %d with one line saying %q; stderr %q", tc.override, code, tc.code, tc.says, errs)
		}
	}
}

// A load that reads nothing says what failed, writes nothing, and does
// not talk as forget does.
func TestLoadOfNothingSaysSo(t *testing.T) {
	e := newLoadEnv(t)
	e.graph(exitOK, "load", "-q", contested)
	before := e.dump()
	_, errs := e.graph(exitPartial, "load", "/nonexistent/articles")
	for _, want := range []string{"/nonexistent/articles: no such file or directory", "read 1 input: 0 articles", "nothing loaded", "1 of 1 inputs failed"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "forget") || strings.Contains(errs, "of 0 inputs") {
		t.Errorf("stderr talks of forget or of 0 inputs:\n%s", errs)
	}
	_, errs = e.graph(exitFailure, "load", t.TempDir())
	if !strings.Contains(errs, "no article found in") {
		t.Errorf("an empty folder:\n%s", errs)
	}
	sameGraph(t, "after loads of nothing", e.dump(), before)
}

// forget takes what load takes: a folder, a glob, a path written another
// way, a file deleted since, a file read for its text; and says which
// argument named nothing.
func TestForgetTakesWhatLoadTakes(t *testing.T) {
	e := newLoadEnv(t)
	dir := copyExamples(t)
	e.graph(exitOK, "load", "-q", dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != 5 {
		t.Fatalf("%d example files", len(files))
	}
	articles := func() int {
		rows, err := e.store.Read(context.Background(), "MATCH (a:Article) RETURN count(a) AS n", nil)
		if err != nil {
			t.Fatal(err)
		}
		return int(rows[0]["n"].(int64))
	}

	// The first file by its path written another way, after it was deleted.
	os.Remove(files[0])
	_, errs := e.graph(exitOK, "forget", filepath.Join(dir, ".", "sub", "..", filepath.Base(files[0])))
	if !strings.Contains(errs, "forget 1 article") || articles() != 4 {
		t.Errorf("forget a deleted file by another spelling of its path: %d articles left\n%s", articles(), errs)
	}
	// The second by its text, in a file of another name.
	copyOf := filepath.Join(t.TempDir(), "copy.txt")
	data, _ := os.ReadFile(files[1])
	os.WriteFile(copyOf, data, 0o644)
	e.graph(exitOK, "forget", copyOf)
	if articles() != 3 {
		t.Errorf("forget by text: %d articles left", articles())
	}
	// The third and fourth by a glob, the rest by the folder; an unknown
	// name is reported and the rest still done.
	e.graph(exitOK, "forget", filepath.Join(dir, "00[34]*"))
	if articles() != 1 {
		t.Errorf("forget by glob: %d articles left", articles())
	}
	_, errs = e.graph(exitPartial, "forget", dir, "/nonexistent/file.txt")
	if !strings.Contains(errs, "/nonexistent/file.txt: no loaded article has this id or source (no such file or directory)") ||
		!strings.Contains(errs, "1 of 2 inputs failed") || articles() != 0 {
		t.Errorf("forget a folder and a missing file: %d articles left\n%s", articles(), errs)
	}
	if c := e.counts(); c != "LoadState=1 " {
		t.Errorf("after forgetting everything: %s", c)
	}
}

// hourAgo is a time files are set to (age).
var hourAgo = time.Now().Add(-time.Hour)

// age sets the files' modification time to an hour ago, plus by: files
// modified in the last seconds are not stamped.
func age(t *testing.T, by time.Duration, paths ...string) {
	t.Helper()
	when := hourAgo.Add(by)
	for _, p := range paths {
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
	}
}

// A file the database holds with its size and modification time is not
// read again; --force reads it, and a touched file is read once more.
func TestUnchangedFilesAreNotReadAgain(t *testing.T) {
	e := newLoadEnv(t)
	dir := copyExamples(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	age(t, 0, files...)
	if _, errs := e.graph(exitOK, "load", "-q", dir); strings.Contains(errs, "not read again") {
		t.Fatalf("a first load skipped files:\n%s", errs)
	}
	first := dumpJSON(t, e)
	_, errs := e.graph(exitOK, "load", "-q", dir)
	if !strings.Contains(errs, "read 5 inputs (5 unchanged since loaded, not read again): 0 articles") || !strings.Contains(errs, "up to date") {
		t.Fatalf("a second load read files again:\n%s", errs)
	}

	// An edit that keeps the size, with the old time put back, goes
	// unseen: the file is not read. --force reads it.
	path := files[0]
	data, _ := os.ReadFile(path)
	edited := strings.Replace(string(data), "Facebook", "Facebonk", 1)
	if edited == string(data) || len(edited) != len(data) {
		t.Fatalf("%s does not name Facebook", path)
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, 0, path)
	if _, errs = e.graph(exitOK, "load", "-q", dir); !strings.Contains(errs, "(5 unchanged") {
		t.Fatalf("a file with its size and time was read:\n%s", errs)
	}
	sameGraph(t, "after an unseen edit", dumpJSON(t, e), first)
	if _, errs = e.graph(exitOK, "load", "-q", "--force", dir); strings.Contains(errs, "not read again") || !strings.Contains(errs, "1 new or changed, 1 removed") {
		t.Fatalf("--force did not read every file:\n%s", errs)
	}
	sameGraph(t, "after --force", dumpJSON(t, e), extracted(t, dir))

	// A touched file is read, changes nothing but its stamp, and is not
	// read the time after. A file modified just now is read each time
	// until it is some seconds old.
	age(t, time.Minute, files[1])
	fresh := filepath.Join(dir, "fresh.txt")
	if err := os.WriteFile(fresh, []byte("Acme buys Initech\n\nAcme Corp bought Initech on Monday, the company said.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs = e.graph(exitOK, "load", "-q", dir); !strings.Contains(errs, "read 6 inputs (4 unchanged since loaded, not read again): 2 articles, 1 already loaded") {
		t.Fatalf("load after a touch and a new file:\n%s", errs)
	}
	if _, errs = e.graph(exitOK, "load", "-q", dir); !strings.Contains(errs, "read 6 inputs (5 unchanged") || !strings.Contains(errs, "up to date") {
		t.Fatalf("the touched file was read again, or the fresh one was not:\n%s", errs)
	}
	sameGraph(t, "after touches", dumpJSON(t, e), extracted(t, dir))
}

// A skipped file is read after all where its article has another source
// read now: one article's metadata comes from all its files, as one read
// of them all has it. And what a load writes of an article is what all
// its sources say, whichever its text comes from.
func TestFilesOfOneArticleAreReadTogether(t *testing.T) {
	e := newLoadEnv(t)
	dir := t.TempDir()
	const title = "Globex fined over adverts"
	const body = "Regulators fined Globex Corporation on Tuesday for misleading customers, the agency said.\n\nThe company said it would appeal."
	plain := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(plain, []byte(title+"\n\n"+body+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "b.txt")
	if err := os.WriteFile(other, []byte("Initech grows\n\nInitech hired forty engineers in Austin, the firm said.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, 0, plain, other)
	e.graph(exitOK, "load", "-q", dir)

	// The same story as JSON, with a date the text file lacks, is one
	// article with it, dated.
	dated := filepath.Join(dir, "c.json")
	if err := os.WriteFile(dated, []byte(`{"title": "`+title+`", "text": `+strconv.Quote(body)+`, "published": "2019-03-05"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, 0, dated)
	_, errs := e.graph(exitOK, "load", "-q", dir)
	if !strings.Contains(errs, "(2 unchanged") {
		t.Errorf("the new duplicate's first source, or the other file, was read:\n%s", errs)
	}
	if _, errs = e.graph(exitOK, "load", "-q", dir); !strings.Contains(errs, "up to date") {
		t.Errorf("a load after the duplicate's still finds changes:\n%s", errs)
	}
	want := extracted(t, dir)
	if !strings.Contains(want, `"published": "2019-03-05"`) {
		t.Fatalf("graph extract does not date the article:\n%s", want)
	}
	sameGraph(t, "after a dated duplicate", dumpJSON(t, e), want)

	// The JSON copy loses its date: the text file, unchanged, is read
	// again with it, as one read of both would.
	if err := os.WriteFile(dated, []byte(`{"title": "`+title+`", "text": `+strconv.Quote(body)+`}`), 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, time.Minute, dated)
	if _, errs = e.graph(exitOK, "load", "-q", dir); !strings.Contains(errs, "(1 unchanged") {
		t.Errorf("the text file was not read with its changed duplicate:\n%s", errs)
	}
	sameGraph(t, "after the duplicate lost its date", dumpJSON(t, e), extracted(t, dir))
}
