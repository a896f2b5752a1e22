package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
	"github.com/newsgraph/graph/queries"
)

// startBrowserServer runs `graph browser --port 0` in-process until the
// test ends and returns the address it serves on and the link it prints
// to open Neo4j Browser.
func startBrowserServer(t *testing.T, e *loadEnv, extra ...string) (base, open string) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	args := append([]string{"graph", "browser"}, e.flags...)
	if os.Getenv("GRAPH_BROWSER_PORT") == "" {
		args = append(args, "--port", "0")
	}
	args = append(args, extra...)
	go func() {
		done <- run(ctx, args, pw, os.Stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("graph browser: exit %d after Ctrl-C", code)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("graph browser did not stop on Ctrl-C")
		}
	})
	lines := bufio.NewScanner(pr)
	serving := regexp.MustCompile(`^Serving .* on (http://localhost:\d+)/$`)
	for lines.Scan() {
		line := strings.TrimSpace(lines.Text())
		if m := serving.FindStringSubmatch(line); m != nil {
			base = m[1]
		}
		if strings.HasPrefix(line, "http://") && strings.Contains(line, "cmd=guide") {
			open = line
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" || open == "" {
		t.Fatalf("graph browser did not print its address and Browser link")
	}
	return base, open
}

func get(t *testing.T, url string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// The guide's port is the user's to choose, by flag or environment, and
// the address printed is the one served.
func TestBrowserPortIsChosenAndReported(t *testing.T) {
	e := newLoadEnv(t)
	port := strconv.Itoa(neo4jtest.FreePort(t))
	t.Setenv("GRAPH_BROWSER_PORT", port)
	base, open := startBrowserServer(t, e)
	if base != "http://localhost:"+port || !strings.Contains(open, url.QueryEscape(base+"/guide.html")) {
		t.Errorf("GRAPH_BROWSER_PORT=%s: serving on %s, link %s", port, base, open)
	}
	if resp, _ := get(t, base+"/style.grass", nil); resp.StatusCode != 200 {
		t.Errorf("nothing served on the reported address: %s", resp.Status)
	}
}

// TestBrowserServesStyleAndGuide checks what `graph browser` serves: the
// stylesheet, and a guide with a slide per canned query whose parameters
// come from the loaded graph, all fetchable from another origin.
func TestBrowserServesStyleAndGuide(t *testing.T) {
	e := newLoadEnv(t)
	e.graph(exitOK, "load", "-q", examples)
	base, open := startBrowserServer(t, e)
	if !strings.Contains(open, "/browser/?") || !strings.Contains(open, "dbms=") {
		t.Errorf("the Browser link lacks the connection or guide: %s", open)
	}
	// The test server's HTTP port is not 7474: the link must say it.
	if want := neo4jBrowserURL(); !strings.HasPrefix(strings.Replace(open, "127.0.0.1", "localhost", 1), want+"?") {
		t.Errorf("graph browser links to %s, not to the test server's Browser %s", open, want)
	}

	browser, _ := url.Parse(neo4jBrowserURL())
	origin := "http://" + browser.Host
	resp, style := get(t, base+"/style.grass", http.Header{"Origin": {origin}})
	if resp.StatusCode != 200 || style != string(queries.Style) {
		t.Fatalf("style.grass: %s", resp.Status)
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != origin {
		t.Errorf("style.grass is not served to Neo4j Browser's origin %s: %v", origin, resp.Header)
	}
	// Any other page open in the user's browser gets nothing: not from its
	// own origin, nor from a DNS name rebound to 127.0.0.1.
	for _, evil := range []string{"https://evil.example", "http://localhost:7475", "null"} {
		resp, body := get(t, base+"/guide.html", http.Header{"Origin": {evil}})
		if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Access-Control-Allow-Origin") != "" || strings.Contains(body, "Facebook") {
			t.Errorf("Origin %s: %s, Access-Control-Allow-Origin %q", evil, resp.Status, resp.Header.Get("Access-Control-Allow-Origin"))
		}
	}
	rebound, _ := http.NewRequest(http.MethodGet, base+"/guide.html", nil)
	rebound.Host = "evil.example:" + strings.TrimPrefix(base, "http://localhost:")
	if resp, err := http.DefaultClient.Do(rebound); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a request for another host name was served: %v %v", resp, err)
	}
	req, _ := http.NewRequest(http.MethodOptions, base+"/guide.html", nil)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Headers", "pragma,cache-control")
	pre, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pre.Body.Close()
	if pre.StatusCode/100 != 2 || pre.Header.Get("Access-Control-Allow-Headers") == "" {
		t.Errorf("the CORS preflight Browser sends is refused: %s %v", pre.Status, pre.Header)
	}

	_, guide := get(t, base+"/guide.html", nil)
	all, _ := queries.All()
	if n := strings.Count(guide, "<slide>"); n != len(all)+1 {
		t.Errorf("guide has %d slides, want an introduction and one per query (%d)", n, len(all))
	}
	for _, q := range all {
		if !strings.Contains(guide, "<h3>"+q.Name+"</h3>") {
			t.Errorf("guide has no slide for %s", q.Name)
		}
	}
	for _, want := range []string{
		`data-exec="style ` + base + `/style.grass"`,
		// Parameters found in the founding articles by each query's example.
		`:params {name: &#34;Facebook&#34;, hops: 1, limit: 100}`,
		`:params {name: &#34;Facebook&#34;, limit: 50}`, // critics of Facebook
		`graph query network --param name=Facebook`,
	} {
		if !strings.Contains(guide, want) {
			t.Errorf("guide lacks %s", want)
		}
	}
	_, errs := e.graph(exitUsage, "browser", "--print", "colours")
	if !strings.Contains(errs, "style or guide") {
		t.Errorf("--print colours: %s", errs)
	}
	out, _ := e.graph(exitOK, "browser", "--print", "style")
	if out != string(queries.Style) {
		t.Errorf("--print style differs from the embedded stylesheet")
	}
}

