package loaders

import (
	"path/filepath"
	"strings"

	"github.com/samber/lo"
)

// Matches reports whether the source an article was loaded from is named
// by arg as Expand reads arguments: the same path (however written:
// "./a.txt", "dir//a.txt" and the absolute path are one file), a file
// below the directory arg, or a path the glob arg matches. URLs and "-"
// match only themselves. Nothing on disk is read, so a file deleted since
// it was loaded still matches.
func Matches(arg, source string) bool {
	if arg == source {
		return true
	}
	if arg == Stdin || source == Stdin || isURL(arg) || isURL(source) {
		return false
	}
	a, s := absPath(arg), absPath(source)
	if a == s || strings.HasPrefix(s, strings.TrimSuffix(a, string(filepath.Separator))+string(filepath.Separator)) {
		return true
	}
	if !strings.ContainsAny(arg, "*?[") {
		return false
	}
	// A glob matches the source itself or a directory above it, as
	// Expand walks each directory a glob matches.
	for p := s; ; p = filepath.Dir(p) {
		if ok, err := filepath.Match(a, p); err == nil && ok {
			return true
		}
		if parent := filepath.Dir(p); parent == p {
			return false
		}
	}
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// MatchPrefixes are the beginnings that a source arg Matches has: a
// database finds the candidates by prefix and tells them apart with
// Matches. They are the path before any glob character as written,
// cleaned, absolute, and relative to the working directory and to each
// directory above it, which covers every source written as arg is, or
// cleanly (as Expand gives the files it walks and globs: "a/b.txt",
// "../main/a/b.txt", "/a/b.txt"). A source written otherwise ("./a.txt"
// named by "a.txt") may be missed. An arg at or above the working
// directory gives "", every source.
func MatchPrefixes(arg string) []string {
	if arg == Stdin || isURL(arg) {
		return []string{arg}
	}
	lit := arg
	if i := strings.IndexAny(arg, "*?["); i >= 0 {
		lit = arg[:i]
	}
	if lit == "" {
		return []string{""} // a glob from the working directory: any relative source
	}
	// A cleaned prefix loses a final separator ("dir/" → "dir"), which
	// only widens it.
	abs := absPath(lit)
	out := []string{lit, filepath.Clean(lit), abs}
	wd, err := filepath.Abs(".")
	if err != nil {
		return []string{""}
	}
	if strings.HasPrefix(wd+string(filepath.Separator), abs) {
		// The working directory, one above it, or a glob whose literal
		// part starts its path ("../ma*"): a relative source may match.
		return []string{""}
	}
	// Relative to the working directory, and through each directory
	// above it ("../main/a" is a clean "a" too).
	up := ""
	for dir := wd; ; dir = filepath.Dir(dir) {
		if rel, err := filepath.Rel(dir, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			out = append(out, up+rel)
		}
		if filepath.Dir(dir) == dir {
			break
		}
		up += ".." + string(filepath.Separator)
	}
	return lo.Uniq(out)
}
