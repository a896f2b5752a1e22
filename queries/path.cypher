// name: path
// description: the shortest chain of facts between two entities (optionally also through articles that name both)
// param: from string entity -- the first entity, by name, alias or surname (any case)
// param: to string entity -- the second entity, by name, alias or surname (any case)
// param: articles bool = false -- also step through articles that mention both ends of a step
// param: hops int 1..10 = 6 -- the longest path to look for
// example: MATCH (a:Entity)-[]->(:Entity)-[]->(b:Entity) WHERE a <> b RETURN a.name AS from, b.name AS to ORDER BY a.mentionCount + b.mentionCount DESC, from, to LIMIT 1
// Each end is looked up on its own: a WHERE over the pair would test
// every pair of entities.
MATCH (a:Entity)
WHERE (toLower(a.name) = toLower($from) OR toLower($from) IN [al IN a.aliases | toLower(al)] OR (a:Person AND toLower(a.name) ENDS WITH " " + toLower($from)))
WITH collect(a) AS starts
MATCH (b:Entity)
WHERE (toLower(b.name) = toLower($to) OR toLower($to) IN [al IN b.aliases | toLower(al)] OR (b:Person AND toLower(b.name) ENDS WITH " " + toLower($to)))
UNWIND starts AS a
WITH a, b
WHERE a <> b
// SHORTEST with the node test inside the pattern stops at the first path
// found; shortestPath() with a WHERE on the nodes would try every path.
MATCH p = SHORTEST 1 (a) (()--(n WHERE n:Entity OR ($articles AND n:Article))){1,10} (b)
WHERE length(p) <= $hops
RETURN length(p) AS hops, p AS path
ORDER BY hops, a.name, b.name
LIMIT 5
