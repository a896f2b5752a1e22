package loaders

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenArticle is what a golden file records of an article: everything a
// reader needs to judge the cleaning, sentence by sentence.
type goldenArticle struct {
	ID         string   `json:"id"`
	Source     string   `json:"source"`
	Format     string   `json:"format"`
	Title      string   `json:"title"`
	Published  string   `json:"published"`
	Note       string   `json:"note,omitempty"`
	Author     string   `json:"author"`
	Publisher  string   `json:"publisher"`
	Paragraphs int      `json:"paragraphs"`
	Sentences  []string `json:"sentences"`
}

func toGolden(arts []*graph.Article) []goldenArticle {
	var out []goldenArticle
	for _, a := range arts {
		g := goldenArticle{ID: a.ID, Source: filepath.ToSlash(a.Source), Format: a.Format, Title: a.Title,
			Published: a.Published, Note: a.Note, Author: a.Author, Publisher: a.Publisher,
			Paragraphs: len(a.Paragraphs)}
		for i := range a.Sentences {
			g.Sentences = append(g.Sentences, a.SentenceText(i))
		}
		out = append(out, g)
	}
	return out
}

func checkGolden(t *testing.T, name string, got any) {
	t.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./loaders -update to create it, then review it)", err)
	}
	if !bytes.Equal(want, data) {
		t.Errorf("%s differs from the golden file; run go test ./loaders -run %s -update and review the diff\n%s", path, t.Name(), firstDiff(string(want), string(data)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, w, g)
		}
	}
	return ""
}

// TestGoldenFoundingArticles: the five bundled articles, cleaned. The
// golden file was read sentence by sentence against the originals: every
// sentence of each story is there and no comment form, newsletter,
// advertising or navigation text is.
func TestGoldenFoundingArticles(t *testing.T) {
	files, _ := filepath.Glob("../examples/facebook-china/*.txt")
	if len(files) != 5 {
		t.Fatalf("found %d founding articles, want 5", len(files))
	}
	var arts []*graph.Article
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, errs := Parse(f, data, "", Options{})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", f, errs)
		}
		arts = append(arts, got...)
	}
	checkGolden(t, "founding", toGolden(arts))
	for _, a := range arts {
		for _, chrome := range []string{"commenting using", "Akismet", "Follow us", "Join ", "inbox", "Advertising", "Leave a", "Tags:", "Disclaimer", "passionate"} {
			if strings.Contains(a.Text, chrome) {
				t.Errorf("%s: cleaned text still holds %q", a.Source, chrome)
			}
		}
	}
}

// TestGoldenFormats: an HTML page, a JSON Lines file, an RSS feed and a
// Markdown note of our own making.
func TestGoldenFormats(t *testing.T) {
	for _, name := range []string{"page.html", "articles.jsonl", "feed.xml", "note.md"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "inputs", name)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			arts, errs := Parse(path, data, "", Options{})
			if len(errs) > 0 {
				t.Fatalf("%v", errs)
			}
			checkGolden(t, strings.ReplaceAll(name, ".", "_"), toGolden(arts))
		})
	}
}

func TestHTMLDropsChrome(t *testing.T) {
	data, _ := os.ReadFile("testdata/inputs/page.html")
	arts, errs := Parse("page.html", data, "", Options{})
	if len(errs) > 0 || len(arts) != 1 {
		t.Fatalf("%v %v", arts, errs)
	}
	a := arts[0]
	for _, chrome := range []string{"Home", "Advertisement", "Share on", "Related stories", "Post comment", "Privacy policy", "All rights reserved"} {
		if strings.Contains(a.Text, chrome) {
			t.Errorf("cleaned text holds %q:\n%s", chrome, a.Text)
		}
	}
	if a.Author != "Jane Doe" || a.Published != "2021-03-04" || a.Publisher != "Daily Ledger" {
		t.Errorf("metadata: author %q, published %q, publisher %q", a.Author, a.Published, a.Publisher)
	}
	if !strings.Contains(a.Text, "Globex, which is based in Rotterdam, declined to comment.") {
		t.Errorf("the story's last sentence is missing:\n%s", a.Text)
	}
}

