package queries

import (
	"regexp"
	"strings"
	"testing"
)

func TestEmbeddedQueriesParse(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("no embedded queries")
	}
	for _, q := range all {
		if q.Description == "" {
			t.Errorf("%s: no description", q.File)
		}
		for _, p := range q.Params {
			if !strings.Contains(q.Cypher, "$"+p.Name) {
				t.Errorf("%s: parameter %s is declared but not used", q.File, p.Name)
			}
		}
	}
}

func TestBindTypesAndErrors(t *testing.T) {
	q, err := Parse("x.cypher", "// name: x\n// description: d\n// param: who string -- a name\n// param: limit int = 10 -- rows\n// param: min float = 0.5\nMATCH (n) RETURN n")
	if err != nil {
		t.Fatal(err)
	}
	got, err := q.Bind(map[string]string{"who": "Facebook", "limit": "3"})
	if err != nil || got["who"] != "Facebook" || got["limit"] != int64(3) || got["min"] != 0.5 {
		t.Fatalf("Bind = %v, %v", got, err)
	}
	for _, tc := range []struct {
		values map[string]string
		says   string
	}{
		{map[string]string{}, "needs --param who"},
		{map[string]string{"who": "x", "limit": "ten"}, `"ten" is not an int`},
		{map[string]string{"who": "x", "nmae": "y"}, "no parameter \"nmae\"; its parameters are who string (required), limit int = 10, min float = 0.5"},
	} {
		if _, err := q.Bind(tc.values); err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("Bind(%v) error %v, want it to say %q", tc.values, err, tc.says)
		}
	}
	if _, err := Find("no-such-query"); err == nil || !strings.Contains(err.Error(), "there are: ") || !strings.Contains(err.Error(), "facts") {
		t.Errorf("Find of an unknown query: %v", err)
	}
	for _, bad := range []string{"// param: limit integer = 3\n", "// param: limit int = x\n", "// param: limit\n", "// param: a int = 1\n// param: a int = 2\n"} {
		if _, err := Parse("bad.cypher", bad+"RETURN 1"); err == nil {
			t.Errorf("Parse accepted %q", bad)
		}
	}
}

// Every entity parameter is looked up in its query as EntityWhere looks
// it up, so that graph query's check finds what the query will.
func TestEntityParams(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	vars := regexp.MustCompile(`toLower\((\w+)\.name\) = toLower\(\$(\w+)\)`)
	for _, q := range all {
		for _, p := range q.Params {
			if p.Kind != KindEntity {
				continue
			}
			found := false
			for _, m := range vars.FindAllStringSubmatch(q.Cypher, -1) {
				if m[2] != p.Name {
					continue
				}
				want := strings.ReplaceAll(strings.ReplaceAll(EntityWhere, "e.", m[1]+"."), "e:", m[1]+":")
				want = strings.ReplaceAll(want, "$name", "$"+p.Name)
				if strings.Contains(q.Cypher, want) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: parameter %s is an entity, but the query does not look it up as EntityWhere does", q.Name, p.Name)
			}
		}
	}
}

func TestKindsAndRanges(t *testing.T) {
	q, err := Parse("x.cypher", "// param: who string entity -- a name\n// param: t string fact-type = \"\"\n// param: hops int 1..3 = 1\n// param: c float 0..1 = 0.5\nRETURN $who, $t, $hops, $c")
	if err != nil {
		t.Fatal(err)
	}
	if q.Params[0].Kind != KindEntity || q.Params[1].Kind != KindFactType || !q.Params[2].HasRange {
		t.Fatalf("params %+v", q.Params)
	}
	if got := q.Params[2].Signature(); got != "hops int 1..3 = 1" {
		t.Errorf("signature %q", got)
	}
	if _, err := q.Bind(map[string]string{"who": "x", "hops": "3", "c": "0"}); err != nil {
		t.Errorf("in range: %v", err)
	}
	for _, bad := range []map[string]string{{"who": "x", "hops": "4"}, {"who": "x", "hops": "0"}, {"who": "x", "c": "1.5"}} {
		if _, err := q.Bind(bad); err == nil || !strings.Contains(err.Error(), "is outside") {
			t.Errorf("Bind(%v): %v", bad, err)
		}
	}
	for _, bad := range []string{"// param: a string person\n", "// param: a int 3..1 = 2\n", "// param: a int x..y = 2\n", "// param: a bool 0..1 = true\n", "// param: a int 1..3 = 7\n"} {
		if _, err := Parse("bad.cypher", bad+"RETURN 1"); err == nil {
			t.Errorf("Parse accepted %q", bad)
		}
	}
}

func TestNearest(t *testing.T) {
	ents := []Named{
		{Name: "Facebook", Aliases: []string{"FB"}, Mentions: 40},
		{Name: "Mark Warner", Mentions: 5},
		{Name: "Huawei", Mentions: 20},
		{Name: "Facet Analytics", Mentions: 1},
	}
	for _, tc := range []struct {
		typed string
		want  string
	}{
		{"Facebok", "Facebook"},
		{"warnr", "Mark Warner"},
		{"huwei", "Huawei"},
		{"analytics", "Facet Analytics"},
		{"Qwertyuiop", ""},
	} {
		got := strings.Join(Nearest(tc.typed, ents, 3), ", ")
		if tc.want == "" && got != "" || tc.want != "" && !strings.HasPrefix(got, tc.want) {
			t.Errorf("Nearest(%q) = %q, want %q first", tc.typed, got, tc.want)
		}
	}
}
