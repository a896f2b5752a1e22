// Package neo4jstore is the Neo4j adapter: the only package that imports
// the Neo4j driver. It opens connections, classifies the driver's errors
// into errors a user can act on, and writes and reads graphs.
package neo4jstore

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Default connection settings. They match scripts/neo4j and
// docker-compose.yml, so a fresh checkout works without any setting.
const (
	DefaultURI      = "bolt://127.0.0.1:7687"
	DefaultUsername = "neo4j"
	DefaultPassword = "newsgraph"
	DefaultDatabase = "neo4j"
)

// Config says where the server is and who we are.
type Config struct {
	URI      string
	Username string
	Password string
	Database string
	// TLSCA is a PEM file of certificates to trust, besides the system's,
	// for bolt+s:// and neo4j+s:// (a server with a private CA).
	TLSCA string
}

// URIError means --uri is not a Neo4j URI: a mistake in the command line.
type URIError struct{ Msg string }

func (e *URIError) Error() string { return e.Msg }

// schemes are the URI schemes the driver speaks.
var schemes = []string{"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}

// Checked returns cfg with its URI checked, and with credentials written
// into it (bolt://user:secret@host) taken out of it and used: the URI is
// printed in messages, and a password must never be.
func (cfg Config) Checked() (Config, error) {
	u, err := url.Parse(cfg.URI)
	if err != nil || u.Host == "" || !slices.Contains(schemes, u.Scheme) {
		shown := "the URI given" // unparsed, it may hold a password
		if err == nil {
			shown = u.Redacted()
		}
		return cfg, &URIError{fmt.Sprintf("neo4j: %s is not a Neo4j URI: it takes one of %s://, then host:port (for instance bolt://127.0.0.1:7687)",
			shown, strings.Join(schemes, "://, "))}
	}
	if u.User != nil {
		if name := u.User.Username(); name != "" {
			cfg.Username = name
		}
		if pw, ok := u.User.Password(); ok {
			cfg.Password = pw
		}
		u.User = nil
		cfg.URI = u.String()
	}
	return cfg, nil
}
