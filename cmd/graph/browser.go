package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/queries"
)

func browserCommand() *cli.Command {
	return &cli.Command{
		Name:  "browser",
		Usage: "serve the graph's style and guide to Neo4j Browser, and print how to open them",
		Description: "Serves, on localhost, the GRASS stylesheet (/style.grass) and a Browser guide\n" +
			"(/guide.html) that walks through the canned queries as click-to-run blocks, with parameters\n" +
			"filled in from the loaded graph. It prints a link that opens Neo4j Browser with the guide, and\n" +
			"the :style and :guide commands. It runs until Ctrl-C.\n\n" +
			"Neo4j Browser fetches remote content only from hosts in browser.remote_content_hostname_allowlist,\n" +
			"which allows localhost by default; that is why the URLs say localhost.\n\n" +
			"Browser's own address is asked of the server graph connects to (its HTTP port), so the link\n" +
			"opens the Browser of that server; --browser-url overrides it.\n\n" +
			"  graph browser                 serve on localhost:7475 (or a free port when that is taken)\n" +
			"  graph browser --print style   print the stylesheet (to drag onto Browser or paste after :style)\n" +
			"  graph browser --print guide   print the guide's HTML",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "port", Usage: "the port to serve the style and guide on (0: a free one; the default falls back to a free one when taken)", Value: 7475, EnvVars: []string{"GRAPH_BROWSER_PORT"}},
			&cli.StringFlag{Name: "browser-url", Usage: "Neo4j Browser's address (default: the server's HTTP port, as it reports it, on the host of --uri)", EnvVars: []string{"GRAPH_BROWSER_URL"}},
			&cli.StringFlag{Name: "print", Usage: "print style or guide and exit, serving nothing"},
		},
		Action: func(c *cli.Context) error {
			switch c.String("print") {
			case "":
			case "style":
				_, err := c.App.Writer.Write(queries.Style)
				return err
			case "guide":
				page, err := guidePage(c.Context, c, "http://localhost:"+strconv.Itoa(c.Int("port")))
				if err != nil {
					return err
				}
				_, err = c.App.Writer.Write(page)
				return err
			default:
				return usagef("--print takes style or guide, not %q", c.String("print"))
			}
			ln, err := net.Listen("tcp", net.JoinHostPort("localhost", strconv.Itoa(c.Int("port"))))
			if err != nil && !c.IsSet("port") {
				// The default port is taken: any free one will do, and is reported.
				ln, err = net.Listen("tcp", "localhost:0")
			}
			if err != nil {
				return fmt.Errorf("browser: cannot serve on port %d: %w (choose another with --port)", c.Int("port"), err)
			}
			base := "http://localhost:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
			link, from := browserURL(c.Context, c)
			open := browserOpenURL(c, link, base)
			srv := &http.Server{Handler: browserHandler(c, open, base), ReadHeaderTimeout: 10 * time.Second}
			printBrowserHelp(c.App.Writer, c, open, from, base)
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			select {
			case <-c.Context.Done():
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				srv.Shutdown(ctx)
				return nil
			case err := <-errc:
				if errors.Is(err, http.ErrServerClosed) {
					return nil
				}
				return err
			}
		},
	}
}

// browserURL is where Neo4j Browser is: --browser-url; else the server's
// own HTTP address (its advertised port, on the host --uri names, which is
// the one graph reaches); else NEO4J_HTTP_PORT (scripts/neo4j's setting)
// or 7474 on that host. It says which it used.
func browserURL(ctx context.Context, c *cli.Context) (link, from string) {
	if u := c.String("browser-url"); u != "" {
		return u, "--browser-url"
	}
	host := "localhost"
	if u, err := url.Parse(connection(c, "uri")); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if store, err := openStoreCtx(ctx, c); err == nil {
		defer store.Close(ctx)
		if scheme, addr, ok := store.HTTPAddress(ctx); ok {
			if _, port, err := net.SplitHostPort(addr); err == nil {
				return scheme + "://" + net.JoinHostPort(host, port) + "/browser/", "the server's settings"
			}
		}
	}
	if port := os.Getenv("NEO4J_HTTP_PORT"); port != "" {
		return "http://" + net.JoinHostPort(host, port) + "/browser/", "NEO4J_HTTP_PORT (the server did not say)"
	}
	return "http://" + net.JoinHostPort(host, "7474") + "/browser/", "Neo4j's default port (the server did not say; set --browser-url)"
}

