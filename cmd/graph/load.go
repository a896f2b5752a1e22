package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/samber/lo"
	"github.com/urfave/cli/v2"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/loaders/extract"
	"github.com/newsgraph/graph/loaders/nlp/english"
	"github.com/newsgraph/graph/schema"
)

// defaultBatchArticles bounds what a first load of a big corpus holds at
// once: a batch's graph while it is written (some 40 KB an article), its
// articles analysed analysisChunk at a time, and the resolution's rows
// its names need. Each batch rewrites the entities and rows whose counts
// grew, so smaller batches take longer (BENCHMARKS.md).
const defaultBatchArticles = 10000

// analysisChunk is the most articles a big load (one in batches, or one
// that extracts again more than a batch) holds analysed at once: an
// analysed article holds its tokens until its facts are built, some
// 65 KB. The articles of a batch are analysed for their names a chunk at
// a time, and again for their facts; on the 16x BBC corpus this took
// the peak from 1.8 to 1.2 GB, and the time from 217 to 272 s; chunks of
// 1,000 rather than 2,000 hold 65 MB less (BENCHMARKS.md). A variable
// for tests.
var analysisChunk = 1000

func writeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "batch-size", Usage: "rows written per transaction", Value: neo4jstore.DefaultBatchSize},
		&cli.IntFlag{Name: "writers", Usage: "transactions in flight at once", Value: 2},
		&cli.BoolFlag{Name: "dry-run", Usage: "extract and report what would change, and write nothing"},
	}
}

func loadCommand() *cli.Command {
	return &cli.Command{
		Name:      "load",
		Usage:     "read, extract and write articles into Neo4j",
		ArgsUsage: "PATH|DIR|GLOB|URL|- ...",
		Description: "Reads the articles, extracts their graph (as 'graph extract' does) and makes Neo4j hold it.\n\n" +
			"Loading is idempotent and incremental: entities are resolved over every article in the\n" +
			"database, not only the ones read now, so loading a folder in one run or in several gives\n" +
			"the same graph, and a second load of the same files changes nothing. A file whose text\n" +
			"changed replaces what it said before; facts only it supported go. An interrupted load\n" +
			"(Ctrl-C, a crash, Neo4j going away) is finished by the next one.\n\n" +
			"A file the database holds with its size and modification time is not read again\n" +
			"(--force reads every file). Only new and changed articles are analysed, and resolved\n" +
			"against what the database keeps of resolution; the few articles whose names now\n" +
			"resolve otherwise are extracted again.\n" +
			"More files than --batch-articles are read, extracted and written that many at a time,\n" +
			"and more new articles than that from one read in batches, each written before the next.\n" +
			"Loads of one database take turns: a second load, on this machine or another, waits\n" +
			"for the running one and starts from what it wrote.\n\n" +
			"Example: graph load examples/facebook-china",
		Flags: append(append(loaderFlags(), writeFlags()...),
			&cli.BoolFlag{Name: "force", Usage: "read every file and re-extract every loaded article even when nothing changed"},
			&cli.IntFlag{Name: "batch-articles", Value: defaultBatchArticles,
				Usage: "files read, and new articles extracted and written, per batch: memory holds a batch, and the names of the rest; articles extracted again (--force, another extractor) are analysed this many at a time (1,000 at most)"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("load needs at least one file, directory, glob, URL or - (see graph load --help)")
			}
			if c.Int("batch-articles") < 1 {
				return usagef("--batch-articles must be at least 1")
			}
			l, err := newLoad(c)
			if err != nil {
				return err
			}
			defer l.close()
			if groups := l.inputGroups(c.Args().Slice()); len(groups) > 1 {
				return l.stream(groups)
			}
			res, err := l.readFiles(c.Args().Slice(), false)
			if err != nil {
				return err
			}
			if len(res.Articles) == 0 && len(res.Skipped) == 0 {
				return l.nothingLoaded(res, l.readLine(0))
			}
			all, err := l.loadRead(res)
			if err != nil {
				return lockLost(c, err)
			}
			return l.fails.or(readFailures(res), len(all))
		},
	}
}

// nothingLoaded says that the inputs held no article to add or replace,
// and leaves the database be.
func (l *load) nothingLoaded(res loaders.Result, readLine string) error {
	c := l.c
	fmt.Fprintf(c.App.ErrWriter, "%s; nothing loaded\n", readLine)
	if err := readFailures(res); err != nil {
		return err
	}
	return fmt.Errorf("no article found in %s", strings.Join(c.Args().Slice(), " "))
}