// TestBadInputs: a folder of good articles and every kind of bad input.
// The good ones load; each bad one is reported once, naming the file.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	entries, _ := os.ReadDir("testdata/bad")
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join("testdata/bad", e.Name()))
		os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "huge.txt"), []byte("A title line here\n\n"+strings.Repeat("word ", 5000)), 0o644)
	os.Symlink(filepath.Join(dir, "gone.txt"), filepath.Join(dir, "dangling.txt"))

	r := &Reader{Options: Options{MaxBytes: 10_000}}
	res := r.ReadAll(context.Background(), []string{dir, filepath.Join(dir, "missing.txt")}, nil)

	got := map[string]string{}
	for _, err := range res.Errors {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error without a source: %v", err)
		}
		key := filepath.Base(ie.Source)
		if _, dup := got[key]; dup {
			t.Errorf("%s reported twice", key)
		}
		got[key] = err.Error()
	}
	want := map[string]string{
		"empty.txt":      "empty file",
		"image.bin.txt":  "binary",
		"broken.json":    "line 1: malformed JSON",
		"nobody.html":    "no article text",
		"empty-feed.xml": "feed has no items",
		"mixed.jsonl":    "line 2: malformed JSON",
		"huge.txt":       "larger than the size limit",
		"dangling.txt":   "no such file",
		"missing.txt":    "no such file",
	}
	for file, says := range want {
		if !strings.Contains(got[file], says) {
			t.Errorf("%s: got error %q, want one saying %q", file, got[file], says)
		}
	}
	for file := range got {
		if _, ok := want[file]; !ok {
			t.Errorf("unexpected error for %s: %s", file, got[file])
		}
	}
	var titles []string
	for _, a := range res.Articles {
		titles = append(titles, a.Title)
	}
	sort.Strings(titles)
	wantTitles := []string{"Café owners protest new tax", "Council approves harbour plan", "ok"}
	if strings.Join(titles, "|") != strings.Join(wantTitles, "|") {
		t.Errorf("good articles: %q, want %q", titles, wantTitles)
	}
	for _, a := range res.Articles {
		if a.Title == "Café owners protest new tax" && !strings.Contains(a.Note, "Windows-1252") {
			t.Errorf("latin-1 file: the note should say it was decoded, got %q", a.Note)
		}
	}
}

func TestDuplicatesAreOneArticle(t *testing.T) {
	dir := t.TempDir()
	text := "Bank raises rates\n\nThe central bank raised its main rate on Thursday.\n"
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(text), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte(strings.ReplaceAll(text, " ", "  ")), 0o644)
	os.WriteFile(filepath.Join(dir, "c.txt"), []byte("Other story here\n\nSomething else happened on Friday.\n"), 0o644)
	res := (&Reader{}).ReadAll(context.Background(), []string{dir}, nil)
	if len(res.Articles) != 2 || len(res.Errors) != 0 {
		t.Fatalf("got %d articles, errors %v", len(res.Articles), res.Errors)
	}
	a := res.Articles[0]
	if filepath.Base(a.Source) != "a.txt" || len(a.Duplicates) != 1 || filepath.Base(a.Duplicates[0]) != "b.txt" {
		t.Errorf("source %s, duplicates %v", a.Source, a.Duplicates)
	}
}

func TestStdinAndGlobAndURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/story":
			w.Header().Set("Content-Type", "text/html")
			data, _ := os.ReadFile("testdata/inputs/page.html")
			w.Write(data)
		case "/slow":
			time.Sleep(2 * time.Second)
		case "/big":
			w.Write(bytes.Repeat([]byte("x"), 20_000))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	r := &Reader{Stdin: strings.NewReader("Piped headline here\n\nA story that came in on standard input today.\n"),
		Options: Options{Timeout: 500 * time.Millisecond, MaxBytes: 10_000}}
	res := r.ReadAll(context.Background(), []string{"-", "testdata/inputs/*.md", srv.URL + "/story", srv.URL + "/slow", srv.URL + "/big", srv.URL + "/missing"}, nil)
	titles := map[string]bool{}
	for _, a := range res.Articles {
		titles[a.Title] = true
	}
	for _, want := range []string{"Piped headline here", "Council approves harbour plan", "Regulator opens inquiry into Acme Corp data deal"} {
		if !titles[want] {
			t.Errorf("missing article %q (got %v)", want, titles)
		}
	}
	errs := map[string]string{}
	for _, err := range res.Errors {
		var ie *InputError
		errors.As(err, &ie)
		errs[strings.TrimPrefix(ie.Source, srv.URL)] = err.Error()
	}
	for src, says := range map[string]string{"/slow": "timed out", "/big": "size limit", "/missing": "404"} {
		if !strings.Contains(errs[src], says) {
			t.Errorf("%s: error %q, want %q", src, errs[src], says)
		}
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in, want string
		order    DateOrder
		noted    bool
	}{
		{"2018-06-05", "2018-06-05", DayFirst, false},
		{"2018-06-05T10:11:12Z", "2018-06-05", DayFirst, false},
		{"Tue, 05 Jun 2018 10:00:00 GMT", "2018-06-05", DayFirst, false},
		{"June 3rd, 2018", "2018-06-03", DayFirst, false},
		{"Sunday, June 3, 2018", "2018-06-03", DayFirst, false},
		{"3 June 2018", "2018-06-03", DayFirst, false},
		{"3rd of June, 2018", "2018-06-03", DayFirst, false},
		{"07/06/2018", "2018-06-07", DayFirst, true},
		{"07/06/2018", "2018-07-06", MonthFirst, true},
		{"25/06/2018", "2018-06-25", MonthFirst, false},
		{"06/25/2018", "2018-06-25", DayFirst, false},
		{"6.6.18", "2018-06-06", DayFirst, false},
		{"31/06/2018", "", DayFirst, false},
		{"yesterday", "", DayFirst, false},
	}
	for _, c := range cases {
		got, note, ok := ParseDate(c.in, c.order)
		if got != c.want || ok != (c.want != "") || (note != "") != c.noted {
			t.Errorf("ParseDate(%q, %s) = %q, %q, %v; want %q (noted %v)", c.in, c.order, got, note, ok, c.want, c.noted)
		}
	}
}

