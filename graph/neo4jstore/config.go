// Package neo4jstore is the Neo4j adapter: the only package that imports
// the Neo4j driver. It opens connections, classifies the driver's errors
// into errors a user can act on, and writes and reads graphs.
package neo4jstore

import (
	"os"
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

// ConfigFromEnv reads NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
// NEO4J_DATABASE and NEO4J_TLS_CA, falling back to the defaults.
func ConfigFromEnv() Config {
	return Config{
		URI:      envOr("NEO4J_URI", DefaultURI),
		Username: envOr("NEO4J_USERNAME", DefaultUsername),
		Password: envOr("NEO4J_PASSWORD", DefaultPassword),
		Database: envOr("NEO4J_DATABASE", DefaultDatabase),
		TLSCA:    envOr("NEO4J_TLS_CA", ""),
	}
}

func envOr(name, fallback string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return fallback
}
