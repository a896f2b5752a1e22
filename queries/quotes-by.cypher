// name: quotes-by
// description: what a person or organisation was quoted saying, newest first, with what each quote is about
// param: name string entity -- the speaker: a name, an alias, or a person's surname (any case)
// param: limit int = 50 -- rows at most
// example: MATCH (q:Quote)-[:SAID_BY]->(e:Entity) WITH e, count(q) AS n RETURN e.name AS name ORDER BY n DESC, name LIMIT 1
MATCH (e:Entity)
WHERE (toLower(e.name) = toLower($name) OR toLower($name) IN [al IN e.aliases | toLower(al)] OR (e:Person AND toLower(e.name) ENDS WITH " " + toLower($name)))
MATCH (q:Quote)-[:SAID_BY]->(e), (q)-[:STATED_IN]->(a:Article)
RETURN e.name AS speaker, a.published AS published, a.title AS article,
       COLLECT { MATCH (q)-[:ABOUT]->(x:Entity) RETURN x.name ORDER BY x.name } AS about,
       q.text AS quote
ORDER BY published DESC, article, q.start
LIMIT toInteger($limit)