func TestFindRelativeDates(t *testing.T) {
	// 2018-06-07 is a Thursday.
	text := "On Sunday the report came out. Facebook said on Tuesday it would end the deal later this week; last week it was silent, and yesterday it spoke."
	got := FindRelativeDates(text, "2018-06-07")
	want := map[string]string{"On Sunday": "2018-06-03", "on Tuesday": "2018-06-05", "later this week": "2018-06-04", "last week": "2018-05-28", "yesterday": "2018-06-06"}
	if len(got) != len(want) {
		t.Fatalf("found %v", got)
	}
	for _, g := range got {
		if want[g.Phrase] != g.Date {
			t.Errorf("%q resolved to %s, want %s", g.Phrase, g.Date, want[g.Phrase])
		}
		if text[g.Start:g.End] != g.Phrase {
			t.Errorf("offsets of %q are wrong", g.Phrase)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Sen. Mark Warner spoke. He was angry.", []string{"Sen. Mark Warner spoke.", "He was angry."}},
		{"The U.S. Congress met. Facebook Inc. said no.", []string{"The U.S. Congress met.", "Facebook Inc. said no."}},
		{"It sold to Acme Inc. The deal closed.", []string{"It sold to Acme Inc.", "The deal closed."}},
		{`"We approved it," said Mr. Varela. "It was controlled."`, []string{`"We approved it," said Mr. Varela.`, `"It was controlled."`}},
		{"Shares rose 3.5% to $192.05. Analysts cheered!", []string{"Shares rose 3.5% to $192.05.", "Analysts cheered!"}},
		{"Mark R. Warner of Virginia spoke.", []string{"Mark R. Warner of Virginia spoke."}},
		{"First paragraph\n\nSecond one.", []string{"First paragraph", "Second one."}},
		{"It said “no.” Then it left.", []string{"It said “no.”", "Then it left."}},
		// Chinese and Japanese end marks need no space after them.
		{"华为否认了这一说法。脸书表示将结束合作！为什么？", []string{"华为否认了这一说法。", "脸书表示将结束合作！", "为什么？"}},
		{"彼は「終わりだ。」と言った。次の日、辞任した。", []string{"彼は「終わりだ。」と言った。", "次の日、辞任した。"}},
		// Scripts without case start sentences too.
		{"قالت الشركة إنها لم تجمع البيانات. وأضافت أنها ستتعاون؟ نعم.", []string{"قالت الشركة إنها لم تجمع البيانات.", "وأضافت أنها ستتعاون؟", "نعم."}},
		{"החברה הכחישה. היא תשתף פעולה.", []string{"החברה הכחישה.", "היא תשתף פעולה."}},
	}
	for _, c := range cases {
		var got []string
		for _, s := range SplitSentences(c.text) {
			got = append(got, c.text[s.Start:s.End])
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("SplitSentences(%q)\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

func TestCleanRules(t *testing.T) {
	cases := []struct {
		line   string
		chrome bool
	}{
		{"Get Techgenyz's roundup delivered to your inbox every week.", true},
		{"Join 10,000+ Fellow Readers", true},
		{"Sign up for our newsletter to get the latest.", true},
		{"You are commenting using your Twitter account.", true},
		{"Connecting to %s", true},
		{"Share this article", true},
		{"The company said it had joined the network of suppliers in 2019.", false},
		{"Netflix added 2 million subscribers in the quarter.", false},
		{`"You can't do that to your customers," she said.`, false},
		{"Analysts said the deal would help the firm reach new markets.", false},
	}
	for _, c := range cases {
		got := isCallToAction(c.line) || isFragment(c.line) || isTrailer(c.line)
		if got != c.chrome {
			t.Errorf("%q: chrome = %v, want %v", c.line, got, c.chrome)
		}
	}
}

// TestNewsThatLooksLikeChromeIsKept: sentences of news that use the words
// of calls to action are not removed.
func TestNewsThatLooksLikeChromeIsKept(t *testing.T) {
	for _, line := range []string{
		"Workers will join the strike today, the union said.",
		"More than 2,000 nurses are expected to join the protest now planned for Friday.",
	} {
		if isCallToAction(line) || isFragment(line) || isTrailer(line) {
			t.Errorf("%q was taken for chrome", line)
		}
	}
}

// Counts are per input: an argument that names nothing is an input that
// failed, and a file with several bad records is one failed input.
func TestResultCountsInputs(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.jsonl"), []byte("{bad\n{\"title\":\"T\",\"text\":\"x\"}\n{worse\n"), 0o644)
	res := (&Reader{}).ReadAll(context.Background(), []string{filepath.Join(dir, "bad.jsonl"), filepath.Join(dir, "missing.txt")}, nil)
	if res.Sources != 2 || res.Failed() != 2 || len(res.Errors) < 3 {
		t.Errorf("Sources %d, Failed %d, %d errors: %v", res.Sources, res.Failed(), len(res.Errors), res.Errors)
	}
}

func TestMatchesReadsPathsAsExpandDoes(t *testing.T) {
	for _, tc := range []struct {
		arg, source string
		want        bool
	}{
		{"a/b.txt", "a/b.txt", true},
		{"./a//b.txt", "a/b.txt", true},
		{"a", "a/b.txt", true},
		{"a/", "a/sub/b.txt", true},
		{"ab", "a/b.txt", false},
		{"a/*.txt", "a/b.txt", true},
		{"a/*", "a/sub/b.txt", true},
		{"a/*.md", "a/b.txt", false},
		{"https://x/y", "https://x/y", true},
		{"https://x", "https://x/y", false},
		{"-", "a/b.txt", false},
	} {
		if got := Matches(tc.arg, tc.source); got != tc.want {
			t.Errorf("Matches(%q, %q) = %v", tc.arg, tc.source, got)
		}
	}
}

// Whatever an argument matches starts with one of its prefixes, for
// sources written cleanly or as the argument is, relative or absolute,
// below the working directory, beside it or above it.
func TestMatchPrefixesHoldWhatMatches(t *testing.T) {
	root := t.TempDir()
	wd := filepath.Join(root, "work", "main")
	if err := os.MkdirAll(wd, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(wd)
	var sources []string
	for _, abs := range []string{
		filepath.Join(wd, "a", "b.txt"), filepath.Join(wd, "a", "sub", "c.txt"), filepath.Join(wd, "ab.txt"),
		filepath.Join(root, "work", "shared", "d.txt"), filepath.Join(root, "work", "mainly", "e.txt"), filepath.Join(root, "f.txt"),
	} {
		rel, _ := filepath.Rel(wd, abs)
		sources = append(sources, abs, rel)
	}
	args := []string{"a", "a/", "./a", "a/b.txt", "a/*.txt", "a/s*", "*", "*.txt", ".", "..", "../..", "../shared", "../sh*",
		"../ma*/a", "../main/a", "../main/./a/b.txt", "ab*", filepath.Join(root, "work"), filepath.Join(root, "work", "main", "a"),
		filepath.Join(root, "work", "sha*"), "-", "https://x/y"}
	sources = append(sources, args...) // a source written as its argument is
	matched := 0
	for _, arg := range args {
		prefixes := MatchPrefixes(arg)
		for _, s := range sources {
			if !Matches(arg, s) || s != arg && filepath.Clean(s) != s && !isURL(s) {
				continue
			}
			matched++
			if !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) }) {
				t.Errorf("Matches(%q, %q), but no prefix of %q begins it", arg, s, prefixes)
			}
		}
	}
	if matched < 40 {
		t.Errorf("only %d matches: the grid tests little", matched)
	}
	if p := MatchPrefixes("a/sub"); slices.Contains(p, "") {
		t.Errorf("a folder below the working directory reads every source: %q", p)
	}
}

// Binary is refused wherever it is: after a UTF-16 byte-order mark, or
// after 8 KiB of good text; UTF-16 text itself is read.
func TestBinaryAnywhereIsRefused(t *testing.T) {
	story := strings.Repeat("Acme Corp sued Globex Inc over its patents on Monday, the court said. ", 150)
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(i*7 + i/13)
	}
	utf16le := func(s string) []byte {
		out := []byte{0xFF, 0xFE}
		for _, r := range s {
			out = append(out, byte(r), byte(r>>8))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"binary after 8 KiB of text", append([]byte("Acme sues Globex\n\n"+story+"\n"), garbage...), ErrBinary},
		{"binary after a UTF-16 mark", append([]byte{0xFF, 0xFE}, garbage...), ErrBinary},
		{"control bytes without NUL after 8 KiB", append([]byte("Acme sues Globex\n\n"+story+"\n"), bytes.Repeat([]byte{1, 2, 3, 'a'}, 3000)...), ErrBinary},
		{"UTF-16 text", utf16le("Acme sues Globex\n\n" + story + "\n"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arts, errs := Parse("x.txt", tc.data, "", Options{})
			if tc.want == nil {
				if len(errs) > 0 || len(arts) != 1 || !strings.Contains(arts[0].Text, "Globex Inc") {
					t.Errorf("not read: %v", errs)
				}
				return
			}
			if len(errs) != 1 || !errors.Is(errs[0], tc.want) || len(arts) > 0 {
				t.Errorf("got %d articles and %v, want %v", len(arts), errs, tc.want)
			}
		})
	}
}

// A page nested deeper than the HTML parser goes (512 elements) is read
// all the same, block by block.
func TestDeeplyNestedHTMLIsRead(t *testing.T) {
	p := "<p>" + strings.Repeat("Acme Corp sued Globex Inc over its patents on Monday, the court said. ", 4) + "</p>"
	page := "<html><head><title>Acme sues Globex</title><script>var x = 1;</script></head><body>" +
		strings.Repeat("<div>", 600) + "<nav>Home | News</nav><article>" + strings.Repeat(p, 3) + "</article>" +
		strings.Repeat("</div>", 600) + "</body></html>"
	arts, errs := Parse("deep.html", []byte(page), "text/html", Options{})
	if len(errs) > 0 || len(arts) != 1 {
		t.Fatalf("not read: %v", errs)
	}
	a := arts[0]
	if a.Title != "Acme sues Globex" || !strings.Contains(a.Text, "Globex Inc over its patents") ||
		strings.Contains(a.Text, "var x") || strings.Contains(a.Text, "Home | News") || a.Note == "" {
		t.Errorf("title %q, note %q, text %q", a.Title, a.Note, a.Text)
	}
}

// An article of one sentence is an article.
func TestOneSentenceArticle(t *testing.T) {
	arts, errs := Parse("one.txt", []byte("Acme Corp sued Globex Inc over its patents on Monday.\n"), "", Options{})
	if len(errs) > 0 || len(arts) != 1 || len(arts[0].Sentences) != 1 {
		t.Fatalf("got %d articles, %v", len(arts), errs)
	}
	// A bare headline is still no article.
	if _, errs := Parse("title.txt", []byte("Acme sues Globex\n"), "", Options{}); len(errs) != 1 || !errors.Is(errs[0], ErrNoText) {
		t.Errorf("a headline alone: %v", errs)
	}
}

// Text copied from web pages keeps HTML character references: they are
// the characters they stand for, in the title and the body, and an
// ampersand that starts none stays.
func TestTextCharacterReferences(t *testing.T) {
	data := "EU rethinks software patents &amp; more\n\nEC President Jos&#233; Manuel Barroso wrote to AT&T and R&D firms&#x2026; &bogus; Q&amp;A.\n"
	for _, name := range []string{"refs.txt", "refs.md"} {
		arts, errs := Parse(name, []byte(data), "", Options{})
		if len(errs) > 0 || len(arts) != 1 {
			t.Fatalf("%s: %d articles, %v", name, len(arts), errs)
		}
		if a := arts[0]; a.Title != "EU rethinks software patents & more" ||
			a.Text != "EC President Jos\u00e9 Manuel Barroso wrote to AT&T and R&D firms\u2026 &bogus; Q&A." {
			t.Errorf("%s: title %q, text %q", name, a.Title, a.Text)
		}
	}
}

// An article holds its own strings, not the input it was read from: a
// load holds every article it reads, and a title cut from its input
// would keep the input in memory too, doubling what the articles take.
func TestArticlesDoNotHoldTheirInput(t *testing.T) {
	body := strings.Repeat("Acme Corp sued Globex Inc over its patents on Monday, and it wants damages. ", 25)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var arts []*graph.Article
	text := 0
	for i := range 500 {
		as, errs := Parse(fmt.Sprintf("%d.txt", i), []byte(fmt.Sprintf("Acme sues Globex, day %d\n\n%s\n\n%s\n", i, body, body)), "", Options{})
		if len(errs) > 0 || len(as) != 1 {
			t.Fatalf("got %d articles, %v", len(as), errs)
		}
		arts = append(arts, as...)
		text += len(as[0].Text)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if held := int(after.HeapAlloc) - int(before.HeapAlloc); held > 2*text {
		t.Errorf("500 articles of %d bytes of text in all hold %d bytes of heap", text, held)
	}
	runtime.KeepAlive(arts)
}

// Names that would drive the terminal are printed quoted, with escapes.
func TestPrintableNames(t *testing.T) {
	for name, want := range map[string]string{
		"plain/file.txt":        "plain/file.txt",
		"café/naïve.txt":        "café/naïve.txt",
		"evil\n\x1b[31mred.txt": `"evil\n\x1b[31mred.txt"`,
		"invoice\u202Etxt.exe":  `"invoice\u202etxt.exe"`,
		"tab\there.txt":         `"tab\there.txt"`,
	} {
		if got := Printable(name); got != want {
			t.Errorf("Printable(%q) = %s, want %s", name, got, want)
		}
	}
	err := &InputError{Source: "a\x1b[2Jb.txt", Err: ErrEmpty}
	if strings.ContainsRune(err.Error(), '\x1b') {
		t.Errorf("an input error prints an escape: %q", err.Error())
	}
}

// Article ids are hashed from the text's key as it is written, rune by
// rune; the bytes must be what the key always was (fold quotes and
// dashes, lower case, one space between words), or every stored id would
// change.
func TestWriteKeyIsNormalizeKey(t *testing.T) {
	folds := strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", "\"", "\u201d", "\"", "\u2014", "-", "\u2013", "-")
	key := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(folds.Replace(s))), " ") }
	for _, s := range []string{
		"", "  ", "Plain text.", "  Lead and trail  ", "Tabs\tand\nnew\r\nlines\u00a0nbsp\u2003em",
		"“Curly” ‘quotes’ — dashes – here", "ÇAĞRI İstanbul ΣΊΣΥΦΟΣ", "emoji 🎉 and 中文 text", "a\u2028b\u0085c",
	} {
		var b bytes.Buffer
		w := bufio.NewWriter(&b)
		writeKey(w, s)
		w.Flush()
		if b.String() != key(s) || normalizeKey(s) != key(s) {
			t.Errorf("writeKey(%q) = %q, normalizeKey %q, want %q", s, b.String(), normalizeKey(s), key(s))
		}
	}
}