// loadRead makes the database hold what it held with the articles just
// read added, or replacing theirs, and gives the articles it then holds.
func (l *load) loadRead(res loaders.Result) (all []*graph.Article, err error) {
	if l.incremental() {
		// The articles the database holds already are extracted again
		// only where their names now resolve otherwise, with their text
		// from the database: their texts read from the files need not
		// stay in memory (76 MB of 1.1 GB at the peak of an add to the
		// 16x BBC corpus).
		// Only those loaded from the same sources: where the first
		// source changes, so may the text.
		loaded := lo.SliceToMap(l.loaded, func(a *graph.Article) (string, string) { return a.ID, articleKey(a) })
		l.forgetTexts(lo.Filter(res.Articles, func(a *graph.Article, _ int) bool { return loaded[a.ID] == articleKey(a) }))
	}
	stamps := lo.SliceToMap(l.loaded, func(a *graph.Article) (string, map[string]string) { return a.ID, a.Stamps })
	all = loaders.Replace(l.loaded, res.Articles)
	if err := l.syncAll(all); err != nil {
		return nil, err
	}
	if err := l.writeStamps(stamps, all); err != nil {
		return nil, err
	}
	return all, nil
}

// inputGroups splits a load's inputs into groups of --batch-articles
// files where they are more (without --force or --dry-run): each group
// is read, extracted and written before the next is read (stream).
func (l *load) inputGroups(args []string) [][]string {
	c := l.c
	if c.Bool("force") || c.Bool("dry-run") {
		return [][]string{args}
	}
	files, errs := loaders.Expand(args)
	if len(errs) > 0 || len(files) <= c.Int("batch-articles") {
		return [][]string{args} // one read reports what is wrong
	}
	return lo.Chunk(files, c.Int("batch-articles"))
}

// stream loads groups of input files one after the other, each an
// incremental load on top of the one before, as loads of each would be
// (and loads in parts end in the graph one load gives): memory then
// holds the texts of a group, not of every file. One summary says what
// they did together.
func (l *load) stream(groups [][]string) error {
	c := l.c
	collectOften()
	l.batches = &batches{}
	var read loaders.Result // what was read, without the articles
	var articles, unchanged, fresh, removed int
	var all []*graph.Article
	files := lo.SumBy(groups, func(g []string) int { return len(g) })
	done := 0
	for k, inputs := range groups {
		res, err := l.readFiles(inputs, true)
		if err != nil {
			return err
		}
		read.Sources += res.Sources
		read.Errors = append(read.Errors, res.Errors...)
		read.Skipped = append(read.Skipped, res.Skipped...)
		articles += len(res.Articles)
		unchanged += lo.CountBy(res.Articles, func(a *graph.Article) bool { return l.before[a.ID] })
		kept := len(l.loaded)
		if all, err = l.loadRead(res); err != nil {
			return lockLost(c, err)
		}
		added := lo.CountBy(all, func(a *graph.Article) bool { return !l.before[a.ID] })
		fresh += added
		removed += kept - (len(all) - added)
		if err := l.wrote(all); err != nil {
			return err
		}
		done += len(inputs)
		if !c.Bool("quiet") {
			l.batchDone(k+1, len(groups), done, files, "files")
		}
	}
	readLine := readSummary(read.Sources, len(read.Skipped), articles, unchanged, read.Failed())
	if articles == 0 && len(read.Skipped) == 0 {
		return l.nothingLoaded(read, readLine)
	}
	stats := l.batches.stats
	l.batches = nil
	if stats == nil {
		l.upToDate(readLine, l.held)
	} else {
		l.summary(all, fresh, removed, stats, readLine)
	}
	return l.fails.or(readFailures(read), len(all))
}

// wrote makes the next batch start from what this one wrote: the
// database holds the articles all.
func (l *load) wrote(all []*graph.Article) error {
	l.held = l.inDB(all)
	var err error
	if l.state, err = l.store.LoadState(l.c.Context); err != nil {
		return err
	}
	l.loaded = lo.Map(all, func(a *graph.Article, _ int) *graph.Article {
		meta := *a
		meta.Text, meta.Paragraphs, meta.Sentences = "", nil, nil
		return &meta
	})
	l.before = lo.SliceToMap(all, func(a *graph.Article) (string, bool) { return a.ID, true })
	return nil
}

// batchDone says that batch k of n is loaded: done of total things
// (files, new articles), the rate and the time left.
func (l *load) batchDone(k, n, done, total int, things string) {
	rate := float64(done) / time.Since(l.start).Seconds()
	left := time.Duration(float64(total-done)/rate) * time.Second
	fmt.Fprintf(l.c.App.ErrWriter, "batch %d/%d: %d of %d %s loaded (%.0f/s, %s left)\n",
		k, n, done, total, things, rate, left.Round(time.Second))
}

// upToDate says that the load found nothing to write.
func (l *load) upToDate(readLine string, articles int) {
	fmt.Fprintf(l.c.App.ErrWriter, "%s; the database is up to date (%d articles), nothing to write (%s)\n",
		readLine, articles, time.Since(l.start).Round(time.Millisecond))
}

