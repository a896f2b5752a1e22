// name: article
// description: one article's summary: what it is, the entities it names, the facts it states and the quotes it carries
// param: article string -- the article's id, its file name or path, or words of its title (any case)
// param: limit int = 200 -- rows at most
// example: MATCH (a:Article) RETURN a.title AS article ORDER BY COUNT { (:Claim)-[:STATED_IN]->(a) } DESC, a.title LIMIT 1
MATCH (a:Article)
WHERE a.id = $article OR a.source = $article OR a.source ENDS WITH "/" + $article
   OR toLower(a.title) CONTAINS toLower($article)
CALL (a) {
  RETURN 0 AS rank, "article" AS kind,
         coalesce(a.published, "undated") + " · " + coalesce(head(COLLECT { MATCH (a)-[:REPORTED_BY]->(o) RETURN o.name }), a.publisherName, "outlet unknown") AS item,
         a.source AS detail
  UNION ALL
  MATCH (a)-[m:MENTIONS]->(e:Entity)
  RETURN 1 AS rank, "entity" AS kind, e.name + " (" + e.type + ")" AS item, toString(m.count) + " mentions" AS detail
  ORDER BY m.count DESC, e.name
  UNION ALL
  MATCH (c:Claim)-[:STATED_IN]->(a), (c)-[:SUBJECT]->(s:Entity), (c)-[:OBJECT]->(o:Entity)
  RETURN 2 AS rank, "fact" AS kind, s.name + " " + c.type + " " + o.name + CASE WHEN c.stance = "asserted" THEN "" ELSE " (" + c.stance + ")" END AS item,
         c.sentence AS detail
  ORDER BY c.start
  UNION ALL
  MATCH (q:Quote)-[:STATED_IN]->(a), (q)-[:SAID_BY]->(e:Entity)
  RETURN 3 AS rank, "quote" AS kind, e.name AS item, q.text AS detail
  ORDER BY q.start
}
RETURN a.title AS title, kind, item, detail
LIMIT toInteger($limit)
