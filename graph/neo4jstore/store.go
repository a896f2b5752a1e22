package neo4jstore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Store is an open connection to one database of one Neo4j server.
type Store struct {
	cfg    Config
	driver neo4j.DriverWithContext
	rows   atomic.Int64 // returned by every query so far
}

// Open connects to the server and checks that it answers, that it accepts
// the credentials and that the database is there. Its errors are
// *UnavailableError, *AuthError or *DatabaseError where they apply.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	cfg, err := cfg.Checked()
	if err != nil {
		return nil, err
	}
	tlsConfig, err := trust(cfg)
	if err != nil {
		return nil, err
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""),
		func(c *config.Config) {
			c.SocketConnectTimeout = 5 * time.Second
			c.ConnectionAcquisitionTimeout = 30 * time.Second
			c.MaxTransactionRetryTime = 60 * time.Second
			c.UserAgent = "graph"
			c.TlsConfig = tlsConfig
		})
	if err != nil {
		return nil, classify(cfg, err)
	}
	s := &Store{cfg: cfg, driver: driver}
	vctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := driver.VerifyAuthentication(vctx, nil); err != nil {
		driver.Close(ctx)
		return nil, classify(cfg, err)
	}
	// The database itself: a read in it fails when it is missing or offline.
	if _, err := s.Read(vctx, "RETURN 1 AS ok", nil); err != nil {
		driver.Close(ctx)
		return nil, err
	}
	return s, nil
}

// trust gives the TLS settings for cfg.TLSCA: the system's certificates
// and the file's. It is nil (the driver's default) without one.
func trust(cfg Config) (*tls.Config, error) {
	if cfg.TLSCA == "" {
		return nil, nil
	}
	if !strings.Contains(cfg.URI, "+s://") {
		return nil, fmt.Errorf("neo4j: --tls-ca applies to bolt+s:// and neo4j+s:// URIs, not %s", cfg.URI)
	}
	pem, err := os.ReadFile(cfg.TLSCA)
	if err != nil {
		return nil, fmt.Errorf("neo4j: --tls-ca: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("neo4j: --tls-ca: %s holds no PEM certificate", cfg.TLSCA)
	}
	return &tls.Config{RootCAs: pool}, nil
}

// Close releases the connections.
func (s *Store) Close(ctx context.Context) error {
	return s.driver.Close(ctx)
}

// Config returns the settings the store was opened with.
func (s *Store) Config() Config { return s.cfg }

// Record is one row of a result, keyed by column name.
type Record = map[string]any

// Read runs a read query in a managed transaction (retried on transient
// errors) and returns all rows.
func (s *Store) Read(ctx context.Context, cypher string, params map[string]any) ([]Record, error) {
	return s.run(ctx, neo4j.AccessModeRead, cypher, params)
}

// Write runs a write query in a managed transaction (retried on transient
// errors) and returns all rows.
func (s *Store) Write(ctx context.Context, cypher string, params map[string]any) ([]Record, error) {
	return s.run(ctx, neo4j.AccessModeWrite, cypher, params)
}

func (s *Store) run(ctx context.Context, mode neo4j.AccessMode, cypher string, params map[string]any) ([]Record, error) {
	out, err := s.execute(ctx, mode, func(tx neo4j.ManagedTransaction) (any, error) {
		_, records, err := collect(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		rows := make([]Record, len(records))
		for i, r := range records {
			rows[i] = r.AsMap()
		}
		return rows, nil
	})
	if err != nil {
		return nil, err
	}
	s.rows.Add(int64(len(out.([]Record))))
	return out.([]Record), nil
}

// RowsRead is the number of rows the store's queries have returned: what
// a command read from the database.
func (s *Store) RowsRead() int64 { return s.rows.Load() }

// collect runs one statement in tx and returns its columns and records.
func collect(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]string, []*neo4j.Record, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, nil, err
	}
	records, err := res.Collect(ctx)
	if err != nil {
		return nil, nil, err
	}
	keys, err := res.Keys()
	return keys, records, err
}

