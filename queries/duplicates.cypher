// name: duplicates
// description: entities that may be one and the same, for a person to decide: they share an alias, or one's name is the other's words in part
// param: limit int = 50 -- pairs at most
// Candidates are found by a shared word of their names and aliases
// (words of three letters or more, and words not shared by more than 50
// entities), so the query stays fast on large graphs.
MATCH (e:Entity)
UNWIND [e.name] + e.aliases AS n
UNWIND split(toLower(n), " ") AS word
WITH DISTINCT e, word
WHERE size(word) >= 3
WITH word, collect(e) AS group
WHERE 1 < size(group) <= 50
UNWIND group AS x
UNWIND group AS y
WITH DISTINCT x, y
WHERE x.id < y.id
WITH x, y,
     [w IN split(toLower(x.name), " ") WHERE w <> ""] AS xw,
     [w IN split(toLower(y.name), " ") WHERE w <> ""] AS yw
// Two people who share only their surname (Gordon Brown, Dan Brown) are
// no evidence of one person.
WITH x, y, xw, yw,
     [a IN x.aliases WHERE toLower(a) IN [b IN y.aliases | toLower(b)]
        AND NOT (x:Person AND y:Person AND toLower(a) = last(xw) AND toLower(a) = last(yw))] AS shared
WITH x, y, shared,
     (all(w IN xw WHERE w IN yw) OR all(w IN yw WHERE w IN xw)) AS contained
WHERE size(shared) > 0 OR contained
RETURN x.name AS entity, x.type AS type, y.name AS maybeSame, y.type AS otherType,
       CASE WHEN size(shared) > 0 THEN "shared alias: " + shared[0] ELSE "name within name" END AS why,
       x.articleCount + y.articleCount AS articles
ORDER BY size(shared) DESC, x.type = y.type DESC, articles DESC, entity, maybeSame
LIMIT toInteger($limit)