func readPage(t *testing.T, name, file string) *graph.Article {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/pages", file))
	if err != nil {
		t.Fatal(err)
	}
	arts, errs := Parse(name, data, "", Options{})
	if len(errs) > 0 || len(arts) != 1 {
		t.Fatalf("%s: %v %v", file, arts, errs)
	}
	return arts[0]
}

// TestPageKeepsBodyStructure: a page's lists, table rows and short
// paragraphs are the article's; its newsletter box and "latest news" list
// are not, and its headline and standfirst are metadata, not body.
func TestPageKeepsBodyStructure(t *testing.T) {
	a := readPage(t, "structure.html", "structure.html")
	for _, kept := range []string{"Ferry terminal moved to the north quay", "A cycle path along the sea wall",
		"Terminal | 2023 | £40m", "Work starts in June", "publish its noise measurements every month."} {
		if !strings.Contains(a.Text, kept) {
			t.Errorf("text lacks %q:\n%s", kept, a.Text)
		}
	}
	for _, chrome := range []string{"Morning Briefing", "in your inbox", "Bridge closed", "Latest news", "Local", "© 2022",
		"adds two hundred homes", "Council approves harbour plan"} {
		if strings.Contains(a.Text, chrome) {
			t.Errorf("text holds %q:\n%s", chrome, a.Text)
		}
	}
	want := [4]string{"Council approves harbour plan – what changes", "2022-05-17", "Ana Lima", "Harbour Gazette"}
	if got := [4]string{a.Title, a.Published, a.Author, a.Publisher}; got != want {
		t.Errorf("title, date, author, publisher = %q, want %q", got, want)
	}
}

