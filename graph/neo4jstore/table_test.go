package neo4jstore

import (
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// A path that comes back to a node, as the driver hands it over: each node
// once in Nodes, the relationships in path order. Rendered, it must state
// the three facts it holds, in order, and name every node it visits.
func TestPathReadsInTheOrderItWalks(t *testing.T) {
	node := func(id, name string) dbtype.Node {
		return dbtype.Node{ElementId: id, Labels: []string{"Entity"}, Props: map[string]any{"name": name}}
	}
	rel := func(start, typ, end string) dbtype.Relationship {
		return dbtype.Relationship{ElementId: start + typ + end, StartElementId: start, EndElementId: end, Type: typ}
	}
	fb, hw, mw := node("1", "Facebook"), node("2", "Huawei"), node("3", "Mark Warner")
	// Facebook -[SHARED_DATA_WITH]-> Huawei <-[ENDED_PARTNERSHIP_WITH]- Facebook <-[CRITICIZED]- Mark Warner
	p := dbtype.Path{
		Nodes: []dbtype.Node{fb, hw, mw},
		Relationships: []dbtype.Relationship{
			rel("1", "SHARED_DATA_WITH", "2"), rel("1", "ENDED_PARTNERSHIP_WITH", "2"), rel("3", "CRITICIZED", "1"),
		},
	}
	got := plain(p).(map[string]any)
	want := "Facebook -[SHARED_DATA_WITH]-> Huawei <-[ENDED_PARTNERSHIP_WITH]- Facebook <-[CRITICIZED]- Mark Warner"
	if got["_path"] != want {
		t.Errorf("path reads\n  %s\nwant\n  %s", got["_path"], want)
	}
	if n := len(got["nodes"].([]any)); n != 4 {
		t.Errorf("%d nodes, want the 4 the path visits", n)
	}
	single := plain(dbtype.Path{Nodes: []dbtype.Node{fb}}).(map[string]any)
	if single["_path"] != "Facebook" {
		t.Errorf("a path of one node reads %q", single["_path"])
	}
}
