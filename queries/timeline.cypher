// name: timeline
// description: claims in date order (the day the sentence names, else the article's date), for one entity or all
// param: name string entity = "" -- only claims whose subject or object is this entity, by name, alias or surname (empty: all)
// param: limit int = 100 -- rows at most
MATCH (c:Claim)-[:SUBJECT]->(s:Entity), (c)-[:OBJECT]->(o:Entity), (c)-[:STATED_IN]->(a:Article)
WHERE $name = ""
   OR any(e IN [s, o] WHERE (toLower(e.name) = toLower($name) OR toLower($name) IN [al IN e.aliases | toLower(al)] OR (e:Person AND toLower(e.name) ENDS WITH " " + toLower($name))))
RETURN coalesce(c.date, a.published) AS date, s.name AS subject, c.type AS fact, o.name AS object,
       c.stance AS stance, a.title AS article, c.sentence AS evidence
ORDER BY date IS NULL, date, article, c.start
LIMIT toInteger($limit)
