// name: facts
// description: facts of one type (who shared data with whom, who criticised whom …), the best supported first
// param: type string fact-type = SHARED_DATA_WITH -- a relationship type of the ontology (schema/ontology.yaml)
// param: limit int = 25 -- rows at most
MATCH (s:Entity)-[r]->(t:Entity)
WHERE type(r) = $type
RETURN s.name AS subject, type(r) AS fact, t.name AS object,
       size(r.articles) AS articles, r.count AS claims, r.confidence AS confidence,
       r.evidence[0] AS evidence
ORDER BY articles DESC, claims DESC, subject, object
LIMIT toInteger($limit)
