package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/graph/queries"
)

// contested holds two made-up articles: one reports that a bank shared
// data with an analytics firm, the other has the bank deny it.
const contested = "../../testdata/contested"

type row map[string]any

func (r row) s(k string) string { return cell(r[k]) }

func (r row) n(k string) float64 {
	f, _ := r[k].(float64)
	return f
}

func (r row) list(k string) []string {
	var out []string
	for _, v := range asList(r[k]) {
		out = append(out, cell(v))
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func has(list []string, want string) bool { return slices.Contains(list, want) }

// queryRows runs a canned query through the CLI as JSON.
func (e *loadEnv) queryRows(name string, params ...string) []row {
	e.t.Helper()
	args := []string{"query", name, "--format", "json"}
	for _, p := range params {
		args = append(args, "--param", p)
	}
	out, _ := e.graph(exitOK, args...)
	var rows []row
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		e.t.Fatalf("query %s: %v\n%s", name, err, out)
	}
	return rows
}

func find(rows []row, match func(row) bool) (row, bool) {
	for _, r := range rows {
		if match(r) {
			return r, true
		}
	}
	return nil, false
}

func fact(subject, typ, object string) func(row) bool {
	return func(r row) bool {
		return r.s("subject") == subject && r.s("fact") == typ && r.s("object") == object
	}
}

// TestCannedQueries runs every canned query against the real Neo4j loaded
// with the founding articles (and two made-up ones with a denial), and
// checks the rows a reader would expect.
func TestCannedQueries(t *testing.T) {
	e := newLoadEnv(t)
	e.graph(exitOK, "load", "-q", examples, contested)

	all, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	check := func(name string, params []string, test func(t *testing.T, rows []row)) {
		checked[name] = true
		t.Run(name, func(t *testing.T) {
			e := &loadEnv{t: t, store: e.store, flags: e.flags}
			rows := e.queryRows(name, params...)
			if len(rows) == 0 {
				t.Fatalf("query %s %v gave no rows", name, params)
			}
			test(t, rows)
		})
	}

	check("profile", []string{"name=fb"}, func(t *testing.T, rows []row) {
		r, ok := find(rows, fact("Facebook", "SHARED_DATA_WITH", "Huawei"))
		if !ok {
			t.Fatalf("the profile of FB lacks Facebook SHARED_DATA_WITH Huawei: %v", rows)
		}
		if r.n("articles") < 2 || r.s("evidence") == "" || len(r.list("sources")) < 2 || !has(r.list("outlets"), "The New York Times") {
			t.Errorf("the data sharing with Huawei lacks its evidence, sources or the NYT: %v", r)
		}
		if _, ok := find(rows, fact("Mark Warner", "CRITICIZED", "Facebook")); !ok {
			t.Errorf("the profile lacks the facts pointing at Facebook (Mark Warner CRITICIZED Facebook)")
		}
	})
	check("facts", []string{"type=SHARED_DATA_WITH"}, func(t *testing.T, rows []row) {
		for _, firm := range []string{"Huawei", "Lenovo", "OPPO", "TCL"} {
			if _, ok := find(rows, fact("Facebook", "SHARED_DATA_WITH", firm)); !ok {
				t.Errorf("Facebook SHARED_DATA_WITH %s missing", firm)
			}
		}
		if _, ok := find(rows, fact("Northwind Bank", "SHARED_DATA_WITH", "Vantor Analytics")); !ok {
			t.Errorf("a reported fact that was also denied elsewhere is still a fact")
		}
	})
	check("critics", []string{"name=Facebook"}, func(t *testing.T, rows []row) {
		r, ok := find(rows, func(r row) bool { return r.s("critic") == "Mark Warner" })
		if !ok {
			t.Fatalf("Mark Warner is not among Facebook's critics: %v", rows)
		}
		if !strings.Contains(r.s("quote"), "raises legitimate concerns") || !strings.Contains(r.s("evidence"), "Facebook") {
			t.Errorf("Warner's criticism lacks his quote or the sentence: %v", r)
		}
		if _, ok := find(rows, func(r row) bool { return r.s("critic") == "Congress" }); !ok {
			t.Errorf("a critic without quotes (Congress) is missing")
		}
	})
	check("corroborated", nil, func(t *testing.T, rows []row) {
		for i := 1; i < len(rows); i++ {
			if rows[i].n("articles") > rows[i-1].n("articles") {
				t.Fatalf("not ranked by articles: row %d %v after %v", i, rows[i], rows[i-1])
			}
		}
		r, ok := find(rows, fact("Facebook", "SHARED_DATA_WITH", "Huawei"))
		if !ok || r.n("articles") < 3 || r.n("outletCount") < 1 || !has(r.list("outlets"), "The New York Times") {
			t.Errorf("Facebook SHARED_DATA_WITH Huawei should rank with 3+ articles and the NYT: %v", r)
		}
	})
	check("credits", []string{"outlet=NYT"}, func(t *testing.T, rows []row) {
		for _, r := range rows {
			if r.s("outlet") != "The New York Times" || r.s("evidence") == "" || r.s("article") == "" {
				t.Fatalf("outlet=NYT gave %v", r)
			}
		}
		if _, ok := find(rows, fact("Facebook", "SHARED_DATA_WITH", "Huawei")); !ok {
			t.Errorf("the NYT is not credited with Facebook sharing data with Huawei")
		}
	})
	check("contested", nil, func(t *testing.T, rows []row) {
		r, ok := find(rows, fact("Northwind Bank", "SHARED_DATA_WITH", "Vantor Analytics"))
		if !ok {
			t.Fatalf("the reported and denied data sharing is not contested: %v", rows)
		}
		if r.n("statedIn") != 1 || r.n("deniedIn") != 1 || !has(r.list("deniedBy"), "Northwind Bank") ||
			!strings.Contains(r.s("denial"), "denied sharing") || !strings.Contains(r.s("statement"), "according to") {
			t.Errorf("contested row: %v", r)
		}
		if _, ok := find(rows, fact("Facebook", "SHARED_DATA_WITH", "Huawei")); ok {
			t.Errorf("nothing in the founding articles denies Facebook shared data with Huawei")
		}
	})
	check("quotes-by", []string{"name=warner"}, func(t *testing.T, rows []row) {
		for _, r := range rows {
			if r.s("speaker") != "Mark Warner" {
				t.Fatalf("a quote by %s among Warner's", r.s("speaker"))
			}
		}
		r, ok := find(rows, func(r row) bool { return strings.Contains(r.s("quote"), "raises legitimate concerns") })
		if !ok || !has(r.list("about"), "Facebook") || !has(r.list("about"), "Huawei") {
			t.Errorf("Warner's quote about Facebook and Huawei: %v", rows)
		}
	})
	check("quotes-about", []string{"name=Huawei"}, func(t *testing.T, rows []row) {
		speakers := map[string]bool{}
		for _, r := range rows {
			speakers[r.s("speaker")] = true
			if r.s("about") != "Huawei" || r.s("quote") == "" {
				t.Fatalf("quotes-about Huawei gave %v", r)
			}
		}
		if !speakers["Mark Warner"] || !speakers["Francisco Varela"] {
			t.Errorf("quotes about Huawei should include Warner's and Varela's, got %v", speakers)
		}
	})
	check("timeline", []string{"name=Vantor Analytics"}, func(t *testing.T, rows []row) {
		if len(rows) != 2 {
			t.Fatalf("Vantor Analytics appears in 2 claims, timeline gave %d: %v", len(rows), rows)
		}
		stances := []string{rows[0].s("stance"), rows[1].s("stance")}
		sort.Strings(stances)
		if stances[0] != "denied" || stances[1] != "reported" {
			t.Errorf("stances %v", stances)
		}
	})
	t.Run("timeline order", func(t *testing.T) {
		e := &loadEnv{t: t, store: e.store, flags: e.flags}
		rows := e.queryRows("timeline", "limit=1000")
		last := ""
		for _, r := range rows {
			d := r.s("date")
			if d == "" {
				last = "~" // undated claims come last
				continue
			}
			if d < last {
				t.Fatalf("timeline out of order: %s after %s", d, last)
			}
			last = d
		}
	})
	check("co-mentioned", []string{"name=Huawei"}, func(t *testing.T, rows []row) {
		if rows[0].s("entity") != "Huawei" || rows[0].s("coMentioned") != "Facebook" || rows[0].n("articles") != 5 || rows[0].s("connected") != "true" {
			t.Errorf("Huawei is named with Facebook in all 5 founding articles: %v", rows[0])
		}
	})
	check("path", []string{"from=Warner", "to=Lenovo"}, func(t *testing.T, rows []row) {
		p, _ := rows[0]["path"].(map[string]any)
		route, _ := p["_path"].(string)
		if rows[0].n("hops") != 2 || !strings.HasPrefix(route, "Mark Warner -[CRITICIZED]-> Facebook") || !strings.HasSuffix(route, "-> Lenovo") {
			t.Errorf("the shortest path from Warner to Lenovo goes through Facebook in 2 hops: %v", rows[0])
		}
		if n := len(asList(p["nodes"])); n != 3 {
			t.Errorf("the path has %d nodes", n)
		}
	})
	check("article", []string{"article=001_af29906d8ce6bf44.txt"}, func(t *testing.T, rows []row) {
		kinds := map[string][]string{}
		for _, r := range rows {
			kinds[r.s("kind")] = append(kinds[r.s("kind")], r.s("item"))
			if !strings.HasPrefix(r.s("title"), "Facebook admits to sharing users data") {
				t.Fatalf("a row of another article: %v", r)
			}
		}
		if len(kinds["article"]) != 1 || !has(kinds["entity"], "Facebook (Company)") || !has(kinds["entity"], "Mark Warner (Person)") ||
			!has(kinds["fact"], "Facebook SHARED_DATA_WITH Huawei (reported)") || !has(kinds["quote"], "Mark Warner") {
			t.Errorf("article summary: %v", kinds)
		}
	})
	check("connected", []string{"label=Person"}, func(t *testing.T, rows []row) {
		for _, r := range rows {
			if r.s("type") != "Person" || r.n("facts") < 1 {
				t.Fatalf("label=Person gave %v", r)
			}
		}
		if _, ok := find(rows, func(r row) bool { return r.s("entity") == "Mark Warner" }); !ok {
			t.Errorf("Mark Warner is among the connected people: %v", rows)
		}
		top := e.queryRows("connected")
		if top[0].s("entity") != "Facebook" {
			t.Errorf("Facebook is the most connected entity, not %v", top[0])
		}
	})
	check("review", []string{"confidence=0.7"}, func(t *testing.T, rows []row) {
		for i, r := range rows {
			if r.n("articles") != 1 && r.n("confidence") >= 0.7 {
				t.Fatalf("a well supported fact to review: %v", r)
			}
			if i > 0 && r.n("confidence") < rows[i-1].n("confidence") {
				t.Fatalf("not the weakest first: %v after %v", r, rows[i-1])
			}
		}
		if _, ok := find(rows, fact("Facebook", "SHARED_DATA_WITH", "Huawei")); ok {
			t.Errorf("Facebook SHARED_DATA_WITH Huawei is stated by 3 articles and needs no review")
		}
	})
	check("duplicates", nil, func(t *testing.T, rows []row) {
		pair := func(a, b string) bool {
			_, ok := find(rows, func(r row) bool {
				return r.s("entity") == a && r.s("maybeSame") == b || r.s("entity") == b && r.s("maybeSame") == a
			})
			return ok
		}
		if !pair("Intelligence Committee", "Senate Intelligence Committee") {
			t.Errorf("the bare Intelligence Committee may be the Senate's: %v", rows)
		}
		for _, r := range rows {
			if r.s("entity") == r.s("maybeSame") || r.s("why") == "" {
				t.Errorf("bad pair %v", r)
			}
		}
	})
	check("network", []string{"name=Facebook"}, func(t *testing.T, rows []row) {
		seen := map[string]bool{}
		for _, r := range rows {
			p, _ := r["path"].(map[string]any)
			route, _ := p["_path"].(string)
			if !strings.HasPrefix(route, "Facebook ") || len(asList(p["relationships"])) != 1 {
				t.Fatalf("hops=1 gave %q", route)
			}
			nodes := asList(p["nodes"])
			seen[cell(nodes[len(nodes)-1])] = true
		}
		for _, want := range []string{"Huawei", "Lenovo", "OPPO", "TCL", "Mark Warner", "China"} {
			if !seen[want] {
				t.Errorf("Facebook's network lacks %s: %v", want, seen)
			}
		}
		two := e.queryRows("network", "name=Facebook", "hops=2", "limit=1000")
		if len(two) <= len(rows) {
			t.Errorf("two hops give no more paths (%d) than one (%d)", len(two), len(rows))
		}
	})

	for _, q := range all {
		if !checked[q.Name] {
			t.Errorf("query %s has no test here", q.Name)
		}
	}
}

// TestQueryExamplesFillTheRequiredParameters runs each query's example on
// the founding articles (and the contested pair): it must give a value for every required
// parameter, and the query must answer with those values.
func TestQueryExamplesFillTheRequiredParameters(t *testing.T) {
	e := newLoadEnv(t)
	e.graph(exitOK, "load", "-q", examples, contested)
	all, _ := queries.All()
	values := exampleValues(t.Context(), e.store, all)
	for _, q := range all {
		var params []string
		for _, p := range q.Params {
			if !p.Required {
				continue
			}
			v, ok := values[q.Name][p.Name]
			if !ok {
				t.Errorf("%s: no example value for its required parameter %s (the header needs an example query)", q.Name, p.Name)
				continue
			}
			params = append(params, fmt.Sprintf("%s=%v", p.Name, v))
		}
		if rows := e.queryRows(q.Name, params...); len(rows) == 0 {
			t.Errorf("%s %v: no rows with the example's values", q.Name, params)
		}
	}
}
