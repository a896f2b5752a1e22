package main

import (
	"strings"
	"testing"
)

// namesakes holds a made-up article about two people who share a surname.
const namesakes = "../../testdata/namesakes"

// TestQueriesSayWhatIsWrong: a parameter that would answer nothing says
// why instead of printing an empty table, and one that stands for several
// entities says which.
func TestQueriesSayWhatIsWrong(t *testing.T) {
	e := newLoadEnv(t)
	e.graph(exitOK, "load", "-q", examples, namesakes)

	_, errs := e.graph(exitUsage, "query", "facts", "--param", "type=NOPE")
	if !strings.Contains(errs, "type=NOPE is not a fact-type") || !strings.Contains(errs, "SHARED_DATA_WITH") || !strings.Contains(errs, "CRITICIZED") {
		t.Errorf("an unknown fact type should list the valid ones: %q", errs)
	}
	if rows := e.queryRows("facts", "type=shared_data_with"); len(rows) == 0 {
		t.Errorf("a fact type in lower case answers nothing")
	}
	_, errs = e.graph(exitUsage, "query", "connected", "--param", "label=Persons")
	if !strings.Contains(errs, "not a label") || !strings.Contains(errs, "Person,") {
		t.Errorf("an unknown label: %q", errs)
	}

	_, errs = e.graph(exitNotFound, "query", "critics", "--param", "name=Facebok")
	if !strings.Contains(errs, `no entity in the graph is called "Facebok"`) || !strings.Contains(errs, "nearest: Facebook") {
		t.Errorf("a misspelt name should suggest the nearest: %q", errs)
	}
	_, errs = e.graph(exitNotFound, "query", "path", "--param", "from=Warnr", "--param", "to=Huawei")
	if !strings.Contains(errs, "nearest: Mark Warner") {
		t.Errorf("a misspelt surname should suggest the person: %q", errs)
	}
	_, errs = e.graph(exitNotFound, "query", "profile", "--param", "name=Zyxwvut")
	if !strings.Contains(errs, `"Zyxwvut"`) || strings.Contains(errs, "nearest") {
		t.Errorf("a name like nothing in the graph: %q", errs)
	}

	out, errs := e.graph(exitOK, "query", "profile", "--param", "name=Blair", "--format", "json")
	if !strings.Contains(errs, "name=Blair matches 2 entities") || !strings.Contains(errs, "Ian Blair (Person)") || !strings.Contains(errs, "Tony Blair (Person)") {
		t.Errorf("a surname two people share should say whom the answer covers: %q", errs)
	}
	if !strings.HasPrefix(strings.TrimSpace(out), "[") {
		t.Errorf("the note went to stdout: %q", out)
	}
	if _, errs := e.graph(exitOK, "query", "profile", "--param", "name=Mark Warner"); strings.Contains(errs, "matches") {
		t.Errorf("one match needs no note: %q", errs)
	}

	_, errs = e.graph(exitUsage, "query", "network", "--param", "name=Facebook", "--param", "hops=5")
	if !strings.Contains(errs, "hops: 5 is outside 1..3") {
		t.Errorf("hops beyond the query's reach: %q", errs)
	}
}

// TestNetworkPathsStateTheirFacts: every path of the network query visits
// each entity once and reads as the facts it holds, with no dangling
// arrow, at every depth it allows.
func TestNetworkPathsStateTheirFacts(t *testing.T) {
	e := newLoadEnv(t)
	e.graph(exitOK, "load", "-q", examples)
	facts := map[string]bool{}
	all, err := e.store.Read(t.Context(), "MATCH (s:Entity)-[r]->(o:Entity) RETURN s.name + ' -[' + type(r) + ']-> ' + o.name AS fact", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		facts[r["fact"].(string)] = true
	}
	rows := e.queryRows("network", "name=Facebook", "hops=3", "limit=5000")
	if len(rows) == 0 {
		t.Fatal("no network")
	}
	for _, r := range rows {
		p, _ := r["path"].(map[string]any)
		route := cell(p["_path"])
		nodes, rels := asList(p["nodes"]), asList(p["relationships"])
		if len(nodes) != len(rels)+1 || strings.HasSuffix(route, "-> ") || strings.HasSuffix(route, "- ") {
			t.Fatalf("%d nodes for %d relationships: %q", len(nodes), len(rels), route)
		}
		seen := map[string]bool{}
		for i, n := range nodes {
			name := cell(n)
			if seen[name] {
				t.Errorf("the path comes back to %s: %q", name, route)
			}
			seen[name] = true
			if i == 0 {
				continue
			}
			prev, typ := cell(nodes[i-1]), cell(asList(p["relationships"])[i-1].(map[string]any)["_type"])
			if !facts[prev+" -["+typ+"]-> "+name] && !facts[name+" -["+typ+"]-> "+prev] {
				t.Errorf("step %s %s %s of %q is no fact of the graph", prev, typ, name, route)
			}
			forward := strings.Contains(route, prev+" -["+typ+"]-> "+name)
			backward := strings.Contains(route, prev+" <-["+typ+"]- "+name)
			if forward == backward || forward && !facts[prev+" -["+typ+"]-> "+name] || backward && !facts[name+" -["+typ+"]-> "+prev] {
				t.Errorf("step %s %s %s reads the wrong way in %q", prev, typ, name, route)
			}
		}
	}
}