// TestPageInJapanese: a page without spaces between words is read whole
// and split into sentences at 。 and ！.
func TestPageInJapanese(t *testing.T) {
	a := readPage(t, "japanese.html", "japanese.html")
	got := lo.Map(a.Sentences, func(s graph.Span, _ int) string { return a.Text[s.Start:s.End] })
	want := []string{"市議会は月曜日、港湾再開発計画を賛成多数で承認した。", "フェリーターミナルは北側の岸壁に移される。",
		"計画は港湾局と市の都市計画課が三年かけてまとめたもので、旧石炭置き場には二百戸の住宅が建設され、防波堤に沿って自転車道が整備される予定だ。",
		"総事業費は約百億円に上る見通しで、市は国の補助金も申請する方針を示した。",
		"住民団体は工事を注視すると述べた！", "港湾局は騒音の測定結果を毎月公表すると約束した。",
		"反対した議員からは、説明会の回数が少なすぎるとの声も上がった。"}
	if a.Title != "市議会が港湾計画を承認" || !slices.Equal(got, want) {
		t.Errorf("title %q, sentences\n got %q\nwant %q", a.Title, got, want)
	}
}

// TestPageDateFromURL: a page with no date in its markup takes the one in
// its address, as htmldate reads it.
func TestPageDateFromURL(t *testing.T) {
	if a := readPage(t, "https://news.example.com/local/2021/06/03/bridge-closed.html", "nodate.html"); a.Published != "2021-06-03" {
		t.Errorf("published %q, want 2021-06-03", a.Published)
	}
	if a := readPage(t, "nodate.html", "nodate.html"); a.Published != "" {
		t.Errorf("published %q for a page with no date anywhere", a.Published)
	}
}

