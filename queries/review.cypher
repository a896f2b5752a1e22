// name: review
// description: facts to check by hand: those only one article states, or whose confidence (the share of such facts found right on hand-made gold) is low, the weakest first
// param: confidence float 0..1 = 0.75 -- facts below this confidence are listed even with several sources
// param: limit int = 50 -- rows at most
MATCH (s:Entity)-[r]->(o:Entity)
WHERE size(r.articles) = 1 OR r.confidence < $confidence
RETURN s.name AS subject, type(r) AS fact, o.name AS object, r.confidence AS confidence,
       size(r.articles) AS articles,
       CASE WHEN size(r.articles) = 1 AND r.confidence < $confidence THEN "single source, low confidence"
            WHEN size(r.articles) = 1 THEN "single source" ELSE "low confidence" END AS why,
       r.trigger AS trigger, r.evidence[0] AS evidence
ORDER BY confidence, articles, subject, fact, object
LIMIT toInteger($limit)
