package neo4jstore

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// UnavailableError means the server could not be reached at all.
type UnavailableError struct {
	URI string
	Err error
}

func (e *UnavailableError) Error() string {
	cause := driverCause(e.Err)
	if cause == "EOF" && !strings.Contains(e.URI, "+s") {
		cause = "the server hung up (if it requires TLS, use neo4j+s:// or bolt+s://)"
	}
	return fmt.Sprintf("neo4j: cannot reach %s: %s (start it with `scripts/neo4j start`, or set --uri / NEO4J_URI)", e.URI, cause)
}

func (e *UnavailableError) Unwrap() error { return e.Err }

// TLSError means the TLS handshake failed: the server's certificate is
// not trusted or not for this host, or one side speaks TLS and the other
// does not.
type TLSError struct {
	URI string
	Err error
}

func (e *TLSError) Error() string {
	return fmt.Sprintf("neo4j: TLS with %s failed: %v (trust a private CA with --tls-ca FILE / NEO4J_TLS_CA; "+
		"bolt+ssc:// or neo4j+ssc:// accept a self-signed certificate unchecked; bolt:// and neo4j:// do not encrypt)", e.URI, e.Err)
}

func (e *TLSError) Unwrap() error { return e.Err }

// AuthError means the server refused the credentials.
type AuthError struct {
	URI      string
	Username string
	Err      error
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("neo4j: %s refused the credentials of user %q (set --username/--password or NEO4J_USERNAME/NEO4J_PASSWORD)", e.URI, e.Username)
}

func (e *AuthError) Unwrap() error { return e.Err }

// DatabaseError means the server answered but the named database is missing
// or offline.
type DatabaseError struct {
	Database string
	Err      error
}

func (e *DatabaseError) Error() string {
	return fmt.Sprintf("neo4j: database %q is not available: %s (set --database / NEO4J_DATABASE)", e.Database, oneLine(e.Err))
}

func (e *DatabaseError) Unwrap() error { return e.Err }

// classify turns a driver error into one of the errors above where it is
// one of those cases, and leaves it alone otherwise.
func classify(cfg Config, err error) error {
	if err == nil {
		return nil
	}
	// The driver retried for its whole window and gave up: what stopped it
	// is the last error it met (Neo4j gone, most often). The limit error
	// does not unwrap.
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		last := limit.Errors[len(limit.Errors)-1]
		if c := classify(cfg, last); c != last {
			return c
		}
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		switch ne.Code {
		case "Neo.ClientError.Security.Unauthorized",
			"Neo.ClientError.Security.AuthenticationRateLimit",
			"Neo.ClientError.Security.CredentialsExpired":
			return &AuthError{URI: cfg.URI, Username: cfg.Username, Err: err}
		case "Neo.ClientError.Database.DatabaseNotFound",
			"Neo.TransientError.General.DatabaseUnavailable":
			return &DatabaseError{Database: cfg.Database, Err: err}
		}
		return err
	}
	if cause := tlsFailure(err); cause != "" {
		return &TLSError{URI: cfg.URI, Err: errors.New(cause)}
	}
	var opErr *net.OpError
	if neo4j.IsConnectivityError(err) || errors.As(err, &opErr) {
		return &UnavailableError{URI: cfg.URI, Err: err}
	}
	var usage *neo4j.UsageError
	if errors.As(err, &usage) {
		return fmt.Errorf("neo4j: %s", usage.Message)
	}
	return err
}

// tlsFailure is the message of a failed TLS handshake, or "". The driver
// wraps the handshake's error in types that do not unwrap (a
// ConnectivityError around an internal TlsError), so its text is all
// there is: crypto/tls and crypto/x509 start theirs with "tls:" and
// "x509:", and the driver says "check that TLS is enabled" when a server
// without TLS hangs up.
func tlsFailure(err error) string {
	msg := driverCause(err)
	if strings.Contains(msg, "check that TLS is enabled") {
		return msg
	}
	for _, mark := range []string{"x509: ", "tls: "} {
		if i := strings.Index(msg, mark); i >= 0 {
			return msg[i:]
		}
	}
	return ""
}

// driverCause is the message of the error inside the driver's
// ConnectivityError (which does not unwrap), or of err itself.
func driverCause(err error) string {
	var ce *neo4j.ConnectivityError
	if errors.As(err, &ce) && ce.Inner != nil {
		return ce.Inner.Error()
	}
	return err.Error()
}

func oneLine(err error) string {
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		return ne.Msg
	}
	return err.Error()
}
