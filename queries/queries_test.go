package queries

import (
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
