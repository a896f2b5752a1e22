package neo4jstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The load lock: one LoadLock node, which a uniqueness constraint lets
// only one writer create. Its holder keeps it alive by pushing its
// expiry forward (a lease), so a holder that died, on this machine or
// another, frees it when the lease runs out; one that died on this
// machine frees it at once, since its process is gone. Times are the
// server's, so loaders on machines whose clocks differ agree.
const (
	lockID     = "graph"
	lockLabel  = "LoadLock"
	lockTTL    = 30 * time.Second
	lockBeat   = 5 * time.Second
	lockPoll   = 500 * time.Millisecond
	lockSchema = "CREATE CONSTRAINT load_lock IF NOT EXISTS FOR (l:LoadLock) REQUIRE l.id IS UNIQUE"
)

// ErrLockLost is the cause of a locked context's end when the lease ran
// out under its holder (a process stalled for longer than the lease, or
// cut off from Neo4j).
var ErrLockLost = errors.New("lost the load lock: another loader took over after this one stopped answering for " + lockTTL.String())

// LockHolder says who holds the load lock.
type LockHolder struct {
	Host  string
	PID   int
	Since time.Time
}

func (h LockHolder) String() string {
	return fmt.Sprintf("graph load (process %d on %s, since %s)", h.PID, h.Host, h.Since.Local().Format("15:04:05"))
}

// Lock is a held load lock.
type Lock struct {
	s      *Store
	token  string
	stop   chan struct{}
	done   chan struct{}
	once   sync.Once
	cancel context.CancelCauseFunc
}

// Lock takes the database's load lock, which makes loads of one database,
// from any number of processes and machines, run one after another. While
// another loader holds it, Lock waits, calling waiting once with the
// holder, until the lock is free or ctx is done. The context it returns is
// ctx, ended with ErrLockLost should the lease be lost; Unlock frees the
// lock.
func (s *Store) Lock(ctx context.Context, waiting func(LockHolder)) (context.Context, *Lock, error) {
	if err := s.lockConstraint(ctx); err != nil {
		return nil, nil, err
	}
	host, _ := os.Hostname()
	b := make([]byte, 8)
	rand.Read(b)
	l := &Lock{s: s, token: fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b)),
		stop: make(chan struct{}), done: make(chan struct{})}
	told := false
	for {
		_, err := s.Write(ctx, "CREATE (:LoadLock {id: $id, token: $token, host: $host, pid: $pid, since: datetime(), "+
			"expires: datetime() + duration({seconds: $ttl})})",
			map[string]any{"id": lockID, "token": l.token, "host": host, "pid": os.Getpid(), "ttl": int(lockTTL.Seconds())})
		if err == nil {
			break
		}
		// A wait that ends with ctx ends for ctx, even where the deadline
		// fell inside a call, which the driver reports as the server's
		// failure.
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if !isConstraintViolation(err) {
			return nil, nil, fmt.Errorf("load: take the load lock: %w", err)
		}
		h, free, err := s.lockState(ctx, host)
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if err != nil {
			return nil, nil, err
		}
		if free {
			continue
		}
		if !told && h != nil && waiting != nil {
			waiting(*h)
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
	lctx, cancel := context.WithCancelCause(ctx)
	l.cancel = cancel
	go l.beat()
	return lctx, l, nil
}

// lockState reads the lock's holder. A lock whose lease ran out, or whose
// holder's process is gone from this machine, it deletes, and says the
// lock is free.
func (s *Store) lockState(ctx context.Context, host string) (*LockHolder, bool, error) {
	rows, err := s.Read(ctx, "MATCH (l:LoadLock {id: $id}) RETURN l.token AS token, l.host AS host, l.pid AS pid, "+
		"l.since AS since, l.expires < datetime() AS expired", map[string]any{"id": lockID})
	if err != nil {
		return nil, false, fmt.Errorf("load: read the load lock: %w", err)
	}
	if len(rows) == 0 {
		return nil, true, nil
	}
	r := rows[0]
	h := holderOf(r)
	if expired, _ := r["expired"].(bool); !expired && (h.Host != host || processAlive(h.PID)) {
		return h, false, nil
	}
	token := str(r["token"])
	if _, err := s.Write(ctx, "MATCH (l:LoadLock {id: $id, token: $token}) DELETE l", map[string]any{"id": lockID, "token": token}); err != nil {
		return nil, false, fmt.Errorf("load: free the lock of a loader that is gone: %w", err)
	}
	return h, true, nil
}

// Loading is the loader that holds the load lock, or nil when none does.
func (s *Store) Loading(ctx context.Context) (*LockHolder, error) {
	rows, err := s.Read(ctx, "MATCH (l:LoadLock {id: $id}) WHERE l.expires >= datetime() "+
		"RETURN l.host AS host, l.pid AS pid, l.since AS since", map[string]any{"id": lockID})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return holderOf(rows[0]), nil
}

// holderOf reads a lock's holder from a row with host, pid and since.
func holderOf(r Record) *LockHolder {
	since, _ := r["since"].(time.Time)
	return &LockHolder{Host: str(r["host"]), PID: num(r["pid"]), Since: since}
}

// processAlive reports whether a process with this id runs on this
// machine.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// lockConstraint makes sure the constraint the lock stands on exists. Two
// loaders that create it at once may see one of them fail: it is there
// then, which a second try confirms.
func (s *Store) lockConstraint(ctx context.Context) error {
	var err error
	for range 3 {
		if err = s.Apply(ctx, lockSchema); err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return fmt.Errorf("load: create the load lock's constraint: %w", err)
}

// beat pushes the lease forward until Unlock, and ends the locked context
// when the lease is gone or was not renewed for its whole length.
func (l *Lock) beat() {
	defer close(l.done)
	last := time.Now()
	t := time.NewTicker(lockBeat)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), lockBeat)
		rows, err := l.s.Write(ctx, "MATCH (l:LoadLock {id: $id, token: $token}) "+
			"SET l.expires = datetime() + duration({seconds: $ttl}) RETURN count(l) AS held",
			map[string]any{"id": lockID, "token": l.token, "ttl": int(lockTTL.Seconds())})
		cancel()
		switch {
		case err == nil && len(rows) == 1 && rows[0]["held"] == int64(1):
			last = time.Now()
		case err == nil || time.Since(last) >= lockTTL:
			l.cancel(ErrLockLost)
			return
		}
	}
}

// Unlock frees the lock. It may be called more than once.
func (l *Lock) Unlock(ctx context.Context) error {
	var err error
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		l.cancel(nil)
		_, err = l.s.Write(context.WithoutCancel(ctx), "MATCH (l:LoadLock {id: $id, token: $token}) DELETE l",
			map[string]any{"id": lockID, "token": l.token})
		if err != nil {
			err = fmt.Errorf("load: free the load lock (the next load takes it over in %s): %w", lockTTL, err)
		}
	})
	return err
}

func isConstraintViolation(err error) bool {
	var ne *neo4j.Neo4jError
	return errors.As(err, &ne) && ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed"
}