// TestBrowserEndToEnd drives Neo4j Browser, served by the test server, in
// headless Chromium: it opens the link `graph browser` prints, logs in,
// applies the style from the guide's first slide, runs the guide's
// network query with the parameters the guide filled in, and checks the
// graph view: the entities around Facebook, coloured by the style. The
// screenshot is kept in .artifacts/ (GRAPH_ARTIFACTS).
func TestBrowserEndToEnd(t *testing.T) {
	e := newLoadEnv(t)
	e.graph(exitOK, "load", "-q", examples)
	w := startWebDriver(t, 1600, 1000)
	cfg := e.store.Config()
	_, open := startBrowserServer(t, e)
	// The link opens the Browser of the server graph is connected to,
	// whatever its HTTP port: graph asks the server.
	if want := neo4jBrowserURL(); !strings.HasPrefix(strings.Replace(open, "127.0.0.1", "localhost", 1), want+"?") {
		t.Fatalf("graph browser links to %s, not to the test server's Browser %s", open, want)
	}

	w.navigate(open)
	w.find(`[data-testid=password]`)
	w.clear(`[data-testid=username]`)
	w.typeInto(`[data-testid=username]`, cfg.Username)
	w.typeInto(`[data-testid=password]`, cfg.Password)
	// Browser sometimes ignores a click on Connect that comes while it
	// still renders the form (seen once in CI): click again, while the
	// button is there, until it connects.
	connected := func() bool { return pageHas(w, "You are connected as user") }
	w.click(`[data-testid=connect]`)
	for attempt := 1; attempt < 4 && !w.poll(20*time.Second, connected); attempt++ {
		var clicked bool
		w.script(`const b = document.querySelector('[data-testid=connect]'); if (b) b.click(); return !!b`, &clicked)
		t.Logf("Connect clicked again (attempt %d): %v", attempt+1, clicked)
	}
	w.waitFor("the connection", connected)

	// The link opened the guide in the sidebar.
	w.waitFor("the guide", func() bool { return pageHas(w, "The news graph") })
	w.click(`a[data-exec^="style "]`)
	w.waitFor("the style frame", func() bool {
		var ok bool
		w.script(`return Array.from(document.querySelectorAll('[data-testid=frameCommand]')).some(f => f.textContent.includes(':style http'))`, &ok)
		return ok
	})

	// The second slide is the network query; click its blocks and run them.
	w.click(`[data-testid=guideNextSlide]`)
	w.waitFor("the network slide", func() bool { return pageHas(w, "an entity and the facts around it") })
	for _, block := range []string{":params", "MATCH"} {
		var clicked bool
		w.script(`const pre = Array.from(document.querySelectorAll('[data-testid=guidesDrawer] pre.runnable'))
			.find(p => p.offsetParent !== null && p.textContent.trim().startsWith(arguments[0]));
			if (pre) pre.click();
			return !!pre`, &clicked, block)
		if !clicked {
			t.Fatalf("no visible %s block on the network slide", block)
		}
		w.waitFor("the editor to hold the "+block+" block", func() bool {
			var text string
			w.script(`const el = document.querySelector('[data-testid=activeEditor]'); return el ? el.textContent : ''`, &text)
			return strings.Contains(text, strings.TrimPrefix(block, ":"))
		})
		w.typeInto(`[data-testid=activeEditor] textarea`, "\ue009\ue007\ue000") // Ctrl+Enter runs it
	}

	type drawn struct {
		Text, Fill string
	}
	var nodes []drawn
	w.waitFor("the graph view to draw Facebook's network", func() bool {
		w.script(`return Array.from(document.querySelectorAll('svg g.node')).map(g => ({
				text: g.textContent.replace(/\s+/g, ''),
				fill: (g.querySelector('circle.b-outline') || g.querySelector('circle') || {getAttribute: () => ''}).getAttribute('fill') || ''}))`, &nodes)
		return len(nodes) >= 6
	})
	time.Sleep(2 * time.Second) // let the layout settle for the screenshot
	fill := map[string]string{}
	for _, n := range nodes {
		fill[n.Text] = strings.ToUpper(n.Fill)
	}
	for name, colour := range map[string]string{
		"Facebook": "#4C8EDA", "Huawei": "#4C8EDA", "Lenovo": "#4C8EDA", "OPPO": "#4C8EDA", "TCL": "#4C8EDA", // Company
		"MarkWarner": "#F4A460", // Person
	} {
		got, ok := fill[name]
		if !ok {
			t.Errorf("the graph view does not show %s; it shows %v", name, fill)
		} else if got != colour {
			t.Errorf("%s is drawn in %s, want the style's %s", name, got, colour)
		}
	}

	png, err := w.screenshotPNG()
	if err != nil {
		t.Fatal(err)
	}
	dir := artifactsDir()
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, "browser-network.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// neo4jBrowserURL is the test server's Browser: GRAPH_TEST_BROWSER_URL,
// or GRAPH_TEST_NEO4J_HTTP_PORT (scripts/test-neo4j's server) on localhost.
func neo4jBrowserURL() string {
	if u := os.Getenv("GRAPH_TEST_BROWSER_URL"); u != "" {
		return u
	}
	port := neo4jtest.HTTPPort()
	if port == "" {
		port = "7474"
	}
	return "http://localhost:" + port + "/browser/"
}

func pageHas(w *webDriver, text string) bool {
	var ok bool
	w.script(`return document.body.innerText.includes(arguments[0])`, &ok, text)
	return ok
}
