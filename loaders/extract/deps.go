package extract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders/nlp"
)

// parsed is a sentence as the language core analysed it, with the map from
// its tokens to the extractor's.
type parsed struct {
	sent  nlp.Sentence
	toTok []int // core token → extractor token starting at the same byte, or -1
}

// parse analyses and parses sentence s again, once for the document
// (st): the analysis of every sentence is not kept (it would hold a
// corpus's tokens twice), and only the few sentences the fact rules ask
// about need a parse, which costs as much as the rest of the analysis.
func (x *Extractor) parse(d *doc, s int, st *docState) *parsed {
	if p := st.parses[s]; p != nil {
		return p
	}
	sp := d.art.Sentences[s]
	p := alignSentence(d.lang.Tagged(d.sentenceText(s)), sp.Start, d.sents[s])
	d.lang.Parse(&p.sent)
	if st.parses == nil {
		st.parses = map[int]*parsed{}
	}
	st.parses[s] = &p
	return &p
}

// noSubject is what parsedSubject returns where the verb's subject is a
// common noun that names no entity and stands for none ("councillors",
// not "the company" nor "its chief executive"): the fact is no fact
// between names, whatever name distance would take.
var noSubject = &arg{}

// opensClause reports whether the parse makes token k ("that") the
// marker of a clause, not a determiner: the tagger errs here ("denied
// that coach Jacques Santini resigned").
func (x *Extractor) opensClause(d *doc, s, k int, st *docState) bool {
	p := x.parse(d, s, st)
	v := slices.Index(p.toTok, k)
	return v >= 0 && p.sent.Tokens[v].Deprel == "mark"
}

// parsedSubject is the entity the parse makes the subject of the verb at
// token i of sentence s: its nsubj, or, for a verb joined to another
// ("bought and sold"), that verb's; for a verb governed by another, the
// governing verb's object where it has one ("asked the WTO to
// investigate"), else its subject ("agreed to buy"). Nil where the parse
// names no entity there, or where the person distance chose (left)
// follows the subject's organisation in one phrase, no comma between
// ("Manchester City boss Kevin Keegan"): the distance rules decide.
func (x *Extractor) parsedSubject(d *doc, s, i int, left *arg, st *docState) *arg {
	p := x.parse(d, s, st)
	v := slices.Index(p.toTok, i)
	T := p.sent.Tokens
	toks := d.sents[s]
	samePhrase := func(org *mention) bool {
		if left == nil || left.ents[0].label != "Person" || left.at <= org.first || left.at-org.last > 3 {
			return false
		}
		for t := org.last; t < left.at; t++ {
			if toks[t].text == "," {
				return false
			}
		}
		return true
	}
	subject := func(k int) *arg {
		t := p.toTok[k]
		if t < 0 {
			return nil
		}
		m := d.at[s][t]
		if m == nil && T[k].UPOS == "NOUN" && x.v.anaphora[toks[t].low] == "" && x.rolePhrase(toks, t) == "" && x.pluralRole(toks, t) == "" {
			return noSubject // "councillors who back Mr Flight met Mr Tanguay"
		}
		if m == nil || m.ent == nil || m.poss {
			return nil // a subject that names no entity: a pronoun, a noun
		}
		if left != nil && left.ents[0] != m.ent && samePhrase(m) {
			return nil
		}
		return &arg{ents: []*entity{m.ent}, at: m.first, how: "the verb's subject in the parse"}
	}
	want := "nsubj"
	for hops := 0; v >= 0 && hops < 3; hops++ {
		for k := range T {
			if T[k].Head == v && T[k].Deprel == want {
				return subject(k)
			}
		}
		if want == "obj" {
			for k := range T {
				if T[k].Head == v && (T[k].Deprel == "iobj" || T[k].Deprel == "nsubj") {
					return subject(k)
				}
			}
		}
		switch T[v].Deprel {
		case "conj":
			want = "nsubj"
		case "xcomp":
			want = "obj" // "asked the WTO to investigate"
		default:
			return nil
		}
		v = T[v].Head
	}
	return nil
}