// execute runs work in a managed transaction of the given mode, which the
// driver retries on transient errors, and classifies its error.
func (s *Store) execute(ctx context.Context, mode neo4j.AccessMode, work neo4j.ManagedTransactionWork) (any, error) {
	// Every record is collected: pulled all at once, not a thousand per
	// round trip (the article list of 34,000 articles was 34 of them).
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode, FetchSize: neo4j.FetchAll})
	defer session.Close(ctx)
	var out any
	var err error
	if mode == neo4j.AccessModeRead {
		out, err = session.ExecuteRead(ctx, work)
	} else {
		out, err = session.ExecuteWrite(ctx, work)
	}
	return out, classify(s.cfg, err)
}

// autoCommit runs a statement outside a managed transaction, as schema
// commands and CALL { … } IN TRANSACTIONS require.
func (s *Store) autoCommit(ctx context.Context, cypher string, params map[string]any) ([]Record, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database})
	defer session.Close(ctx)
	res, err := session.Run(ctx, cypher, params)
	if err != nil {
		return nil, classify(s.cfg, err)
	}
	records, err := res.Collect(ctx)
	if err != nil {
		return nil, classify(s.cfg, err)
	}
	rows := make([]Record, len(records))
	for i, r := range records {
		rows[i] = r.AsMap()
	}
	return rows, nil
}

// Status describes the server and the size of the graph.
type Status struct {
	URI           string
	Database      string
	Version       string
	Edition       string
	Nodes         int64
	Relationships int64
}

// Status asks the server for its version and counts the graph.
func (s *Store) Status(ctx context.Context) (Status, error) {
	st := Status{URI: s.cfg.URI, Database: s.cfg.Database}
	rows, err := s.autoCommit(ctx, "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition", nil)
	if err != nil {
		return st, fmt.Errorf("status: %w", err)
	}
	for _, r := range rows {
		if r["name"] == "Neo4j Kernel" {
			st.Version, _ = r["version"].(string)
			st.Edition, _ = r["edition"].(string)
		}
	}
	rows, err = s.Read(ctx, "CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels", nil)
	if err != nil {
		return st, fmt.Errorf("status: %w", err)
	}
	st.Nodes, _ = rows[0]["nodes"].(int64)
	st.Relationships, _ = rows[0]["rels"].(int64)
	return st, nil
}

// HTTPAddress is where the server serves HTTP (Neo4j Browser): "http" or
// "https" and a host:port, from its settings (SHOW SETTINGS): the
// advertised address where it was set, else the listen address (an
// advertised address left to its default says 7474 whatever port the
// server listens on). ok is false when the server will not say (a user
// without the right to read settings, a hosted service) or serves no HTTP.
func (s *Store) HTTPAddress(ctx context.Context) (scheme, address string, ok bool) {
	rows, err := s.Read(ctx, "SHOW SETTINGS YIELD name, value, isExplicitlySet WHERE name STARTS WITH 'server.http' "+
		"RETURN name, value, isExplicitlySet", nil)
	if err != nil {
		return "", "", false
	}
	value, explicit := map[string]string{}, map[string]bool{}
	for _, r := range rows {
		name := fmt.Sprint(r["name"])
		value[name], explicit[name] = fmt.Sprint(r["value"]), r["isExplicitlySet"] == true
	}
	for _, scheme := range []string{"http", "https"} {
		key := "server." + scheme + "."
		if value[key+"enabled"] != "true" {
			continue
		}
		if explicit[key+"advertised_address"] || !explicit[key+"listen_address"] {
			return scheme, value[key+"advertised_address"], value[key+"advertised_address"] != ""
		}
		return scheme, value[key+"listen_address"], value[key+"listen_address"] != ""
	}
	return "", "", false
}

