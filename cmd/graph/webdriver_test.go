package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// webDriver is the little of the W3C WebDriver protocol the Browser test
// needs, spoken to Debian's chromedriver driving Debian's Chromium
// headless. A client of our own keeps the test in `go test` without a
// Node.js toolchain; the protocol is plain JSON over HTTP.
type webDriver struct {
	t       *testing.T
	base    string // http://127.0.0.1:PORT/session/ID
	timeout time.Duration
}

// elementKey names an element reference in WebDriver's JSON.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// chromiumPaths are Chromium and ChromeDriver: GRAPH_CHROMIUM and
// GRAPH_CHROMEDRIVER, or Debian's. Under CI a missing one fails the test
// (.ci/run installs them); elsewhere it skips, saying how to install.
func chromiumPaths(t *testing.T) (browser, driver string) {
	browser, driver = os.Getenv("GRAPH_CHROMIUM"), os.Getenv("GRAPH_CHROMEDRIVER")
	if browser == "" {
		browser = "/usr/bin/chromium"
	}
	if driver == "" {
		driver = "/usr/bin/chromedriver"
	}
	for _, p := range []string{browser, driver} {
		if _, err := os.Stat(p); err != nil {
			neo4jtest.Missing(t, "browser test needs %s (apt-get install chromium chromium-driver, or set GRAPH_CHROMIUM and GRAPH_CHROMEDRIVER)", p)
		}
	}
	return browser, driver
}

// startWebDriver starts chromedriver and a headless Chromium session,
// both ended when the test ends.
func startWebDriver(t *testing.T, width, height int) *webDriver {
	browser, driver := chromiumPaths(t)
	port := neo4jtest.FreePort(t)
	cmd := exec.Command(driver, "--port="+strconv.Itoa(port))
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", driver, err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	root := "http://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(root + "/status")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver did not answer: %v\n%s", err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	w := &webDriver{t: t, base: root, timeout: 90 * time.Second}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": browser,
			// This machine's network is closed: without the background
			// networking flags Chromium keeps trying to reach Google.
			"args": []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--user-data-dir=" + t.TempDir(),
				fmt.Sprintf("--window-size=%d,%d", width, height)},
		},
	}}}
	var session struct {
		SessionID string `json:"sessionId"`
	}
	w.call("POST", "/session", caps, &session)
	if session.SessionID == "" {
		t.Fatalf("chromedriver gave no session\n%s", logs.String())
	}
	w.base = root + "/session/" + session.SessionID
	t.Cleanup(func() { w.call("DELETE", "", nil, nil) })
	return w
}

// call sends one command and decodes its "value" into out.
func (w *webDriver) call(method, path string, body, out any) {
	w.t.Helper()
	if err := w.try(method, path, body, out); err != nil {
		w.t.Fatalf("webdriver %s %s: %v", method, path, err)
	}
}

func (w *webDriver) try(method, path string, body, out any) error {
	var in io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		in = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, w.base+path, in)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &env); err != nil {
		return fmt.Errorf("%s: %s", resp.Status, data)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", resp.Status, env.Value)
	}
	if out != nil {
		return json.Unmarshal(env.Value, out)
	}
	return nil
}

func (w *webDriver) navigate(url string) {
	w.call("POST", "/url", map[string]any{"url": url}, nil)
}

// find waits for the first element that matches css and returns its id.
func (w *webDriver) find(css string) string {
	w.t.Helper()
	var id string
	w.waitFor("an element "+css, func() bool {
		var el map[string]string
		if w.try("POST", "/element", map[string]any{"using": "css selector", "value": css}, &el) != nil {
			return false
		}
		id = el[elementKey]
		return id != ""
	})
	return id
}

// act finds the element that matches css and sends it one command
// (click, clear, value), again until the page lets it: a form still
// rendering answers "element not interactable" or "stale element
// reference" for a moment (seen in CI).
func (w *webDriver) act(css, command string, body map[string]any) {
	w.t.Helper()
	var last error
	ok := w.poll(w.timeout, func() bool {
		last = w.try("POST", "/element/"+w.find(css)+"/"+command, body, nil)
		return last == nil
	})
	if !ok {
		w.t.Fatalf("webdriver %s on %s: %v", command, css, last)
	}
}

func (w *webDriver) click(css string) {
	w.t.Helper()
	w.act(css, "click", map[string]any{})
}

// clear empties an input.
func (w *webDriver) clear(css string) {
	w.t.Helper()
	w.act(css, "clear", map[string]any{})
}

// typeInto sends keys to the element; WebDriver's key codes work
// (\ue009 Control, \ue007 Enter, \ue000 releases the modifiers).
func (w *webDriver) typeInto(css, keys string) {
	w.t.Helper()
	w.act(css, "value", map[string]any{"text": keys})
}

// script runs JavaScript in the page and decodes what it returns.
func (w *webDriver) script(js string, out any, args ...any) {
	w.t.Helper()
	if args == nil {
		args = []any{}
	}
	w.call("POST", "/execute/sync", map[string]any{"script": js, "args": args}, out)
}

// waitFor polls cond until it holds, failing the test with a screenshot
// of the page if it does not within the driver's timeout.
func (w *webDriver) waitFor(what string, cond func() bool) {
	w.t.Helper()
	if w.poll(w.timeout, cond) {
		return
	}
	path := filepath.Join(artifactsDir(), "browser-failure.png")
	if data, err := w.screenshotPNG(); err == nil {
		os.MkdirAll(artifactsDir(), 0o755)
		os.WriteFile(path, data, 0o644)
		w.t.Logf("screenshot of the page: %s", path)
	}
	w.t.Fatalf("waited %s for %s", w.timeout, what)
}

// poll checks cond every 200 ms until it holds or timeout passes, and
// says whether it held.
func (w *webDriver) poll(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(200 * time.Millisecond)
	}
	return true
}

func (w *webDriver) screenshotPNG() ([]byte, error) {
	var b64 string
	if err := w.try("GET", "/screenshot", nil, &b64); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(b64)
}

// artifactsDir is where browser tests leave screenshots: GRAPH_ARTIFACTS,
// or .artifacts at the top of the checkout.
func artifactsDir() string {
	if dir := os.Getenv("GRAPH_ARTIFACTS"); dir != "" {
		return dir
	}
	return filepath.Join("..", "..", ".artifacts")
}
