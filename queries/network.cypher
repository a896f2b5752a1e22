// name: network
// description: an entity and the facts around it, as paths to draw (best in Neo4j Browser's graph view)
// param: name string -- the entity: its name, an alias, or a person's surname (any case)
// param: hops int = 1 -- how many facts away from the entity (1 to 3)
// param: limit int = 100 -- paths at most
// example: MATCH (e:Entity) RETURN e.name AS name ORDER BY COUNT { (e)--(:Entity) } DESC, e.mentionCount DESC, e.name LIMIT 1
MATCH (e:Entity)
WHERE (toLower(e.name) = toLower($name) OR toLower($name) IN [al IN e.aliases | toLower(al)] OR (e:Person AND toLower(e.name) ENDS WITH " " + toLower($name)))
MATCH p = (e)-[*1..3]-(:Entity)
WHERE length(p) <= $hops AND all(n IN nodes(p) WHERE n:Entity)
RETURN p AS path
ORDER BY length(p), [n IN nodes(p) | n.name]
LIMIT toInteger($limit)
