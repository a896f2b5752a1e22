package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
	"github.com/samber/lo"
)

// Table is a query's result with its columns in order. Values are plain
// Go values: nil, bool, int64, float64, string, []any and map[string]any;
// a node becomes a map of its properties with "_labels", a relationship a
// map with "_type", a path a list of both, and temporal values strings.
type Table struct {
	Columns []string
	Rows    [][]any
}

// Query runs a read-only query (a user's or a canned one) and returns its
// table. The session is read-only, so a query that writes fails.
func (s *Store) Query(ctx context.Context, cypher string, params map[string]any) (*Table, error) {
	out, err := s.execute(ctx, neo4j.AccessModeRead, func(tx neo4j.ManagedTransaction) (any, error) {
		keys, records, err := collect(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		t := &Table{Columns: keys}
		for _, r := range records {
			row := make([]any, len(r.Values))
			for i, v := range r.Values {
				row[i] = plain(v)
			}
			t.Rows = append(t.Rows, row)
		}
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	return out.(*Table), nil
}

func plain(v any) any {
	switch x := v.(type) {
	case dbtype.Node:
		m := plainMap(x.Props)
		m["_labels"] = plain(lo.ToAnySlice(x.Labels))
		return m
	case dbtype.Relationship:
		m := plainMap(x.Props)
		m["_type"] = x.Type
		return m
	case dbtype.Path:
		walk := pathNodes(x)
		nodes, rels := make([]any, len(walk)), make([]any, len(x.Relationships))
		var b strings.Builder
		for i, n := range walk {
			nodes[i] = plain(n)
			b.WriteString(caption(n))
			if i < len(x.Relationships) {
				r := x.Relationships[i]
				rels[i] = plain(r)
				if r.StartElementId == n.ElementId {
					b.WriteString(" -[" + r.Type + "]-> ")
				} else {
					b.WriteString(" <-[" + r.Type + "]- ")
				}
			}
		}
		return map[string]any{"_path": b.String(), "nodes": nodes, "relationships": rels}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		return plainMap(x)
	case nil, bool, int64, float64, string:
		return x
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// pathNodes lists a path's nodes in the order it visits them, one more
// than its relationships, a node again where the path returns to it. The
// driver's Path.Nodes holds each node once, in the order first seen, so
// it is walked along the relationships from the first node.
func pathNodes(p dbtype.Path) []dbtype.Node {
	if len(p.Nodes) == 0 {
		return nil
	}
	byID := lo.KeyBy(p.Nodes, func(n dbtype.Node) string { return n.ElementId })
	walk := []dbtype.Node{p.Nodes[0]}
	for _, r := range p.Relationships {
		next := r.EndElementId
		if next == walk[len(walk)-1].ElementId {
			next = r.StartElementId
		}
		walk = append(walk, byID[next])
	}
	return walk
}

func plainMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = plain(v)
	}
	return out
}

// caption names a node for people: its name, else its title, else its
// first label and id.
func caption(n dbtype.Node) string {
	for _, k := range []string{"name", "title"} {
		if v, ok := n.Props[k].(string); ok && v != "" {
			return v
		}
	}
	label := "node"
	if len(n.Labels) > 0 {
		label = n.Labels[0]
	}
	return fmt.Sprintf("%s %v", label, n.Props["id"])
}
