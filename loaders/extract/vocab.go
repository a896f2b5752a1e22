package extract

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/schema"
)

// vocab is the ontology compiled into lookup tables: every word list as a
// set, every relation pattern indexed by its first word.
type vocab struct {
	o *schema.Ontology

	known    map[string]*known // normalised name or alias → entity
	places   map[string]bool   // normalised place names
	demonyms map[string]string // "Chinese" → "China"
	// peoples are the ontology's peoples and faiths ("Jewish", "Muslims")
	// and the adjectives English makes of its places' names ("Rwandan",
	// "Viennese", "Kashmiri"): never a name alone, though a name may open
	// with one (unlike demonyms, which are dropped from a name's head).
	peoples    map[string]bool
	unless     map[string]map[string]bool // relation type → words that give its triggers another sense
	unlessObj  map[string]map[string]bool // relation type → nouns that, as the object's, give them another sense
	honorifics phraseSet
	worksFor   phraseSet
	memberOf   phraseSet
	bodies     phraseSet // organisations with members: their names' last words
	parties    phraseSet // political parties: their names' last words
	presiding  map[string]bool
	elected    phraseSet       // MP, senator: their organisation is a party or an assembly
	government map[string]bool // roles held in a government
	portfolios map[string]bool // words of a role's field
	founded    phraseSet
	cues       map[string]string // last word → label
	context    map[string]string // "company" → Company
	anaphora   map[string]string // "company" → Company, "he" → Person
	plural     map[string]bool
	function   map[string]bool
	notNames   map[string]bool
	numbers    map[string]bool
	prefixes   map[string]bool // "anti" of "Anti-smoking"
	// postNominals: "QC", "OBE", as written.
	postNominals map[string]bool
	events       map[string]bool
	works        map[string]bool
	// irregular holds the irregular verbs' forms other than the lemma
	// ("met", "taken").
	irregular map[string]bool
	speech    map[string]bool
	negation  map[string]bool
	planned   phraseSet
	reporting map[string]bool
	suffixes  map[string]bool // corporate suffixes dropped from names
	credit    []creditPattern
	patterns  map[string][]*pattern // first word → patterns, longest first
	passive   map[string][]*passiveRule
}

// known is a widely known entity from the ontology's alias list.
type known struct {
	name, label string
}

// phraseSet holds phrases of up to four words.
type phraseSet map[string]bool

// longest returns the number of tokens of the longest phrase of the set
// that starts at toks[i], or 0.
func (p phraseSet) longest(toks []token, i int) int { return p.match(toks, i, false) }

// longestPlural is longest where the phrase's last word may be in the
// plural.
func (p phraseSet) longestPlural(toks []token, i int) int { return p.match(toks, i, true) }

func (p phraseSet) match(toks []token, i int, plural bool) int {
	best := 0
	var b strings.Builder
	for n := 1; n <= 4 && i+n <= len(toks); n++ {
		if n > 1 {
			b.WriteByte(' ')
		}
		w := toks[i+n-1].low
		if n == 1 {
			w = withoutFormer(w) // "ex-minister" is a minister's role
		}
		b.WriteString(w)
		if p[b.String()] {
			best = n
		} else if one := singular(w); plural && one != w && p[strings.TrimSuffix(b.String(), w)+one] {
			best = n // "MPs", "strikers": the role of each of a list
		}
	}
	return best
}

// ends reports whether name ends in a phrase of the set.
func (p phraseSet) ends(name string) bool {
	words := strings.Fields(strings.ToLower(name))
	for n := 1; n <= 4 && n <= len(words); n++ {
		if p[strings.Join(words[len(words)-n:], " ")] {
			return true
		}
	}
	return false
}

func newPhraseSet(lists ...[]string) phraseSet {
	p := phraseSet{}
	for _, l := range lists {
		for _, w := range l {
			p[strings.ToLower(w)] = true
		}
	}
	return p
}

// roleWord reports whether a word alone is a role ("leader", "chief").
func (v *vocab) roleWord(low string) bool { return v.worksFor[low] || v.memberOf[low] }