func forgetCommand() *cli.Command {
	return &cli.Command{
		Name:      "forget",
		Usage:     "remove articles from Neo4j, with whatever only they supported",
		ArgsUsage: "ARTICLE-ID|PATH|DIR|GLOB|URL|- ...",
		Description: "Removes articles and recomputes the graph from the articles that remain: entities,\n" +
			"facts, claims and quotes that only the removed articles supported are gone, counts are\n" +
			"recomputed. It takes what load takes, and an article's id:\n\n" +
			"  - a file, folder or glob removes the articles loaded from the files it names, even\n" +
			"    files deleted since (an article also loaded from another file keeps that one);\n" +
			"  - a path, URL or - that names no loaded source is read, and the articles with its\n" +
			"    text are removed, whatever they were loaded as;\n" +
			"  - an article id (as graph query article shows it) removes that article.\n\n" +
			"Examples:\n" +
			"  graph forget examples/facebook-china/003_da4df916ab79f058.txt\n" +
			"  graph forget examples/facebook-china          (every article loaded from the folder)\n" +
			"  graph forget 'examples/facebook-china/00[12]*'",
		Flags: append(loaderFlags(), writeFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("forget needs at least one article id, file, folder, glob, URL or - (see graph forget --help)")
			}
			l, err := newLoad(c)
			if err != nil {
				return err
			}
			defer l.close()
			if err := l.begin(); err != nil {
				return err
			}
			ids, sources, unknown, err := l.named(c.Args().Slice())
			if err != nil {
				return err
			}
			for _, u := range unknown {
				fmt.Fprintf(c.App.ErrWriter, "graph: %s\n", u)
			}
			if len(ids)+len(sources) > 0 {
				if err := l.sync(forget(l.loaded, ids, sources)); err != nil {
					return lockLost(c, err)
				}
			}
			if len(unknown) > 0 {
				return &partialError{failed: len(unknown), total: c.NArg()}
			}
			return nil
		},
	}
}

// named finds what forget's arguments name among the loaded articles: the
// ids named, the sources matched, and the arguments that name nothing
// loaded. An argument that matches no source by name is read, and matches
// the loaded articles with its text.
func (l *load) named(args []string) (ids, sources map[string]bool, unknown []string, err error) {
	ids, sources = map[string]bool{}, map[string]bool{}
	if l.partial {
		// Only the articles the arguments can name are read: by id, and
		// by the beginnings of the sources they match.
		prefixes := lo.Uniq(lo.FlatMap(args, func(a string, _ int) []string { return loaders.MatchPrefixes(a) }))
		got, err := l.store.ArticlesNamed(l.c.Context, args, prefixes)
		if err != nil {
			return nil, nil, nil, err
		}
		l.hold(got)
	}
	var reader *loaders.Reader
	for _, arg := range args {
		if l.before[arg] {
			ids[arg] = true
			continue
		}
		matched := false
		for _, a := range l.loaded {
			for _, s := range loaders.Sources(a) {
				if loaders.Matches(arg, s) {
					sources[s], matched = true, true
				}
			}
		}
		if matched {
			continue
		}
		if reader == nil {
			if reader, err = newReader(l.c); err != nil {
				return nil, nil, nil, err
			}
		}
		res := reader.ReadAll(l.c.Context, []string{arg}, nil)
		if err := l.c.Context.Err(); err != nil {
			return nil, nil, nil, err
		}
		if l.partial {
			got, err := l.store.ArticlesTouching(l.c.Context, lo.Map(res.Articles, func(a *graph.Article, _ int) string { return a.ID }), nil)
			if err != nil {
				return nil, nil, nil, err
			}
			l.hold(got)
		}
		for _, a := range res.Articles {
			if l.before[a.ID] {
				ids[a.ID], matched = true, true
			}
		}
		if !matched {
			why := "no loaded article has this id or source"
			if len(res.Articles) > 0 {
				why += ", nor its text"
			} else if len(res.Errors) > 0 {
				why += " (" + strings.TrimPrefix(res.Errors[0].Error(), arg+": ") + ")"
			}
			unknown = append(unknown, loaders.Printable(arg)+": "+why)
		}
	}
	return ids, sources, unknown, nil
}

// forget takes the articles with the given ids, and the given sources,
// off the loaded ones: an article keeps the sources it has left.
func forget(loaded []*graph.Article, ids, sources map[string]bool) (rest []*graph.Article) {
	for _, a := range loaded {
		if ids[a.ID] {
			continue
		}
		var keep []*graph.Article
		for _, s := range loaders.Sources(a) {
			if !sources[s] {
				c := *a
				c.Source, c.Duplicates = s, nil
				keep = append(keep, &c)
			}
		}
		rest = append(rest, loaders.Dedupe(keep)...)
	}
	return rest
}

// load is one run of load or forget: the database, what it holds, and what
// was read.
type load struct {
	c      *cli.Context
	o      *schema.Ontology
	store  *neo4jstore.Store
	lock   *neo4jstore.Lock // nil in a dry run
	loaded []*graph.Article // without text
	before map[string]bool  // the ids of loaded
	// partial: loaded holds only the articles that what the load read
	// touches (touching), or that forget's arguments can name (named),
	// not every one the database holds, which are held; an incremental
	// load or forget reads no more.
	partial bool
	held    int
	state   neo4jstore.LoadState
	read    loaders.Result
	start   time.Time
	waited  time.Duration // for the lock, not yet counted in a phase
	// lockWait is the whole wait for the lock; times are the time spent
	// reading, extracting and writing, since mark.
	lockWait time.Duration
	times    [3]time.Duration
	mark     time.Time
	batches  *batches // a load in batches, while it runs
	// fails are the articles whose extraction failed, told as they fail.
	fails *extractFailures
}

