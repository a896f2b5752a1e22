package extract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
)

// arg is one argument of a fact: the entities it stands for (several for a
// list) and how it was found, for --explain.
type arg struct {
	ents []*entity
	at   int // token index
	how  string
	list bool // a phrase for a list: "these companies", "partners such as"
	// clause: the name opens a clause the verb takes ("denied Mr Brown
	// made that quote"), the object only of a relation about claims.
	clause bool
}

// draft is a fact found in one sentence, before aggregation.
type draft struct {
	rel        string
	subj, obj  *entity
	sent       int
	stance     graph.Stance
	trigger    string
	role       string
	family     string // the kind of evidence, as the calibration table names it
	reportedBy []*entity
	deniedBy   []*entity
	why        string
	fromList   bool
}

// prepositions: a name right after one is not the subject of the clause.
var prepositions = map[string]bool{"of": true, "with": true, "between": true, "by": true, "from": true, "to": true,
	"in": true, "on": true, "at": true, "for": true, "like": true, "than": true, "about": true, "into": true,
	"against": true, "including": true, "among": true, "via": true, "over": true, "under": true, "besides": true,
	"across": true, "despite": true, "after": true, "before": true, "through": true, "toward": true, "towards": true,
	"behind": true, "within": true, "without": true, "around": true, "beyond": true, "near": true, "inside": true,
	"outside": true, "upon": true, "alongside": true, "throughout": true, "amid": true}

// collective nouns: "members of Congress" act for Congress.
var collective = map[string]bool{"members": true, "delegation": true, "delegations": true, "member": true, "officials": true, "staff": true, "leaders": true,
	"representatives": true, "lawyers": true, "executives": true, "spokesman": true, "spokeswoman": true,
	"spokesperson": true, "head": true, "chief": true, "boss": true, "chiefs": true, "bosses": true, "ministers": true,
	"lawmakers": true, "regulators": true, "authorities": true, "investigators": true, "prosecutors": true,
	"negotiators": true, "diplomats": true, "troops": true, "forces": true, "agents": true, "spokesmen": true}

var auxiliaries = map[string]bool{"was": true, "were": true, "is": true, "are": true, "been": true, "being": true,
	"be": true, "get": true, "got": true, "gets": true, "am": true}

var adverbs = map[string]bool{"also": true, "not": true, "never": true, "already": true, "reportedly": true,
	"recently": true, "allegedly": true, "previously": true, "now": true, "since": true, "repeatedly": true,
	"publicly": true, "formally": true, "officially": true, "widely": true, "heavily": true, "still": true,
	"once": true, "formerly": true}

var determiners = map[string]bool{"the": true, "this": true, "that": true, "these": true, "those": true,
	"its": true, "their": true, "such": true, "other": true, "his": true, "her": true, "both": true, "all": true}

// sentenceFacts finds the facts stated in sentence s.
func (x *Extractor) sentenceFacts(d *doc, s int, st *docState) []draft {
	toks := d.sents[s]
	var out []draft
	credit := x.findCredit(d, s, st)
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != word {
			continue
		}
		if x.isPassive(toks, i) {
			if ds, end := x.passiveFacts(d, s, i, st, credit); end > i {
				out = append(out, ds...)
				i = end - 1
				continue
			}
		}
		if x.passiveForm(toks, i) {
			continue // "he was denied a try": passive, and not a passive the ontology knows
		}
		if toks[i].pos == posPROPN {
			continue // "Sue Bradburn said": a name is never a trigger
		}
		for _, p := range x.v.patterns[toks[i].low] {
			end, ok := p.match(toks, i)
			if !ok {
				continue
			}
			if qualifiesNoun(toks, i, end, p.kind) {
				break
			}
			// "Globex denied sharing data with Initech": the denial is the
			// stance of the next fact, not a fact of its own.
			if p.rel.Type == "DENIED" && x.triggerWithin(toks, end, end+3) {
				break
			}
			out = append(out, x.patternFacts(d, s, i, end, p, st, credit)...)
			i = end - 1
			break
		}
	}
	out = append(out, x.basedFacts(d, s)...)
	out = append(out, x.roleFacts(d, s)...)
	out = append(out, x.depRoleFacts(d, s, st)...)
	out = withoutTiesOfRoles(out)
	out = append(out, x.continuedList(d, s, st)...)
	var listed []draft
	for _, dr := range out {
		if dr.fromList {
			listed = append(listed, dr)
		}
	}
	if len(listed) > 0 {
		st.listed, st.listedAt = listed, s
	}
	return out
}

// withoutTiesOfRoles drops a sentence's ties with no role word between a
// person and an organisation the sentence gives a role of the person in
// ("John Woodward, chief executive of the UK Film Council": he works for
// it, and is no member for the "of").
func withoutTiesOfRoles(ds []draft) []draft {
	type pair struct{ p, o *entity }
	roles := map[pair]bool{}
	for _, dr := range ds {
		if dr.family == famRole {
			roles[pair{dr.subj, dr.obj}] = true
		}
	}
	return lo.Filter(ds, func(dr draft, _ int) bool { return dr.family != famTie || !roles[pair{dr.subj, dr.obj}] })
}

// continuedList extends the facts of a recent sentence about a list
// ("… gave these companies access …") to the names of a sentence that
// goes on with "Other companies include Amazon, Apple and Samsung".
func (x *Extractor) continuedList(d *doc, s int, st *docState) []draft {
	toks := d.sents[s]
	if len(st.listed) == 0 || s-st.listedAt > 3 || len(toks) < 4 {
		return nil
	}
	k := 0
	if toks[k].low == "the" {
		k++
	}
	if toks[k].low != "other" || !x.v.plural[toks[k+1].low] {
		return nil
	}
	for j := k + 2; j < len(toks) && j < k+9; j++ {
		switch toks[j].low {
		case "include", "includes", "included", "including", "were", "are":
		default:
			continue
		}
		a := x.rightArg(d, s, j+1, len(toks), st, nil, 4)
		if a == nil {
			return nil
		}
		var out []draft
		for _, prev := range st.listed {
			for _, e := range a.ents {
				if e == prev.subj || !x.o.Allows(prev.rel, prev.subj.label, e.label) {
					continue
				}
				dr := prev
				dr.obj, dr.sent, dr.fromList = e, s, false
				dr.family = famList
				dr.why = fmt.Sprintf("\"%s %s … %s\" goes on with the list of sentence %d: %s", toks[k].text, toks[k+1].text, toks[j].text, prev.sent+1, prev.why)
				out = append(out, dr)
			}
		}
		return out
	}
	return nil
}

// isPassive reports whether toks[i] is a participle after a form of "be":
// "was blocked", "has been widely criticised".
func (x *Extractor) isPassive(toks []token, i int) bool {
	if len(x.v.passive[toks[i].low]) == 0 {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if auxiliaries[toks[k].low] {
			return true
		}
		if !adverbs[toks[k].low] && !strings.HasSuffix(toks[k].low, "ly") {
			break
		}
	}
	// "Founded by Mark Zuckerberg, it ..."; "Huawei, founded by ..."
	return i+1 < len(toks) && toks[i+1].low == "by"
}