// headOf is the core token that heads mention m: the one whose head lies
// outside the mention; -1 when none of the core's tokens falls inside it.
// Core tokens carry offsets into the article, as the extractor's do.
func (p *parsed) headOf(toks []token, m *mention) int {
	head := -1
	for k, t := range p.sent.Tokens {
		if p.inside(toks, m, k) && (t.Head < 0 || !p.inside(toks, m, t.Head)) {
			head = k
		}
	}
	return head
}

// inside reports whether core token k falls inside mention m.
func (p *parsed) inside(toks []token, m *mention, k int) bool {
	t := p.sent.Tokens[k]
	return t.Start >= toks[m.first].start && t.Start < toks[m.last-1].end
}

// maxRoleGap is the most tokens between a person's name and an
// organisation's that the parse-based role rules look at.
const maxRoleGap = 8

// roleShape reports whether the words between a person's name and an
// organisation's could tie them as the rules below read: next to each
// other, or with a possessive, "of", "at", "for", "from", "with" or a role
// word between them, at most maxRoleGap tokens apart.
func (x *Extractor) roleShape(toks []token, a, b *mention) bool {
	if b.first < a.first {
		a, b = b, a
	}
	if b.first-a.last > maxRoleGap || b.first < a.last {
		return false
	}
	if b.first == a.last || a.poss {
		return true
	}
	for k := a.last; k < b.first; k++ {
		if ofCases[toks[k].low] || toks[k].kind == possessive || x.rolePhrase(toks, k) != "" {
			return true
		}
	}
	return false
}

// memberRelations are the dependency relations by which a name qualifies
// a person or a role: "Chelsea's Damien Duff", "Tory MP", "David Mercer of
// Strategy Analytics", "head of distribution for Newmarket Films".
var memberRelations = map[string]bool{"nmod:poss": true, "compound": true, "nmod": true, "amod": true}

// ofCases are the prepositions of an nmod that say membership.
var ofCases = map[string]bool{"of": true, "at": true, "for": true, "from": true, "with": true}

