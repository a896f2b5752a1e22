// name: profile
// description: every fact about an entity, in both directions, with its evidence, the articles that state it and the outlets behind it
// param: name string entity -- the entity: its name, an alias, or a person's surname (any case)
// param: limit int = 100 -- rows at most
// example: MATCH (e:Entity) RETURN e.name AS name ORDER BY COUNT { (e)--(:Entity) } DESC, e.mentionCount DESC, e.name LIMIT 1
MATCH (e:Entity)
WHERE (toLower(e.name) = toLower($name) OR toLower($name) IN [al IN e.aliases | toLower(al)] OR (e:Person AND toLower(e.name) ENDS WITH " " + toLower($name)))
MATCH (e)-[r]-(other:Entity)
CALL (r) {
  MATCH (a:Article) WHERE a.id IN r.articles
  OPTIONAL MATCH (a)-[:REPORTED_BY]->(p:NewsOutlet)
  RETURN collect(DISTINCT a.title) AS sources, collect(DISTINCT p.name) AS publishers
}
// Outlets: those that published the articles and those the claims credit.
WITH r, sources, publishers, COLLECT {
  MATCH (c:Claim {type: type(r)})-[:SUBJECT]->(s), (c)-[:OBJECT]->(o), (c)-[:REPORTED_BY]->(src:Entity)
  WHERE s = startNode(r) AND o = endNode(r)
  RETURN DISTINCT src.name
} AS credited
WITH r, sources, publishers + [x IN credited WHERE NOT x IN publishers] AS outlets
RETURN startNode(r).name AS subject, type(r) AS fact, endNode(r).name AS object,
       size(r.articles) AS articles, r.count AS claims, r.confidence AS confidence,
       r.evidence[0] AS evidence, sources, outlets
ORDER BY articles DESC, claims DESC, fact, subject, object
LIMIT toInteger($limit)
