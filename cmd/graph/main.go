// Command graph turns news articles into a knowledge graph in Neo4j.
//
// This package only wires: flags and commands here, the work in graph/,
// schema/, loaders/ and queries/. It is the one place that prints errors and
// chooses exit codes.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// Exit codes, so scripts can tell failures apart.
const (
	exitOK          = 0
	exitFailure     = 1   // anything not listed below
	exitUsage       = 2   // bad flags or arguments
	exitUnavailable = 3   // Neo4j cannot be reached
	exitAuth        = 4   // Neo4j refused the credentials
	exitPartial     = 5   // the command ran, but some inputs failed
	exitNotFound    = 6   // a query names an entity the graph does not hold
	exitInterrupted = 130 // Ctrl-C (SIGINT)
	exitTerminated  = 143 // SIGTERM
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func main() {
	// The first Ctrl-C or SIGTERM cancels the command's context: every
	// command stops at its next check (between files, batches, or a few
	// hundred sentences of extraction), writes nothing half-done and exits
	// 130 or 143. A second one exits at once.
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-sigs
		cancel(&signalError{sig})
		sig = <-sigs
		os.Exit(signalExit(sig))
	}()
	stop := profile()
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// profile writes profiles of the command, for `go tool pprof`: a CPU
// profile to the file GRAPH_CPUPROFILE names, and to GRAPH_MEMPROFILE the
// heap profile (live objects) near the largest live heap, as checked every
// 200 ms. The function it returns ends both.
func profile() (stop func()) {
	var stops []func()
	if path := os.Getenv("GRAPH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "graph: GRAPH_CPUPROFILE: %v\n", err)
		} else {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if path := os.Getenv("GRAPH_MEMPROFILE"); path != "" {
		stops = append(stops, heapAtPeak(path))
	}
	return func() {
		for _, s := range stops {
			s()
		}
	}
}

// heapAtPeak writes the heap profile to path each time the live heap
// after a collection is a tenth larger than the largest yet, until the
// function it returns is called.
func heapAtPeak(path string) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	go func() {
		defer close(finished)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		var peak uint64
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > peak*11/10 {
				peak = live
				f, err := os.Create(path)
				if err == nil {
					err = errors.Join(pprof.Lookup("heap").WriteTo(f, 0), f.Close())
				}
				if err != nil {
					fmt.Fprintf(os.Stderr, "graph: GRAPH_MEMPROFILE: %v\n", err)
					return
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// signalError is the cause of a context cancelled by a signal.
type signalError struct{ sig os.Signal }

func (e *signalError) Error() string { return "interrupted by " + signalName(e.sig) }

func signalName(sig os.Signal) string {
	if sig == syscall.SIGTERM {
		return "SIGTERM"
	}
	return "SIGINT"
}

// signalExit is the shell's code for a command a signal stopped.
func signalExit(sig os.Signal) int {
	if sig == syscall.SIGTERM {
		return exitTerminated
	}
	return exitInterrupted
}

// interrupted says that a command stopped on a signal and wrote nothing.
func interrupted(err error) error {
	return fmt.Errorf("stopped before writing anything: %w", err)
}

// run executes the CLI and maps its error to an exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.RunContext(ctx, flagsFirst(app, args))
	if err == nil {
		return exitOK
	}
	var sig *signalError
	if ctx.Err() != nil && errors.As(context.Cause(ctx), &sig) {
		fmt.Fprintf(stderr, "graph: %s: %s\n", sig, strings.TrimSuffix(err.Error(), ": "+context.Canceled.Error()))
		return signalExit(sig.sig)
	}
	fmt.Fprintf(stderr, "graph: %v\n", err)
	return exitCode(err)
}

func exitCode(err error) int {
	var (
		unavailable *neo4jstore.UnavailableError
		auth        *neo4jstore.AuthError
		tlsErr      *neo4jstore.TLSError
		partial     *partialError
		usage       *usageError
		notFound    *notFoundError
		badURI      *neo4jstore.URIError
	)
	switch {
	case errors.As(err, &unavailable), errors.As(err, &tlsErr):
		return exitUnavailable
	case errors.As(err, &auth):
		return exitAuth
	case errors.As(err, &partial):
		return exitPartial
	case errors.As(err, &usage), errors.As(err, &badURI):
		return exitUsage
	case errors.As(err, &notFound):
		return exitNotFound
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	return exitFailure
}

// usageError marks a mistake in the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// notFoundError says that a query's parameter names nothing in the graph.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }

// partialError says that a command finished but some of its inputs failed.
type partialError struct {
	failed, total int
	what          string // "inputs" where empty
}

func (e *partialError) Error() string {
	return fmt.Sprintf("%d of %d %s failed (see the messages above)", e.failed, e.total, cmp.Or(e.what, "inputs"))
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" && info.Main.Version != "(devel)" {
			return info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:    "graph",
		Usage:   "turn news articles into a knowledge graph in Neo4j",
		Version: buildVersion(),
		Description: "graph reads news articles (text, Markdown, HTML, JSON, feeds), extracts who did what to whom\n" +
			"with the ontology in schema/, and writes it to Neo4j with the sentences and outlets behind every fact.\n\n" +
			"Start a local Neo4j with `scripts/neo4j start`, or use docker-compose.yml.",
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: true,
		Flags:                connectionFlags(true),
		Commands: []*cli.Command{
			readCommand(),
			extractCommand(),
			withConnection(loadCommand()),
			withConnection(forgetCommand()),
			withConnection(queryCommand()),
			withConnection(browserCommand()),
			withConnection(runCommand()),
			withConnection(schemaCommand()),
			withConnection(statusCommand()),
		},
		// Errors are printed once, by run, with the right exit code.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return &usageError{err.Error() + " (see --help)"}
		},
	}
	app.Action = func(c *cli.Context) error {
		if c.Args().Present() {
			return usagef("no command %q (see graph --help)", c.Args().First())
		}
		return cli.ShowAppHelp(c)
	}
	return app
}

// connectionFlags say where Neo4j is. The app has them (global: with
// their defaults and environment variables), and so has every command
// that talks to Neo4j (without either), so that they work before and
// after the command's name: "graph --password x status" and "graph status
// --password x" alike. storeConfig takes a command's flag where it was
// given, and the app's otherwise.
func connectionFlags(global bool) []cli.Flag {
	flag := func(name, alias, usage, value, env string) cli.Flag {
		f := &cli.StringFlag{Name: name, Usage: usage, Category: "Neo4j connection"}
		if alias != "" {
			f.Aliases = []string{alias}
		}
		if global {
			f.Value = value
			f.EnvVars = []string{env}
		} else {
			f.Usage += " (default: " + env + ", else " + orDash(value) + ")"
		}
		return f
	}
	return []cli.Flag{
		flag("uri", "", "Neo4j URI (bolt://, neo4j://, neo4j+s:// …)", neo4jstore.DefaultURI, "NEO4J_URI"),
		flag("username", "u", "Neo4j user", neo4jstore.DefaultUsername, "NEO4J_USERNAME"),
		flag("password", "p", "Neo4j password; a flag is visible to other users of this machine (ps), so prefer NEO4J_PASSWORD or --password-file", neo4jstore.DefaultPassword, "NEO4J_PASSWORD"),
		flag("password-file", "", "read the Neo4j password from this file's first line (instead of --password)", "", "NEO4J_PASSWORD_FILE"),
		flag("database", "d", "Neo4j database", neo4jstore.DefaultDatabase, "NEO4J_DATABASE"),
		flag("tls-ca", "", "PEM file of certificates to trust for bolt+s:// and neo4j+s:// (a private CA)", "", "NEO4J_TLS_CA"),
	}
}

// withConnection gives cmd (and its subcommands) the connection flags.
func withConnection(cmd *cli.Command) *cli.Command {
	cmd.Flags = append(cmd.Flags, connectionFlags(false)...)
	for _, sub := range cmd.Subcommands {
		withConnection(sub)
	}
	return cmd
}

// connection is the value of a connection flag: from the innermost
// command where it was given, else the app's (its flag, its environment
// variable, its default). Only the app's flags have environment variables.
func connection(c *cli.Context, name string) string {
	for _, ctx := range c.Lineage() {
		if ctx.Command == nil {
			continue
		}
		for _, f := range ctx.Command.Flags {
			sf, ok := f.(*cli.StringFlag)
			if ok && sf.Name == name && (sf.EnvVars != nil || ctx.IsSet(name)) {
				return ctx.String(name)
			}
		}
	}
	return "" // not reached: the app's own flags are in the lineage
}

// storeConfig reads the connection flags.
func storeConfig(c *cli.Context) (neo4jstore.Config, error) {
	cfg := neo4jstore.Config{
		URI:      connection(c, "uri"),
		Username: connection(c, "username"),
		Password: connection(c, "password"),
		Database: connection(c, "database"),
		TLSCA:    connection(c, "tls-ca"),
	}
	if path := connection(c, "password-file"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, usagef("--password-file: %v", err)
		}
		line, _, _ := strings.Cut(string(data), "\n")
		cfg.Password = strings.TrimSuffix(line, "\r")
	}
	return cfg, nil
}

// openStore connects with the connection flags.
func openStore(c *cli.Context) (*neo4jstore.Store, error) { return openStoreCtx(c.Context, c) }

func openStoreCtx(ctx context.Context, c *cli.Context) (*neo4jstore.Store, error) {
	cfg, err := storeConfig(c)
	if err != nil {
		return nil, err
	}
	return neo4jstore.Open(ctx, cfg)
}

// flagsFirst moves a command's flags in front of its arguments, so that
// "graph extract DIR --format json" works as "graph extract --format json
// DIR" does: urfave/cli v2 stops reading flags at the first argument.
// Everything after "--" stays as it is.
func flagsFirst(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	// Find the command name after the global flags.
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-" {
		if !strings.Contains(args[i], "=") && takesValue(app.Flags, args[i]) {
			i++
		}
		i++
	}
	if i >= len(args) {
		return args
	}
	cmd := app.Command(args[i])
	if cmd == nil {
		return args
	}
	out := append([]string{}, args[:i+1]...)
	var flags, rest []string
	for j := i + 1; j < len(args); j++ {
		a := args[j]
		switch {
		case a == "--":
			rest = append(rest, args[j:]...)
			j = len(args)
		case strings.HasPrefix(a, "-") && a != "-":
			flags = append(flags, a)
			if !strings.Contains(a, "=") && takesValue(cmd.Flags, a) && j+1 < len(args) {
				flags = append(flags, args[j+1])
				j++
			}
		default:
			rest = append(rest, a)
		}
	}
	return append(append(out, flags...), rest...)
}

// takesValue reports whether the flag named by arg ("-o", "--format")
// reads the next argument as its value.
func takesValue(flags []cli.Flag, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			if _, isBool := f.(*cli.BoolFlag); isBool {
				return false
			}
			return true
		}
	}
	return false
}
