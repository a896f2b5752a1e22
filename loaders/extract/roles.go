package extract

import (
	"fmt"
	"strings"

	"github.com/newsgraph/graph/graph"
)

// roleFacts finds WORKS_FOR, MEMBER_OF and FOUNDED from role phrases
// around a person's name:
//
//	Francisco Varela, vice president of mobile partnerships for Facebook
//	Ime Archibong, Facebook vice president of product partnerships
//	Facebook's chief executive Mark Zuckerberg
//	the chief executive of BP, John Browne
func (x *Extractor) roleFacts(d *doc, s int) []draft {
	toks := d.sents[s]
	var out []draft
	for _, p := range d.inSent(s) {
		if p.ent == nil || p.ent.label != "Person" {
			continue
		}
		// After the name, up to the next comma.
		if j := p.last; j < len(toks) && toks[j].text == "," {
			var role string
			var org *mention
			roleEnd := -1
			for k := j + 1; k < len(toks) && k < j+14; k++ {
				t := &toks[k]
				if t.text == "," && (role == "" || org == nil) && k > j+1 {
					break
				}
				if t.text == "," || t.kind == quoteMark || x.v.speech[t.low] {
					break
				}
				if m := d.at[s][k]; m != nil {
					// The organisation whose the role is, where one owns it
					// ("appointed by the Italian government as Parmalat's
					// chief executive"), else the first named.
					if m.ent != nil && x.o.Is(m.ent.label, "Organization") && (org == nil || m.poss && role == "") {
						org = m
					} else if m.ent != nil && m.ent.label == "Person" {
						// "NME editor Conor McNicholas, Top of the Pops
						// presenter Fearne Cotton": the role right before a
						// name is that person's.
						if role != "" && k >= roleEnd && k-roleEnd <= 2 && titlesOnly(toks[roleEnd:k]) { // "chief Lord Rennard"
							role = ""
						}
						break
					}
					k = m.last - 1
					continue
				}
				if role == "" {
					role = x.rolePhrase(toks, k)
					roleEnd = k + x.roleLen(toks, k)
				}
			}
			if role != "" && org != nil {
				out = append(out, x.roleDraft(s, p, org.ent, role, "apposition after the name")...)
			}
		}
		// "Franklin Raines, who headed the Office of Management and
		// Budget": a verb that gives a role, in a relative clause.
		if j := p.last; j+2 < len(toks) && toks[j].text == "," && toks[j+1].low == "who" {
			k := j + 2
			if k+1 < len(toks) && adverbs[toks[k].low] {
				k++ // "who previously ran"
			}
			at := k + 1
			if at < len(toks) && toks[at].low == "the" {
				at++
			}
			if role := x.o.Roles.Verbs[toks[k].low]; role != "" && at < len(toks) {
				if m := d.at[s][at]; m != nil && m.first == at && m.ent != nil && x.o.Is(m.ent.label, "Organization") {
					out = append(out, x.roleDraft(s, p, m.ent, role, fmt.Sprintf("%q in a relative clause after the name", toks[k].text))...)
				}
			}
		}
		// Before the name: "Facebook's chief executive Mark Zuckerberg";
		// before the list the name ends ("United's young strikers Wayne
		// Rooney and Cristiano Ronaldo").
		first := p.first
		if p.group != 0 {
			for _, o := range d.inSent(s) {
				if o.group == p.group {
					first = min(first, o.first)
				}
			}
		}
		// "Democrat John Kerry": a party's name right before the name.
		if k := p.first - 1; k >= 0 {
			if m := d.at[s][k]; m != nil && x.partyMember(d, s, m) == p {
				out = append(out, x.memberDraft(s, p, m.ent, "party's name before the name")...)
			}
		}
		if k := first - 1; k > 0 {
			var role string
			// "Lib Dem home affairs spokesman Mark Oaten": the role and
			// up to five words of its field before the name.
			for ; k >= 0 && k >= first-6; k-- {
				if d.at[s][k] != nil {
					break
				}
				r := x.rolePhrase(toks, k)
				if r == "" && p.group != 0 {
					r = x.pluralRole(toks, k) // "MPs Tom Hale and Ann Roe"
				}
				if r != "" {
					if role == "" || strings.HasSuffix(r, " "+role) {
						role = r // the role nearest the name, or a longer form of it
					}
					continue
				}
				// Not past a preposition or a conjunction that says no
				// role (a verb may: "Tottenham sporting director"):
				// "Tests as scrum-half Dimitri Yachvili", "from the Borders
				// on loan while fly-half Craig McMullen".
				if toks[k].kind == possessive || toks[k].kind == word && (!toks[k].cap || x.v.portfolios[toks[k].low]) && role != "" && toks[k].low != "the" && toks[k].low != "a" &&
					!roleBreaks[toks[k].low] {
					continue
				}
				break
			}
			org := false
			if role != "" && k >= 0 {
				if toks[k].kind == possessive {
					k--
				}
				if k >= 0 {
					if m := d.at[s][k]; m != nil && m.ent != nil && x.o.Is(m.ent.label, "Organization") && !x.portfolio(d.sents[s][m.first:m.last]) && !x.portfolioAfter(toks, m.first) {
						out = append(out, x.roleDraft(s, p, m.ent, role, "role and organisation before the name")...)
						org = true
					}
				}
			}
			// "agriculture minister Dominique Bussereau", in an article
			// on "the French government": no organisation named, a
			// role in a government, the one government of the article.
			// A country named before the role must be the government's:
			// "UK Chancellor Gordon Brown" in an article on the Brazilian
			// government is in another.
			if gov := d.soleGovernment(); !org && gov != nil && x.v.government[withoutFormer(strings.ToLower(role))] {
				if c := x.countryBefore(d, s, k); c == "" || governmentKey+c == gov.key {
					out = append(out, x.memberDraft(s, p, gov, fmt.Sprintf("role %q, the one government the article names", role))...)
				}
			}
		}
		// "the chief executive of BP, John Browne"
		if k := p.first - 1; k >= 2 && toks[k].text == "," {
			if m := d.at[s][k-1]; m != nil && m.ent != nil && x.o.Is(m.ent.label, "Organization") {
				of := m.first - 1
				if of >= 1 && toks[of].low == "the" {
					of-- // "the chairman of the Bar Council, Guy Mansfield"
				}
				if of >= 1 && (toks[of].low == "of" || toks[of].low == "at") {
					for r := of - 1; r >= 0 && r >= of-3; r-- {
						if role := x.rolePhrase(toks, r); role != "" {
							out = append(out, x.roleDraft(s, p, m.ent, role, "role of the organisation before the name")...)
							break
						}
					}
				}
			}
		}
	}
	return out
}