func newSet(words []string, lower bool) map[string]bool {
	s := make(map[string]bool, len(words))
	for _, w := range words {
		if lower {
			w = strings.ToLower(w)
		}
		s[w] = true
	}
	return s
}

// creditPattern is a credit phrase split at its {}: the words before the
// source and the words after.
type creditPattern struct {
	before, after []map[string]bool
}

// slot is one position of a relation pattern.
type slot struct {
	words map[string]bool
	// verbs are the words made from a ~lemma, true for the lemma and its
	// -s form: they match where the tagger, if it read the sentence, calls
	// them a verb; a past or -ing form (false) also where it calls it a
	// noun ("denied sharing data"), and any form in a headline, which the
	// tagger reads badly ("Globex sues Initech"). Not "on the back of",
	// "technical questions".
	verbs    map[string]bool
	optional bool
	gap      int // a filler of up to gap tokens; words is nil
}

// pattern is one compiled relation pattern.
type pattern struct {
	rel   *schema.Relation
	kind  string // active, nominal, inverse, implicit
	text  string
	slots []slot
}

// objectPrepositions end a trigger phrase whose object may come some
// words later.
var objectPrepositions = map[string]bool{"with": true, "to": true, "in": true, "into": true, "of": true,
	"against": true, "for": true, "on": true, "about": true, "over": true, "from": true, "at": true,
	"whether": true, "if": true, "by": true}

// passiveRule is a passive participle of a relation ("blocked", "set up").
type passiveRule struct {
	rel   *schema.Relation
	words []string
}

var corporateSuffixes = []string{"inc", "inc.", "incorporated", "corp", "corp.", "corporation", "co", "co.",
	"ltd", "ltd.", "limited", "plc", "llc", "group", "holdings", "technologies", "gmbh", "ag", "sa", "nv"}

