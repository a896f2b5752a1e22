// name: quotes-about
// description: quotes that name an entity, with who said them
// param: name string entity -- the entity: its name, an alias, or a person's surname (any case)
// param: limit int = 50 -- rows at most
// example: MATCH (q:Quote)-[:ABOUT]->(e:Entity) WITH e, count(q) AS n RETURN e.name AS name ORDER BY n DESC, name LIMIT 1
MATCH (e:Entity)
WHERE (toLower(e.name) = toLower($name) OR toLower($name) IN [al IN e.aliases | toLower(al)] OR (e:Person AND toLower(e.name) ENDS WITH " " + toLower($name)))
MATCH (q:Quote)-[:ABOUT]->(e), (q)-[:SAID_BY]->(speaker:Entity), (q)-[:STATED_IN]->(a:Article)
RETURN e.name AS about, speaker.name AS speaker, a.published AS published, a.title AS article, q.text AS quote
ORDER BY published DESC, article, q.start
LIMIT toInteger($limit)