// readFiles reads the load's arguments, takes the lock and reads what the
// database holds (begin). A file the database holds with the stamp it has
// now (loaders.Reader.Skip) is not read: the article it gave is loaded.
// The stamps are asked for before the lock, so that loaders read side by
// side, and checked once it is held: a skipped file is read after all
// where no loaded article holds it with that stamp any more (another load
// changed it meanwhile), or where its article has another source read
// now, whose change may change what the article takes from it (its
// metadata, as one read of both would). --force reads every file.
func (l *load) readFiles(inputs []string, quiet bool) (loaders.Result, error) {
	c := l.c
	// The language core loads while files and the database are read, once
	// a file is to be read: a load of files unchanged since loaded needs
	// none of it.
	preload := sync.OnceFunc(func() { go english.Default() })
	var known map[string]string
	if !c.Bool("force") {
		files, _ := loaders.Expand(inputs) // the read reports what is wrong
		var err error
		if known, err = l.store.Stamps(c.Context, files); err != nil {
			return loaders.Result{}, err
		}
		if lo.SomeBy(files, func(f string) bool { _, ok := known[f]; return !ok }) {
			preload() // a new file, a URL, standard input
		}
	} else {
		preload()
	}
	must := map[string]bool{}
	skip := func(source, stamp string) bool {
		if known[source] == stamp && !must[source] {
			return true
		}
		preload()
		return false
	}
	res, err := readSkipping(c, inputs, skip, quiet)
	if err != nil {
		return res, err
	}
	if l.before == nil { // the first read of a stream: take the lock
		if err := l.begin(); err != nil {
			return res, err
		}
	}
	if err := l.touching(res); err != nil {
		return res, err
	}
	for len(res.Skipped) > 0 {
		held := map[string]string{}
		owner := map[string]*graph.Article{}
		for _, a := range l.loaded {
			maps.Copy(held, a.Stamps)
			for _, s := range loaders.Sources(a) {
				owner[s] = a
			}
		}
		readNow := lo.Keyify(lo.FlatMap(res.Articles, func(a *graph.Article, _ int) []string { return loaders.Sources(a) }))
		again := lo.Filter(res.Skipped, func(s string, _ int) bool {
			a := owner[s]
			return a == nil || held[s] != known[s] || lo.SomeBy(loaders.Sources(a), func(o string) bool { _, ok := readNow[o]; return ok })
		})
		if len(again) == 0 {
			break
		}
		// Read again, these too: an article merges its sources' metadata
		// in their order, which one read of them all keeps.
		for _, s := range again {
			must[s] = true
		}
		if res, err = readSkipping(c, inputs, skip, true); err != nil {
			return res, err
		}
		if err := l.touching(res); err != nil {
			return res, err
		}
	}
	printReadErrors(c, res)
	l.read = res
	return res, nil
}

// touching reads, in a partial load, the articles the database holds that
// what was read (res) touches: those with the ids of the articles read,
// and those loaded from the files read or skipped. What the load does to
// the set of articles (loaders.Replace) is done to them; the others stand.
func (l *load) touching(res loaders.Result) error {
	if !l.partial {
		return nil
	}
	ids := lo.Map(res.Articles, func(a *graph.Article, _ int) string { return a.ID })
	sources := append(lo.FlatMap(res.Articles, func(a *graph.Article, _ int) []string { return loaders.Sources(a) }), res.Skipped...)
	got, err := l.store.ArticlesTouching(l.c.Context, ids, sources)
	if err != nil {
		return err
	}
	l.loaded, l.before = nil, map[string]bool{}
	l.hold(got)
	return nil
}

// hold adds articles read from the database to those a partial load
// holds (loaded, before).
func (l *load) hold(got []*graph.Article) {
	for _, a := range got {
		if !l.before[a.ID] {
			l.before[a.ID] = true
			l.loaded = append(l.loaded, a)
		}
	}
}

// inDB is the number of articles the database holds once it holds all
// (the articles the load touched, in a partial load).
func (l *load) inDB(all []*graph.Article) int {
	if !l.partial {
		return len(all)
	}
	fresh := lo.CountBy(all, func(a *graph.Article) bool { return !l.before[a.ID] })
	now := lo.SliceToMap(all, func(a *graph.Article) (string, bool) { return a.ID, true })
	gone := lo.CountBy(l.loaded, func(a *graph.Article) bool { return !now[a.ID] })
	return l.held + fresh - gone
}

// writeStamps records the stamps of the articles all whose stamps changed
// from before (id to source to stamp), so that the next load need not
// read their files. Most changed in nothing else (a file touched, or
// loaded before stamps were kept); the articles written anew have them
// already, and get them again. A dry run writes nothing.
func (l *load) writeStamps(before map[string]map[string]string, all []*graph.Article) error {
	if l.c.Bool("dry-run") {
		return nil
	}
	changed := map[string]map[string]string{}
	for _, a := range all {
		if !maps.Equal(a.Stamps, before[a.ID]) {
			changed[a.ID] = a.Stamps
		}
	}
	if len(changed) == 0 {
		return nil
	}
	return l.store.SetStamps(l.c.Context, changed)
}