// countryBefore is the country named at token k of sentence s or up to
// three capitalised words before it (the rest of a title: "UK Prime
// Minister"), as a key: a place's name ("UK") or a nationality
// ("German"); "" where none is.
func (x *Extractor) countryBefore(d *doc, s, k int) string {
	toks := d.sents[s]
	for stop := k - 3; k > stop && k > 0 && d.at[s][k] == nil && toks[k].cap && x.v.demonyms[toks[k].text] == ""; {
		k--
	}
	if k < 0 {
		return ""
	}
	if m := d.at[s][k]; m != nil {
		if m.ent != nil && m.ent.label == "Place" {
			return m.ent.key
		}
		return ""
	}
	if place := x.v.demonyms[d.sents[s][k].text]; place != "" {
		return normKey(place)
	}
	return ""
}

// portfolio reports whether toks are words of a role's field only
// ("Trade" of "Trade and Industry Secretary").
func (x *Extractor) portfolio(toks []token) bool {
	for _, t := range toks {
		if !x.v.portfolios[t.low] {
			return false
		}
	}
	return len(toks) > 0
}

// portfolioAfter reports whether the name at toks[i] follows a portfolio
// and "and" (or a comma): a field of the role too ("Labour" of "Economy
// and Labour Minister"), not the party.
func (x *Extractor) portfolioAfter(toks []token, i int) bool {
	return i >= 2 && (toks[i-1].low == "and" || toks[i-1].text == "," || toks[i-1].text == "&") && x.v.portfolios[toks[i-2].low]
}

