package schema

import (
	"strings"
	"testing"
)

// The labels and relationship types of ../shared/design/ontology.md, read
// off the document by hand: the data must define exactly these.
var (
	wantLabels    = []string{"Person", "Company", "GovernmentBody", "NewsOutlet", "Place", "Organization"}
	wantRelations = []string{"SHARED_DATA_WITH", "PARTNERED_WITH", "ENDED_PARTNERSHIP_WITH", "CRITICIZED", "INVESTIGATED",
		"SUED", "FINED", "BANNED", "ACQUIRED", "INVESTED_IN", "PART_OF", "WORKS_FOR", "MEMBER_OF", "FOUNDED",
		"LOCATED_IN", "MET_WITH", "SUPPORTED", "DENIED"}
)

func TestDefaultOntologyMatchesTheDesign(t *testing.T) {
	o, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var labels, rels []string
	for _, l := range o.Labels {
		labels = append(labels, l.Name)
	}
	for _, r := range o.Relations {
		rels = append(rels, r.Type)
	}
	if strings.Join(labels, ",") != strings.Join(wantLabels, ",") {
		t.Errorf("labels %v, want %v", labels, wantLabels)
	}
	if strings.Join(rels, ",") != strings.Join(wantRelations, ",") {
		t.Errorf("relations %v, want %v", rels, wantRelations)
	}
}

func TestLabelsAndTypeChecks(t *testing.T) {
	o, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(o.LabelsOf("Company"), ","); got != "Company,Entity,Organization" {
		t.Errorf("LabelsOf(Company) = %s", got)
	}
	if got := strings.Join(o.LabelsOf("Person"), ","); got != "Entity,Person" {
		t.Errorf("LabelsOf(Person) = %s", got)
	}
	cases := []struct {
		rel, s, o string
		ok        bool
	}{
		{"SHARED_DATA_WITH", "Company", "Company", true},
		{"SHARED_DATA_WITH", "Person", "Company", false},
		{"WORKS_FOR", "Person", "Company", true},
		{"WORKS_FOR", "Company", "Person", false},
		{"CRITICIZED", "Place", "Company", true},
		{"FINED", "GovernmentBody", "Person", true},
		{"FINED", "Company", "Person", false},
		{"LOCATED_IN", "NewsOutlet", "Place", true},
		{"NO_SUCH_TYPE", "Person", "Person", false},
	}
	for _, c := range cases {
		if got := o.Allows(c.rel, c.s, c.o); got != c.ok {
			t.Errorf("Allows(%s, %s, %s) = %v, want %v", c.rel, c.s, c.o, got, c.ok)
		}
	}
}

func TestValidateRejectsUnsafeOrDanglingNames(t *testing.T) {
	bad := `
version: 1
labels:
  - {name: Person}
  - {name: "Bad Label"}
relations:
  - {type: "KNOWS}) DETACH DELETE (n", subject: [Person], object: [Person]}
  - {type: LIKES, subject: [Robot], object: [Person], active: [Likes, "a||b", "* ..."]}
cues: {Martian: [x]}
aliases:
  - {name: Acme, type: Company}
`
	_, err := Parse([]byte(bad))
	if err == nil {
		t.Fatal("a broken ontology validated")
	}
	for _, want := range []string{`label "Bad Label"`, `relation "KNOWS}) DETACH DELETE (n"`, `unknown label "Robot"`, `active pattern "Likes": must be lower case`, `pattern "a||b": has an empty alternative`, `pattern "* ...": has no word`, `unknown label "Martian"`, `alias Acme: unknown type "Company"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s:\n%v", want, err)
		}
	}
	if _, err := Parse([]byte("version: 1\nlabelz: []\n")); err == nil || !strings.Contains(err.Error(), "labelz") {
		t.Errorf("an unknown field should be an error naming it, got %v", err)
	}
}