// depRoleFacts finds WORKS_FOR and MEMBER_OF from the parse: an
// organisation's name that qualifies a person's name, or a role word
// attached to it ("Telewest chief executive Eric Tveter", "Phil Laven,
// technical director for the EBU", "Chelsea's Damien Duff").
func (x *Extractor) depRoleFacts(d *doc, s int, st *docState) []draft {
	ms := d.inSent(s)
	var people, orgs []*mention
	for _, m := range ms {
		switch {
		case m.ent == nil:
		case m.ent.label == "Person":
			people = append(people, m)
		case x.o.Is(m.ent.label, "Organization"):
			orgs = append(orgs, m)
		}
	}
	// The rules below read a person and an organisation a few words apart
	// ("Chelsea's Damien Duff", "head of distribution for Newmarket
	// Films"); sentences with none such are not parsed.
	toks := d.sents[s]
	near := false
	for _, pm := range people {
		for _, om := range orgs {
			near = near || x.roleShape(toks, pm, om)
		}
	}
	if !near {
		return nil
	}
	p := x.parse(d, s, st)
	tokAt := func(k int) int {
		if k < 0 || k >= len(p.toTok) {
			return -1
		}
		return p.toTok[k]
	}
	role := func(k int) string {
		t := tokAt(k)
		if t < 0 {
			return ""
		}
		// The role phrase the token ends or is in: "general" of
		// "secretary general" is that role, not a general's.
		for b := max(t-2, 0); b < t; b++ {
			if n := x.roleLen(toks, b); b+n > t {
				return spanText(toks, b, b+n)
			}
		}
		return x.rolePhrase(toks, t)
	}
	// "NME editor Conor McNicholas": a role right before a person's name
	// is that person's, whatever the parse hangs it on.
	ownedByOther := func(k int, pm *mention) bool {
		t := tokAt(k)
		if t < 0 {
			return false
		}
		end := t + 1
		for b := max(t-2, 0); b <= t; b++ {
			if n := x.roleLen(toks, b); b+n > t {
				end = b + n
				break
			}
		}
		if end >= len(toks) {
			return false
		}
		o := d.at[s][end]
		return o != nil && o != pm && o.first == end && o.ent != nil && o.ent.label == "Person"
	}
	T := p.sent.Tokens
	var out []draft
	for _, pm := range people {
		ph := p.headOf(toks, pm)
		if ph < 0 {
			continue
		}
		// The person's side: the name's head and the role words on it
		// ("chief executive", "MP", "head of …").
		side := map[int]string{ph: ""}
		for k, t := range T {
			if t.Deprel == "appos" && apposOwner(T, k) == ph || t.Head == ph && (t.Deprel == "compound" || t.Deprel == "flat") {
				if r := role(k); r != "" && !ownedByOther(k, pm) {
					side[k] = r
				}
			}
		}
		if h := T[ph].Head; h >= 0 && (T[ph].Deprel == "appos" || T[ph].Deprel == "compound" || T[ph].Deprel == "flat") {
			if r := role(h); r != "" && !ownedByOther(h, pm) {
				side[h] = r
			}
		}
		// A role's own compound words ("chief" of "chief executive") and
		// the nouns it governs ("head of distribution for …").
		for k, t := range T {
			if _, ok := side[t.Head]; ok && side[t.Head] != "" && t.Deprel == "nmod" && T[k].UPOS == "NOUN" && !ownedByOther(k, pm) {
				side[k] = side[t.Head]
			}
		}
		for _, om := range orgs {
			oh := p.headOf(toks, om)
			if oh < 0 || oh == ph {
				continue
			}
			r, ok := side[T[oh].Head]
			if !ok && T[oh].Deprel == "nmod" && hasCase(T, oh) && p.inside(toks, pm, T[oh].Head) {
				// A parse may hang "of Plaid Cymru" on "Thomas" of "Simon
				// Thomas", whose head is "Simon": a word of the name is the
				// name. (Not a possessive: "the BBC's Strictly Come Dancing"
				// hangs on a name typed a person's as often as not.)
				ok = true
			}
			if h := T[oh].Head; !ok && T[oh].Deprel == "compound" && h > oh && T[h].UPOS == "NOUN" && T[h].Deprel == "nmod" && x.kindNoun(T[h].Text) {
				// "Jean-Michel Lemetayer, from the FNSEA agricultural
				// union", "Junya Tanase of JPMorgan Chase bank": the name
				// qualifies a noun for its kind of organisation, which
				// ties to the person ("the Matrix trilogy" does not).
				oh = h
				r, ok = side[T[oh].Head]
			}
			if !ok || !memberRelations[T[oh].Deprel] {
				continue
			}
			if T[oh].Deprel == "nmod" && !hasCase(T, oh) {
				continue
			}
			how := fmt.Sprintf("parse: %s %s of %q", om.surface, T[oh].Deprel, T[T[oh].Head].Text)
			if r != "" {
				out = append(out, x.roleDraft(s, pm, om.ent, r, how)...)
				continue
			}
			if (T[oh].Deprel == "amod" || T[oh].Deprel == "compound" && T[oh].Head == ph) && !x.v.parties.ends(om.ent.name) {
				continue // "Microsoft Bill Gates" says nothing without a role; "Liberal Democrat Alan Beith" does
			}
			if x.electedBetween(toks, pm, om) {
				continue // "Tom Hale, MP for Redwood": a seat (roleDraft)
			}
			if peerage(toks, pm, om) {
				continue // "Lord Kinnock of Bedwellty": a peer's title names a place
			}
			// "Rufus Norris for Festen", "Marlon Brando for On the
			// Waterfront": what a person is named "for" without a role is
			// their work, and where they are "at" a venue ("a defeat to
			// Mario Ancic at Wimbledon"), unless the name is known to be an
			// organisation's ("Vincent Cable, for the Liberal Democrats",
			// "Eric Brewer at the University of California").
			if c := caseOf(T, oh); (c == "for" || c == "at") && (om.ent.typedBy == byDefault || om.ent.typedBy == byRecogniser) {
				continue
			}
			out = append(out, x.memberDraft(s, pm, om.ent, how)...)
		}
	}
	return out
}

