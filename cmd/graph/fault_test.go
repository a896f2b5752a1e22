package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bigCorpus is the BBC corpus beside the checkout (or GRAPH_BBC_CORPUS);
// where it is missing, 600 articles made from the examples with the names
// changed, so that a load lasts long enough to be interrupted.
func bigCorpus(t *testing.T) string {
	dir, ok := bbcDir()
	if ok {
		return dir
	}
	t.Logf("no BBC corpus at %s: using generated articles", dir)
	dir = t.TempDir()
	files, _ := filepath.Glob(filepath.Join(examples, "*.txt"))
	for i := range 120 {
		r := strings.NewReplacer("Facebook", fmt.Sprintf("Facenet%d", i), "Huawei", fmt.Sprintf("Hualink%d", i),
			"Warner", fmt.Sprintf("Warden%d", i), "Lenovo", fmt.Sprintf("Lenora%d", i))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("%03d-%s", i, filepath.Base(f))
			if err := os.WriteFile(filepath.Join(dir, name), []byte(r.Replace(string(data))), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

var writeLine = regexp.MustCompile(`^write (\d+)/(\d+)`)

// interruptedLoad starts `graph load dir` in a child process and sends it
// sig once the write progress passes pct percent. It returns the exit
// code and the child's standard error. flags replace --batch-size 200.
func interruptedLoad(t *testing.T, e *loadEnv, dir string, sig syscall.Signal, pct int, flags ...string) (int, string) {
	t.Helper()
	if len(flags) == 0 {
		flags = []string{"--batch-size", "200"}
	}
	args := append(append(append(append([]string{}, e.flags...), "load"), flags...), dir)
	code, log, _, sent := signalledOn(t, args, sig, func(line string) bool {
		m := writeLine.FindStringSubmatch(line)
		if m == nil {
			return false
		}
		done, _ := strconv.Atoi(m[1])
		total, _ := strconv.Atoi(m[2])
		return done*100 >= pct*total
	})
	if !sent {
		t.Fatalf("the load ended before it could be interrupted:\n%s", log)
	}
	return code, log
}

// signalledOn runs graph with args in a child process and sends it sig
// after the first line of its standard error that when accepts. It
// returns the exit code, the standard error, the time from the signal to
// the exit, and whether the signal was sent.
func signalledOn(t *testing.T, args []string, sig syscall.Signal, when func(line string) bool) (int, string, time.Duration, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "GRAPH_TEST_MAIN=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	var sent time.Time
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		log.WriteString(line + "\n")
		if sent.IsZero() && when(line) {
			cmd.Process.Signal(sig)
			sent = time.Now()
		}
	}
	cmd.Wait()
	return cmd.ProcessState.ExitCode(), log.String(), time.Since(sent), !sent.IsZero()
}

func TestInterruptedLoadsAreFinishedByTheNext(t *testing.T) {
	e := newLoadEnv(t)
	dir := bigCorpus(t)
	e.graph(exitOK, "load", "-q", dir)
	clean := dumpJSON(t, e)

	for _, tc := range []struct {
		name string
		sig  syscall.Signal
	}{{"SIGKILL", syscall.SIGKILL}, {"SIGINT", syscall.SIGINT}} {
		e.clear()
		start := time.Now()
		code, log := interruptedLoad(t, e, dir, tc.sig, 30)
		t.Logf("%s after %s, exit %d", tc.name, time.Since(start).Round(time.Millisecond), code)
		if tc.sig == syscall.SIGINT && (code != exitInterrupted || !strings.Contains(log, "interrupted between two batches")) {
			t.Errorf("SIGINT: exit %d, want %d and a message saying where it stopped:\n%s", code, exitInterrupted, log)
		}
		st, err := e.store.LoadState(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !st.Pending {
			t.Fatalf("%s: the database is not marked as half-loaded", tc.name)
		}
		_, errs := e.graph(exitOK, "load", dir)
		if !strings.Contains(errs, "the last load did not finish") {
			t.Errorf("%s: the next load did not notice:\n%s", tc.name, errs)
		}
		sameGraph(t, tc.name+" then load vs a clean load", dumpJSON(t, e), clean)
	}
}