// triggerWithin reports whether a relation pattern matches at a token in
// [from, to).
func (x *Extractor) triggerWithin(toks []token, from, to int) bool {
	for k := from; k < to && k < len(toks); k++ {
		for _, p := range x.v.patterns[toks[k].low] {
			if _, ok := p.match(toks, k); ok {
				return true
			}
		}
	}
	return false
}

// passiveForm reports whether toks[i] is a participle in a passive: after
// a form of "be" ("was denied", "has been rejected", "could be met"), or
// one of the ontology's passives with a preposition after it, its "be"
// left out ("Labour accused of …").
func (x *Extractor) passiveForm(toks []token, i int) bool {
	if !strings.HasSuffix(toks[i].low, "ed") && !strings.HasSuffix(toks[i].low, "en") && len(x.v.passive[toks[i].low]) == 0 && !x.v.irregular[toks[i].low] {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if auxiliaries[toks[k].low] {
			return true
		}
		if !adverbs[toks[k].low] && !strings.HasSuffix(toks[k].low, "ly") {
			break
		}
	}
	// "Labour accused of 'EU propaganda'", "Blair criticised over Iraq":
	// a passive participle right before a preposition other than "by" has
	// no object; a headline leaves its "is" out.
	return len(x.v.passive[toks[i].low]) > 0 && i+1 < len(toks) && prepositions[toks[i+1].low] && toks[i+1].low != "by"
}

// clause returns the bounds of the clause around token i: no semicolon,
// colon or change in and out of quotation marks.
func clause(toks []token, i int) (lo, hi int) {
	lo, hi = i, i
	for lo > 0 && !clauseBreak(&toks[lo-1]) && toks[lo-1].inQuote == toks[i].inQuote {
		lo--
	}
	for hi < len(toks)-1 && !clauseBreak(&toks[hi+1]) && toks[hi+1].inQuote == toks[i].inQuote {
		hi++
	}
	return lo, hi + 1
}

func clauseBreak(t *token) bool {
	return t.text == ";" || t.text == ":" || t.kind == quoteMark || t.text == "—" || t.text == "–" || t.text == "(" || t.text == ")"
}

func (x *Extractor) passiveFacts(d *doc, s, i int, st *docState, credit []*entity) ([]draft, int) {
	toks := d.sents[s]
	var rule *passiveRule
	for _, r := range x.v.passive[toks[i].low] {
		if i+len(r.words) <= len(toks) && tokensAre(toks[i:i+len(r.words)], r.words) {
			rule = r
			break
		}
	}
	if rule == nil {
		return nil, i
	}
	end := i + len(rule.words)
	lo, hi := clause(toks, i)
	var subj, obj *arg
	// The agent: "by X" a few words on ("was founded in 1987, by Ren
	// Zhengfei"), or "in China" for a relation whose agent can be a place.
	for k := end; k < hi && k < end+6; k++ {
		if toks[k].low == "by" {
			subj = x.rightArg(d, s, k+1, hi, st, credit, 3)
			if subj != nil {
				subj.how = "agent after \"by\""
			}
			break
		}
		if toks[k].low == "in" && rule.rel.AgentIn {
			if a := x.rightArg(d, s, k+1, hi, st, credit, 2); a != nil && x.allPlaces(a) {
				subj = a
				subj.how = "place after \"in\" (agent of a passive ban)"
				break
			}
		}
	}
	if sentenceStart(toks, i) {
		// "Founded by X in 2004, it had ...": the object follows the comma.
		for k := end; k < hi; k++ {
			if toks[k].text == "," {
				if obj = x.anaphor(d, s, k+1, st); obj == nil {
					obj = x.rightArg(d, s, k+1, hi, st, credit, 3)
				}
				break
			}
		}
	} else if !x.nounBefore(toks, i) && !x.relativeOfNoun(toks, i) {
		obj = x.leftArg(d, s, i, lo, st, credit)
	}
	if subj == nil || obj == nil {
		return nil, end
	}
	obj.how = "passive subject before \"" + toks[i].text + "\": " + obj.how
	stance := x.stance(d, s, i, lo, hi, credit)
	return x.combine(d, s, rule.rel.Type, subj, obj, spanText(toks, i, end), stance, famPassive, credit), end
}

// existential reports whether "there" and a form of "be" open the noun
// phrase of the trigger at toks[i] ("there should be a full inquiry
// into", "there has been no probe of"): a determiner and two words at
// most between.
func existential(toks []token, i, lo int) bool {
	k := max(lo, i-7)
	for k < i && toks[k].low != "there" {
		k++
	}
	if k >= i {
		return false
	}
	k++
	be := k
	for k < i && (auxiliaries[toks[k].low] || modals[toks[k].low]) {
		k++
	}
	if k == be {
		return false
	}
	if k < i && (toks[k].low == "a" || toks[k].low == "an" || toks[k].low == "no" || toks[k].low == "any") {
		k++
	}
	if i-k > 2 {
		return false
	}
	for ; k < i; k++ {
		if toks[k].kind != word || toks[k].cap {
			return false
		}
	}
	return true
}

// keptFrom reports whether the object a, right after "deny", is a person
// (or "them") kept from something: "denied Gerrard with a save", "to deny
// Ljungberg as he was poised to strike", "denied Elvis his fourth number
// one". What a person denies comes after: a clause ("denied Mr Brown made
// that quote") or a claim ("denies Robben Barca return").
func (x *Extractor) keptFrom(d *doc, s int, a *arg) bool {
	toks := d.sents[s]
	end := a.at + 1
	if m := d.at[s][a.at]; m != nil {
		if m.ent == nil || m.ent.label != "Person" {
			return false
		}
		end = m.last
	} else if toks[a.at].low != "them" && toks[a.at].low != "him" && toks[a.at].low != "her" {
		return false
	}
	// "denied Mr Yeo, his transport spokesman, said …": past an
	// apposition.
	if end < len(toks) && toks[end].text == "," {
		for k := end + 1; k < len(toks) && k <= end+8; k++ {
			if toks[k].text == "," {
				end = k + 1
				break
			}
		}
	}
	if end >= len(toks) {
		return true
	}
	next := &toks[end]
	return !(next.pos == posVERB || next.pos == posAUX || commonNoun(next) || next.kind == possessive)
}

// nounBefore reports whether a common noun, adverbs and auxiliaries
// aside, stands right before the participle at toks[i]: the participle
// says what is done to it ("six stations owned by Clear Channel", "the
// labels had been purchased by the Falic Group"), not to a name further
// back. Nouns that say what a name is ("the company owned by", "the
// Sundance festival was founded by") stand for it, and leftArg reads them.
func (x *Extractor) nounBefore(toks []token, i int) bool {
	k := beforeVerb(toks, i)
	if k < 0 || !commonNoun(&toks[k]) || x.namesKind(&toks[k]) || x.v.plural[toks[k].low] {
		return false
	}
	// "Nike, whose products are endorsed by", "Nike's products": the
	// noun is the name's.
	return k == 0 || toks[k-1].low != "whose" && toks[k-1].kind != possessive
}

