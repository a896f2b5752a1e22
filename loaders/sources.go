package loaders

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
)

// Stdin names standard input among the sources.
const Stdin = "-"

// articleExts are the file endings read when walking a directory; files
// named on the command line are read whatever their ending.
var articleExts = map[string]bool{
	"": true, ".txt": true, ".text": true, ".md": true, ".markdown": true, ".html": true, ".htm": true,
	".xhtml": true, ".json": true, ".jsonl": true, ".ndjson": true, ".xml": true, ".rss": true, ".atom": true,
}

// Expand turns command-line arguments into sources: a directory into the
// article files below it (hidden entries, README and LICENSE files left
// out), a glob into its matches; files, URLs and "-" stay as they are. The
// result is sorted within each argument and free of repeats.
func Expand(args []string) ([]string, []error) {
	var out []string
	var errs []error
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, arg := range args {
		switch {
		case arg == Stdin || isURL(arg):
			add(arg)
			continue
		case strings.ContainsAny(arg, "*?["):
			matches, err := filepath.Glob(arg)
			if err != nil {
				errs = append(errs, &InputError{Source: arg, Err: fmt.Errorf("bad pattern: %v", err)})
				continue
			}
			if len(matches) == 0 {
				errs = append(errs, &InputError{Source: arg, Err: errors.New("no file matches")})
			}
			for _, m := range matches {
				files, err := walk(m)
				errs = append(errs, err...)
				for _, f := range files {
					add(f)
				}
			}
			continue
		}
		files, err := walk(arg)
		errs = append(errs, err...)
		for _, f := range files {
			add(f)
		}
	}
	return out, errs
}

func walk(root string) ([]string, []error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, []error{&InputError{Source: root, Err: plainFSError(err)}}
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var files []string
	var errs []error
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &InputError{Source: path, Err: plainFSError(err)})
			return nil
		}
		name := d.Name()
		if path != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		upper := strings.ToUpper(name)
		if strings.HasPrefix(upper, "README") || strings.HasPrefix(upper, "LICENSE") || !articleExts[strings.ToLower(filepath.Ext(name))] {
			return nil
		}
		files = append(files, path)
		return nil
	})
	sort.Strings(files)
	return files, errs
}

// plainFSError drops the path the fs error repeats: InputError names it.
func plainFSError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return errors.New("no such file or directory")
		case errors.Is(err, fs.ErrPermission):
			return errors.New("permission denied")
		}
		return pe.Err
	}
	return err
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// Reader reads sources into articles.
type Reader struct {
	Options Options
	// Stdin is read for the source "-"; nil means os.Stdin.
	Stdin io.Reader
	// Client fetches URLs; nil means a client with Options.Timeout.
	Client *http.Client
	// Skip, where set, is asked before a file is read, with the file's
	// stamp now (see graph.Article.Stamps): where it answers yes, the
	// file is not read, and ReadAll lists it in Result.Skipped.
	Skip func(source, stamp string) bool
}

// Version names what Parse makes of an input. It is part of every stamp:
// bump it when the same bytes read into another article (text, title,
// metadata), so that loads read again the files they stamped.
const Version = "1"

// racyWindow is how old a file's modification must be for it to be
// stamped.
const racyWindow = 2 * time.Second

// stamp is what a load records of a file read whole into one article.
// The modification time is in nanoseconds: a file rewritten within the
// same second, to the same size, still changes it where the file system
// keeps them (ext4, APFS, NTFS).
func (r *Reader) stamp(info fs.FileInfo) string {
	return fmt.Sprintf("%s/%s/%d/%d", Version, r.Options.order(), info.Size(), info.ModTime().UnixNano())
}

// Read reads and parses one source.
func (r *Reader) Read(ctx context.Context, source string) ([]*graph.Article, []error) {
	arts, errs, _ := r.read(ctx, source)
	return arts, errs
}

// read reads and parses one source, unless it is a file Skip says to
// skip. A file read whole into one article, without error, is stamped as
// it was before it was read: a change while it is read shows next time.
func (r *Reader) read(ctx context.Context, source string) (arts []*graph.Article, errs []error, skipped bool) {
	var info fs.FileInfo
	if source != Stdin && !isURL(source) {
		if fi, err := os.Stat(source); err == nil && fi.Mode().IsRegular() {
			info = fi
			if r.Skip != nil && r.Skip(source, r.stamp(fi)) {
				return nil, nil, true
			}
		}
	}
	data, contentType, err := r.fetch(ctx, source)
	if err != nil {
		return nil, []error{inputErr(source, err)}, false
	}
	arts, errs = Parse(source, data, contentType, r.Options)
	// A file modified in the last seconds is not stamped: a write within
	// the same tick of the file system's clock, to the same size, would
	// not change its stamp (git's "racily clean" files).
	if info != nil && len(arts) == 1 && len(errs) == 0 && arts[0].Source == source && time.Since(info.ModTime()) > racyWindow {
		arts[0].Stamps = map[string]string{source: r.stamp(info)}
	}
	return arts, errs, false
}