func newVocab(o *schema.Ontology) *vocab {
	v := &vocab{
		o:            o,
		known:        map[string]*known{},
		places:       map[string]bool{},
		demonyms:     map[string]string{},
		honorifics:   newPhraseSet(o.Roles.Honorifics),
		worksFor:     newPhraseSet(o.Roles.WorksFor),
		memberOf:     newPhraseSet(o.Roles.MemberOf),
		bodies:       newPhraseSet(o.Roles.Bodies),
		parties:      newPhraseSet(o.Roles.Parties),
		presiding:    newSet(o.Roles.Presiding, true),
		elected:      newPhraseSet(o.Roles.Elected),
		government:   newSet(o.Roles.Government, true),
		portfolios:   newSet(o.Roles.Portfolios, true),
		founded:      newPhraseSet(o.Roles.Founded),
		cues:         map[string]string{},
		context:      map[string]string{},
		anaphora:     map[string]string{},
		function:     newSet(o.FunctionWords, true),
		notNames:     newSet(o.NotNames, false),
		numbers:      newSet(o.NumberWords, true),
		prefixes:     newSet(o.Prefixes, true),
		postNominals: newSet(o.PostNominals, false),
		events:       newSet(o.Events, true),
		works:        newSet(o.Works, true),
		speech:       newSet(o.Speech, true),
		negation:     newSet(o.Stance.Negation, true),
		planned:      newPhraseSet(o.Stance.Planned),
		reporting:    newSet(o.Reporting, true),
		suffixes:     newSet(corporateSuffixes, false),
		patterns:     map[string][]*pattern{},
		passive:      map[string][]*passiveRule{},
	}
	v.irregular = map[string]bool{}
	for _, forms := range o.Irregular {
		for _, f := range forms {
			v.irregular[f] = true
		}
	}
	for _, k := range o.Aliases {
		kn := &known{name: k.Name, label: k.Type}
		for _, n := range append([]string{k.Name}, k.Aliases...) {
			v.known[normKey(n)] = kn
		}
	}
	for _, p := range o.Places {
		v.places[normKey(p)] = true
	}
	for adj, place := range o.Demonyms {
		v.demonyms[adj] = place
	}
	v.unless, v.unlessObj = map[string]map[string]bool{}, map[string]map[string]bool{}
	for _, r := range o.Relations {
		if len(r.Unless) > 0 {
			v.unless[r.Type] = newSet(r.Unless, true)
		}
		if len(r.UnlessObject) > 0 {
			v.unlessObj[r.Type] = newSet(r.UnlessObject, true)
		}
	}
	v.peoples = newSet(o.Peoples, false)
	for _, p := range o.Places {
		for _, adj := range peopleOf(p) {
			if v.demonyms[adj] == "" && !o.Given[adj] && v.known[normKey(adj)] == nil && !v.places[normKey(adj)] {
				v.peoples[adj] = true
			}
		}
	}
	for _, label := range sortedKeys(o.Cues) {
		for _, w := range o.Cues[label] {
			v.cues[strings.TrimSuffix(strings.ToLower(w), ".")] = label
		}
	}
	for _, label := range sortedKeys(o.Context) {
		for _, w := range o.Context[label] {
			if _, dup := v.context[w]; !dup {
				v.context[w] = label
			}
		}
	}
	for _, label := range sortedKeys(o.Anaphora) {
		if label == "plural" {
			v.plural = newSet(o.Anaphora[label], true)
			continue
		}
		for _, w := range o.Anaphora[label] {
			v.anaphora[w] = label
		}
	}
	for _, c := range o.Credit {
		before, after, _ := strings.Cut(c, "{}")
		v.credit = append(v.credit, creditPattern{before: compileWords(before), after: compileWords(after)})
	}
	for i := range o.Relations {
		r := &o.Relations[i]
		for _, kind := range []string{"active", "apposition", "nominal", "inverse", "implicit"} {
			for _, text := range r.Patterns()[kind] {
				p := &pattern{rel: r, kind: kind, text: text, slots: compileSlots(text, o.Irregular)}
				for w := range p.slots[0].words {
					v.patterns[w] = append(v.patterns[w], p)
				}
			}
		}
		for _, text := range r.Passive {
			words := strings.Fields(text)
			v.passive[words[0]] = append(v.passive[words[0]], &passiveRule{rel: r, words: words})
		}
	}
	// Longer patterns first: "banned * from buying" before "banned".
	for w, ps := range v.patterns {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].slots) > len(ps[j].slots) })
		v.patterns[w] = ps
	}
	return v
}

func compileWords(s string) []map[string]bool {
	var out []map[string]bool
	for _, f := range strings.Fields(s) {
		out = append(out, newSet(strings.Split(f, "|"), true))
	}
	return out
}

func compileSlots(text string, irregular map[string][]string) []slot {
	var out []slot
	for _, f := range strings.Fields(text) {
		switch f {
		case "*":
			out = append(out, slot{gap: 4})
		case "...":
			out = append(out, slot{gap: 8})
		default:
			opt := strings.HasSuffix(f, "?")
			s := slot{words: map[string]bool{}, verbs: map[string]bool{}, optional: opt}
			for _, w := range strings.Split(strings.TrimSuffix(f, "?"), "|") {
				if lemma, ok := strings.CutPrefix(w, "~"); ok {
					for _, form := range inflections(lemma, irregular) {
						if !s.words[form] {
							s.verbs[form] = form == lemma || !strings.HasSuffix(form, "ed") && !strings.HasSuffix(form, "ing") && !slices.Contains(irregular[lemma], form)
						}
						s.words[form] = true
					}
					continue
				}
				s.words[w] = true
				delete(s.verbs, w) // written out: any part of speech
			}
			out = append(out, s)
		}
	}
	return out
}

// fits reports whether toks[i] is a word of slot s.
func (s *slot) fits(t *token) bool {
	if !s.words[t.low] {
		return false
	}
	strict, made := s.verbs[t.low]
	switch {
	case !made || t.pos == untagged || t.pos == posVERB || t.pos == posAUX || t.headline:
		return true
	case t.pos == posNOUN:
		return !strict
	}
	return false
}