// relativeOfNoun reports whether the verb at token i, its auxiliaries
// before it, opens a relative clause of a common noun, which is the
// clause's subject: "an injunction that barred Gazprom", "a dangerous
// ball, which was blocked by John Terry"; so does a plural noun that
// stands for no list named before ("businesses that were part of
// FleetBoston", not "the firms that"). Not a noun that says what a name
// is ("the company, which was bought by …" is the company's).
func (x *Extractor) relativeOfNoun(toks []token, i int) bool {
	k := beforeVerb(toks, i)
	if k < 1 || toks[k].low != "that" && toks[k].low != "which" {
		return false
	}
	n := k - 1
	if toks[n].text == "," && n > 0 {
		n--
	}
	t := &toks[n]
	if !commonNoun(t) || x.namesKind(t) || n > 0 && (toks[n-1].low == "whose" || toks[n-1].kind == possessive) {
		return false
	}
	return !x.v.plural[t.low] || !x.definite(toks, n)
}

// participleAfterNoun reports whether the verb at token i, in -ed, may
// qualify the common noun before it ("flight attendants based in London",
// "ministers attacked Lib Dem plans": no name before is its subject); not
// after a role that a name opens, which stands for its holders ("A US
// judge banned Gazprom", "U.S. intelligence chiefs warned Americans
// against"), nor after a time ("last month backed").
func (x *Extractor) participleAfterNoun(d *doc, s, i int) bool {
	toks := d.sents[s]
	if !strings.HasSuffix(toks[i].low, "ed") {
		return false
	}
	k := beforeVerb(toks, i)
	if k <= 0 || timeAdverbs[toks[k-1].low] {
		return false
	}
	if x.roleLen(toks, k) > 0 || x.pluralRole(toks, k) != "" {
		named := k - 1
		if toks[named].kind == word && !toks[named].cap && named > 0 {
			named-- // "U.S. intelligence chiefs"
		}
		return d.at[s][named] == nil
	}
	return true
}

// beforeVerb is the index of the word before the verb at token i and its
// auxiliaries and adverbs ("had been", "currently"), -1 at the start.
func beforeVerb(toks []token, i int) int {
	k := i - 1
	for k >= 0 && (adverbs[toks[k].low] || toks[k].pos == posADV || auxiliaries[toks[k].low] || modals[toks[k].low]) {
		k--
	}
	return k
}

// timeAdverbs open a noun phrase of time that is an adverb: "last month".
var timeAdverbs = map[string]bool{"last": true, "next": true, "this": true, "every": true, "each": true, "that": true}

// namesKind reports whether t says what kind of thing a name is ("the
// company", "the Sundance festival"): such a noun stands for a name.
func (x *Extractor) namesKind(t *token) bool {
	return x.v.anaphora[t.low] != "" || x.v.cues[t.low] != "" || x.v.context[t.low] != "" || x.v.events[t.low]
}

// plainSubject reports whether the name distance chose as the subject of
// the trigger at token i stands right before it, with at most two words
// and no comma or other name between ("Facebook shared", "Facebook has
// also shared"): nothing for the parse to mend, and no parse to pay for.
func (x *Extractor) plainSubject(d *doc, s int, left *arg, i int) bool {
	if left == nil {
		return false
	}
	m := d.at[s][left.at]
	if m == nil || i-m.last > 2 {
		return false
	}
	for k := m.last; k < i; k++ {
		if t := d.sents[s][k]; t.kind != word || d.at[s][k] != nil {
			return false
		}
	}
	return true
}

func tokensAre(toks []token, words []string) bool {
	for k, w := range words {
		if toks[k].low != w {
			return false
		}
	}
	return true
}

func (x *Extractor) allPlaces(a *arg) bool {
	for _, e := range a.ents {
		if e.label != "Place" {
			return false
		}
	}
	return true
}

