// name: network
// description: an entity and the facts around it, as paths to draw (best in Neo4j Browser's graph view)
// param: name string entity -- the entity: its name, an alias, or a person's surname (any case)
// param: hops int 1..3 = 1 -- how many facts away from the entity
// param: limit int = 100 -- paths at most
// example: MATCH (e:Entity) RETURN e.name AS name ORDER BY COUNT { (e)--(:Entity) } DESC, e.mentionCount DESC, e.name LIMIT 1
MATCH (e:Entity)
WHERE (toLower(e.name) = toLower($name) OR toLower($name) IN [al IN e.aliases | toLower(al)] OR (e:Person AND toLower(e.name) ENDS WITH " " + toLower($name)))
// The pattern's bound is the parameter's largest value (1..3 above). A
// path visits each entity once: a walk back to where it came from would
// restate facts the shorter paths already show.
MATCH p = (e)-[*1..3]-(:Entity)
WHERE length(p) <= $hops AND all(n IN nodes(p) WHERE n:Entity)
  AND all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
RETURN p AS path
ORDER BY length(p), [n IN nodes(p) | n.name]
LIMIT toInteger($limit)