// peopleOf are the adjectives English may make of a one-word place name:
// Rwanda → Rwandan, Liberia → Liberian, Morocco → Moroccan, Uruguay →
// Uruguayan, Vienna → Viennese, Kashmir → Kashmiri, Senegal → Senegalese.
// Forms no one uses ("Kenyaese") are harmless: no text has them.
func peopleOf(place string) []string {
	if strings.ContainsAny(place, " -.") {
		return nil
	}
	out := []string{place + "n", place + "an", place + "ian", place + "ese", place + "i"}
	if stem, ok := strings.CutSuffix(place, "a"); ok {
		out = append(out, stem+"an", stem+"ese")
	}
	if stem, ok := strings.CutSuffix(place, "o"); ok {
		out = append(out, stem+"an")
	}
	return out
}

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := lo.Keys(m)
	slices.Sort(keys)
	return keys
}

// isGapToken reports whether a token may fill a pattern's gap: words,
// numbers, possessives and quotation marks ("gave these companies “access
// to"), not clause punctuation.
func isGapToken(t *token) bool {
	return t.kind == word || t.kind == number || t.kind == possessive || t.kind == quoteMark || t.text == "-"
}

// match tries pattern p at toks[i]. It returns the end of the match (one
// past the last token) and the indices of gap tokens.
func (p *pattern) match(toks []token, i int) (end int, ok bool) {
	return matchSlots(p.slots, toks, i)
}

func matchSlots(slots []slot, toks []token, i int) (int, bool) {
	if len(slots) == 0 {
		return i, true
	}
	s := slots[0]
	if s.gap > 0 {
		for n := 0; n <= s.gap && i+n <= len(toks); n++ {
			if n > 0 && !isGapToken(&toks[i+n-1]) {
				break
			}
			if end, ok := matchSlots(slots[1:], toks, i+n); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i < len(toks) && s.fits(&toks[i]) {
		if end, ok := matchSlots(slots[1:], toks, i+1); ok {
			return end, true
		}
	}
	if s.optional {
		return matchSlots(slots[1:], toks, i)
	}
	return 0, false
}

var keyReplacer = strings.NewReplacer("’", "'", ".", "", ",", "", "\u00a0", " ", " & ", " and ")

// normKey is the resolution key of a name: lower case, without "the", a
// possessive, periods and extra space. "The U.S." and "US" share a key.
func normKey(s string) string {
	if plainName(s) {
		// Most names: ASCII words one space apart, none of the
		// characters the rest replaces or trims. A load calls this for
		// every mention of every article in the database.
		return strings.TrimPrefix(strings.ToLower(s), "the ")
	}
	return slowNormKey(s)
}

// plainName reports whether s is printable ASCII words one space apart,
// without a period, comma, ampersand or apostrophe.
func plainName(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if s[i-1] == ' ' {
				return false
			}
		case c < 0x21 || c > 0x7e || c == '.' || c == ',' || c == '&' || c == '\'':
			return false
		}
	}
	return true
}

func slowNormKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = keyReplacer.Replace(s)
	s = strings.TrimSuffix(s, "'s")
	s = strings.TrimSuffix(s, "'")
	s = strings.TrimPrefix(s, "the ")
	return strings.Join(strings.Fields(s), " ")
}

// place reports whether a word names a place: a known one or one of the
// places listed.
func (v *vocab) place(word string) bool {
	key := normKey(word)
	if k := v.known[key]; k != nil {
		return k.label == "Place"
	}
	return v.places[key]
}

// governmentOf is the normalised name of the country whose government
// name is, a demonym and "government" ("French government"), else "".
func (v *vocab) governmentOf(name string) string {
	const gov = " government"
	if len(name) <= len(gov) || !strings.EqualFold(name[len(name)-len(gov):], gov) {
		return ""
	}
	if place := v.demonyms[name[:len(name)-len(gov)]]; place != "" {
		return normKey(place)
	}
	return ""
}
