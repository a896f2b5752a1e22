package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/graph/loaders"
)

// longArticle writes one article of about mb MB, the founding articles'
// clean text over and over, into a new folder, and returns its path.
func longArticle(t *testing.T, mb int) string {
	t.Helper()
	// The clean text: the files hold site chrome that ends an article.
	founding := (&loaders.Reader{}).ReadAll(context.Background(), []string{examples}, nil).Articles
	if len(founding) == 0 {
		t.Fatal("no founding articles")
	}
	var body bytes.Buffer
	body.WriteString("A very long article\n\n")
	for i := 0; body.Len() < mb<<20; i++ {
		// Each copy names other firms and people, so that no paragraph
		// repeats (the reader drops repeated paragraphs).
		r := strings.NewReplacer("Facebook", fmt.Sprintf("Facenet%d", i), "Huawei", fmt.Sprintf("Hualink%d", i),
			"Warner", fmt.Sprintf("Warden%d", i), "Lenovo", fmt.Sprintf("Lenora%d", i), "the", fmt.Sprintf("the %d", i))
		for _, a := range founding {
			body.WriteString(r.Replace(a.Text))
			body.WriteString("\n\n")
		}
	}
	path := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(path, body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	startupOnce sync.Once
	startupTime time.Duration
)

// startup is how long the binary takes to start and exit (graph
// --version), measured once.
func startup(t *testing.T) time.Duration {
	startupOnce.Do(func() {
		cmd := exec.Command(os.Args[0], "--version")
		cmd.Env = append(os.Environ(), "GRAPH_TEST_MAIN=1")
		began := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("graph --version: %v", err)
		}
		startupTime = time.Since(began)
	})
	return startupTime
}

// signalled runs graph with args in a child process, sends it sig after
// wait, and returns its exit code, how long it took to exit after the
// signal, and its standard error.
func signalled(t *testing.T, sig syscall.Signal, wait time.Duration, args ...string) (int, time.Duration, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "GRAPH_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// wait counts from the end of the binary's start-up (about 0.3 s of
	// package initialisation, go-dateparser's mostly), before which no
	// handler is installed and a signal kills the process outright.
	time.Sleep(startup(t) + wait)
	cmd.Process.Signal(sig)
	sent := time.Now()
	err := cmd.Wait()
	took := time.Since(sent)
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return code, took, stderr.String()
}

// Ctrl-C and SIGTERM stop graph within a second, in reading and in
// extraction, with 130 and 143, and nothing written.
func TestSignalsStopExtractionAtOnce(t *testing.T) {
	long := longArticle(t, 16)
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		wait time.Duration
		code int
	}{
		{"SIGINT while reading", syscall.SIGINT, 300 * time.Millisecond, exitInterrupted},
		{"SIGINT while extracting", syscall.SIGINT, 2500 * time.Millisecond, exitInterrupted},
		{"SIGTERM while extracting", syscall.SIGTERM, 2500 * time.Millisecond, exitTerminated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "graph.json")
			code, took, stderr := signalled(t, tc.sig, tc.wait, "extract", "-q", long, "-o", out)
			t.Logf("exit %d %s after the signal: %s", code, took.Round(time.Millisecond), strings.TrimSpace(stderr))
			if code != tc.code || took > time.Second {
				t.Errorf("exit %d after %s, want %d within a second; stderr:\n%s", code, took, tc.code, stderr)
			}
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("an interrupted extract left %v", left)
			}
		})
	}
}

// An interrupted load stops as quickly and leaves the database as it was.
func TestSignalStopsLoadWhileExtracting(t *testing.T) {
	e := newLoadEnv(t)
	long := longArticle(t, 16)
	code, took, stderr := signalled(t, syscall.SIGINT, 3*time.Second, append(append([]string{}, e.flags...), "load", long)...)
	t.Logf("exit %d %s after the signal: %s", code, took.Round(time.Millisecond), strings.TrimSpace(stderr))
	if code != exitInterrupted || took > time.Second {
		t.Errorf("exit %d after %s, want %d within a second; stderr:\n%s", code, took, exitInterrupted, stderr)
	}
	if c := e.counts(); strings.Contains(c, "Article=") {
		t.Errorf("an interrupted load wrote articles: %s", c)
	}
}