// Clear deletes every node and relationship and drops every constraint and
// index of the database, leaving it as new, for tests and benchmarks.
func (s *Store) Clear(ctx context.Context) error {
	// Relationships first, in batches: DETACH DELETE of 10,000 nodes at
	// once takes their relationships too, and an entity mentioned by tens
	// of thousands of articles overflows the transaction memory pool.
	for _, st := range []string{
		"MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
		"MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS",
	} {
		if _, err := s.autoCommit(ctx, st, nil); err != nil {
			return fmt.Errorf("clear: %w", err)
		}
	}
	rows, err := s.autoCommit(ctx, "SHOW CONSTRAINTS YIELD name RETURN name", nil)
	if err != nil {
		return fmt.Errorf("clear: %w", err)
	}
	for _, r := range rows {
		// Names come from the server, not from input; backquote them anyway.
		if _, err := s.autoCommit(ctx, "DROP CONSTRAINT "+quoteName(r["name"].(string))+" IF EXISTS", nil); err != nil {
			return fmt.Errorf("clear: %w", err)
		}
	}
	rows, err = s.autoCommit(ctx, "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", nil)
	if err != nil {
		return fmt.Errorf("clear: %w", err)
	}
	for _, r := range rows {
		if _, err := s.autoCommit(ctx, "DROP INDEX "+quoteName(r["name"].(string))+" IF EXISTS", nil); err != nil {
			return fmt.Errorf("clear: %w", err)
		}
	}
	return nil
}

// Prepare runs the schema statements (CREATE CONSTRAINT|INDEX name IF
// NOT EXISTS …) whose constraint or index is not in the database yet, by
// name: what IF NOT EXISTS does, without a transaction for each statement
// on every load (0.15 s of an add of one article). A DROP statement runs
// where its name is there: an index a later version no longer needs,
// which every write would keep up. A statement with no name is run
// always.
func (s *Store) Prepare(ctx context.Context, statements []string) error {
	have := map[string]bool{}
	for _, q := range []string{"SHOW CONSTRAINTS YIELD name RETURN name", "SHOW INDEXES YIELD name RETURN name"} {
		rows, err := s.autoCommit(ctx, q, nil)
		if err != nil {
			return fmt.Errorf("read the database's schema: %w", err)
		}
		for _, r := range rows {
			if name, ok := r["name"].(string); ok {
				have[name] = true
			}
		}
	}
	for _, st := range statements {
		drop := strings.EqualFold(strings.Fields(st)[0], "DROP")
		if name := schemaName(st); name != "" && have[name] != drop {
			continue
		}
		if err := s.Apply(ctx, st); err != nil {
			return fmt.Errorf("prepare the database (%s): %w", st, err)
		}
	}
	return nil
}

// schemaName is the name a CREATE CONSTRAINT, CREATE … INDEX or DROP
// statement gives, or "".
func schemaName(statement string) string {
	f := strings.Fields(statement)
	for i := 0; i+1 < len(f) && i < 3; i++ {
		if k := strings.ToUpper(f[i]); k == "CONSTRAINT" || k == "INDEX" {
			if name := f[i+1]; !strings.EqualFold(name, "IF") && !strings.EqualFold(name, "FOR") {
				return name
			}
			return ""
		}
	}
	return ""
}

// quoteName backquotes a schema name for Cypher.
func quoteName(name string) string {
	out := []rune{'`'}
	for _, r := range name {
		if r == '`' {
			out = append(out, '`')
		}
		out = append(out, r)
	}
	return string(append(out, '`'))
}

// RunScript runs a script's statements (SplitScript) one after another,
// each with Apply, and stops at the first that fails, naming it.
func (s *Store) RunScript(ctx context.Context, statements []string) error {
	for i, st := range statements {
		if err := s.Apply(ctx, st); err != nil {
			return fmt.Errorf("statement %d of %d: %w", i+1, len(statements), err)
		}
	}
	return nil
}

// Apply runs one statement in a transaction of its own (auto-commit), as
// schema commands (CREATE CONSTRAINT …) and CALL { … } IN TRANSACTIONS
// require, and as cypher-shell runs a script's statements.
func (s *Store) Apply(ctx context.Context, statement string) error {
	_, err := s.autoCommit(ctx, statement, nil)
	return err
}
