// name: credits
// description: what each outlet or source is credited with ("according to …", "a report by …"): the claims that cite it
// param: outlet string entity = "" -- only this source, by name or alias (empty: every credited source)
// param: limit int = 100 -- rows at most
MATCH (c:Claim)-[:REPORTED_BY]->(o:Entity)
WHERE $outlet = "" OR (toLower(o.name) = toLower($outlet) OR toLower($outlet) IN [al IN o.aliases | toLower(al)] OR (o:Person AND toLower(o.name) ENDS WITH " " + toLower($outlet)))
MATCH (c)-[:SUBJECT]->(s:Entity), (c)-[:OBJECT]->(t:Entity), (c)-[:STATED_IN]->(a:Article)
RETURN o.name AS outlet, s.name AS subject, c.type AS fact, t.name AS object,
       c.stance AS stance, a.title AS article, c.sentence AS evidence
ORDER BY outlet, fact, subject, object, article
LIMIT toInteger($limit)