// apposOwner is the word the apposition k describes: its head, or the
// last conjunct of its head before it, whatever the parse hangs it on
// ("Mr Kilroy-Silk and Ms Kelly, a Cabinet Office minister": hers).
func apposOwner(T []nlp.Token, k int) int {
	h := T[k].Head
	if h < 0 {
		return -1
	}
	owner := h
	for c := h + 1; c < k; c++ {
		if T[c].Head == h && T[c].Deprel == "conj" {
			owner = c
		}
	}
	return owner
}

// peerage reports whether the name after a peer's, "of" between, is the
// place the peerage is of: "Lord Kinnock of Bedwellty", "Baroness
// Thatcher of Kesteven".
func peerage(toks []token, pm, om *mention) bool {
	title := strings.ToLower(pm.honorific)
	return peerTitles[title[strings.LastIndexByte(title, ' ')+1:]] && pm.last < len(toks) && toks[pm.last].low == "of" && om.first == pm.last+1
}

var peerTitles = map[string]bool{"lord": true, "baroness": true, "lady": true, "earl": true, "viscount": true, "duke": true,
	"duchess": true, "marquess": true, "countess": true}

// kindNoun reports whether a noun says what kind of organisation a name
// is: a cue word or an anaphor of the ontology for an organisation
// ("union", "bank", "firm", "agency").
func (x *Extractor) kindNoun(word string) bool {
	low := strings.ToLower(word)
	for _, l := range []string{x.v.cues[low], x.v.anaphora[low]} {
		if x.o.Is(l, "Organization") {
			return true
		}
	}
	return false
}

// electedBetween reports whether an elected member's title (MP, senator)
// stands between mentions a and b.
func (x *Extractor) electedBetween(toks []token, a, b *mention) bool {
	if b.first < a.first {
		a, b = b, a
	}
	for k := a.last; k < b.first; k++ {
		if x.v.elected[singular(toks[k].low)] {
			return true
		}
	}
	return false
}

// hasCase reports whether token k has an "of", "at", "for", "from" or
// "with" as its case marker.
func hasCase(ts []nlp.Token, k int) bool {
	return ofCases[caseOf(ts, k)]
}

// caseOf is the first case marker of token k, in lower case: "of",
// "for"; "" where it has none.
func caseOf(ts []nlp.Token, k int) string {
	for _, t := range ts {
		if t.Head == k && t.Deprel == "case" {
			return strings.ToLower(t.Text)
		}
	}
	return ""
}

// memberDraft is a person's tie to an organisation stated without a role
// word: membership of a party, team or body (the ontology's bodies), else
// work for the organisation.
func (x *Extractor) memberDraft(s int, p *mention, org *entity, how string) []draft {
	rel := "WORKS_FOR"
	if (org.label == "GovernmentBody" || org.label == "Organization") && x.v.bodies.ends(org.name) {
		rel = "MEMBER_OF"
	}
	if !x.o.Allows(rel, p.ent.label, org.label) {
		return nil
	}
	return []draft{{rel: rel, subj: p.ent, obj: org, sent: s, stance: graph.Asserted, trigger: "of",
		family: famTie, why: fmt.Sprintf("person %s and organisation %s: %s", p.ent.name, org.name, how)}}
}
