// name: co-mentioned
// description: entities named in the same articles, the most shared articles first; with a name, the entities named alongside it
// param: name string entity = "" -- only pairs with this entity, by name, alias or surname (empty: all pairs)
// param: limit int = 25 -- rows at most
MATCH (a:Article)-[:MENTIONS]->(x:Entity), (a)-[:MENTIONS]->(y:Entity)
WHERE CASE WHEN $name = "" THEN x.id < y.id
      ELSE x <> y AND (toLower(x.name) = toLower($name) OR toLower($name) IN [al IN x.aliases | toLower(al)] OR (x:Person AND toLower(x.name) ENDS WITH " " + toLower($name))) END
WITH x, y, count(a) AS articles, collect(a.title)[..3] AS sample
RETURN x.name AS entity, y.name AS coMentioned, articles,
       EXISTS { (x)--(y) } AS connected, sample AS inArticles
ORDER BY articles DESC, entity, coMentioned
LIMIT toInteger($limit)