// newLoad connects first, so that a server that is down or refuses us is
// reported before any file is read.
func newLoad(c *cli.Context) (*load, error) {
	if c.Int("batch-size") < 1 || c.Int("writers") < 1 {
		return nil, usagef("--batch-size and --writers must be at least 1")
	}
	l := &load{c: c, start: time.Now(), fails: &extractFailures{w: c.App.ErrWriter}}
	l.mark = l.start
	var err error
	if l.o, err = schema.Default(); err != nil {
		return nil, err
	}
	if l.store, err = openStore(c); err != nil {
		return nil, err
	}
	return l, nil
}

// begin takes the load lock and reads what the database holds. Loads of
// one database run one at a time, whichever process or machine starts
// them, and each starts from what the one before it wrote; reading files
// comes before, so that loaders read theirs side by side. A dry run only
// reads, and takes no lock.
func (l *load) begin() error {
	c := l.c
	if !c.Bool("dry-run") {
		started, waiting := time.Now(), false
		ctx, lock, err := l.store.Lock(c.Context, func(h neo4jstore.LockHolder) {
			fmt.Fprintf(c.App.ErrWriter, "waiting for the load running in this database: %s\n", h)
			waiting = true
		})
		if err != nil {
			if c.Context.Err() != nil {
				return interrupted(err)
			}
			return err
		}
		if waiting {
			l.waited = time.Since(started)
			l.lockWait = l.waited
		}
		l.lock, c.Context = lock, ctx
	}
	// The schema is made sure of while the database is read: round trips
	// of their own, which an add would wait for one after the other.
	prepared := lo.Async(func() error {
		if c.Bool("dry-run") {
			return nil
		}
		return l.store.Prepare(c.Context, append(append(l.o.Statements(), neo4jstore.AnalysisSchema), neo4jstore.ResolveSchema...))
	})
	var err error
	if l.state, err = l.store.LoadState(c.Context); err != nil {
		return errors.Join(err, <-prepared)
	}
	if l.partial = l.incremental(); l.partial {
		// The articles what is read touches, or what forget names, are
		// read once that is known.
		l.held, err = l.store.CountArticles(c.Context)
		l.loaded, l.before = nil, map[string]bool{}
		return errors.Join(err, <-prepared)
	}
	l.loaded, err = l.store.Articles(c.Context, false, nil)
	if err = errors.Join(err, <-prepared); err != nil {
		return err
	}
	// A load that stopped half-way left its new articles beside the ones
	// they replace, or some of them: start from one set or the other.
	if l.loaded, err = l.state.Repair(l.loaded); err != nil {
		return err
	}
	l.before = map[string]bool{}
	for _, a := range l.loaded {
		l.before[a.ID] = true
	}
	return nil
}

// close frees the load lock and the connection.
func (l *load) close() {
	ctx := context.WithoutCancel(l.c.Context)
	if l.lock != nil {
		if err := l.lock.Unlock(ctx); err != nil {
			fmt.Fprintf(l.c.App.ErrWriter, "graph: %v\n", err)
		}
	}
	l.store.Close(ctx)
}

// lockLost names the cause when the load stopped because it lost its lock.
func lockLost(c *cli.Context, err error) error {
	if err != nil && errors.Is(context.Cause(c.Context), neo4jstore.ErrLockLost) {
		return fmt.Errorf("load: %w; the next load finishes the job", neo4jstore.ErrLockLost)
	}
	return err
}

// trusted reports whether what the database stores can be trusted: the
// last load finished, with this extractor.
func (l *load) trusted() bool {
	return !l.state.Pending && l.state.Fingerprint == l.fingerprint()
}

// incremental reports whether the load extracts only what changed, from
// what the database stores: it is trusted, and --force is not given.
func (l *load) incremental() bool {
	return l.trusted() && !l.c.Bool("force")
}

// fingerprint names what made the loaded graph and its stored analyses:
// the extraction rules, the ontology and the language models.
func (l *load) fingerprint() string {
	return extract.Version + "-" + l.o.Fingerprint + "-" + english.ModelsDigest()
}

