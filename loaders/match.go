package loaders

import (
	"path/filepath"
	"strings"
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
