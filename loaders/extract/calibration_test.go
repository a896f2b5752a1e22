package extract

import (
	"strings"
	"testing"

	"github.com/newsgraph/graph/graph"
)

func TestCalibrationConfidence(t *testing.T) {
	c, err := ReadCalibration(strings.NewReader("# pattern\trelation\tright\twrong\n" +
		"role\tWORKS_FOR\t40\t0\n" +
		"role\tMEMBER_OF\t2\t18\n" +
		"active\tSUED\t1\t0\n"))
	if err != nil {
		t.Fatal(err)
	}
	works, member := c.of(famRole, "WORKS_FOR"), c.of(famRole, "MEMBER_OF")
	if works < 0.9 {
		t.Errorf("40 of 40 role claims of WORKS_FOR were right: confidence %.3f, want 0.9 or more", works)
	}
	if member > 0.3 {
		t.Errorf("2 of 20 role claims of MEMBER_OF were right: confidence %.3f, want 0.3 or less", member)
	}
	// One claim moves a kind little from its pattern's prior.
	if sued := c.of("active", "SUED"); sued < priors["active"] || sued > priors["active"]+0.1 {
		t.Errorf("one right active SUED claim: confidence %.3f, want a little above the prior %.2f", sued, priors["active"])
	}
	// A relation the gold never saw takes its pattern's precision.
	if founded := c.of(famRole, "FOUNDED"); founded <= member || founded >= works {
		t.Errorf("role FOUNDED, unseen: confidence %.3f, want between %.3f and %.3f", founded, member, works)
	}
	var b strings.Builder
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCalibration(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if back.of(famRole, "MEMBER_OF") != member || len(back.counts) != 3 {
		t.Errorf("the table does not read back as written:\n%s", b.String())
	}
	if _, err := ReadCalibration(strings.NewReader("role\tWORKS_FOR\tmany\t0\n")); err == nil {
		t.Error("a count that is not a number was accepted")
	}
}

// TestClaimConfidenceFromTable checks that claims take their confidence
// from the table in use, by their pattern and type.
func TestClaimConfidenceFromTable(t *testing.T) {
	x := newExtractor(t)
	arts := []*graph.Article{article("a:1", "Facebook's chief executive Mark Zuckerberg spoke on Monday.")}
	c, err := ReadCalibration(strings.NewReader("role\tWORKS_FOR\t0\t30\n"))
	if err != nil {
		t.Fatal(err)
	}
	x.SetCalibration(c)
	g := x.Extract(arts)
	var found bool
	for _, cl := range g.Claims {
		if cl.Type == "WORKS_FOR" {
			found = true
			if cl.Pattern != famRole || cl.Confidence > 0.1 {
				t.Errorf("claim %s %s: pattern %q confidence %.3f; want role, 0.1 or less from a table of 0 right in 30",
					cl.Type, cl.Object, cl.Pattern, cl.Confidence)
			}
		}
	}
	if !found {
		t.Fatalf("no WORKS_FOR claim in %+v", g.Claims)
	}
	for _, r := range g.Relations {
		if r.Type == "WORKS_FOR" && r.Confidence > 0.1 {
			t.Errorf("the fact's confidence %.3f is not its one article's claim's", r.Confidence)
		}
	}
}

func TestGoldJudge(t *testing.T) {
	gold, err := ParseGold([]byte(`{
	  "entities": {"nyt": {"names": ["The New York Times", "NYT"], "type": "NewsOutlet"},
	               "fb": {"names": ["Facebook"], "type": "Company"},
	               "hw": {"names": ["Huawei"], "type": "Company"},
	               "mw": {"names": ["Mark Warner"], "type": "Person"}},
	  "relations": {"required": [["fb", "SHARED_DATA_WITH", "hw"], ["hw", "PARTNERED_WITH", "fb"]],
	                "optional": [["mw", "*", "*"]]}}`))
	if err != nil {
		t.Fatal(err)
	}
	g := &graph.Graph{Entities: []graph.Entity{
		{ID: "Company:facebook", Name: "Facebook’s"},
		{ID: "Company:huawei", Name: "HUAWEI."},
		{ID: "NewsOutlet:nyt", Name: "New York Times", Aliases: []string{"the NYT"}},
		{ID: "Person:mark-warner", Name: "Mark Warner"},
	}}
	judge := gold.Judge(g)
	for _, tc := range []struct {
		typ, s, o string
		want      Verdict
	}{
		{"SHARED_DATA_WITH", "Company:facebook", "Company:huawei", Right},
		{"SHARED_DATA_WITH", "Company:huawei", "Company:facebook", Wrong},
		{"PARTNERED_WITH", "Company:facebook", "Company:huawei", Right}, // symmetric
		{"CRITICIZED", "Person:mark-warner", "Company:facebook", Unjudged},
		{"CRITICIZED", "NewsOutlet:nyt", "Company:facebook", Wrong},
	} {
		if got := judge(tc.typ, tc.s, tc.o); got != tc.want {
			t.Errorf("%s %s %s: verdict %d, want %d", tc.s, tc.typ, tc.o, got, tc.want)
		}
	}
}
