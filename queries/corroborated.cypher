// name: corroborated
// description: facts ranked by corroboration: how many distinct articles state them and how many distinct outlets publish or are credited with them
// param: type string fact-type = "" -- only facts of this relationship type (empty: every type)
// param: limit int = 25 -- rows at most
MATCH (s:Entity)-[r]->(o:Entity)
WHERE $type = "" OR type(r) = $type
CALL (r) {
  MATCH (a:Article) WHERE a.id IN r.articles
  OPTIONAL MATCH (a)-[:REPORTED_BY]->(p:NewsOutlet)
  RETURN count(DISTINCT a) AS articles, collect(DISTINCT p.name) AS publishers
}
WITH s, r, o, articles, publishers, COLLECT {
  MATCH (c:Claim {type: type(r)})-[:SUBJECT]->(s), (c)-[:OBJECT]->(o), (c)-[:REPORTED_BY]->(src:Entity)
  RETURN DISTINCT src.name
} AS credited
WITH s, r, o, articles, publishers + [x IN credited WHERE NOT x IN publishers] AS outlets
RETURN s.name AS subject, type(r) AS fact, o.name AS object, articles,
       size(outlets) AS outletCount, outlets, r.count AS claims, r.evidence[0] AS evidence
ORDER BY articles DESC, outletCount DESC, claims DESC, subject, fact, object
LIMIT toInteger($limit)