func (x *Extractor) patternFacts(d *doc, s, i, end int, p *pattern, st *docState, credit []*entity) []draft {
	toks := d.sents[s]
	if unless := x.v.unless[p.rel.Type]; len(unless) > 0 && slices.ContainsFunc(toks, func(t token) bool { return unless[t.low] }) {
		return nil // "meets … top seed Carlos Moya": another sense
	}
	if toks[end-1].low == "over" && end < len(toks) && (toks[end].low == "from" || toks[end].low == "as") {
		return nil // "taking over from the BBC", "took over as chairman": no takeover
	}
	lo, hi := clause(toks, i)
	left := x.leftArg(d, s, i, lo, st, credit)
	// Far after a preposition ("shared data with … Huawei"), near after a
	// verb ("sued Morgan Stanley", not "sued three men for … Mac OSX").
	reach := 4
	if objectPrepositions[toks[end-1].low] {
		reach = 10
	}
	right := x.objectArg(d, s, end, hi, st, credit, reach)
	if right != nil && right.clause && !p.rel.About {
		right = nil
	}
	if right != nil && reach < 10 && !right.list && !adjacentObject(toks, end, right.at) {
		right = nil
	}
	if right != nil && x.objectOfOtherSense(d, s, p.rel.Type, end, right) {
		return nil // "rejected a Conservative compromise offer": no claim denied
	}
	if right == nil {
		// "end the Huawei agreement": a name inside the pattern.
		for k := i + 1; k < end; k++ {
			if m := d.at[s][k]; m != nil && m.ent != nil && !m.poss {
				right = &arg{ents: []*entity{m.ent}, at: k, how: "name inside the trigger phrase"}
				break
			}
			// "gave these companies access to"
			if x.v.plural[toks[k].low] && x.definite(toks, k) {
				if a := st.lastList(d, s, k); a != nil {
					a.how = "\"" + toks[k].text + "\" inside the trigger phrase stands for the list " + names(a.ents)
					right = a
					break
				}
			}
		}
	}
	fam := p.kind
	if p.kind == "active" && right != nil && !x.plainSubject(d, s, left, i) {
		// The parse knows the verb's subject where distance guesses:
		// "Washington, which had backed AT&T, blocked the deal" is
		// Washington's.
		if a := x.parsedSubject(d, s, i, left, st); a == noSubject {
			left = nil
		} else if a != nil {
			left = a
		}
	}
	if p.kind == "nominal" {
		if h := x.holder(d, s, i); h != nil {
			left = h
		} else if nounAfterPreposition(toks, i) {
			// "evidence given to the federal investigation into Balco":
			// the noun is no verb's object, and the subject before is not
			// who holds it.
			left = nil
		}
	}
	// "there should be a full investigation into whether he …": no one
	// holds the noun, whatever name came before.
	if p.kind == "nominal" && existential(toks, i, lo) {
		left = nil
	}
	// "Globex said that Initech …": a clause is what the verb is about,
	// and a name in it is no object, but of a relation about claims
	// ("denied that coach Jacques Santini resigned" is about Santini).
	if p.kind == "active" && right != nil && !p.rel.About && end < hi && toks[end].low == "that" && x.opensClause(d, s, end, st) {
		right = nil
	}
	// "James denied Damien Duff", "Eminem has denied Elvis his fourth
	// number one": a person denied, with no clause or claim after, is
	// kept from something, and denies nothing.
	if p.rel.Type == "DENIED" && right != nil && right.at == end && x.keptFrom(d, s, right) {
		right = nil
	}
	// "six stations owned by Clear Channel": a participle with its agent
	// says what is done to the noun before it.
	if (toks[end-1].low == "by" || p.kind == "active" && x.participleAfterNoun(d, s, i)) && x.nounBefore(toks, i) {
		left = nil
	}
	// "granted Yukos an injunction that barred Gazprom": a relative
	// clause of a common noun has that noun for subject.
	if p.kind == "active" && x.relativeOfNoun(toks, i) {
		left = nil
	}
	if p.kind != "apposition" && left != nil {
		if m := d.at[s][left.at]; m != nil && m.first == left.at && x.qualifiesSubject(d, s, m, i) {
			left = nil // "CeBit fever has taken over Hanover": the fever has
		}
	}
	if p.kind == "apposition" && left != nil && !x.predicated(d, s, left.at, i) {
		left = nil // "signing a deal to buy the PC division of IBM": not the firm's
	}
	subj, obj := left, right
	switch p.kind {
	case "inverse":
		subj, obj = right, left
	case "nominal":
		// "a probe into Facebook by the FTC"
		if obj != nil {
			for k := obj.at + 1; k < hi && k < obj.at+4; k++ {
				if toks[k].low == "by" {
					if a := x.rightArg(d, s, k+1, hi, st, credit, 3); a != nil {
						subj = a
						subj.how = "agent after \"by\""
					}
					break
				}
			}
		}
	case "implicit":
		// "… raises legitimate concerns," said Senator Mark Warner: the
		// speaker raises them, about what the quote names first. Not where
		// a name stands right before the verb: "Washington has also voiced
		// concern …" is Washington's, whoever says so. (The parse is not
		// asked: it errs in these long sentences, "The news that Facebook
		// provided … raises legitimate concerns".)
		var speaker *entity
		if toks[i].inQuote {
			speaker = st.speakerAt(toks[i].start)
		}
		own := x.plainSubject(d, s, left, i)
		if speaker != nil && (!own || slices.Contains(left.ents, speaker)) {
			subj = &arg{ents: []*entity{speaker}, at: i, how: "the speaker of the quote"}
			obj = nil
			for k := lo; k < i; k++ {
				if m := d.at[s][k]; m != nil && m.ent != nil && m.ent != speaker {
					obj = &arg{ents: []*entity{m.ent}, at: k, how: "the first name of the quote, what the concern is about"}
					break
				}
			}
			fam = famSpeaker
		}
		if obj == nil && subj != nil {
			// Who says so is not what the concern is about.
			others := credit
			if speaker != nil {
				others = append(slices.Clip(credit), speaker)
			}
			obj = x.contextArg(d, s, subj, others)
			fam = famContext
		}
	}
	if subj == nil || obj == nil {
		return nil
	}
	stance := x.stance(d, s, i, lo, hi, credit)
	return x.combine(d, s, p.rel.Type, subj, obj, spanText(toks, i, end), stance, fam, credit)
}

// predicated reports whether the noun of a trigger at token i is said of
// the name at token at, or the nouns it qualifies: in apposition
// ("Globex, a subsidiary of Initech", "Honor brand phones, a sub-brand of
// Huawei",
// "Globex, the UK arm of Initech") or after a copula ("Globex is a unit
// of Initech"), with only articles and lower-case words that are no verb
// between; not "the firm … signing a deal to buy the PC division of IBM".
func (x *Extractor) predicated(d *doc, s, at, i int) bool {
	toks := d.sents[s]
	k := at + 1 // after a pronoun or a noun ("the firm")
	if m := d.at[s][at]; m != nil {
		k = m.last
	}
	// "Honor brand phones, a sub-brand of Huawei": nouns the name
	// qualifies.
	for n := 0; n < 3 && k < i && commonNoun(&toks[k]); n++ {
		k++
	}
	if k < i && (appositionMarks[toks[k].text] || copulas[toks[k].low]) {
		k++
	} else {
		return false
	}
	for ; k < i; k++ {
		t := &toks[k]
		if t.kind == number || d.at[s][k] != nil || t.kind == word && (t.pos != posVERB && t.pos != posAUX || t.low == "a" || t.low == "the") {
			continue
		}
		return false
	}
	return true
}

// appositionMarks open an apposition: "Italaudit - formerly the Italian
// arm of Grant Thornton".
var appositionMarks = map[string]bool{",": true, "-": true, "–": true, "—": true, "(": true}

// copulas are the forms of the verbs that say what a subject is.
var copulas = map[string]bool{"is": true, "was": true, "are": true, "were": true, "be": true, "been": true, "being": true,
	"becomes": true, "became": true, "become": true, "remains": true, "remained": true}

// qualifiesSubject reports whether mention m, before a trigger at token
// i, qualifies the common noun right after it, which is then the subject:
// "CeBit fever has taken over Hanover", "Globex shares fell"; not a role
// ("Chelsea chairman", roleAfter) nor a noun for the organisation's people
// ("Globex officials met Initech").
func (x *Extractor) qualifiesSubject(d *doc, s int, m *mention, i int) bool {
	toks := d.sents[s]
	k := m.last
	if m.poss || k >= i || k >= len(toks) || x.roleLen(toks, k) > 0 {
		return false
	}
	// The head of the compound: "U.S. intelligence chiefs" act for the US.
	for k+1 < i && commonNoun(&toks[k]) && commonNoun(&toks[k+1]) {
		k++
	}
	t := &toks[k]
	// "the Sundance festival" is Sundance; "the Texas attorney general"
	// acts for Texas.
	return commonNoun(t) && !collective[t.low] && !x.v.plural[t.low] && !x.namesKind(t) && !based(toks, m) && x.roleLen(toks, k) == 0
}

// holdings are nouns for a part of a company one holds ("the shares in
// Equant"): the name after them is what the trigger is about.
var holdings = map[string]bool{"shares": true, "share": true, "stake": true, "stakes": true, "shareholding": true,
	"holding": true, "holdings": true, "interest": true, "assets": true, "operations": true, "business": true}

// based reports whether mention m says where a noun is based: "the
// Seattle-based company".
func based(toks []token, m *mention) bool {
	return m.last < len(toks) && (toks[m.last].low == "-based" || toks[m.last].low == "based" && m.last > 0 && toks[m.last-1].text == "-")
}

