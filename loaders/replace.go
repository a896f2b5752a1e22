package loaders

import (
	"slices"
	"sort"

	"github.com/newsgraph/graph/graph"
)

// Replace combines the articles loaded before with those read now, as
// reading all their sources at once would: a source read now holds what it
// holds now, so it is taken off the article it held before, and an article
// left with no source is gone. Articles with the same id are merged by
// Dedupe. Neither slice is modified.
func Replace(loaded, read []*graph.Article) []*graph.Article {
	now := map[string]bool{}
	for _, a := range read {
		for _, s := range Sources(a) {
			now[s] = true
		}
	}
	var all []*graph.Article
	for _, a := range loaded {
		var keep []string
		for _, s := range Sources(a) {
			if !now[s] {
				keep = append(keep, s)
			}
		}
		if len(keep) == 0 {
			continue
		}
		sort.Strings(keep)
		c := *a
		c.Source, c.Duplicates = keep[0], nil
		if len(keep) > 1 {
			c.Duplicates = keep[1:]
		}
		all = append(all, &c)
	}
	for _, a := range read {
		c := *a
		c.Duplicates = slices.Clone(a.Duplicates)
		all = append(all, &c)
	}
	return Dedupe(all)
}

// Sources returns every source of an article: its own and its duplicates'.
func Sources(a *graph.Article) []string {
	return append([]string{a.Source}, a.Duplicates...)
}
