package neo4jstore_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// One loader at a time holds the lock; the next waits, saying for whom,
// and takes it when it is freed.
func TestLockMakesLoadersTakeTurns(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	_, first, err := s.Lock(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h, err := s.Loading(ctx); err != nil || h == nil || h.PID != os.Getpid() {
		t.Fatalf("Loading while the lock is held: %v, %v", h, err)
	}

	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var told *neo4jstore.LockHolder
	if _, _, err := s.Lock(short, func(h neo4jstore.LockHolder) { told = &h }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a second Lock while the first is held: %v, want to wait until the deadline", err)
	}
	if told == nil || told.PID != os.Getpid() {
		t.Errorf("the waiting loader was told %v, want this process", told)
	}

	got := make(chan error, 1)
	go func() {
		_, second, err := s.Lock(ctx, nil)
		if err == nil {
			err = second.Unlock(ctx)
		}
		got <- err
	}()
	time.Sleep(700 * time.Millisecond)
	select {
	case err := <-got:
		t.Fatalf("the second Lock returned (%v) while the first was held", err)
	default:
	}
	if err := first.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second Lock did not take the freed lock")
	}
	if h, err := s.Loading(ctx); err != nil || h != nil {
		t.Errorf("Loading after both unlocked: %v, %v", h, err)
	}
}

// A lock whose holder is gone is taken at once: its process is dead on
// this machine, or its lease ran out (a loader on another machine).
func TestLockOfAGoneLoaderIsTakenOver(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	for _, tc := range []struct {
		name, host string
		pid        int
		expires    string
	}{
		{"dead process on this machine", host, dead.Process.Pid, "datetime() + duration({minutes: 5})"},
		{"lease ran out on another machine", "elsewhere.example", 1, "datetime() - duration({seconds: 1})"},
	} {
		// The first Lock makes the constraint; free it, then plant the
		// gone loader's lock.
		_, l, err := s.Lock(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		l.Unlock(ctx)
		if _, err := s.Write(ctx, "CREATE (:LoadLock {id: 'graph', token: 'gone', host: $host, pid: $pid, since: datetime(), expires: "+tc.expires+"})",
			map[string]any{"host": tc.host, "pid": tc.pid}); err != nil {
			t.Fatal(err)
		}
		short, cancel := context.WithTimeout(ctx, 3*time.Second)
		_, l, err = s.Lock(short, func(h neo4jstore.LockHolder) { t.Errorf("%s: waited for %s", tc.name, h) })
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		l.Unlock(ctx)
	}
}
