package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/graph/graph/neo4jstore"
)

// GraphML attribute names graph adds to the properties: a node's Neo4j
// labels as ":Entity:Company" (the convention of Neo4j's own GraphML
// export), a relationship's type, and a "label" on both that Gephi and yEd
// show as the caption.
const (
	labelsAttr = "labels"
	typeAttr   = "type"
	labelAttr  = "label"
)

// graphmlKey is one declared attribute.
type graphmlKey struct {
	id, domain, name, typ string
}

// WriteGraphML writes nodes and relationships as one directed GraphML
// graph (http://graphml.graphdrawing.org/xmlns). Nodes get ids n0, n1 …
// (GraphML ids are XML name tokens; ours hold other characters) and keep
// graph's id as the "id" attribute. Every property becomes a typed
// attribute (string, long, double, boolean); lists, which GraphML cannot
// type, are JSON arrays in a string. Text is XML-escaped; characters XML
// 1.0 cannot hold become U+FFFD.
func WriteGraphML(w io.Writer, nodes []neo4jstore.Node, rels []neo4jstore.Relationship) error {
	keys := map[string]*graphmlKey{} // by domain + "\x00" + name
	declare := func(domain, name string, v any) error {
		typ := graphmlType(v)
		k := keys[domain+"\x00"+name]
		if k == nil {
			keys[domain+"\x00"+name] = &graphmlKey{id: domain[:1] + "_" + name, domain: domain, name: name, typ: typ}
			return nil
		}
		if k.typ != typ {
			return fmt.Errorf("graphml: %s attribute %s holds both %s and %s", domain, name, k.typ, typ)
		}
		return nil
	}
	for _, n := range nodes {
		for name, v := range n.Props {
			if name == labelsAttr || name == labelAttr {
				return fmt.Errorf("graphml: node property %q would hide graph's own attribute", name)
			}
			if v != nil {
				if err := declare("node", name, v); err != nil {
					return err
				}
			}
		}
	}
	for _, r := range rels {
		for name, v := range r.Props {
			if name == typeAttr || name == labelAttr {
				return fmt.Errorf("graphml: relationship property %q would hide graph's own attribute", name)
			}
			if v != nil {
				if err := declare("edge", name, v); err != nil {
					return err
				}
			}
		}
	}
	declare("node", labelsAttr, "")
	declare("node", labelAttr, "")
	declare("edge", typeAttr, "")
	declare("edge", labelAttr, "")
	sorted := make([]*graphmlKey, 0, len(keys))
	for _, k := range keys {
		sorted = append(sorted, k)
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].id < sorted[j].id })

	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(xml.Header)
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range sorted {
		fmt.Fprintf(bw, `  <key id="%s" for="%s" attr.name="%s" attr.type="%s"/>`+"\n", k.id, k.domain, k.name, k.typ)
	}
	bw.WriteString(`  <graph id="news" edgedefault="directed">` + "\n")
	index := map[string]string{} // kind + "\x00" + id -> GraphML id
	for i, n := range nodes {
		gid := "n" + strconv.Itoa(i)
		index[n.Kind+"\x00"+n.ID()] = gid
		fmt.Fprintf(bw, `    <node id="%s">`, gid)
		data(bw, "n_"+labelsAttr, ":"+strings.Join(n.Labels, ":"))
		data(bw, "n_"+labelAttr, caption(n))
		if err := properties(bw, "n_", n.Props); err != nil {
			return err
		}
		bw.WriteString("</node>\n")
	}
	for i, r := range rels {
		from, to := index[r.StartKind+"\x00"+r.Start], index[r.EndKind+"\x00"+r.End]
		if from == "" || to == "" {
			return fmt.Errorf("graphml: %s relationship from %s %q to %s %q names a node that is not in the graph",
				r.Type, r.StartKind, r.Start, r.EndKind, r.End)
		}
		fmt.Fprintf(bw, `    <edge id="e%d" source="%s" target="%s">`, i, from, to)
		data(bw, "e_"+typeAttr, r.Type)
		data(bw, "e_"+labelAttr, r.Type)
		if err := properties(bw, "e_", r.Props); err != nil {
			return err
		}
		bw.WriteString("</edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	return bw.Flush()
}

// caption is what a viewer should write on a node: an entity's name, an
// article's title, a claim's type, a quote's opening words.
func caption(n neo4jstore.Node) string {
	for _, k := range []string{"name", "title", "type"} {
		if s, ok := n.Props[k].(string); ok && s != "" {
			return s
		}
	}
	if s, ok := n.Props["text"].(string); ok {
		if r := []rune(s); len(r) > 60 {
			return string(r[:59]) + "…"
		}
		return s
	}
	return n.ID()
}

func graphmlType(v any) string {
	switch v.(type) {
	case int64:
		return "long"
	case float64:
		return "double"
	case bool:
		return "boolean"
	}
	return "string"
}

// properties writes the non-nil properties in key order.
func properties(bw *bufio.Writer, prefix string, props map[string]any) error {
	names := make([]string, 0, len(props))
	for k, v := range props {
		if v != nil {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		var s string
		switch x := props[k].(type) {
		case string:
			s = x
		case int64:
			s = strconv.FormatInt(x, 10)
		case float64:
			s = strconv.FormatFloat(x, 'g', -1, 64)
		case bool:
			s = strconv.FormatBool(x)
		default:
			var b bytes.Buffer
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(x); err != nil {
				return fmt.Errorf("graphml: property %s: %w", k, err)
			}
			s = strings.TrimSuffix(b.String(), "\n")
		}
		data(bw, prefix+k, s)
	}
	return nil
}

func data(bw *bufio.Writer, key, value string) {
	fmt.Fprintf(bw, `<data key="%s">`, key)
	xml.EscapeText(bw, []byte(value))
	bw.WriteString("</data>")
}