// sync makes the database hold the graph of the articles all (which lack
// text where they come from the database).
func (l *load) sync(all []*graph.Article) error {
	c, w := l.c, l.c.App.ErrWriter
	quiet := c.Bool("quiet") || l.batches != nil
	var fresh, kept int
	for _, a := range all {
		if !l.before[a.ID] {
			fresh++
		} else {
			kept++
		}
	}
	removed := len(l.loaded) - kept
	clean := l.trusted()
	if clean && !c.Bool("force") && sameArticles(l.loaded, all) {
		if l.batches == nil { // a group of a stream says nothing
			l.upToDate(l.readLine(removed), l.inDB(all))
		}
		return nil
	}
	if !clean && l.state.Exists && !quiet {
		if l.state.Pending {
			fmt.Fprintln(w, "the last load did not finish; comparing the whole graph")
		} else {
			fmt.Fprintln(w, "the extractor changed since the last load; re-extracting every article")
		}
	}

	// An article loaded before, unchanged, stays as it is: the extractor
	// asks for its text (texts) only if its names now resolve otherwise.
	// The others go with their text, from the files just read or the
	// database.
	//
	// An article's text is its first source's, as one load of all its
	// files would have it: two files whose texts differ only where ids do
	// not look (a paragraph break) make one article, whose offsets are
	// into that one.
	primary := map[string]string{}
	for _, a := range all {
		primary[a.ID] = a.Source
	}
	byID := map[string]*graph.Article{}
	for _, a := range l.read.Articles {
		if a.Text != "" && a.Source == primary[a.ID] { // not let go after an earlier batch
			byID[a.ID] = a
		}
	}
	incremental := l.incremental()
	loadedBy := map[string]*graph.Article{}
	for _, a := range l.loaded {
		loadedBy[a.ID] = a
	}
	texts := func(ids []string) ([]*graph.Article, error) {
		var need []string
		for _, id := range ids {
			if byID[id] == nil {
				need = append(need, id)
			}
		}
		if len(need) > 0 {
			got, err := l.store.Articles(c.Context, true, need)
			if err != nil {
				return nil, err
			}
			for _, a := range got {
				byID[a.ID] = a
			}
		}
		return lo.FilterMap(ids, func(id string, _ int) (*graph.Article, bool) { return byID[id], byID[id] != nil }), nil
	}
	// The change: the articles new or changed (with their text), and those
	// that go or are replaced. After a load that did not finish, or with
	// another extractor, nothing stored is trusted: every article is new
	// to a resolution made again from nothing.
	in := make([]*graph.Article, len(all))
	var need, gone []string
	for i, a := range all {
		meta := *a
		meta.Text, meta.Paragraphs, meta.Sentences = "", nil, nil
		in[i] = &meta
		old := loadedBy[a.ID]
		if !incremental || old == nil || !sameArticles([]*graph.Article{old}, []*graph.Article{a}) {
			need = append(need, a.ID)
			if incremental && old != nil {
				gone = append(gone, a.ID) // replaced
			}
		}
	}
	inAll := lo.SliceToMap(all, func(a *graph.Article) (string, bool) { return a.ID, true })
	if incremental {
		for _, a := range l.loaded {
			if !inAll[a.ID] {
				gone = append(gone, a.ID)
			}
		}
	}
	if _, err := texts(need); err != nil {
		return err
	}
	withText := lo.SliceToMap(need, func(id string) (string, bool) { return id, true })
	var added []*graph.Article
	for _, a := range in {
		if !withText[a.ID] {
			continue
		}
		src := byID[a.ID]
		if src == nil {
			return fmt.Errorf("load: article %s (%s) vanished from the database during the load; run it again", a.ID, loaders.Printable(a.Source))
		}
		a.Text, a.Paragraphs, a.Sentences = src.Text, src.Paragraphs, src.Sentences
		added = append(added, a)
	}

	if !quiet {
		fmt.Fprintf(w, "extracting %d articles (%d new or changed, %d removed)\n", len(all), fresh, removed)
	}
	readTime := time.Since(l.mark) - l.waited
	x := extract.New(l.o)
	x.Terse = true // a load writes no explanations
	x.Failed = l.fails.report
	// Articles extracted again all at once (after an extractor change, a
	// load that did not finish, or --force) are analysed a batch at a time.
	x.Chunk = c.Int("batch-articles")
	again := !incremental && len(all) > x.Chunk
	if again {
		collectOften()
	}
	if l.batches != nil || again {
		// A big corpus is loaded for memory: its articles are analysed
		// at most analysisChunk at a time, for their names, then again
		// for their facts, once every name is resolved.
		x.Chunk = min(x.Chunk, analysisChunk)
	}
	var store extract.ResolutionStore = l.store
	if !incremental {
		store = noResolution{}
	}
	ex, err := x.ExtractIncrement(c.Context, added, gone, store, texts)
	if err != nil {
		if c.Context.Err() != nil {
			return interrupted(err)
		}
		return err
	}
	g := ex.Graph
	extracted := lo.Keyify(ex.Extracted)
	keep := lo.FilterMap(all, func(a *graph.Article, _ int) (string, bool) { _, ok := extracted[a.ID]; return a.ID, !ok })
	claims := g.Claims
	var pairs []neo4jstore.FactPair
	if len(keep) > 0 || l.partial {
		// Only the facts whose claims changed change: those between the
		// pairs of entities of the claims extracted and of those they
		// replace (or that go with their articles). Each stands on its
		// claims, just extracted or stored.
		scope := append(slices.Clone(ex.Extracted), lo.FilterMap(l.loaded, func(a *graph.Article, _ int) (string, bool) {
			return a.ID, !inAll[a.ID]
		})...)
		if claims, pairs, err = l.store.FactClaims(c.Context, g.Claims, scope); err != nil {
			return err
		}
	}
	g.Relations = x.Facts(claims)
	g.Sort()
	extractTime := time.Since(l.mark) - l.waited - readTime
	if err := g.Validate(l.o); err != nil {
		return fmt.Errorf("load: the graph does not fit the ontology (a bug): %w", err)
	}
	g.StripWhy()
	if err := c.Context.Err(); err != nil {
		return err
	}
	if !quiet && incremental {
		fmt.Fprintf(w, "extracted %d of them (%d again, as their names now resolve otherwise)\n", len(ex.Extracted), len(ex.Extracted)-len(added))
	}
	progress := newProgress(w, "write", quiet)
	var factTypes []string
	for _, r := range l.o.Relations {
		factTypes = append(factTypes, r.Type)
	}
	// What is written of an article is what all its sources say (in),
	// with the text of the source it has it from; an article extracted
	// again that a partial load did not read is as the database holds it.
	written := map[string]*graph.Article{}
	for _, a := range in {
		if src := byID[a.ID]; src != nil {
			w := *a
			w.Text, w.Paragraphs, w.Sentences = src.Text, src.Paragraphs, src.Sentences
			written[a.ID] = &w
		}
	}
	for _, id := range ex.Extracted {
		if written[id] == nil && byID[id] != nil {
			written[id] = byID[id]
		}
	}
	// The articles the load started from, as far as it touches them: an
	// article extracted again was there before.
	started := lo.Map(l.loaded, func(a *graph.Article, _ int) string { return a.ID })
	if l.partial {
		started = lo.Uniq(append(started, lo.Filter(ex.Extracted, func(id string, _ int) bool { return !withText[id] })...))
	}
	stats, err := l.store.Sync(c.Context, g, written, neo4jstore.SyncOptions{
		BatchSize: c.Int("batch-size"), Writers: c.Int("writers"), Fingerprint: l.fingerprint(),
		DryRun: c.Bool("dry-run"), Progress: progress.update, FactTypes: factTypes,
		Started: started,
		Keep:    keep, Partial: l.partial, Facts: pairs, Analyses: ex.Stored,
		Resolve: ex.Rows, ResolveDrop: ex.Drop, ResolveReset: !incremental,
	})
	progress.done()
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted between two batches; the next load finishes the job: %w", err)
	}
	if err != nil {
		return err
	}
	writeTime := time.Since(l.mark) - l.waited - readTime - extractTime
	l.times[0] += readTime
	l.times[1] += extractTime
	l.times[2] += writeTime
	l.mark, l.waited = time.Now(), 0
	if l.batches != nil {
		l.batches.add(stats)
		return nil
	}
	l.summary(all, fresh, removed, stats, l.readLine(removed))
	return nil
}