// soleGovernment is the one national government the article names ("the
// French government"), nil where it names none or more than one.
func (d *doc) soleGovernment() *entity {
	var gov *entity
	for _, m := range d.mentions {
		if m.ent == nil || m.ent == gov || !strings.HasPrefix(m.ent.key, governmentKey) {
			continue
		}
		if gov != nil {
			return nil
		}
		gov = m.ent
	}
	return gov
}

// knownOrganization reports whether org is a known entity (an alias in
// the ontology) of the Organization type, as parties are where listed.
func (x *Extractor) knownOrganization(org *entity) bool {
	k := x.v.known[normKey(org.name)]
	return k != nil && k.label == "Organization"
}

// titlesOnly reports whether toks are capitalised words only (titles
// between a role and a name: "Lord", "Dr"), or none.
func titlesOnly(toks []token) bool {
	for _, t := range toks {
		if t.kind != word || !t.cap {
			return false
		}
	}
	return true
}

// roleBreaks are words between a role and an organisation's name before
// it that part them: "in 11 Tests as scrum-half Dimitri Yachvili". Not
// "after", "to" or "by", which as often do not: "further trouble for
// Everton after goalkeeper Carroll required treatment".
var roleBreaks = map[string]bool{"as": true, "on": true, "at": true, "while": true, "when": true, "against": true, "than": true,
	"into": true, "over": true, "under": true, "with": true}

// roleLen is the number of tokens of the role word or phrase starting at
// toks[k], 0 for none.
func (x *Extractor) roleLen(toks []token, k int) int {
	return max(x.v.worksFor.longest(toks, k), x.v.memberOf.longest(toks, k))
}

// pluralRole returns the role phrase in the plural starting at toks[k]
// ("MPs", "chief executives"), or "".
func (x *Extractor) pluralRole(toks []token, k int) string {
	n := max(x.v.worksFor.longestPlural(toks, k), x.v.memberOf.longestPlural(toks, k))
	if n == 0 {
		return ""
	}
	return spanText(toks, k, k+n)
}

// rolePhrase returns the role word or phrase starting at toks[k], or "".
func (x *Extractor) rolePhrase(toks []token, k int) string {
	n := x.roleLen(toks, k)
	if n == 0 {
		return ""
	}
	return spanText(toks, k, k+n)
}

func (x *Extractor) roleDraft(s int, p *mention, org *entity, role, how string) []draft {
	low := withoutFormer(strings.ToLower(role))
	if !x.v.worksFor[low] && !x.v.memberOf[low] {
		low = singular(low) // "MPs"
	}
	// "Henley MP Boris Johnson": an elected member's title after a name
	// that is no party and no assembly names the seat.
	if x.v.elected[singular(low)] && org.label != "GovernmentBody" && !x.v.parties.ends(org.name) && !x.v.bodies.ends(org.name) && !x.knownOrganization(org) {
		return nil
	}
	rel := "WORKS_FOR"
	switch {
	case x.v.founded[low]:
		rel = "FOUNDED"
	case (org.label == "GovernmentBody" || org.label == "Organization") && x.v.memberOf[low],
		org.label == "Organization" && x.v.parties.ends(org.name),
		(org.label == "GovernmentBody" || org.label == "Organization") && x.v.presiding[low] && x.v.bodies.ends(org.name):
		rel = "MEMBER_OF"
	}
	if !x.o.Allows(rel, p.ent.label, org.label) {
		return nil
	}
	return []draft{{rel: rel, subj: p.ent, obj: org, sent: s, stance: graph.Asserted, trigger: role, role: low,
		family: famRole, why: fmt.Sprintf("role %q; person %s and organisation %s: %s", role, p.ent.name, org.name, how)}}
}
