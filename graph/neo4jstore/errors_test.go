package neo4jstore

import (
	"errors"
	"net"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Neo4j gone for longer than the driver retries is "cannot reach", as it
// is before a load starts, so that graph exits 3 and not 1.
func TestRetriesRunOutOnAServerThatIsGone(t *testing.T) {
	gone := &neo4j.ConnectivityError{Inner: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	err := classify(Config{URI: "bolt://127.0.0.1:7687"}, &neo4j.TransactionExecutionLimit{
		Cause: "timeout (exceeded max retry time: 1m0s)", Errors: []error{gone, gone, gone}})
	var un *UnavailableError
	if !errors.As(err, &un) {
		t.Fatalf("classified as %T: %v", err, err)
	}
	if other := classify(Config{}, &neo4j.TransactionExecutionLimit{Cause: "x", Errors: []error{errors.New("boom")}}); errors.As(other, &un) {
		t.Errorf("a limit after another error is not unavailability: %v", other)
	}
}
