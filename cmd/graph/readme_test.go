package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/shell"
	"mvdan.cc/sh/v3/syntax"
)

// readmeBlock is one ```sh block of the README: its bin/graph lines.
type readmeBlock struct {
	line     int // where the block starts in README.md
	commands []readmeCommand
	skip     string // why the block is not run
}

type readmeCommand struct {
	line   int
	args   []string // after bin/graph
	expect string   // what follows "→" in its comment
}

// readmeBlocks reads the sh blocks of README.md that run bin/graph.
func readmeBlocks(t *testing.T, path string) []readmeBlock {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks []readmeBlock
	var cur *readmeBlock
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(text) == "```sh":
			cur = &readmeBlock{line: n}
		case cur != nil && strings.TrimSpace(text) == "```":
			if len(cur.commands) > 0 {
				blocks = append(blocks, *cur)
			}
			cur = nil
		case cur != nil:
			code, comment, _ := strings.Cut(text, "#")
			if strings.Contains(code, "../") {
				cur.skip = "uses data outside the repository"
			}
			if !strings.HasPrefix(strings.TrimSpace(code), "bin/graph") {
				continue
			}
			words, err := shell.Fields(code, func(string) string { return "" })
			if err != nil {
				t.Fatalf("README.md:%d: %v", n, err)
			}
			if len(words) > 1 && words[1] == "browser" {
				cur.skip = "graph browser serves until stopped"
			}
			_, expect, _ := strings.Cut(comment, "→")
			cur.commands = append(cur.commands, readmeCommand{line: n, args: words[1:], expect: strings.TrimSpace(expect)})
		}
	}
	return blocks
}

// TestREADMEExamples runs every bin/graph line of the README's sh blocks,
// block by block on an empty database: each must succeed, no query may
// answer nothing, and each answer must hold what its comment promises
// after "→". Files the examples write go to a temporary folder.
func TestREADMEExamples(t *testing.T) {
	e := newLoadEnv(t)
	blocks := readmeBlocks(t, "../../README.md")
	if len(blocks) < 3 {
		t.Fatalf("only %d sh blocks with bin/graph lines in the README", len(blocks))
	}
	t.Chdir("../..")
	out := t.TempDir()
	ran := 0
	for _, b := range blocks {
		if b.skip != "" {
			t.Logf("README.md:%d: block not run: %s", b.line, b.skip)
			continue
		}
		e.clear()
		for _, c := range b.commands {
			args := append([]string{}, c.args...)
			for i := range args {
				if i > 0 && (args[i-1] == "-o" || args[i-1] == "--output") {
					args[i] = filepath.Join(out, filepath.Base(args[i]))
				}
			}
			code, stdout, stderr := graphRun(t, append(append([]string{}, e.flags...), args...)...)
			where := "README.md:" + itoa(c.line) + ": bin/graph " + strings.Join(c.args, " ")
			ran++
			if code != exitOK {
				t.Errorf("%s: exit %d\n%s", where, code, stderr)
				continue
			}
			if len(args) > 0 && args[0] == "query" && regexp.MustCompile(`(?m)^\(0 rows\)$`).MatchString(stdout) {
				t.Errorf("%s: answers nothing", where)
			}
			if c.expect != "" && !strings.Contains(stdout, c.expect) {
				t.Errorf("%s: the answer lacks %q:\n%s", where, c.expect, stdout)
			}
		}
	}
	if ran < 20 {
		t.Errorf("only %d README examples ran", ran)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The shell scripts parse: a quote out of place in scripts/bench's awk
// program once broke it whole, and only a run of it would have told.
func TestScriptsParse(t *testing.T) {
	paths, _ := filepath.Glob("../../scripts/*")
	paths = append(paths, "../../.ci/run")
	parsed := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil || !strings.HasPrefix(string(data), "#!") || !strings.Contains(strings.SplitN(string(data), "\n", 2)[0], "sh") {
			continue
		}
		if _, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(string(data)), p); err != nil {
			t.Errorf("%s does not parse: %v", p, err)
		}
		parsed++
	}
	if parsed < 4 {
		t.Errorf("only %d scripts found to parse", parsed)
	}
}