// TestPagePromos: the follow-us and comment-policy lines a page reader
// keeps are dropped; news that speaks of comments and approval is not.
func TestPagePromos(t *testing.T) {
	for line, promo := range map[string]bool{
		"Follow @BGRDeals on Twitter to keep up with the latest and greatest deals from around the web.":                           true,
		"ATENÇÃO: Comentários com textos ininteligíveis ou que faltem com respeito ao usuário não serão aprovados pelo moderador.": true,
		"Comments are moderated and will be published after approval.":                                                             true,
		"The regulator approved the merger after public comments closed in May.":                                                   false,
		"The senator said she would follow the committee's work on Twitter and elsewhere.":                                         false,
	} {
		if got := isPagePromo(line); got != promo {
			t.Errorf("isPagePromo(%q) = %v, want %v", line, got, promo)
		}
	}
}

func TestTidyPageMetadata(t *testing.T) {
	authors := map[string]string{
		"By Jane Doe":                     "Jane Doe",
		"Analysis by Chris Cillizza; CNN": "Chris Cillizza; CNN",
		"Текст Лида Буслаева":             "Лида Буслаева",
		"Jeff Foust Monday; November":     "Jeff Foust",
		"Rachael Link; MS; RD":            "Rachael Link",
		"Colin Rust commented on":         "",
		"Theresa May":                     "Theresa May",
		"Carrie Arnold November":          "Carrie Arnold",
	}
	for in, want := range authors {
		if got := tidyAuthor(in); got != want {
			t.Errorf("tidyAuthor(%q) = %q, want %q", in, got, want)
		}
	}
	titles := []struct{ title, publisher, url, want string }{
		{"Best tech gadgets of 2019 | ZDNet", "ZDNet", "", "Best tech gadgets of 2019"},
		{"The Impeachment Clock | National Review", "", "https://www.nationalreview.com/2019/11/x/", "The Impeachment Clock"},
		{"Sky News - Mourinho agrees deal", "Sky News", "", "Mourinho agrees deal"},
		{"Fed holds rates - and why it matters", "Reuters", "", "Fed holds rates - and why it matters"},
	}
	for _, c := range titles {
		if got := tidyTitle(c.title, c.publisher, c.url); got != c.want {
			t.Errorf("tidyTitle(%q) = %q, want %q", c.title, got, c.want)
		}
	}
	for in, want := range map[string]string{"https://www.facebook.com/nbcnews": "", "Copyright 2014": "", "BBC News": "BBC News"} {
		if got := tidyPublisher(in); got != want {
			t.Errorf("tidyPublisher(%q) = %q, want %q", in, got, want)
		}
	}
}