// qualifier reports whether mention m qualifies the noun after it
// through a participle after a hyphen: "the Seattle-based company", "the
// US-led coalition", "NEC-backed HD-DVD". It is no argument of a verb
// before or after it.
func qualifier(toks []token, m *mention) bool {
	if based(toks, m) {
		return true
	}
	if m.last >= len(toks) {
		return false
	}
	p, ok := strings.CutPrefix(toks[m.last].low, "-")
	return ok && hyphenParticiples[p]
}

var hyphenParticiples = map[string]bool{"based": true, "led": true, "backed": true, "owned": true, "run": true, "funded": true,
	"controlled": true, "sponsored": true, "dominated": true, "financed": true, "supported": true}

// basedFacts finds where organisations are based from a place that
// qualifies them: "the Paris-based Euronext", "Boston-based private
// investment firm Highfields Capital", lower-case words only between.
func (x *Extractor) basedFacts(d *doc, s int) []draft {
	toks := d.sents[s]
	var out []draft
	for _, m := range d.inSent(s) {
		if m.ent == nil || !based(toks, m) {
			continue
		}
		k := m.last + 1 // after "-based"
		if toks[m.last].low != "-based" {
			k++ // "-", "based"
		}
		// "Singapore-based analyst with Purvin": the place qualifies the
		// noun, not the name after a preposition.
		for n := 0; k < len(toks) && n <= 5 && d.at[s][k] == nil && toks[k].kind == word && !toks[k].cap && !prepositions[toks[k].low]; n++ {
			k++
		}
		if k >= len(toks) {
			continue
		}
		o := d.at[s][k]
		if o == nil || o.ent == nil || o.first != k || !x.o.Allows("LOCATED_IN", o.ent.label, m.ent.label) {
			continue
		}
		out = append(out, draft{rel: "LOCATED_IN", subj: o.ent, obj: m.ent, sent: s, stance: graph.Asserted,
			trigger: spanText(toks, m.first, k), family: famBased,
			why: fmt.Sprintf("%s qualified as based in %s", o.ent.name, m.ent.name)})
	}
	return out
}

// holder is the name that holds the noun of a nominal trigger at token
// i, right before it with at most a possessive and three lower-case words
// or numbers between: "Turkcell's stake in Irancell", "Fiat's 56% stake",
// "US support for Boeing"; nil where none is.
func (x *Extractor) holder(d *doc, s, i int) *arg {
	toks := d.sents[s]
	k := i - 1
	for n := 0; n < 3 && k >= 0 && d.at[s][k] == nil && (toks[k].kind == number || toks[k].text == "%" || toks[k].kind == word && !toks[k].cap && toks[k].pos != posVERB && toks[k].pos != posAUX && !x.v.function[toks[k].low]); n++ {
		k--
	}
	if k >= 0 && toks[k].kind == possessive {
		k--
	}
	if k < 0 {
		return nil
	}
	m := d.at[s][k]
	if m == nil || m.ent == nil || m.last != k+1 {
		return nil
	}
	return x.groupArg(d, s, m, "the name that holds the noun")
}

// nounAfterPreposition reports whether the noun at token i, its
// determiner and modifiers before it, is the object of a preposition that
// says no one holds it ("given to the federal investigation", "amid a
// probe"). (afterPreposition asks the same of a name.)
func nounAfterPreposition(toks []token, i int) bool {
	k := i - 1
	for k >= 0 && toks[k].kind == word && !toks[k].cap && (determiners[toks[k].low] || toks[k].pos == posADJ || toks[k].pos == posNOUN) {
		if personalPossessives[toks[k].low] || toks[k].low == "its" {
			return false // "thanks to its acquisition of Ambev": its holder
		}
		k--
	}
	return k >= 0 && nounPrepositions[toks[k].low]
}

var nounPrepositions = map[string]bool{"to": true, "into": true, "from": true, "of": true, "on": true, "about": true,
	"during": true, "after": true, "against": true, "despite": true, "following": true, "amid": true, "over": true,
	"since": true, "before": true}

// combine makes the drafts of every subject and object pair that the
// ontology allows.
func (x *Extractor) combine(d *doc, s int, rel string, subj, obj *arg, trigger string, stance graph.Stance, family string, credit []*entity) []draft {
	var out []draft
	for _, a := range subj.ents {
		for _, b := range obj.ents {
			// "UBA and Standard Trust Bank agreed to … create the biggest
			// bank": one of the subjects is none of the objects.
			if slices.Contains(subj.ents, b) || !x.o.Allows(rel, a.label, b.label) {
				continue
			}
			dr := draft{rel: rel, subj: a, obj: b, sent: s, stance: stance, trigger: trigger, family: family, fromList: obj.list,
				why: fmt.Sprintf("trigger %q; subject %s: %s; object %s: %s", trigger, a.name, subj.how, b.name, obj.how)}
			if stance == graph.Reported {
				dr.reportedBy = credit
			}
			if stance == graph.Denied {
				dr.deniedBy = []*entity{a}
			}
			out = append(out, dr)
		}
	}
	return out
}

// stance reads the clause before the trigger for negation and plans, and
// the sentence for credit.
func (x *Extractor) stance(d *doc, s, i, lo, hi int, credit []*entity) graph.Stance {
	toks := d.sents[s]
	for k := max(lo, i-4); k < i; k++ {
		if x.v.negation[toks[k].low] {
			return graph.Denied
		}
	}
	for k := max(lo, i-5); k <= i; k++ {
		if n := x.v.planned.longest(toks, k); n > 0 {
			return graph.Planned
		}
	}
	for k := i; k < hi; k++ {
		if n := x.v.planned.longest(toks, k); n > 0 && (toks[k].low == "later" || toks[k].low == "next") {
			return graph.Planned
		}
	}
	if len(credit) > 0 {
		return graph.Reported
	}
	return graph.Asserted
}

