package neo4jstore

import (
	"errors"
	"fmt"
	"net"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// UnavailableError means the server could not be reached at all.
type UnavailableError struct {
	URI string
	Err error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("neo4j: cannot reach %s (start it with `scripts/neo4j start`, or set --uri / NEO4J_URI)", e.URI)
}

func (e *UnavailableError) Unwrap() error { return e.Err }

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

func oneLine(err error) string {
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		return ne.Msg
	}
	return err.Error()
}
