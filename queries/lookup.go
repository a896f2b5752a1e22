package queries

import (
	"sort"
	"strings"

	"github.com/samber/lo"
	"github.com/xrash/smetrics"
)

// EntityWhere is how every canned query finds the entities a name stands
// for: by name or alias, or a person by surname, in any case. A query's
// own WHERE spells it out over its variable and parameter; TestEntityParams
// holds them to this one.
const EntityWhere = `(toLower(e.name) = toLower($name) OR toLower($name) IN [al IN e.aliases | toLower(al)] OR (e:Person AND toLower(e.name) ENDS WITH " " + toLower($name)))`

// EntityMatches lists the entities a name parameter stands for, the most
// mentioned first, so that graph query can say which ones an answer is
// about, or that there are none.
const EntityMatches = `MATCH (e:Entity) WHERE ` + EntityWhere + `
RETURN e.name AS name, e.type AS type ORDER BY e.mentionCount DESC, name`

// EntityNames lists every entity's name and aliases, to suggest the
// nearest when a name matches nothing.
const EntityNames = `MATCH (e:Entity) RETURN e.name AS name, e.aliases AS aliases, e.mentionCount AS mentions`

// Named is an entity by its names, for Nearest.
type Named struct {
	Name     string
	Aliases  []string
	Mentions int64
}

// Nearest returns up to n entity names closest to what the user typed:
// by Jaro-Winkler similarity to the name, an alias or one word of the name
// (so "Warnr" finds Mark Warner), or containing what was typed; ties go
// to the most mentioned. Names less alike than a typo are left out.
func Nearest(typed string, entities []Named, n int) []string {
	typed = strings.ToLower(strings.TrimSpace(typed))
	if typed == "" {
		return nil
	}
	type scored struct {
		Named
		score float64
	}
	var found []scored
	for _, e := range entities {
		names := append([]string{e.Name}, e.Aliases...)
		names = append(names, strings.Fields(e.Name)...)
		best := lo.Max(lo.Map(names, func(s string, _ int) float64 {
			s = strings.ToLower(s)
			if len(typed) >= 3 && strings.Contains(s, typed) {
				return 0.95
			}
			return smetrics.JaroWinkler(typed, s, 0.7, 4)
		}))
		if best >= 0.85 {
			found = append(found, scored{e, best})
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].score != found[j].score {
			return found[i].score > found[j].score
		}
		if found[i].Mentions != found[j].Mentions {
			return found[i].Mentions > found[j].Mentions
		}
		return found[i].Name < found[j].Name
	})
	names := lo.Uniq(lo.Map(found, func(s scored, _ int) string { return s.Name }))
	return names[:min(n, len(names))]
}
