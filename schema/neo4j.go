package schema

// NodeKinds are the labels whose nodes graph writes and keys by `id`:
// entities, the articles that mention them, the claims and quotes taken
// from the articles, and the one node that records the state of loading.
var NodeKinds = []string{"Entity", "Article", "Claim", "Quote", "LoadState"}

// Statements returns the Cypher that prepares a database for the graph:
// a uniqueness constraint on `id` for every node kind, indexes for the
// lookups the loader and the canned queries make, and a full-text index
// over entity names and aliases. Aliases have no range index: on a list
// property it serves only equality with the whole list, never
// `'FB' IN n.aliases`; the full-text index indexes each alias. Every statement is IF NOT EXISTS, so
// applying them again changes nothing.
func (o *Ontology) Statements() []string {
	var out []string
	for _, kind := range NodeKinds {
		out = append(out, "CREATE CONSTRAINT "+snake(kind)+"_id IF NOT EXISTS FOR (n:"+kind+") REQUIRE n.id IS UNIQUE")
	}
	return append(out,
		"CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
		"CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases]",
		"CREATE INDEX article_source IF NOT EXISTS FOR (n:Article) ON (n.source)",
		"CREATE INDEX claim_type IF NOT EXISTS FOR (n:Claim) ON (n.type)",
	)
}

// snake turns "LoadState" into "load_state".
func snake(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				out = append(out, '_')
			}
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}
