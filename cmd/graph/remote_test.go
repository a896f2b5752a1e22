package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// with is the env with its connection settings changed by edit.
func (e *loadEnv) with(edit func(*neo4jstore.Config)) *loadEnv {
	cfg := e.store.Config()
	edit(&cfg)
	return &loadEnv{t: e.t, store: e.store, flags: connArgs(cfg)}
}

// TestRoutingURIAndNamedDatabase runs a load and a query through a
// neo4j:// routing URI, as against a cluster (a single server routes to
// itself), and checks the error for a database the server lacks.
func TestRoutingURIAndNamedDatabase(t *testing.T) {
	e := newLoadEnv(t)
	uri := e.store.Config().URI
	routed := e.with(func(c *neo4jstore.Config) { c.URI = strings.Replace(uri, "bolt://", "neo4j://", 1) })
	if !strings.HasPrefix(routed.flags[1], "neo4j://") {
		t.Skipf("the test server is not given as bolt:// (%s)", uri)
	}
	routed.graph(exitOK, "load", "-q", contested)
	rows := routed.queryRows("contested")
	if len(rows) != 1 || !strings.Contains(jsonString(rows[0]), "Northwind Bank") {
		t.Errorf("contested through neo4j://: %v", rows)
	}
	out, _ := routed.graph(exitOK, "status")
	if !strings.Contains(out, "neo4j://") {
		t.Errorf("status does not name the routing URI:\n%s", out)
	}
	// Community has one user database, neo4j; another name is refused
	// before anything is read.
	other := e.with(func(c *neo4jstore.Config) { c.Database = "no-such-db" })
	_, errs := other.graph(exitFailure, "load", contested)
	if !strings.Contains(errs, `database "no-such-db" is not available`) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
		t.Errorf("missing database: %q", errs)
	}
}

// TestTLS starts a Neo4j of the test's own that requires TLS on Bolt, with
// a certificate from a CA made here, and connects to it every way a user
// would: trusted through --tls-ca (neo4j+s://, with a load and a query),
// self-signed accepted (bolt+ssc://), untrusted (bolt+s:// without the CA)
// and unencrypted (bolt://), the last two with one clear line each.
func TestTLS(t *testing.T) {
	certs := t.TempDir()
	ca := makeCerts(t, certs)
	srv := neo4jtest.NewServer(t, "../..", "NEO4J_BOLT_TLS_DIR="+certs)
	srv.Script(t, "start")
	port := strings.TrimPrefix(srv.Config.URI, "bolt://127.0.0.1:")
	at := func(uri string, extra ...string) *loadEnv {
		cfg := srv.Config
		cfg.URI = uri
		return &loadEnv{t: t, flags: append(connArgs(cfg), extra...)}
	}

	trusted := at("neo4j+s://localhost:"+port, "--tls-ca", ca)
	trusted.graph(exitOK, "load", "-q", contested)
	out, _ := trusted.graph(exitOK, "query", "contested", "--format", "csv")
	if !strings.Contains(out, "Northwind Bank") {
		t.Errorf("contested over neo4j+s://:\n%s", out)
	}
	if out, _ := at("bolt+ssc://localhost:"+port).graph(exitOK, "status"); !strings.Contains(out, "5.26") {
		t.Errorf("status over bolt+ssc://:\n%s", out)
	}
	_, errs := at("bolt+s://localhost:"+port).graph(exitUnavailable, "status")
	t.Logf("bolt+s:// without the CA: %s", errs)
	if !strings.Contains(errs, "TLS with bolt+s://localhost:"+port+" failed") || !strings.Contains(errs, "--tls-ca") {
		t.Errorf("untrusted certificate: %q", errs)
	}
	_, errs = at("bolt://localhost:"+port).graph(exitUnavailable, "status")
	t.Logf("bolt:// to a TLS server: %s", errs)
	if strings.Count(strings.TrimSpace(errs), "\n") > 0 || !strings.Contains(errs, "bolt://localhost:"+port) || !strings.Contains(errs, "requires TLS") {
		t.Errorf("plain Bolt to a TLS server: %q", errs)
	}
	_, errs = at("bolt://localhost:"+port, "--tls-ca", ca).graph(exitFailure, "status")
	if !strings.Contains(errs, "--tls-ca applies to bolt+s:// and neo4j+s://") {
		t.Errorf("--tls-ca with bolt://: %q", errs)
	}
}

// makeCerts writes a CA and a server certificate it signs for localhost
// and 127.0.0.1 (private.key and public.crt, as Neo4j's SSL policy wants
// them) into dir, and returns the CA's PEM file.
func makeCerts(t *testing.T, dir string) string {
	t.Helper()
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	caKey, serverKey := key(), key()
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "graph test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	serverTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), DNSNames: []string{"localhost"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	serverDER, err := x509.CreateCertificate(rand.Reader, serverTmpl, caCert, &serverKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(serverKey)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, typ string, der []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	write("private.key", "PRIVATE KEY", pkcs8)
	write("public.crt", "CERTIFICATE", serverDER)
	return write("ca.pem", "CERTIFICATE", caDER)
}