// summary says what the load did, and how long it took.
func (l *load) summary(all []*graph.Article, fresh, removed int, stats neo4jstore.SyncStats, readLine string) {
	w := l.c.App.ErrWriter
	verb := "wrote"
	if l.c.Bool("dry-run") {
		verb = "would write (dry run)"
	}
	fmt.Fprintf(w, "%s; %d articles in the database (%d new or changed, %d removed)\n", readLine, l.inDB(all), fresh, removed)
	writeStats(w, verb, stats)
	var compared, held int
	for _, c := range stats {
		compared += c.Compared
		held += c.Unchanged + c.Updated + c.Deleted
	}
	fmt.Fprintf(w, "compared %d of %d stored units; %d rows read from the database in all\n",
		compared, held, l.store.RowsRead())
	total := time.Since(l.start)
	waited := ""
	if l.lockWait > 0 {
		waited = fmt.Sprintf("waited %s for the lock, ", l.lockWait.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "done in %s (%sread %s, extract %s, write %s)\n", total.Round(time.Millisecond), waited,
		l.times[0].Round(time.Millisecond), l.times[1].Round(time.Millisecond), l.times[2].Round(time.Millisecond))
}

// batches is a load in batches of new articles: each one a load of its
// own, on top of the one before.
type batches struct {
	stats neo4jstore.SyncStats
}

func (b *batches) add(s neo4jstore.SyncStats) {
	if b.stats == nil {
		b.stats = neo4jstore.SyncStats{}
	}
	for k, c := range s {
		if b.stats[k] == nil {
			b.stats[k] = &neo4jstore.Counts{}
		}
		t := b.stats[k]
		t.Created += c.Created
		t.Updated += c.Updated
		t.Deleted += c.Deleted
		t.Compared += c.Compared
		t.Unchanged = c.Unchanged // of the last batch, which saw them all
	}
}

// syncAll makes the database hold the graph of all. New articles beyond
// --batch-articles go in batches, each written before the next is read
// from memory: what a load holds at once is then a batch of analysed
// articles and the resolution's rows their names need, not the whole
// corpus.
// Each batch is an incremental load on top of the one before, and loads
// in parts end in the graph one load gives, so the batches do too; a
// load stopped between two batches leaves the graph of those written.
func (l *load) syncAll(all []*graph.Article) error {
	size := l.c.Int("batch-articles")
	fresh := lo.Filter(all, func(a *graph.Article, _ int) bool { return !l.before[a.ID] })
	if l.c.Bool("dry-run") || len(fresh) <= size {
		return l.sync(all)
	}
	collectOften()
	outer := l.batches == nil // else a group of a stream, which sums up
	slices.SortFunc(fresh, func(a, b *graph.Article) int { return strings.Compare(a.ID, b.ID) })
	isFresh := lo.Keyify(lo.Map(fresh, func(a *graph.Article, _ int) string { return a.ID }))
	cur := lo.Reject(all, func(a *graph.Article, _ int) bool { _, ok := isFresh[a.ID]; return ok })
	removed := len(l.loaded) - len(cur)
	readLine := l.readLine(removed)
	if outer {
		l.batches = &batches{}
	}
	chunks := lo.Chunk(fresh, size)
	quiet := l.c.Bool("quiet")
	for k, chunk := range chunks {
		cur = append(cur, chunk...)
		if err := l.sync(cur); err != nil {
			return err
		}
		if err := l.wrote(cur); err != nil {
			return err
		}
		l.forgetTexts(chunk)
		if !quiet {
			l.batchDone(k+1, len(chunks), min((k+1)*size, len(fresh)), len(fresh), "new articles")
		}
	}
	if !outer {
		return nil
	}
	stats := l.batches.stats
	l.batches = nil
	l.summary(cur, len(fresh), removed, stats, readLine)
	return nil
}

// collectOften has the Go heap collected when it has grown by half, not
// doubled (GOGC=50), unless GOGC says otherwise: for loads in batches,
// which are for memory. On the 4x BBC corpus in batches of 2,000: 828 MB
// against 1,050 MB at peak, for 10 % more time.
func collectOften() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
}

