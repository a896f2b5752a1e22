// name: connected
// description: the most connected entities: how many facts and distinct partners each has, and how many articles name it
// param: label string label = "" -- only entities with this label: Person, Company, GovernmentBody, NewsOutlet, Place, Organization (empty: all)
// param: limit int = 25 -- rows at most
MATCH (e:Entity)
WHERE $label = "" OR $label IN labels(e)
WITH e, COUNT { (e)-[]-(:Entity) } AS facts
WHERE facts > 0
RETURN e.name AS entity, e.type AS type, facts,
       COUNT { MATCH (e)-[]-(x:Entity) RETURN DISTINCT x } AS partners,
       e.articleCount AS articles, e.mentionCount AS mentions
ORDER BY facts DESC, partners DESC, articles DESC, entity
LIMIT toInteger($limit)