// A file read whole into one article is stamped with the reader's version
// and options and the file's size and time, unless it was modified in the
// last seconds; a file Skip accepts is not read, and is listed.
func TestStampsAndSkip(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, age time.Duration) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		when := time.Now().Add(-age)
		if err := os.Chtimes(path, when, when); err != nil {
			t.Fatal(err)
		}
		return path
	}
	story := "Acme buys Initech\n\nAcme Corp bought Initech on Monday, the company said.\n"
	old := write("old.txt", story, time.Hour)
	fresh := write("fresh.txt", "Globex grows\n\nGlobex hired forty engineers in Austin, the firm said.\n", 0)
	lines := write("feed.jsonl", `{"title": "One", "text": "Acme Corp bought Initech on Monday."}`+"\n"+
		`{"title": "Two", "text": "Globex hired forty engineers in Austin."}`+"\n", time.Hour)
	info, _ := os.Stat(old)
	r := &Reader{Options: Options{DateOrder: MonthFirst}}
	res := r.ReadAll(context.Background(), []string{dir}, nil)
	stamps := map[string]map[string]string{}
	for _, a := range res.Articles {
		stamps[a.Source] = a.Stamps
	}
	want := fmt.Sprintf("%s/mdy/%d/%d", Version, info.Size(), info.ModTime().UnixNano())
	if len(res.Articles) != 4 || !maps.Equal(stamps[old], map[string]string{old: want}) {
		t.Errorf("the old file's stamps are %v, want %s", stamps[old], want)
	}
	if stamps[fresh] != nil || stamps[lines+"#1"] != nil || stamps[lines+"#2"] != nil {
		t.Errorf("a fresh file or a file of many articles was stamped: %v", stamps)
	}

	var asked []string
	r.Skip = func(source, stamp string) bool {
		asked = append(asked, source)
		return stamp == want
	}
	res = r.ReadAll(context.Background(), []string{dir}, nil)
	if !slices.Equal(res.Skipped, []string{old}) || res.Sources != 3 || len(res.Articles) != 3 || len(asked) != 3 {
		t.Errorf("skipped %v of %d sources, %d articles, asked about %v", res.Skipped, res.Sources, len(res.Articles), asked)
	}
	for _, a := range res.Articles {
		if a.Source == old {
			t.Errorf("a skipped file was read")
		}
	}
	r.Options.DateOrder = DayFirst // another stamp
	if res = r.ReadAll(context.Background(), []string{dir}, nil); len(res.Skipped) != 0 {
		t.Errorf("a file read with other options was skipped")
	}
}