// forgetTexts lets the texts of articles just written go: the next
// batches read them from the database if they need them.
func (l *load) forgetTexts(done []*graph.Article) {
	ids := lo.Keyify(lo.Map(done, func(a *graph.Article, _ int) string { return a.ID }))
	for _, as := range [][]*graph.Article{done, l.read.Articles} {
		for _, a := range as {
			if _, ok := ids[a.ID]; ok {
				a.Text, a.Paragraphs, a.Sentences = "", nil, nil
			}
		}
	}
}

// readLine summarises what was read, or for forget the removed articles.
func (l *load) readLine(removed int) string {
	if l.c.Command.Name == "forget" {
		return fmt.Sprintf("forget %s", plural(removed, "article"))
	}
	unchanged := lo.CountBy(l.read.Articles, func(a *graph.Article) bool { return l.before[a.ID] })
	return readSummary(l.read.Sources, len(l.read.Skipped), len(l.read.Articles), unchanged, l.read.Failed())
}

// readSummary is the line that says what a load read.
func readSummary(inputs, skipped, articles, unchanged, failed int) string {
	notRead := ""
	if skipped > 0 {
		notRead = fmt.Sprintf(" (%d unchanged since loaded, not read again)", skipped)
	}
	return fmt.Sprintf("read %s%s: %d articles, %d already loaded, %d failed",
		plural(inputs, "input"), notRead, articles, unchanged, failed)
}

func writeStats(w io.Writer, verb string, stats neo4jstore.SyncStats) {
	fmt.Fprintf(w, "%s:\n", verb)
	for _, k := range []struct{ kind, name string }{
		{"Article", "articles"}, {"Entity", "entities"}, {"fact", "facts"}, {"Claim", "claims"}, {"Quote", "quotes"},
	} {
		s := stats[k.kind]
		fmt.Fprintf(w, "  %-9s %6d created  %6d updated  %6d deleted  %6d unchanged\n", k.name, s.Created, s.Updated, s.Deleted, s.Unchanged)
	}
}

// articleKey is what a load compares of an article to know it unchanged:
// its id (its text's digest), its metadata and its sources. Not the
// stamps of its files: a file touched, not changed, changes only its
// stamp (writeStamps).
func articleKey(x *graph.Article) string {
	return fmt.Sprintf("%q", []any{x.ID, x.Title, loaders.Sources(x), x.Published, x.Author, x.Publisher, x.Format, x.Note})
}

// sameArticles reports whether two sets of articles have the same ids,
// sources and metadata.
func sameArticles(a, b []*graph.Article) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[articleKey(x)]++
	}
	for _, x := range b {
		k := articleKey(x)
		if seen[k] == 0 {
			return false
		}
		seen[k]--
	}
	return true
}

// noResolution is the resolution of an empty corpus: a load that trusts
// nothing stored resolves every article again from nothing.
type noResolution struct{}

func (noResolution) StoredAnalyses(context.Context, []string) (map[string]graph.Analysis, error) {
	return nil, nil
}

func (noResolution) ResolveRows(context.Context, []string) (map[string]graph.ResolveRow, error) {
	return nil, nil
}

func (noResolution) FindResolveRows(context.Context, string, []string) (map[string][]string, error) {
	return nil, nil
}

func (noResolution) FirstPublished(context.Context, []string, []string) (map[string]graph.PublishedBy, error) {
	return nil, nil
}