// browserOpenURL opens Browser at link with the connection form filled in
// and the guide in its sidebar.
func browserOpenURL(c *cli.Context, link, base string) string {
	q := url.Values{}
	q.Set("cmd", "guide")
	q.Set("arg", base+"/guide.html")
	if u, err := url.Parse(connection(c, "uri")); err == nil && u.Host != "" {
		u.User = url.User(connection(c, "username"))
		q.Set("dbms", u.String())
	}
	return link + "?" + q.Encode()
}

func printBrowserHelp(w io.Writer, c *cli.Context, open, from, base string) {
	fmt.Fprintf(w, "Serving the style and the guide on %s/\n\n", base)
	fmt.Fprintf(w, "Open Neo4j Browser with the guide (log in as %s; Browser's address from %s):\n  %s\n\n",
		connection(c, "username"), from, open)
	fmt.Fprintf(w, "and click \"Apply the graph's style\" on its first slide; or run in Browser's editor:\n")
	fmt.Fprintf(w, "  :style %s/style.grass\n  :guide %s/guide.html\n\n", base, base)
	fmt.Fprintln(w, "Press Ctrl-C to stop.")
}

// browserOrigins are the origins allowed to read what graph browser
// serves: Neo4j Browser's (the link's), as localhost and as 127.0.0.1.
func browserOrigins(open string) map[string]bool {
	u, err := url.Parse(open)
	if err != nil || u.Host == "" {
		return map[string]bool{}
	}
	origins := map[string]bool{u.Scheme + "://" + u.Host: true}
	for _, pair := range [][2]string{{"localhost", "127.0.0.1"}, {"127.0.0.1", "localhost"}} {
		if u.Hostname() == pair[0] {
			h := pair[1]
			if u.Port() != "" {
				h = net.JoinHostPort(h, u.Port())
			}
			origins[u.Scheme+"://"+h] = true
		}
	}
	return origins
}

// browserHandler serves the style, the guide and a page that says how to
// use them. The guide holds names and titles from the graph, so only Neo4j
// Browser's origin may read them from a page (CORS, with the preflight
// Browser sends), and only requests to localhost or 127.0.0.1 are served
// (a page on a rebound DNS name gets nothing).
func browserHandler(c *cli.Context, open, base string) http.Handler {
	allowed := browserOrigins(open)
	port := strings.TrimPrefix(base, "http://localhost:")
	mux := http.NewServeMux()
	mux.HandleFunc("/style.grass", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(queries.Style)
	})
	mux.HandleFunc("/guide.html", func(w http.ResponseWriter, r *http.Request) {
		page, err := guidePage(r.Context(), c, base)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html><meta charset=utf-8><title>graph browser</title><h1>News graph in Neo4j Browser</h1>"+
			"<p><a href=\"%s\">Open Neo4j Browser with the guide</a>, then apply the style from its first slide.</p>"+
			"<p>Or run <code>:style %s/style.grass</code> and <code>:guide %s/guide.html</code> in Browser.</p>"+
			"<p><a href=\"/style.grass\">style.grass</a> · <a href=\"/guide.html\">guide.html</a></p>",
			html.EscapeString(open), base, base)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("Vary", "Origin")
		if r.Host != "localhost:"+port && r.Host != "127.0.0.1:"+port {
			http.Error(w, "graph browser serves localhost only", http.StatusForbidden)
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" {
			if !allowed[origin] {
				http.Error(w, "graph browser serves Neo4j Browser only", http.StatusForbidden)
				return
			}
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "*")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "only GET", http.StatusMethodNotAllowed)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// guidePage is the guide with parameters found in the loaded graph by
// each query's example. Without a database the guide still renders, with
// the defaults.
func guidePage(ctx context.Context, c *cli.Context, base string) ([]byte, error) {
	all, err := queries.All()
	if err != nil {
		return nil, err
	}
	values := map[string]map[string]any{}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if store, err := openStoreCtx(ctx, c); err == nil {
		defer store.Close(ctx)
		values = exampleValues(ctx, store, all)
	}
	return queries.Guide(all, values, base+"/style.grass")
}

// exampleValues runs each query's example and keeps the first row's
// values of its parameters.
func exampleValues(ctx context.Context, store *neo4jstore.Store, all []*queries.Query) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, q := range all {
		if q.Example == "" {
			continue
		}
		t, err := store.Query(ctx, q.Example, nil)
		if err != nil || len(t.Rows) == 0 {
			continue
		}
		vals := map[string]any{}
		for i, col := range t.Columns {
			for _, p := range q.Params {
				if p.Name == col && t.Rows[0][i] != nil {
					vals[col] = t.Rows[0][i]
				}
			}
		}
		out[q.Name] = vals
	}
	return out
}