// leftArg finds the subject of a trigger at token i: the nearest name or
// pronoun before it in the clause that is not the object of a preposition,
// a possessive modifier or a credited source.
func (x *Extractor) leftArg(d *doc, s, i, lo int, st *docState, credit []*entity) *arg {
	toks := d.sents[s]
	for k := i - 1; k >= lo && k >= i-25; k-- {
		if m := d.at[s][k]; m != nil {
			first := x.groupStart(d, s, m)
			k = first.first
			if m.ent == nil || slices.Contains(credit, m.ent) || qualifier(toks, m) {
				continue // "the Gibraltar-based holding company": the company
			}
			// "told a Commons select committee human rights concerns over
			// China remained": a name between "a" and a common noun
			// qualifies the noun.
			if first.first > 0 && indefinite(toks[first.first-1].low) && m.last < i &&
				(commonNoun(&toks[m.last]) || toks[m.last].kind == word && !toks[m.last].cap && toks[m.last].pos == posADJ) && x.roleLen(toks, m.last) == 0 {
				continue
			}
			if m.poss && m.last != i {
				// "Xstrata's attempt to take over WMC": the name that owns
				// the noun of an infinitive does it.
				if j := m.last + 1; j+1 < i && j+2 >= i-1 && toks[i-1].low == "to" && toks[j].kind == word && !toks[j].cap {
					return x.groupArg(d, s, m, "the name that owns the noun before \"to\"")
				}
				continue
			}
			if k > 0 && prepositions[toks[k-1].low] && !(toks[k-1].low == "of" && k > 1 && collective[toks[k-2].low]) {
				continue
			}
			// "resigned the whip in the European Parliament, after
			// criticising UKIP": after a preposition and an article too;
			// not after "of" or "by", nor a conjunction ("after the
			// Liberal Democrats backed"), nor a group's ("the delegation
			// from the CBI met").
			if k > 1 && (toks[k-1].low == "the" || indefinite(toks[k-1].low)) && prepositions[toks[k-2].low] &&
				toks[k-2].low != "of" && toks[k-2].low != "by" && !subordinators[toks[k-2].low] && !(k > 2 && collective[toks[k-3].low]) {
				continue
			}
			if x.roleAfter(d, s, m) {
				// "The Texas attorney general is suing Sony BMG": an
				// official of a place acts for it, as a country acts.
				if m.ent.label == "Place" {
					return x.groupArg(d, s, m, "the place whose official acts")
				}
				return nil // "the former Chelsea chairman sealed the deal": the chairman did
			}
			return x.groupArg(d, s, m, "nearest name before the trigger")
		}
		t := &toks[k]
		if t.low == "which" || t.low == "who" || t.low == "that" {
			if k > 1 && toks[k-1].text == "," {
				if m := d.at[s][k-2]; m != nil && m.ent != nil {
					return x.groupArg(d, s, m, "antecedent of \""+t.low+"\"")
				}
			}
			continue
		}
		if a := x.anaphor(d, s, k, st); a != nil {
			if k > 0 && prepositions[toks[k-1].low] {
				continue
			}
			return a
		}
	}
	return nil
}

// indefinite reports whether a word is the indefinite article.
func indefinite(low string) bool { return low == "a" || low == "an" }

// nounDeterminers before a word make it part of a noun phrase ("the
// banned substance"; not "both", which comes before verbs too).
var nounDeterminers = map[string]bool{"the": true, "a": true, "an": true, "this": true, "these": true,
	"those": true, "its": true, "their": true, "his": true, "her": true, "our": true, "my": true, "your": true}

// questionWords open an indirect question: "questioned how Labour would
// fund its plans" is about the plans, and Labour is no object. ("whether"
// and "if" are not among them: "investigating whether Citigroup misled
// investors" investigates Citigroup.)
var questionWords = map[string]bool{"how": true, "why": true, "what": true, "where": true, "who": true, "which": true}

// subordinators open a clause of their own: a name after one is not the
// object of a verb before it ("he blocked before Arjan de Zeeuw cleared").
var subordinators = map[string]bool{"before": true, "after": true, "when": true, "while": true, "whilst": true,
	"because": true, "as": true, "if": true, "until": true, "although": true, "though": true, "since": true,
	"whereas": true, "unless": true, "once": true}

// adjacentObject reports whether a name at token at can be the object of
// a verb whose trigger ends at token end: no subordinator and no other
// verb between them ("met as students at Dundee University", "he blocked
// before Arjan de Zeeuw cleared", "pointed out that they lived in North
// Carolina"), and no preposition right after the trigger ("denied to
// Reuters"; but "blocking access to Google News").
func adjacentObject(toks []token, end, at int) bool {
	if at <= end || at > len(toks) {
		return true
	}
	for k := end; k < at; k++ {
		// A verb right before the name modifies it, as the tagger reads
		// adjectives ("backs lacklustre France", "TV show Brass Eye").
		if subordinators[toks[k].low] || questionWords[toks[k].low] || toks[k].pos == posVERB && k < at-1 {
			return false
		}
	}
	return !prepositions[toks[end].low] || toks[end].low == "of"
}

// roleAfter reports whether a role word follows organisation mention m
// ("Chelsea chairman", "Home Office Minister"): the name qualifies a
// person in the role, who is the argument, not the organisation.
func (x *Extractor) roleAfter(d *doc, s int, m *mention) bool {
	return m.ent != nil && m.ent.label != "Person" && !m.poss && m.last < len(d.sents[s]) && x.roleLen(d.sents[s], m.last) > 0
}

// partyMember is the person whose name a party's name qualifies right
// before it ("Democrat John Kerry", "Liberal Democrat Alan Beith"): that
// person is the argument, and a member of the party. Nil where m is no
// such name.
func (x *Extractor) partyMember(d *doc, s int, m *mention) *mention {
	if m.ent == nil || m.poss || !x.o.Is(m.ent.label, "Organization") || !x.v.parties.ends(m.ent.name) || m.last >= len(d.sents[s]) {
		return nil
	}
	if p := d.at[s][m.last]; p != nil && p.first == m.last && p.ent != nil && p.ent.label == "Person" {
		return p
	}
	return nil
}

// rightArg finds the object after a trigger: the first name, pronoun or
// phrase for a list ("these companies") within n tokens; none where that
// name opens a clause (objectArg).
func (x *Extractor) rightArg(d *doc, s, from, hi int, st *docState, credit []*entity, n int) *arg {
	if a := x.objectArg(d, s, from, hi, st, credit, n); a != nil && !a.clause {
		return a
	}
	return nil
}

// inClause marks a, where not nil, as a name that opens a clause.
func inClause(a *arg) *arg {
	if a != nil {
		a.clause = true
	}
	return a
}