func (r *Reader) fetch(ctx context.Context, source string) ([]byte, string, error) {
	max := r.Options.maxBytes()
	switch {
	case source == Stdin:
		in := r.Stdin
		if in == nil {
			in = os.Stdin
		}
		data, err := readLimited(in, max)
		return data, "", err
	case isURL(source):
		return r.get(ctx, source, max)
	}
	info, err := os.Stat(source)
	if err != nil {
		return nil, "", plainFSError(err)
	}
	if info.IsDir() {
		return nil, "", errors.New("is a directory")
	}
	if info.Size() > max {
		return nil, "", fmt.Errorf("%w (%d bytes > %d)", ErrTooLarge, info.Size(), max)
	}
	f, err := os.Open(source)
	if err != nil {
		return nil, "", plainFSError(err)
	}
	defer f.Close()
	data, err := readLimited(f, max)
	return data, "", err
}

func (r *Reader) get(ctx context.Context, u string, max int64) ([]byte, string, error) {
	client := r.Client
	if client == nil {
		timeout := r.Options.Timeout
		if timeout <= 0 {
			timeout = DefaultTimeout
		}
		client = &http.Client{Timeout: timeout}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", "graph (news knowledge graph builder)")
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/json, text/plain;q=0.9, */*;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			return nil, "", errors.New("fetch timed out")
		}
		return nil, "", fmt.Errorf("fetch: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("fetch: HTTP %s", resp.Status)
	}
	if resp.ContentLength > max {
		return nil, "", fmt.Errorf("%w (%d bytes > %d)", ErrTooLarge, resp.ContentLength, max)
	}
	data, err := readLimited(resp.Body, max)
	return data, resp.Header.Get("Content-Type"), err
}

// Result is what a collection of sources gave.
type Result struct {
	// Articles are unique by id, in the order of their first source.
	Articles []*graph.Article
	// Errors are the failures, one per bad source or record.
	Errors []error
	// Sources counts the inputs: the sources read or skipped, and the
	// arguments that named nothing readable (a missing path, a glob
	// without a match).
	Sources int
	// Skipped are the files not read because Reader.Skip said so, sorted.
	Skipped []string
}

// Failed counts the inputs that failed, each once however many of its
// records did.
func (r Result) Failed() int {
	return len(lo.UniqBy(r.Errors, func(err error) any {
		var ie *InputError
		if errors.As(err, &ie) {
			return ie.Source
		}
		return err
	}))
}

// ReadAll expands args and reads every source with all cores, calling
// progress (if not nil) after each source. Articles with the same text are
// merged into one that lists the other sources as duplicates. When ctx is
// done it returns at once with ctx's error among the errors, without
// waiting for the sources being parsed (their results are dropped).
func (r *Reader) ReadAll(ctx context.Context, args []string, progress func(done, total int)) Result {
	sources, errs := Expand(args)
	inputs := len(sources) + len(errs)
	type slot struct {
		arts    []*graph.Article
		errs    []error
		skipped bool
	}
	slots := make([]slot, len(sources))
	var wg sync.WaitGroup
	next := make(chan int)
	var mu sync.Mutex
	done := 0
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				arts, errs, skipped := r.read(ctx, sources[i])
				slots[i] = slot{arts, errs, skipped}
				if progress != nil {
					mu.Lock()
					done++
					progress(done, len(sources))
					mu.Unlock()
				}
			}
		}()
	}
	for i := range sources {
		select {
		case next <- i:
			continue
		case <-ctx.Done():
		}
		break
	}
	close(next)
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-ctx.Done():
		return Result{Errors: append(errs, ctx.Err()), Sources: inputs}
	}
	var all []*graph.Article
	var skipped []string
	for i, s := range slots {
		all = append(all, s.arts...)
		errs = append(errs, s.errs...)
		if s.skipped {
			skipped = append(skipped, sources[i])
		}
	}
	if ctx.Err() != nil {
		errs = append(errs, ctx.Err())
	}
	slices.Sort(skipped)
	return Result{Articles: Dedupe(all), Errors: errs, Sources: inputs, Skipped: skipped}
}

// Dedupe merges articles with the same id: the one whose source sorts
// first keeps its source and records the others' sources (and their
// duplicates) as Duplicates, and takes from them the metadata it lacks, in
// the same order, and the stamps of its sources. The result does not depend on the order of arts, so that
// a folder read in one run or in several gives the same articles.
func Dedupe(arts []*graph.Article) []*graph.Article {
	arts = slices.DeleteFunc(slices.Clone(arts), func(a *graph.Article) bool { return a == nil })
	slices.SortStableFunc(arts, func(a, b *graph.Article) int { return strings.Compare(a.Source, b.Source) })
	byID := map[string]*graph.Article{}
	var out []*graph.Article
	for _, a := range arts {
		if a == nil {
			continue
		}
		first, ok := byID[a.ID]
		if !ok {
			byID[a.ID] = a
			out = append(out, a)
			continue
		}
		if len(a.Stamps) > 0 {
			first.Stamps = lo.Assign(first.Stamps, a.Stamps)
		}
		first.Duplicates = append(first.Duplicates, a.Source)
		first.Duplicates = append(first.Duplicates, a.Duplicates...)
		if first.Published == "" {
			first.Published, first.Note = a.Published, a.Note
		}
		if first.Author == "" {
			first.Author = a.Author
		}
		if first.Publisher == "" {
			first.Publisher = a.Publisher
		}
	}
	for _, a := range out {
		sort.Strings(a.Duplicates)
		if len(a.Stamps) > 0 {
			// Only its own sources' stamps: Replace and forget take
			// sources off an article, not their stamps.
			a.Stamps = lo.PickByKeys(a.Stamps, Sources(a))
			if len(a.Stamps) == 0 {
				a.Stamps = nil
			}
		}
	}
	return out
}
