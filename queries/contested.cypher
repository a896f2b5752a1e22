// name: contested
// description: contested facts: stated somewhere, denied somewhere (a denial in the text, or a claim someone is said to deny)
// param: limit int = 25 -- rows at most
MATCH (c:Claim)-[:SUBJECT]->(s:Entity), (c)-[:OBJECT]->(o:Entity), (c)-[:STATED_IN]->(a:Article)
OPTIONAL MATCH (c)-[:DENIED_BY]->(d:Entity)
WITH s, c, o, a, collect(d.name) AS deniers
WITH s, c.type AS fact, o, collect({claim: c, article: a.id, by: deniers}) AS claims
WITH s, fact, o,
     [x IN claims WHERE x.claim.stance <> "denied"] AS made,
     [x IN claims WHERE x.claim.stance = "denied" OR size(x.by) > 0] AS disputed
WHERE size(made) > 0 AND size(disputed) > 0
WITH s, fact, o, made, disputed,
     reduce(acc = [], x IN disputed |
       acc + [n IN x.by + CASE WHEN x.claim.stance = "denied" THEN [s.name] ELSE [] END WHERE NOT n IN acc]) AS deniedBy,
     reduce(acc = [], id IN [x IN made | x.article] | CASE WHEN id IN acc THEN acc ELSE acc + id END) AS statedIn,
     reduce(acc = [], id IN [x IN disputed | x.article] | CASE WHEN id IN acc THEN acc ELSE acc + id END) AS deniedIn
RETURN s.name AS subject, fact, o.name AS object,
       size(statedIn) AS statedIn, size(deniedIn) AS deniedIn, deniedBy,
       made[0].claim.sentence AS statement,
       [x IN disputed WHERE x.claim.stance = "denied"][0].claim.sentence AS denial
ORDER BY statedIn + deniedIn DESC, subject, fact, object
LIMIT toInteger($limit)