// objectArg is rightArg, with a name that opens a clause the verb takes
// marked (arg.clause), for a relation about claims to take.
func (x *Extractor) objectArg(d *doc, s, from, hi int, st *docState, credit []*entity, n int) *arg {
	toks := d.sents[s]
	for k := from; k < hi && k < from+n; k++ {
		t := &toks[k]
		if m := d.at[s][k]; m != nil {
			if m.ent == nil || slices.Contains(credit, m.ent) {
				k = m.last - 1
				continue
			}
			if m.poss && m.last+1 < len(toks) && toks[m.last+1].kind == word {
				k = m.last
				continue // "Facebook's API": a modifier
			}
			if qualifier(toks, m) {
				k = m.last
				continue // "the Seattle-based company", "the US-led coalition": a modifier
			}
			// "raised doubts about his Reds future", "praised their
			// Chelsea team-mates": after a person's possessive, a name
			// before a common noun qualifies that noun.
			if k > from && personalPossessives[toks[k-1].low] && m.last < hi && commonNoun(&toks[m.last]) {
				k = m.last
				continue
			}
			if x.roleAfter(d, s, m) {
				// "met then Home Office Minister Lord Falconer": the person
				// in the role, where named, else no one named.
				if at := m.last + x.roleLen(toks, m.last); at < len(toks) {
					if p := d.at[s][at]; p != nil && p.ent != nil && p.ent.label == "Person" {
						return x.groupArg(d, s, p, "the person in the role after "+m.surface)
					}
				}
				return nil
			}
			if p := x.partyMember(d, s, m); p != nil {
				return x.groupArg(d, s, p, "the party's member after "+m.surface)
			}
			// "the attacking exuberance Wales have produced", "rejected the
			// idea Mr Kilroy-Silk posed a threat": after a common noun, a
			// name before an auxiliary or a verb is the subject of a
			// clause that qualifies the noun, which was the object; not
			// after a noun that says what the name is ("whether Italian
			// airline Alitalia is receiving state aid").
			if k > from && commonNoun(&toks[k-1]) && !x.namesKind(&toks[k-1]) && x.roleLen(toks, k-1) == 0 &&
				m.last < len(toks) && (toks[m.last].pos == posAUX || toks[m.last].pos == posVERB) {
				return inClause(x.groupArg(d, s, m, "the name that opens the clause after "+toks[k-1].text))
			}
			return x.groupArg(d, s, m, "first name after the trigger")
		}
		if t.text == "," {
			if k+1 < hi && (toks[k+1].low == "with" || toks[k+1].low == "to") {
				continue
			}
			if k > from && x.v.plural[toks[k-1].low] {
				continue // "its Chinese partners, which includes Huawei"
			}
			return nil
		}
		if x.v.plural[t.low] && t.low != "they" {
			// "companies such as Huawei", "partners, which includes Huawei"
			if next := x.nextListIntro(toks, k+1, hi); next > 0 {
				if a := x.rightArg(d, s, next, hi, st, credit, 3); a != nil {
					a.how = "names listed after \"" + t.text + "\""
					a.list = true
					return a
				}
			}
			if x.definite(toks, k) {
				if a := st.lastList(d, s, k); a != nil {
					a.how = "\"" + t.text + "\" stands for the list " + names(a.ents)
					return a
				}
			}
			continue
		}
		if t.low == "them" {
			if a := st.lastList(d, s, k); a != nil {
				a.how = "\"them\" stands for the list " + names(a.ents)
				return a
			}
		}
		if a := x.anaphor(d, s, k, st); a != nil && t.low != "it" && t.low != "its" {
			return a
		}
		// "legal action against online movie-swappers across the US": a
		// common noun, then a preposition: the noun was the object; not
		// "the decision by India", "buy the shares in Equant".
		if commonNoun(t) && k > from && k+1 < hi && prepositions[toks[k+1].low] &&
			toks[k+1].low != "of" && toks[k+1].low != "by" && !holdings[t.low] {
			return nil
		}
		// "denied reports that Santini had been given a pay-off": a
		// common noun with a clause, which says what the noun holds; the
		// name that opens the clause is what the claim is about.
		if commonNoun(t) && !x.namesKind(t) && k+1 < hi && toks[k+1].low == "that" {
			for j := k + 2; j < hi && j <= k+4; j++ {
				if m := d.at[s][j]; m != nil && m.first == j && m.ent != nil {
					return inClause(x.groupArg(d, s, m, "the name that opens the clause after \""+t.text+" that\""))
				}
				if toks[j].kind != word || toks[j].cap || toks[j].pos == posVERB || toks[j].pos == posAUX {
					break
				}
			}
			return nil
		}
		// "examines the challenges facing Radcliffe": a common noun, then
		// a participle that qualifies it.
		if commonNoun(t) && k+1 < hi && toks[k+1].pos == posVERB && strings.HasSuffix(toks[k+1].low, "ing") {
			return nil
		}
	}
	return nil
}

// objectOfOtherSense reports whether a noun of the relation's
// unless_object stands between the trigger ending at end and the word
// after its object a: "rejected a compromise offer", "reject third
// Ferguson bid".
func (x *Extractor) objectOfOtherSense(d *doc, s int, typ string, end int, a *arg) bool {
	nouns := x.v.unlessObj[typ]
	if len(nouns) == 0 {
		return false
	}
	toks := d.sents[s]
	last := a.at
	if m := d.at[s][a.at]; m != nil {
		last = m.last
	}
	for k := end; k <= last && k < len(toks); k++ {
		if nouns[toks[k].low] && toks[k].pos == posNOUN {
			return true
		}
	}
	return false
}

// qualifiesNoun reports whether the trigger toks[i:end], a participle
// after a determiner, qualifies a noun rather than states a fact: "the
// banned substance EPO", "a blocked shot" (in -ed or -en; "a division of"
// is a noun and stays), "Britain's defending champion Denise Lewis" (in
// -ing, alone, before a common noun).
func qualifiesNoun(toks []token, i, end int, kind string) bool {
	if i == 0 {
		return false
	}
	low := toks[i].low
	if (kind == "active" || kind == "inverse") && nounDeterminers[toks[i-1].low] && toks[i].pos == posVERB &&
		(strings.HasSuffix(low, "ed") || strings.HasSuffix(low, "en")) {
		return true
	}
	return kind == "active" && (nounDeterminers[toks[i-1].low] || toks[i-1].kind == possessive) && strings.HasSuffix(low, "ing") &&
		end == i+1 && end < len(toks) && commonNoun(&toks[end])
}

// personalPossessives are the possessive determiners of people.
var personalPossessives = map[string]bool{"his": true, "her": true, "their": true, "my": true, "our": true, "your": true}

// commonNoun reports whether t is a noun in lower case.
func commonNoun(t *token) bool { return t.kind == word && !t.cap && t.pos == posNOUN }

// nextListIntro returns the index after "which include(s)", "including",
// "such as", "like", "namely" or ":" at toks[k], or 0.
func (x *Extractor) nextListIntro(toks []token, k, hi int) int {
	if k < hi && toks[k].text == "," {
		k++
	}
	switch {
	case k+1 < hi && toks[k].low == "which" && (toks[k+1].low == "include" || toks[k+1].low == "includes" || toks[k+1].low == "included"):
		return k + 2
	case k+1 < hi && toks[k].low == "such" && toks[k+1].low == "as":
		return k + 2
	case k < hi && (toks[k].low == "including" || toks[k].low == "like" || toks[k].low == "namely"):
		return k + 1
	}
	return 0
}

// definite reports whether the plural noun at k has a determiner or number
// before it: "these companies", "the four Chinese companies", "3 other
// Chinese firms".
func (x *Extractor) definite(toks []token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		if determiners[toks[j].low] {
			return true
		}
		// "3 other Chinese firms", "the four companies"; not "60 device
		// makers", which is a new set.
		if (toks[j].kind == number || numberWords[toks[j].low]) && j > 0 && determiners[toks[j-1].low] {
			return true
		}
		// Adjectives may stand between, nationalities too ("its Chinese
		// partners"), but no other capitalised word.
		if toks[j].kind != word || toks[j].cap && x.v.demonyms[toks[j].text] == "" {
			break
		}
	}
	return false
}

