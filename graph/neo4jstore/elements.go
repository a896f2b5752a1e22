package neo4jstore

import "github.com/newsgraph/graph/graph"

// Node is one node as `graph load` writes it.
type Node struct {
	// Kind is the node's key label: Entity, Article, Claim or Quote.
	Kind string
	// Labels are all its labels, Kind first.
	Labels []string
	// Props are its properties, id and digest included; a nil value is a
	// property not set.
	Props map[string]any
}

// ID is the node's id property, unique within its Kind.
func (n Node) ID() string { return n.Props["id"].(string) }

// Relationship is one relationship as `graph load` writes it, between
// nodes named by kind and id.
type Relationship struct {
	Type             string
	StartKind, Start string
	EndKind, End     string
	Props            map[string]any
}

// Elements returns the nodes and relationships `graph load` writes for g,
// property for property, for exports that bypass the loader (CSV for
// neo4j-admin import, GraphML). Nodes come in write order (entities,
// articles, claims, quotes), and relationships with their start node, the
// facts last.
func Elements(g *graph.Graph, arts map[string]*graph.Article) ([]Node, []Relationship, error) {
	us, err := units(g, arts)
	if err != nil {
		return nil, nil, err
	}
	var nodes []Node
	var rels []Relationship
	for _, u := range us {
		props := u.row["props"].(map[string]any)
		if u.kind == "fact" {
			rels = append(rels, Relationship{Type: u.row["type"].(string), StartKind: "Entity", Start: u.row["source"].(string),
				EndKind: "Entity", End: u.row["target"].(string), Props: props})
			continue
		}
		labels := []string{u.kind}
		if extra, ok := u.row["labels"].([]string); ok {
			labels = append(labels, extra...)
		}
		nodes = append(nodes, Node{Kind: u.kind, Labels: labels, Props: props})
		for _, l := range links[u.kind] {
			for _, t := range u.row[l.field].([]linkTarget) {
				rels = append(rels, Relationship{Type: l.rel, StartKind: u.kind, Start: u.key,
					EndKind: l.label, End: t.ID, Props: t.Props.asMap()})
			}
		}
	}
	return nodes, rels, nil
}
