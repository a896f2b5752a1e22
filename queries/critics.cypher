// name: critics
// description: who criticised an entity, with the sentence that says so and what the critic was quoted saying
// param: name string entity -- the criticised entity: its name, an alias, or a person's surname (any case)
// param: limit int = 50 -- rows at most
// example: MATCH (e:Entity)<-[r:CRITICIZED]-() WITH e, count(r) AS n RETURN e.name AS name ORDER BY n DESC, name LIMIT 1
MATCH (e:Entity)
WHERE (toLower(e.name) = toLower($name) OR toLower($name) IN [al IN e.aliases | toLower(al)] OR (e:Person AND toLower(e.name) ENDS WITH " " + toLower($name)))
MATCH (critic:Entity)-[r:CRITICIZED]->(e)
// The critic's quotes about the entity first, then the critic's other
// quotes in the articles that report the criticism.
WITH e, critic, r, COLLECT {
  MATCH (q:Quote)-[:SAID_BY]->(critic), (q)-[:STATED_IN]->(a:Article)
  WHERE EXISTS { (q)-[:ABOUT]->(e) } OR a.id IN r.articles
  RETURN q.text
  ORDER BY CASE WHEN EXISTS { (q)-[:ABOUT]->(e) } THEN 0 ELSE 1 END, a.published, q.start
} AS quotes
RETURN critic.name AS critic, e.name AS criticised, size(r.articles) AS articles,
       size(quotes) AS quotes, r.evidence[0] AS evidence, quotes[0] AS quote
ORDER BY articles DESC, quotes DESC, critic
LIMIT toInteger($limit)