var numberWords = map[string]bool{"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "both": true}

// contextArg is the implicit object: the nearest other name in the
// sentence ("Members of Congress raised concerns, but Facebook denied it").
func (x *Extractor) contextArg(d *doc, s int, subj *arg, credit []*entity) *arg {
	var best *mention
	bestDist := 1 << 30
	toks := d.sents[s]
	for k, m := range d.at[s] {
		if m == nil || m.ent == nil || slices.Contains(subj.ents, m.ent) || slices.Contains(credit, m.ent) || m.ent.label == "Place" {
			continue
		}
		// "Atticus Capital and UK-based TCI have also expressed doubts":
		// a name before the subject with no verb between shares its
		// verb, and is no other party.
		if m.last <= subj.at && !slices.ContainsFunc(toks[m.last:subj.at], func(t token) bool { return t.pos == posVERB || t.pos == posAUX }) {
			continue
		}
		dist := abs(k - subj.at)
		if dist < bestDist {
			best, bestDist = m, dist
		}
	}
	if best == nil {
		return nil
	}
	return &arg{ents: []*entity{best.ent}, at: best.first, how: "no object stated; the other party named in the sentence"}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// groupStart returns the first mention of m's list in sentence s.
func (x *Extractor) groupStart(d *doc, s int, m *mention) *mention {
	if m.group == 0 {
		return m
	}
	for _, o := range d.inSent(s) {
		if o.group == m.group {
			return o
		}
	}
	return m
}

// groupArg is the argument made of m and the rest of its list.
func (x *Extractor) groupArg(d *doc, s int, m *mention, how string) *arg {
	a := &arg{at: m.first, how: how}
	if m.group == 0 {
		a.ents = []*entity{m.ent}
		return a
	}
	for _, o := range d.inSent(s) {
		if o.group == m.group && o.ent != nil && !slices.Contains(a.ents, o.ent) {
			a.ents = append(a.ents, o.ent)
		}
	}
	if len(a.ents) > 1 {
		a.how += " (a list of " + fmt.Sprint(len(a.ents)) + ")"
	}
	return a
}

// anaphor resolves a pronoun or a definite description at toks[k] ("it",
// "he", "the company", "the social media giant") to the most recent
// compatible entity named before it.
func (x *Extractor) anaphor(d *doc, s, k int, st *docState) *arg {
	toks := d.sents[s]
	t := &toks[k]
	label, ok := x.v.anaphora[t.low]
	if !ok || t.kind != word {
		return nil
	}
	pronoun := false
	switch t.low {
	case "it", "its", "he", "she", "him", "her":
		pronoun = true
	default:
		// A noun needs "the" or "this" before it, adjectives between; not
		// a superlative, which names something new ("the biggest bank in
		// West Africa").
		found := false
		for j := k - 1; j >= 0 && j >= k-4; j-- {
			if toks[j].low == "the" || toks[j].low == "this" || toks[j].low == "that" {
				found = true
				break
			}
			if superlative(&toks[j]) {
				break
			}
			// "the Seattle-based company" (a place; not qualifier: "the
			// Initech-led coalition" would then be Initech itself).
			if m := d.at[s][j]; m != nil && based(toks, m) {
				j = m.first
				continue
			}
			if toks[j].kind != word || toks[j].cap || d.at[s][j] != nil {
				break
			}
		}
		if !found {
			return nil
		}
	}
	// "Umbro, which lost deals with Chelsea and Celtic, said on Thursday
	// it had signed …": a pronoun that opens what someone says is the
	// speaker, as the parse has the verb of saying's subject.
	if pronoun && (t.low == "it" || t.low == "he" || t.low == "she") {
		if v := x.sayingBefore(toks, k); v >= 0 {
			if a := x.parsedSubject(d, s, v, nil, st); a != nil && a != noSubject && len(a.ents) == 1 && x.o.Is(a.ents[0].label, label) {
				a.how = fmt.Sprintf("%q opens what %s says", t.text, a.ents[0].name)
				return a
			}
		}
	}
	e := st.recent(d, s, k, label, pronoun, x)
	if e == nil {
		return nil
	}
	return &arg{ents: []*entity{e}, at: k, how: fmt.Sprintf("%q refers to the last %s named, %s", t.text, label, e.name)}
}

// sayingBefore is the index of a verb of saying right before token k,
// "that" and a time between ("said on Thursday that it"), -1 where none.
func (x *Extractor) sayingBefore(toks []token, k int) int {
	for j := k - 1; j >= 0 && j >= k-5; j-- {
		t := &toks[j]
		if x.v.speech[t.low] && t.pos == posVERB {
			return j
		}
		if t.low != "that" && t.low != "on" && !loaders.DayWord(t.low) {
			return -1
		}
	}
	return -1
}

// superlative reports whether t is an adjective of the superlative
// degree: "biggest", "largest", "most".
func superlative(t *token) bool {
	return t.low == "most" || t.pos == posADJ && len(t.low) > 4 && strings.HasSuffix(t.low, "est")
}

func names(es []*entity) string {
	var ns []string
	for _, e := range es {
		ns = append(ns, e.name)
	}
	return strings.Join(ns, ", ")
}

// findCredit returns the sources the sentence credits: "according to
// Reuters", "a report by the NY Times", "NYT reported", or "the report"
// for the source credited last in the article.
func (x *Extractor) findCredit(d *doc, s int, st *docState) []*entity {
	toks := d.sents[s]
	var out []*entity
	for _, m := range d.inSent(s) {
		if m.ent == nil || m.inQuote || slices.Contains(out, m.ent) {
			continue
		}
		for _, c := range x.v.credit {
			if creditMatches(toks, m, c) {
				out = append(out, m.ent)
				break
			}
		}
	}
	if len(out) == 0 {
		for k := 0; k+1 < len(toks); k++ {
			if (toks[k].low == "the" || toks[k].low == "this" || toks[k].low == "that") && (toks[k+1].low == "report" || toks[k+1].low == "reports") && st.credit != nil {
				out = append(out, st.credit)
				break
			}
		}
	}
	if len(out) > 0 {
		st.credit = out[len(out)-1]
	}
	return out
}

func creditMatches(toks []token, m *mention, c creditPattern) bool {
	k := m.first
	if k > 0 && toks[k-1].low == "the" {
		k--
	}
	if k < len(c.before) {
		return false
	}
	for j, words := range c.before {
		if !words[toks[k-len(c.before)+j].low] {
			return false
		}
	}
	e := m.last
	if e < len(toks) && toks[e].kind == possessive {
		e++
	}
	if len(c.after) > 0 && e+len(c.after) > len(toks) {
		return false
	}
	for j, words := range c.after {
		if !words[toks[e+j].low] {
			return false
		}
	}
	return len(c.before)+len(c.after) > 0
}
