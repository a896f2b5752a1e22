// Command mklexicon derives two word lists from a general news corpus, for
// the extractor's data in schema/:
//
//   - lexicon.txt: common words, ones written in lower case far more often
//     than capitalised inside a sentence. A capitalised common word on its
//     own ("Critics", "Following", "Recent") is not a name.
//   - given_names.txt: first names, the words that stand before a surname
//     the same text later calls "Mr/Mrs/Ms/Dr <surname>".
//
// It reads every .txt file under the directories given and writes
// the two files into the output directory:
//
//	go run ./scripts/mklexicon -out schema ../shared/corpora/bbc
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

var word = regexp.MustCompile(`[\p{L}][\p{L}'’-]*|[.!?]+|\n\s*\n`)

func main() {
	out := flag.String("out", "schema", "directory for lexicon.txt and given_names.txt")
	flag.Parse()
	lower := map[string]int{}
	capMid := map[string]int{}
	given := map[string]int{}
	for _, root := range flag.Args() {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txt") || strings.EqualFold(d.Name(), "README.TXT") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			count(string(data), lower, capMid, given)
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "mklexicon:", err)
			os.Exit(1)
		}
	}
	var lex, names []string
	for w, n := range lower {
		c := capMid[w]
		if n >= 3 && c*6 <= n {
			lex = append(lex, w)
		}
	}
	for w, n := range given {
		if n >= 2 && capMid[strings.ToLower(w)]*4 >= lower[strings.ToLower(w)] {
			names = append(names, w)
		}
	}
	write(filepath.Join(*out, "lexicon.txt"), "common English words: written in lower case at least 6 times as often as capitalised inside a sentence", lex)
	write(filepath.Join(*out, "given_names.txt"), "first names: words seen before a surname that the same article calls Mr, Mrs, Ms or Dr", names)
}

func count(text string, lower, capMid, given map[string]int) {
	toks := word.FindAllString(text, -1)
	surnames := map[string]bool{}
	for i := 0; i+1 < len(toks); i++ {
		switch toks[i] {
		case "Mr", "Mrs", "Ms", "Dr", "Miss":
			surnames[toks[i+1]] = true
		}
	}
	start := true
	for i, t := range toks {
		r := []rune(t)
		switch {
		case strings.Contains(t, "\n") || strings.ContainsAny(t, ".!?"):
			start = true
			continue
		case unicode.IsLower(r[0]):
			lower[strings.ToLower(t)]++
		case !start && unicode.IsUpper(r[0]):
			capMid[strings.ToLower(t)]++
			if i+1 < len(toks) && surnames[toks[i+1]] && !surnames[t] {
				given[t]++
			}
		case start && unicode.IsUpper(r[0]) && i+1 < len(toks) && surnames[toks[i+1]] && !surnames[t]:
			given[t]++
		}
		start = false
	}
}

func write(path, what string, words []string) {
	sort.Strings(words)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s.\n# Made by scripts/mklexicon from the BBC news corpus (2004-05); regenerate, do not edit.\n", what)
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "mklexicon:", err)
		os.Exit(1)
	}
}
