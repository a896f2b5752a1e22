package extract

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/loaders/nlp"
	"github.com/newsgraph/graph/loaders/nlp/english"
)

// doc is one article under analysis: its sentences as tokens, its name
// mentions and its quotations.
type doc struct {
	// art is the article with its headline as the first paragraph and
	// sentence, when it has one; shift is the headline's length with the
	// break after it, which output offsets take off again.
	art   *graph.Article
	orig  *graph.Article
	shift int
	// recased is a title-case headline with its ordinary words in lower
	// case, as the language core reads it; "" when not needed.
	recased  string
	sents    [][]token
	mentions []*mention
	// at[s][i] is the mention that covers token i of sentence s, or nil.
	at       [][]*mention
	quotes   []quoteSpan
	acronyms map[string]string // "ftc" → "federal trade commission", defined in this text
	// withWord holds, by word, the names of two words or more the
	// article has given so far with the word in them (endsOneName): the
	// first, and whether there were others. Nil after finding names.
	withWord map[string]wordNames
	// lower holds the words the article writes in lower case: a
	// capitalised span of only such words is a heading, not a name. Only
	// finding names asks; nil after.
	lower map[string]bool
	lang  *english.Pipeline
	// ord is the article's place among those resolved together.
	ord int32
}

// nameSpan is a name the recogniser found: bytes [start, end) of the
// article's text, and its type (person, organization, place).
type nameSpan struct {
	start, end int
	typ        string
}

// mention is a name in a sentence: tokens [first, last) of sentence sent.
type mention struct {
	sent, first, last int
	group             int    // mentions of one list ("Huawei, Lenovo and TCL") share a group; 0 = none
	surface           string // the name as written, without title or possessive
	key               string // resolution key
	votes             labelVotes
	known             *known
	honorific         string
	recognised        string // the recogniser's type, "" for none
	ent               *entity
	// What the mention was before resolution (keep); nil in an analysis
	// decoded from storage, which is never encoded again.
	orig *origMention

	// What resolution asks of the tokens (settle): the first token's text,
	// whether it is an acronym and a proper noun; whether a noun follows
	// the name, nothing but punctuation comes before it in the sentence,
	// a preposition comes before it; whether the article writes the name
	// in lower case too.
	firstText                                                          string
	firstUpper, firstPROPN, nextNoun, startsSent, afterPrep, lowerWord bool
	// The other flags, beside these: a load holds the mentions of every
	// article in the database, and each padded flag took 8 bytes.
	poss       bool // followed by 's
	inQuote    bool
	personWord bool // the recogniser takes this one word for a person's name
	tail       bool // a common word taken for the end of a longer name (endsOneName)
	speaksAsI  bool // named as the speaker of a quote in the first person singular
}

// origMention is what a mention was before resolution changed it.
type origMention struct {
	surface string
	votes   labelVotes
	known   *known
}

// labelVotes are a mention's votes for its type: a label, each once, and
// its weight. A mention has a vote or two; as a slice they take a tenth
// of a map's memory, which counts where a load holds the mentions of
// every article in the database.
type labelVotes []labelVote

type labelVote struct {
	label string
	w     float64
}

// add adds w to the vote for label.
func (v *labelVotes) add(label string, w float64) {
	for i := range *v {
		if (*v)[i].label == label {
			(*v)[i].w += w
			return
		}
	}
	*v = append(*v, labelVote{label, w})
}

// drop removes the vote for label.
func (v *labelVotes) drop(label string) {
	*v = slices.DeleteFunc(*v, func(x labelVote) bool { return x.label == label })
}

// inSent returns the mentions of sentence s. Mentions are added sentence
// by sentence, so they are one run of d.mentions, found by binary search:
// scanning every mention for each sentence made a long article cost
// sentences × mentions.
func (d *doc) inSent(s int) []*mention {
	return d.mentions[d.upTo(s-1):d.upTo(s)]
}

// sentenceAt returns the sentence that holds byte off of the text, or -1.
func (d *doc) sentenceAt(off int) int {
	ss := d.art.Sentences
	i := sort.Search(len(ss), func(i int) bool { return ss[i].End > off })
	if i < len(ss) && off >= ss[i].Start {
		return i
	}
	return -1
}

// upTo returns how many mentions stand in sentences 0 to s.
func (d *doc) upTo(s int) int {
	return sort.Search(len(d.mentions), func(i int) bool { return d.mentions[i].sent > s })
}

// analyseSentence runs the language core on one sentence, which starts at
// byte base of the text: the core's tokens get offsets into the text, and
// the extractor's tokens that start where one of them does its part of
// speech.
func analyseSentence(lang *english.Pipeline, text string, base int, toks []token) parsed {
	return alignSentence(lang.Analyze(text), base, toks)
}

// alignSentence gives the core's tokens of a sentence that starts at byte
// base offsets into the text, and the extractor's tokens that start where
// one of them does its part of speech.
func alignSentence(sent nlp.Sentence, base int, toks []token) parsed {
	p := parsed{sent: sent}
	p.toTok = make([]int, len(p.sent.Tokens))
	k := 0
	for c := range p.sent.Tokens {
		t := &p.sent.Tokens[c]
		t.Start += base
		t.End += base
		for k < len(toks) && toks[k].start < t.Start {
			k++
		}
		p.toTok[c] = -1
		if k < len(toks) && toks[k].start == t.Start {
			toks[k].pos = posOf(t.UPOS)
			p.toTok[c] = k
		}
	}
	return p
}

// names are the names the recogniser found.
func (p *parsed) names() []nameSpan {
	return lo.Map(p.sent.Entities(), func(e nlp.Span, _ int) nameSpan {
		return nameSpan{start: p.sent.Tokens[e.Start].Start, end: p.sent.Tokens[e.End-1].End, typ: e.Type}
	})
}

// recognised maps the recogniser's types to the ontology's labels. The
// recogniser types the names no cue of the ontology speaks for.
var recognised = map[string]string{"person": "Person", "place": "Place", "organization": "Organization"}

func (m *mention) vote(label string, w float64) { m.votes.add(label, w) }

var connectors = map[string]bool{"of": true, "&": true, "de": true, "du": true, "van": true, "von": true,
	"der": true, "la": true, "al": true, "bin": true, "del": true, "da": true}

// nameLike reports whether a token can be part of a name.
func (v *vocab) nameLike(t *token) bool {
	return t.kind == word && (t.cap || t.upper) && !v.notNames[t.text]
}

// analyse tokenizes an article and finds its name mentions. It stops
// early, with a partial doc, when ctx is done (the caller drops it).
func (x *Extractor) analyse(ctx context.Context, a *graph.Article, lang *english.Pipeline) *doc {
	if analyseHook != nil {
		analyseHook(a)
	}
	d := &doc{orig: a, acronyms: map[string]string{}, lower: map[string]bool{}, lang: lang}
	d.art, d.shift = withHeadline(a)
	a = d.art
	d.quotes = findQuotes(a)
	// Quotes come in text order and do not overlap: the one that may hold
	// off is the last that starts at or before it (a binary search, so a
	// long article costs tokens × log quotes, not tokens × quotes).
	quoted := func(off int) bool {
		i := sort.Search(len(d.quotes), func(i int) bool { return d.quotes[i].start > off }) - 1
		return i >= 0 && off < d.quotes[i].end
	}
	d.sents = make([][]token, len(a.Sentences))
	d.at = make([][]*mention, len(a.Sentences))
	for s, sp := range a.Sentences {
		if s%checkEvery == 0 && ctx.Err() != nil {
			return d
		}
		toks := tokenize(a.Text[sp.Start:sp.End], sp.Start, quoted)
		d.sents[s] = toks
		d.at[s] = make([]*mention, len(toks))
		for k := range toks {
			if toks[k].kind == word && !toks[k].cap {
				d.lower[toks[k].low] = true
			}
		}
	}
	if d.shift > 0 {
		for k := range d.sents[0] {
			d.sents[0][k].headline = true
		}
		headlineCase(d)
	}
	group := 0
	for s := range d.sents {
		if s%checkEvery == 0 && ctx.Err() != nil {
			return d
		}
		toks := d.sents[s]
		before := len(d.mentions)
		x.findNames(d, s, toks)
		ms := d.mentions[before:]
		// The language core reads the sentences that name something: the
		// others (a fifth to a third of news) hold no fact, and analysis
		// is most of the cost of extraction.
		if len(ms) > 0 {
			sp := a.Sentences[s]
			p := analyseSentence(lang, d.sentenceText(s), sp.Start, toks)
			names := p.names()
			ms = x.dropTagged(d, s, before)
			for _, m := range ms {
				m.recognised = recognisedType(toks, m, names)
				if m.recognised == "person" && afterThe(toks, m) && !modifies(toks, m) {
					m.recognised = ""
				}
			}
			x.frameVotes(d, s, toks, ms)
			x.nounAfterVotes(toks, ms)
		}
		x.findAcronymDefinitions(d, s)
		group = x.groupLists(d, s, ms, group)
	}
	d.dropLoneTails()
	x.dropWorks(d)
	x.speakersAsI(d)
	for _, m := range d.mentions {
		d.settle(m)
	}
	// Only finding names asks these, and a corpus's docs are held.
	d.lower, d.withWord = nil, nil
	return d
}

// dropTagged drops the mentions of sentence s (those from index from of
// d.mentions on, the last found) that, once the sentence is tagged, are
// no names: one word, no known name, that openingVerb or adjective says
// is none. It returns the rest.
func (x *Extractor) dropTagged(d *doc, s, from int) []*mention {
	toks := d.sents[s]
	kept := slices.DeleteFunc(d.mentions[from:], func(m *mention) bool {
		if m.last-m.first != 1 || m.known != nil || m.last >= len(toks) || !x.openingVerb(toks, m.first) && !x.adjective(toks, m.first) {
			return false
		}
		d.at[s][m.first] = nil
		return true
	})
	d.mentions = d.mentions[:from+len(kept)]
	return kept
}

// openingVerb reports whether toks[i], which opens the sentence, is a
// word in -ing the tagger reads as a verb, before a function word or a
// lower-case word that is no verb: "Shivering in a floor-length dress,
// the actress …", "Analysing the data, …", "Analysing traffic will …";
// not "Reading beat Leeds".
func (x *Extractor) openingVerb(toks []token, i int) bool {
	t := toks[i]
	if !sentenceStart(toks, i) || !strings.HasSuffix(t.low, "ing") || t.pos != posVERB || x.v.places[t.low] {
		return false
	}
	// "Analysing traffic will …", "Shutting down sites": a lower-case
	// word that is no verb, and no word the tagger could not read.
	next := toks[i+1]
	return x.v.function[next.low] || !(next.kind != word || next.cap || next.pos == posVERB || next.pos == posAUX || next.pos == untagged)
}

// adjective reports whether toks[i] is a capitalised word the tagger
// reads as an adjective (an English one, or one made from a name), before
// a lower-case common noun it qualifies that is no role, and no place or
// given name: "some Islamic schools", "an Orwellian nightmare"; not
// "Conservative leader", a party's known name, nor "Arsenal keeper", nor
// "Stansted airport".
func (x *Extractor) adjective(toks []token, i int) bool {
	t := toks[i]
	if t.pos != posADJ || !commonNoun(&toks[i+1]) || x.v.place(t.text) || x.o.GivenName(t.text) || x.v.known[normKey(t.text)] != nil {
		return false
	}
	// "Arsenal keeper", "Valve spokesman": before a role, the name of the
	// organisation the role is in; "PayPal": a brand's capitals.
	if x.roleLen(toks, i+1) > 0 || x.pluralRole(toks, i+1) != "" || strings.ToLower(t.text[1:]) != t.text[1:] {
		return false
	}
	// An English adjective, or one made from a name ("Orwellian"), not a
	// place's name the tagger reads so ("Stansted airport").
	return x.o.Lexicon[t.low] || slices.ContainsFunc(adjectiveEndings, func(e string) bool { return strings.HasSuffix(t.low, e) })
}

// adjectiveEndings end adjectives made from names: "Orwellian",
// "Shakespearean", "Biblical", "Islamic".
var adjectiveEndings = []string{"ian", "ean", "ic", "ical", "esque"}

// dropLoneTails drops the common words taken for the end of a longer
// name (endsOneName) where the whole article, not only the text before
// them, has another name with the word in it: resolution could not tell
// which name they end, and they are no name of their own. Those kept do
// not vote on the name's type, nor take one from a list: what the
// recogniser and the words around make of a common word says little of
// the name ("a day with Five and Michael Howard" for Channel Five).
func (d *doc) dropLoneTails() {
	d.mentions = slices.DeleteFunc(d.mentions, func(m *mention) bool {
		if !m.tail {
			return false
		}
		if d.endsOneName(m.surface) {
			m.votes, m.recognised, m.group = nil, "", 0
			return false
		}
		for k := m.first; k < m.last; k++ {
			d.at[m.sent][k] = nil
		}
		return true
	})
}

// dropWorks drops every mention of a name the article gives as a work's
// title: right after a noun of the ontology's works ("the film Closer",
// "boxing drama Million Dollar Baby"), or before "starring" or "directed
// by" ("Kinsey, starring Liam Neeson"). A film is none of our types, and
// typed it takes its cast's type or a company's ("critics WORKS_FOR The
// Aviator"). A person's full name after the noun is the subject of a
// clause ("the film Jamie Foxx won an Oscar for"), and is kept.
func (x *Extractor) dropWorks(d *doc) {
	works := map[string]bool{}
	for _, m := range d.mentions {
		if m.known == nil && m.honorific == "" && x.titledWork(d, m) {
			works[normKey(m.surface)] = true
		}
	}
	if len(works) == 0 {
		return
	}
	d.mentions = slices.DeleteFunc(d.mentions, func(m *mention) bool {
		if m.known != nil || !works[normKey(m.surface)] {
			return false
		}
		for k := m.first; k < m.last; k++ {
			d.at[m.sent][k] = nil
		}
		return true
	})
}

// titledWork reports whether mention m is given as a work's title.
func (x *Extractor) titledWork(d *doc, m *mention) bool {
	toks := d.sents[m.sent]
	k := m.first - 1
	if k > 0 && toks[k].low == "the" {
		k--
	}
	if k >= 0 && x.v.works[toks[k].low] && !toks[k].cap && toks[k].pos == posNOUN {
		// "a downloaded movie NEC is showing": the subject of a clause.
		if m.last < len(toks) && toks[m.last].pos == posAUX {
			return false
		}
		words := strings.Fields(m.surface)
		return len(words) == 1 || !x.o.GivenName(words[0])
	}
	e := m.last
	if e < len(toks) && toks[e].text == "," {
		e++
	}
	if e+1 >= len(toks) {
		return false
	}
	// "Closer, starring Jude Law"; not "Spike Lee, starring in seven films".
	return toks[e].low == "starring" && toks[e+1].cap || toks[e].low == "directed" && toks[e+1].low == "by"
}

// afterThe reports whether "the" comes right before the mention: then,
// unless it qualifies the noun after it ("the Michael Winterbottom
// film"), it is not a person's name ("the Hollywood Reporter", "the Blair
// Witch Project"), whatever the recogniser makes of it.
func afterThe(toks []token, m *mention) bool {
	return m.first > 0 && toks[m.first-1].low == "the"
}

// modifies reports whether a common noun follows the mention: the name
// qualifies it.
func modifies(toks []token, m *mention) bool {
	return m.last < len(toks) && !toks[m.last].cap && toks[m.last].pos == posNOUN
}

// settle notes on a mention what resolution asks of the tokens around
// it, so that resolution reads mentions only, and works on an analysis
// stored without the text (Analysis).
func (d *doc) settle(m *mention) {
	toks := d.sents[m.sent]
	m.firstText = toks[m.first].text
	m.firstUpper = toks[m.first].upper
	m.firstPROPN = toks[m.first].pos == posPROPN
	m.nextNoun = m.last < len(toks) && (toks[m.last].pos == posNOUN || toks[m.last].pos == posPROPN)
	m.startsSent = sentenceStart(toks, m.first)
	m.afterPrep = afterPreposition(d, m)
	m.lowerWord = d.lower[strings.ToLower(m.surface)]
	m.keep()
}

// keep notes what the mention was before resolution changed it, for
// encodeAnalysis.
func (m *mention) keep() {
	m.orig = &origMention{surface: m.surface, known: m.known, votes: slices.Clone(m.votes)}
}

// recognisedType is the recogniser's type of a mention: the type of its
// name where that is the mention exactly, else, where the recogniser
// finds one name inside the mention, the type of that name if it ends the
// mention (its head: "Royal Society" where only "Society" is recognised),
// or a person's if it opens it ("Diane" of Diane Pretty). A person's
// name has two words or more: on one word ("Hooli") it guesses; two names
// inside one mention ("Cambridge" and "Analytica"), or one that neither
// opens nor ends it, or opens it as a place, do not speak for it.
func recognisedType(toks []token, m *mention, names []nameSpan) string {
	start, end := toks[m.first].start, toks[m.last-1].end
	multi := m.last-m.first >= 2
	var ends, opens string
	inside := 0
	for _, n := range names {
		if n.start < start || n.end > end {
			continue
		}
		inside++
		switch {
		case n.start == start && n.end == end:
			if n.typ != "person" || multi {
				return n.typ
			}
			m.personWord = true
			return ""
		case n.end == end:
			ends = n.typ
		case n.start == start:
			opens = n.typ
		}
	}
	if inside != 1 {
		return "" // the recogniser reads two names where we read one
	}
	if ends != "" && (ends != "person" || multi) {
		return ends
	}
	if opens == "person" && multi {
		return opens
	}
	return ""
}

// nounAfterVotes reads the noun after each name, an adjective or a noun
// or two between, where it says what the name is ("Uefa's Champions
// magazine", "the FNSEA agricultural union"), unless it is a person's
// ("Labour leader"). The tags tell the words between from others ("Claudia
// Neulling from the magazine", "Babayaro left the club").
func (x *Extractor) nounAfterVotes(toks []token, ms []*mention) {
	for _, m := range ms {
		for k := m.last; k < len(toks) && k <= m.last+2; k++ {
			if toks[k].kind != word || toks[k].cap {
				break
			}
			if label := x.v.context[toks[k].low]; label != "" {
				if label != "Person" {
					m.vote(label, 2)
				}
				break
			}
			if t := toks[k].pos; t != posADJ && t != posNOUN {
				break
			}
		}
	}
}

// withHeadline returns the article with its headline before its text as
// a paragraph and sentence of its own, and the headline's length with the
// break after it; the article itself when it has no headline. Headlines
// often state the story's main fact ("Putin backs state grab for Yukos").
func withHeadline(a *graph.Article) (*graph.Article, int) {
	title := strings.Join(strings.Fields(a.Title), " ")
	if title == "" || opensWith(a.Text, title) {
		return a, 0
	}
	shift := len(title) + 2
	h := *a
	h.Text = title + "\n\n" + a.Text
	move := func(spans []graph.Span) []graph.Span {
		out := []graph.Span{{Start: 0, End: len(title)}}
		for _, s := range spans {
			out = append(out, graph.Span{Start: s.Start + shift, End: s.End + shift})
		}
		return out
	}
	h.Paragraphs, h.Sentences = move(a.Paragraphs), move(a.Sentences)
	return &h, shift
}

// opensWith reports whether text opens with title, spaces aside: the
// title of an article with no headline of its own is its first sentence
// (or the start of it, cut with "…"), which the text states already and
// which, read twice, gave its quotes and claims twice.
func opensWith(text, title string) bool {
	title = strings.TrimSuffix(title, "…")
	head := text[:min(len(text), 2*len(title)+8)]
	return strings.HasPrefix(strings.Join(strings.Fields(head), " "), title)
}

// headlineCase reads a headline in title case ("Facebook Shared Data
// With Huawei") as a sentence: a capitalised word is a name there only
// where the story writes it capitalised, and never in lower case, or it
// is an acronym; the others are ordinary words. A headline in sentence
// case is left as it is.
func headlineCase(d *doc) {
	toks := d.sents[0]
	caps, words := 0, 0
	for _, t := range toks {
		if t.kind == word && len(t.text) > 3 {
			words++
			if t.cap {
				caps++
			}
		}
	}
	if words < 3 || caps*10 < words*7 {
		return
	}
	body := map[string]bool{} // capitalised in the story, and never in lower case
	for _, ts := range d.sents[1:] {
		for _, t := range ts {
			if t.cap && !d.lower[t.low] {
				body[t.text] = true
			}
		}
	}
	text := []byte(d.art.Text[:d.shift-2])
	for k := range toks {
		t := &toks[k]
		if t.cap && !t.upper && !body[t.text] {
			t.cap = false
			r, n := utf8.DecodeRuneInString(t.text)
			if low := unicode.ToLower(r); utf8.RuneLen(low) == n {
				utf8.EncodeRune(text[t.start:], low)
			}
		}
	}
	d.recased = string(text)
}

// sentenceText is the text of sentence s as the language core reads it.
func (d *doc) sentenceText(s int) string {
	if s == 0 && d.recased != "" {
		return d.recased
	}
	sp := d.art.Sentences[s]
	return d.art.Text[sp.Start:sp.End]
}

// singular is a plural noun's singular, roughly: "regions" → "region".
func singular(w string) string {
	if strings.HasSuffix(w, "ies") {
		return strings.TrimSuffix(w, "ies") + "y"
	}
	return strings.TrimSuffix(w, "s")
}

// findNames adds the name mentions of sentence s.
func (x *Extractor) findNames(d *doc, s int, toks []token) {
	v := x.v
	i := 0
	for i < len(toks) {
		if !v.nameLike(&toks[i]) {
			i++
			continue
		}
		// A known name with lower-case words inside ("Securities and
		// Exchange Commission") is taken whole.
		if n := x.knownAt(toks, i); n > 0 {
			x.addSpan(d, s, toks, i, i+n, "")
			i += n
			continue
		}
		j := i + 1
		head := i // the first word after a leading "The"
		if toks[i].low == "the" {
			head++
		}
		joined := false // an "of" or "for" joined the name
		for j < len(toks) {
			if v.nameLike(&toks[j]) || x.hyphenTail(d, toks, j) {
				j++
				continue
			}
			// "Bank of England", "Royal Bank of Canada"; not "Tom Baker of
			// Globex": a connector joins after one word or a cue word.
			if connectors[toks[j].low] && j+1 < len(toks) && v.nameLike(&toks[j+1]) && (j == head+1 || v.cues[toks[j-1].low] != "" || toks[j].low != "of" || joined) {
				joined = joined || toks[j].low == "of"
				j += 2
				continue
			}
			// "University of the West of England", "Office of the Deputy
			// Prime Minister", "Forum for the Future": "of the" or "for
			// the" after a cue word, not a company's
			// ("General Motors of the US"), before no place; not "President
			// of the European Parliament", a title.
			if (toks[j].low == "of" || toks[j].low == "for") && j+2 < len(toks) && toks[j+1].low == "the" && v.nameLike(&toks[j+2]) &&
				v.cues[toks[j-1].low] != "" && v.cues[toks[j-1].low] != "Company" && !v.place(toks[j+2].text) &&
				(toks[j].low == "of" || v.cues[toks[j-1].low] != "Place") {
				joined = true
				j += 3
				continue
			}
			// "Transport for London", "Campaign for Nuclear Disarmament":
			// "for" after a common noun or a cue word; not "Gerrard for
			// Liverpool".
			if toks[j].low == "for" && j+1 < len(toks) && v.nameLike(&toks[j+1]) && !toks[j-1].upper &&
				(v.cues[toks[j-1].low] != "" || x.commonWord(d, toks[j-1].low)) {
				joined = true
				j += 2
				continue
			}
			// "Department of Trade and Industry", "Centre for Transport and
			// Society": after "of" or "for", "and" and a common word that
			// ends the name (or two, the last no cue word: not "Ministry of
			// Defence and Foreign Office"); not "Bank of England and
			// Barclays".
			if joined {
				if n := x.andCommon(d, toks, j); n > 0 {
					j += 1 + n
					break
				}
			}
			if v.suffixes[toks[j].low] && toks[j].kind == word {
				j++ // "TCL corp"
				break
			}
			// "People's Liberation Army": a common word, 's, and a name
			// with a cue word. "Alzheimer's Society": a word of no known
			// name or place, 's, and an organisation's cue word alone.
			if toks[j].kind == possessive && j == i+1 {
				e := j + 1
				for e < len(toks) && v.nameLike(&toks[e]) {
					e++
				}
				lone := e == j+2 && v.cues[toks[j+1].low] == "Organization" && v.known[toks[i].low] == nil && !v.place(toks[i].text)
				if e > j+1 && v.cues[toks[e-1].low] != "" && (x.o.Lexicon[toks[i].low] || lone) {
					j = e
					continue
				}
			}
			break
		}
		// "Facebook, Inc."
		if j+1 < len(toks) && toks[j].text == "," && toks[j+1].cap && v.suffixes[toks[j+1].low] {
			j += 2
		}
		// "The French government": a country's government, one body
		// acting; not "an African government". A country's name is the
		// country acting ("censured by the US government"), as the
		// ontology has it.
		if j == head+1 && countryGovernment(toks, head, v) && (head == 0 || toks[head-1].low != "a" && toks[head-1].low != "an") {
			j++
		}
		x.addSpan(d, s, toks, i, j, "")
		i = j
	}
}

// hyphenTail reports whether token j, after a hyphen, ends the word of a
// name before it, inside a name of more words: "Dai-ichi Life", "Chung
// Mong-koo"; not "Facebook-like" nor "Kremlin-backed", nor "Cash-strapped",
// whose ending is an English word, nor "Man-of-the-match", whose ending
// holds English words.
func (x *Extractor) hyphenTail(d *doc, toks []token, j int) bool {
	rest, ok := strings.CutPrefix(toks[j].text, "-")
	if !ok || j == 0 || toks[j-1].end != toks[j].start || toks[j-1].kind != word || len(rest) < 2 ||
		strings.ToLower(rest) != rest || englishEnding(rest) || x.englishParts(d, toks[j].text) {
		return false
	}
	return j >= 2 && x.v.nameLike(&toks[j-2]) || j+1 < len(toks) && x.v.nameLike(&toks[j+1])
}

// englishParts reports whether a hyphenated ending ("-of-the-match",
// "-strapped") holds an English word.
func (x *Extractor) englishParts(d *doc, tail string) bool {
	return slices.ContainsFunc(strings.Split(strings.TrimPrefix(tail, "-"), "-"), func(w string) bool { return x.commonWord(d, w) })
}

// englishEnding reports whether a word ends as English verbs, nouns of
// agents and adverbs do: "-ed", "-ing", "-er", "-ers", "-ly", "-wise".
func englishEnding(w string) bool {
	return lo.SomeBy(englishEndings, func(e string) bool { return strings.HasSuffix(w, e) })
}

var englishEndings = []string{"ed", "ing", "er", "ers", "ly", "wise"}

// andCommon returns how many capitalised common words (or cue words)
// follow "and" at toks[j] and end a name there: one, or two where the
// second is no cue word; else 0.
func (x *Extractor) andCommon(d *doc, toks []token, j int) int {
	if toks[j].low != "and" {
		return 0
	}
	common := func(k int) bool {
		return k < len(toks) && x.v.nameLike(&toks[k]) && !toks[k].upper && (x.commonWord(d, toks[k].low) || x.v.cues[toks[k].low] != "")
	}
	// The name ends: no word of a name, nor "of" or "for" ("Duchy of
	// Lancaster and Duchy of Cornwall" are two).
	ends := func(k int) bool {
		return k >= len(toks) || !x.v.nameLike(&toks[k]) && !connectors[toks[k].low] && toks[k].low != "for"
	}
	switch {
	case common(j+1) && ends(j+2):
		return 1
	case common(j+1) && common(j+2) && ends(j+3) && x.v.cues[toks[j+2].low] == "":
		return 2
	}
	return 0
}

// countryGovernment reports whether tokens i and i+1 are a country's
// demonym and "government" in lower case.
func countryGovernment(toks []token, i int, v *vocab) bool {
	return i+1 < len(toks) && toks[i+1].low == "government" && toks[i+1].kind == word && !toks[i+1].cap &&
		v.demonyms[toks[i].text] != ""
}

// knownAt returns the length of the longest known name of two to six
// tokens with a lower-case word inside that starts at toks[i], or 0.
func (x *Extractor) knownAt(toks []token, i int) int {
	best := 0
	inner := false
	for n := 2; n <= 6 && i+n <= len(toks); n++ {
		t := &toks[i+n-1]
		if t.kind != word {
			break
		}
		if !t.cap && !t.upper {
			inner = true
			continue
		}
		if inner && x.v.known[normKey(spanText(toks, i, i+n))] != nil {
			best = n
		}
	}
	return best
}

// sentenceStart reports whether token i opens its sentence, quotation
// marks and dashes aside.
// surname reports whether t can be a surname after an initial: no
// acronym, no common word (of the lexicon or written in lower case in the
// article), no place, no nationality, no known name ("X Factor", "S
// Africa", "S Korean").
func (x *Extractor) surname(d *doc, t *token) bool {
	return !t.upper && !x.o.Lexicon[t.low] && !d.lower[t.low] && !x.v.place(t.low) && x.v.demonyms[t.text] == "" && x.v.known[t.low] == nil
}

// initialLetter reports whether w is one capital letter, with or without
// a full stop: a first name's initial.
func initialLetter(w string) bool {
	w = strings.TrimSuffix(w, ".")
	return len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z'
}

func sentenceStart(toks []token, i int) bool {
	for k := 0; k < i; k++ {
		if toks[k].kind == word || toks[k].kind == number {
			return false
		}
	}
	return true
}

// endsOneName reports whether word, capitalised, is the last word of
// the one name of two words or more that the article gave before with
// the word in it: "United" after "Manchester United", "Commission" after
// "European Commission", not "Council" after "European Council" and
// "Council of Ministers". Such a word alone is a name though it is a
// common word too; resolution gives it that name (tailOf).
func (d *doc) endsOneName(word string) bool {
	w, ok := d.withWord[word]
	return ok && !w.others && lastWord(w.first) == word
}

// wordNames are the names with one word in them (doc.withWord).
type wordNames struct {
	first  string
	others bool
}

// noteWords adds a mention of two words or more to d.withWord.
func (d *doc) noteWords(m *mention) {
	words := strings.Fields(m.surface)
	if len(words) < 2 {
		return
	}
	if d.withWord == nil {
		d.withWord = map[string]wordNames{}
	}
	for _, w := range words {
		if n, ok := d.withWord[w]; !ok {
			d.withWord[w] = wordNames{first: m.surface}
		} else if n.first != m.surface && !n.others {
			d.withWord[w] = wordNames{first: n.first, others: true}
		}
	}
}

// hyphenated reports whether token i is joined by a hyphen to a word in
// lower case after it (the tokenizer cuts "Anti-smoking" so).
func hyphenated(toks []token, i int) bool {
	return i+1 < len(toks) && toks[i].end == toks[i+1].start && strings.HasPrefix(toks[i+1].text, "-")
}

// typingNext reports whether the word after token i is one that types the
// name before it ("Q magazine", "J Sainsbury group").
func typingNext(toks []token, i int, v *vocab) bool {
	return i+1 < len(toks) && (v.context[toks[i+1].low] != "" || v.cues[toks[i+1].low] != "")
}

// titleThe reports whether a capitalised "The" inside the sentence comes
// right before token i: the name of a paper or a work ("editor of The
// Scotsman").
func titleThe(toks []token, i int) bool {
	return i > 0 && toks[i-1].text == "The" && !sentenceStart(toks, i-1)
}

// demonymNoun reports whether word names a person by nationality: a
// nationality adjective and "man" or "woman" ("Dutchman", "Frenchwomen",
// "Scotsman"), a noun, not a name.
func (v *vocab) demonymNoun(word string) bool {
	for _, suffix := range []string{"man", "men", "woman", "women"} {
		if stem, ok := strings.CutSuffix(word, suffix); ok && v.demonyms[stem] != "" {
			return true
		}
	}
	return false
}

// titlePronouns, inside a capitalised span, make it a work's title (not
// "US", in capitals).
var titlePronouns = map[string]bool{"me": true, "you": true, "my": true, "your": true, "us": true, "our": true, "them": true}

// personAfter finds a person's name at toks[k:j] after a party or a title
// in the span toks[i:j], and where the name before it ends (e); k is 0
// where there is none.
//   - "Liberal Democrat Alan Beith", "Lib Dem Norman Baker": a known
//     organisation's name before a first name and more; a party's, before
//     two words or more of which none is a common or a cue word ("BBC
//     Sport Wales" is one name).
//   - "Chief Secretary to the Treasury Paul Boateng", "Minister for Sport
//     Richard Caborn": words that end in a common or a cue word, before a
//     first name and proper words, are a title; the title's organisation
//     is what is left without the role words and connectors that end it
//     ("BBC political correspondent", "Diary of").
func (x *Extractor) personAfter(d *doc, toks []token, i, j int) (k, e int) {
	v := x.v
	for k := i + 1; k+1 < j; k++ {
		if kn := v.known[normKey(spanText(toks, i, k))]; kn != nil && x.o.Is(kn.label, "Organization") &&
			(x.o.GivenName(toks[k].text) || v.parties.ends(kn.name) && x.properWords(d, toks[k:j])) {
			return k, k
		}
	}
	for k := i + 1; k+1 < j; k++ {
		prev := toks[k-1].low
		if x.o.GivenName(toks[k].text) && (v.cues[prev] != "" || x.commonWord(d, prev)) && x.properWords(d, toks[k+1:j]) {
			e := k
			for e > i && (connectors[toks[e-1].low] || toks[e-1].low == "the" || v.roleWord(toks[e-1].low)) {
				e--
			}
			return k, e
		}
	}
	return 0, 0
}

// commonWord reports whether a word in lower case is a common one: in the
// lexicon, or written in lower case in the article.
func (x *Extractor) commonWord(d *doc, low string) bool { return x.o.Lexicon[low] || d.lower[low] }

// listedBetweenNames reports whether toks[i:j] stands in a list of
// names, after a comma that follows a name of the sentence and before a
// comma or "and": "the Alzheimer's Society, Age Concern, Mencap and the
// National Autistic Society". Capitalised common words there are a name.
func (x *Extractor) listedBetweenNames(d *doc, s int, toks []token, i, j int) bool {
	if i < 2 || toks[i-1].text != "," || j >= len(toks) || toks[j].text != "," && toks[j].low != "and" {
		return false
	}
	n := len(d.mentions)
	return n > 0 && d.mentions[n-1].sent == s && d.mentions[n-1].last == i-1
}

// commonWords reports whether every token is a common word, a function
// word or a connector, or, with cues, a cue word.
func (x *Extractor) commonWords(d *doc, toks []token, cues bool) bool {
	return lo.EveryBy(toks, func(t token) bool {
		return x.commonWord(d, t.low) || x.v.function[t.low] || connectors[t.low] || cues && x.v.cues[t.low] != ""
	})
}

// properWords reports whether every token is a word that is neither
// common nor a cue, nor in capitals: the words of a person's name.
func (x *Extractor) properWords(d *doc, toks []token) bool {
	return lo.EveryBy(toks, func(t token) bool {
		return t.kind == word && t.cap && !t.upper && !x.commonWord(d, t.low) && x.v.cues[t.low] == "" && x.v.known[t.low] == nil
	})
}

// pluralAcronym reports whether word is capitals and a plural "s":
// "TVs", "PVRs".
func pluralAcronym(word string) bool {
	stem, ok := strings.CutSuffix(word, "s")
	return ok && len(stem) >= 2 && strings.ToUpper(stem) == stem && strings.ToLower(stem) != stem
}

// compoundDemonym reports whether word joins peoples or places by
// hyphens, each part a demonym or a place: "French-Canadian",
// "Iraqi-German", "India-Pakistan".
func (v *vocab) compoundDemonym(word string) bool {
	parts := strings.Split(word, "-")
	return len(parts) > 1 && lo.EveryBy(parts, func(p string) bool { return v.demonyms[p] != "" || v.peoples[p] || v.place(p) })
}

// epithet reports whether word, after "the", can stand for a person the
// story has named: a nationality noun ("Dutchman", "Scot", "Briton") or
// an age ("32-year-old").
func (v *vocab) epithet(word string) bool {
	if v.demonymNoun(word) {
		return true
	}
	if v.demonyms[word] != "" && !demonymAdjective(word) {
		return true
	}
	age, ok := strings.CutSuffix(strings.ToLower(word), "-year-old")
	return ok && age != "" && strings.Trim(age, "0123456789") == ""
}

// demonymAdjective reports whether a nationality word reads as an
// adjective ("Dutch", "Spanish", "Chinese", "Saudi", "Swiss"), or a plural
// ("Scots"), not as a noun for one person ("Scot", "Briton").
func demonymAdjective(word string) bool {
	for _, end := range []string{"an", "sh", "ch", "se", "ss", "i", "s", "ic"} {
		if strings.HasSuffix(word, end) {
			return true
		}
	}
	return false
}

// addSpan turns the capitalised tokens [i, j) into a mention, after
// dropping what is not part of a name: a sentence-initial common word,
// titles ("Senator"), nationality adjectives ("Chinese").
func (x *Extractor) addSpan(d *doc, s int, toks []token, i, j int, honorific string) {
	v := x.v
	// "Liverpool I think", "Thankfully I": the pronoun is no part of a
	// name, but for a numeral ("World War I", "Queen Elizabeth I").
	if j-i >= 2 && toks[j-1].text == "I" && toks[j-2].low != "war" && toks[j-2].low != "episode" && !x.o.GivenName(toks[j-2].text) {
		j--
	}
	// "Super Size Me", "Boys Don't Cry", "Love Will Tear Us Apart": a
	// title that speaks, a work's, none of our types; nor is a heading
	// ("Subs Not Used").
	if slices.ContainsFunc(toks[i+1:j], func(t token) bool {
		return titlePronouns[t.low] && !t.upper || strings.HasSuffix(t.low, "n't") || t.low == "not"
	}) {
		return
	}
	for i < j {
		t := &toks[i]
		if (t.low == "the" || t.low == "a") && i+1 < j {
			i++
			continue
		}
		if v.known[normKey(spanText(toks, i, j))] != nil {
			break // "European Commission", "New York Times"
		}
		// "May Department Stores": a month that opens a name of common
		// words is the name's own word.
		if loaders.MonthWord(t.low) && i+2 < j && x.commonWords(d, toks[i+1:j], true) {
			break
		}
		if sentenceStart(toks, i) && (v.function[t.low] || x.commonWord(d, t.low)) && v.known[normKey(t.text)] == nil {
			i++
			if i < j && toks[i].low == "of" {
				i++
			}
			continue
		}
		if t.low == "the" || t.low == "a" || connectors[t.low] || v.function[t.low] && i+1 < j {
			i++
			continue
		}
		// "Chinese Huawei" is Huawei, "Australian Lleyton Hewitt" Hewitt;
		// "European Broadcast Union", "Scottish Parliament", "British
		// Airways", "European Policy Centre", "American Express" keep their
		// adjective: it is part of the name of an organisation, which ends
		// in a cue word or a common noun.
		last := toks[j-1].low
		orgName := v.cues[last] != "" && v.cues[last] != "Place" ||
			j-i >= 2 && !v.honorifics[toks[i+1].low] && x.commonWord(d, last)
		if i+1 < j && v.demonyms[spanText(toks, i, i+2)] != "" && !orgName {
			i += 2
			continue
		}
		// "General Motors" is a company, "General Sir Mike Jackson" a man.
		if n := v.honorifics.longest(toks[:j], i); n > 0 && v.cues[toks[j-1].low] == "" {
			honorific = strings.TrimSpace(honorific + " " + spanText(toks, i, i+n))
			i += n
			continue
		}
		// Not "Swiss Re": what is left would be two letters, no acronym.
		if _, ok := v.demonyms[t.text]; ok && i+1 < j && !orgName && !(j == i+2 && utf8.RuneCountInString(toks[i+1].text) <= 2 && !toks[i+1].upper) {
			// "Swede Joachim Johansson", "Briton Tim Henman": a noun of
			// nationality is a person's title, as "Dutchman" is.
			if !demonymAdjective(t.text) {
				honorific = strings.TrimSpace(honorific + " " + t.text)
			}
			i++
			continue
		}
		// "Dutchman Jaap Stam": the noun is a title, a person's.
		if v.demonymNoun(t.text) && i+1 < j && !orgName {
			honorific = strings.TrimSpace(honorific + " " + t.text)
			i++
			continue
		}
		break
	}
	if i >= j {
		return
	}
	// "Ben Emmerson QC": letters after a name are no part of it, though
	// the mention spans them, so that what comes after the name ("Guy
	// Mansfield QC warned") is read after them.
	named, spans := j, j
	for named-i >= 2 && v.postNominals[toks[named-1].text] {
		named--
	}
	j = named
	// "the Edinburgh MSP", "Labour MPs": an elected member's title in
	// capitals that ends the span is no part of the name before it (a
	// title in words may be: "the US Trade Representative").
	for k := i + 1; k < j; k++ {
		if one := strings.TrimSuffix(toks[k].text, "s"); v.elected.longestPlural(toks[:j], k) == j-k && len(one) >= 2 && strings.ToUpper(one) == one {
			j = k
			break
		}
	}
	// "German Economy minister", "Agriculture minister", "Lib Dem Home
	// Affairs spokesman": capitalised common words before a role are its
	// field, no organisation (unless the last is a cue word: "Home Office
	// minister"); a known name before them is one ("Lib Dem").
	if j < len(toks) && x.roleLen(toks, j) > 0 && v.cues[toks[j-1].low] == "" && v.known[normKey(spanText(toks, i, j))] == nil {
		k := j
		for k > i && (x.o.Lexicon[toks[k-1].low] || v.portfolios[toks[k-1].low]) && v.known[toks[k-1].low] == nil {
			k--
		}
		if k < j {
			left := spanText(toks, i, k)
			if k > i && v.known[normKey(left)] != nil {
				x.addSpan(d, s, toks, i, k, honorific)
				return
			}
			if k == i || v.demonyms[left] != "" {
				return
			}
		}
	}
	// A title inside the span splits it: "Facebook Vice President
	// Francisco Varela", "U.S. Senator Mark Warner".
	for k := i + 1; k < j; k++ {
		n := v.honorifics.longest(toks[:j], k)
		if n == 0 && v.cues[toks[j-1].low] == "" {
			// "Harbour Party MPs Tom Hale and …", not "House of
			// Representatives Intelligence Committee"
			n = v.honorifics.longestPlural(toks[:j], k)
		}
		if n > 0 && k+n < j && toks[k].low != "sen." {
			left := normKey(spanText(toks, i, k))
			if v.known[left] != nil || v.cues[lastWord(left)] != "" || v.places[left] {
				x.addSpan(d, s, toks, i, k, "")
			}
			x.addSpan(d, s, toks, k, j, honorific)
			return
		}
	}
	if k, e := x.personAfter(d, toks, i, j); k > 0 {
		if e > i {
			x.addSpan(d, s, toks, i, e, "")
		}
		x.addSpan(d, s, toks, k, j, honorific)
		return
	}
	// "told BBC News Labour MPs": two known names side by side are two
	// names, unless the whole is one ("Bank of England").
	if v.known[normKey(spanText(toks, i, j))] == nil {
		for k := i + 1; k < j; k++ {
			if v.known[normKey(spanText(toks, i, k))] != nil && v.known[normKey(spanText(toks, k, j))] != nil {
				x.addSpan(d, s, toks, i, k, "")
				x.addSpan(d, s, toks, k, j, honorific)
				return
			}
		}
	}
	// "Plaid Cymru's Parliamentary Leader, Mr Llwyd", "The Deputy
	// Leader said": words that end in a role are a title, where none is a
	// first name, a known name, a place, a people's, a cue word (not
	// "Scottish Executive", "Hollywood Reporter", "Office of the Deputy
	// Prime Minister") or in capitals.
	if last := toks[j-1].low; j-i >= 2 && v.roleWord(last) && v.cues[last] == "" && v.known[normKey(spanText(toks, i, j))] == nil &&
		!slices.ContainsFunc(toks[i:j-1], func(t token) bool {
			return t.upper || x.o.GivenName(t.text) || v.known[normKey(t.text)] != nil || v.place(t.text) || v.demonyms[t.text] != "" || v.cues[t.low] != ""
		}) {
		return
	}
	if j-i == 2 && v.demonyms[spanText(toks, i, j)] != "" {
		return // "Latin American"
	}
	if v.events[toks[j-1].low] && v.known[normKey(spanText(toks, i, j))] == nil {
		return // "World Cup", "Six Nations": an event, none of our types
	}
	tailWord := false
	if i+1 == j {
		t := &toks[i]
		// "Anti-smoking", "X-ray"; "Blue Gene/L", "T in the Park": a prefix
		// before a hyphen, a letter alone, unless a word that types names
		// follows ("Q magazine").
		if v.known[normKey(t.text)] == nil && (v.prefixes[t.low] && hyphenated(toks, i) || utf8.RuneCountInString(t.text) == 1 && !typingNext(toks, i, v)) {
			return
		}
		if v.postNominals[t.text] {
			return // "a QC": letters after a name, alone
		}
		// "Man-of-the-match", "State-of-the-art": a word that opens a
		// phrase of English words joined by hyphens is none of a name;
		// "Seattle-based", "Stoke-on-Trent" are.
		if hyphenated(toks, i) {
			if tail := toks[i+1].text; strings.Count(tail, "-") >= 2 && strings.ToLower(tail) == tail && x.englishParts(d, tail) {
				return
			}
		}
		if v.demonyms[t.text] != "" || v.demonyms[strings.TrimSuffix(t.text, "s")] != "" || v.demonymNoun(t.text) && !titleThe(toks, i) || v.function[t.low] || v.notNames[t.text] || v.numbers[t.low] {
			return
		}
		// "the Rwandan genocide", "French-Canadian singer": an adjective
		// of a people, or of two, is no name.
		if v.peoples[t.text] || v.compoundDemonym(t.text) {
			return
		}
		// "PVRs", "LCDs", "HDTVs": an acronym in the plural is a thing's
		// name, a common noun; organisations are not counted so.
		if v.known[normKey(t.text)] == nil && pluralAcronym(t.text) {
			return
		}
		if v.known[normKey(t.text)] == nil && !t.upper && (x.commonWord(d, t.low) || v.context[t.low] != "" || v.anaphora[t.low] != "" || v.cues[t.low] != "") {
			if !d.endsOneName(t.text) || v.suffixes[t.low] {
				return
			}
			tailWord = true
		}
	} else if v.known[normKey(spanText(toks, i, j))] == nil {
		if x.commonWords(d, toks[i:j], false) && v.cues[toks[j-1].low] == "" && !x.listedBetweenNames(d, s, toks, i, j) {
			return
		}
		// "US Presidential": a known place and a common word.
		if v.known[normKey(toks[i].text)] != nil && x.o.Lexicon[toks[i+1].low] && j == i+2 && !countryGovernment(toks, i, v) {
			j = i + 1
		}
	}
	m := &mention{sent: s, first: i, last: j, surface: withoutFormer(spanText(toks, i, j)), honorific: honorific}
	if j == named {
		m.last = spans
	}
	m.tail = tailWord
	m.inQuote = toks[i].inQuote
	if j < len(toks) && toks[j].kind == possessive {
		m.poss = true
	}
	x.voteMention(d, m, toks)
	d.mentions = append(d.mentions, m)
	d.noteWords(m)
	for k := i; k < j; k++ {
		d.at[s][k] = m
	}
}

// withoutFormer drops "ex-" from a name or role, in any case: an
// "Ex-Labour minister" was a Labour minister, and the name is Labour; an
// "ex-minister" held a minister's role.
func withoutFormer(s string) string {
	if len(s) > len("ex-") && strings.EqualFold(s[:len("ex-")], "ex-") {
		return s[len("ex-"):]
	}
	return s
}

// spanText is the text of tokens [i, j) as written, spaces normalised.
func spanText(toks []token, i, j int) string {
	var b strings.Builder
	for k := i; k < j; k++ {
		if k > i && toks[k].start > toks[k-1].end {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].text)
	}
	return b.String()
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// voteMention records what the mention's own words and its neighbours say
// of its type.
func (x *Extractor) voteMention(d *doc, m *mention, toks []token) {
	v := x.v
	key := normKey(m.surface)
	if k := v.known[key]; k != nil {
		m.known = k
		m.vote(k.label, 10)
	}
	if v.places[key] {
		m.vote("Place", 6)
	}
	// "BBC Sport", "Microsoft Word": a known name and more.
	if m.known == nil && m.last-m.first > 1 {
		if k := v.known[normKey(toks[m.first].text)]; k != nil && k.label != "Place" {
			m.vote(k.label, 2)
		}
	}
	words := strings.Fields(key)
	// The head is the last word, or the word before "of" or "for" ("Royal
	// Bank of Canada", "Department for Transport").
	head := words[len(words)-1]
	for k, w := range words {
		if (w == "of" || w == "for") && k > 0 {
			head = words[k-1]
			// A cue word last speaks, unless the word before "of" is one
			// too ("Association of European Airlines" is an association).
			if label := v.cues[words[len(words)-1]]; label != "" && label != "Place" && v.cues[head] == "" {
				head = words[len(words)-1]
			}
			break
		}
	}
	if len(words) > 2 && head == words[len(words)-1] && v.cues[strings.Join(words[len(words)-2:], " ")] != "" {
		head = strings.Join(words[len(words)-2:], " ") // "Delta Air Lines"
	}
	if label := v.cues[head]; label != "" && len(words) > 1 || label != "" && v.cues[head] == "NewsOutlet" {
		m.vote(label, 3)
	}
	if len(words) > 1 && v.suffixes[words[len(words)-1]] {
		m.vote("Company", 3)
	}
	if m.honorific != "" {
		m.vote("Person", 4)
	}
	if len(words) >= 2 && len(words) <= 3 && x.o.GivenName(toks[m.first].text) {
		m.vote("Person", 2)
	}
	// "B O'Driscoll", "S Taylor": an initial and a surname, as team
	// sheets name players.
	if len(words) == 2 && m.last-m.first == 2 && initialLetter(toks[m.first].text) && x.surname(d, &toks[m.first+1]) {
		m.vote("Person", 2)
	}
	// "phone company Huawei", "the firm, Cambridge Analytica"; not the
	// last word of a name before ("Harbour Party MPs Tom Hale").
	for k := m.first - 1; k >= 0 && k >= m.first-2; k-- {
		if toks[k].cap && !sentenceStart(toks, k) {
			break
		}
		if label := v.context[toks[k].low]; label != "" {
			m.vote(label, 2)
			break
		}
		if toks[k].kind != word && toks[k].text != "," || x.personWord(toks, k) {
			break // "central bank governor Park Seung": the bank is not his
		}
	}
	// "regions such as Burgundy", "banks including Barclays"
	if k := m.first - 1; k >= 2 && (toks[k].low == "as" && toks[k-1].low == "such" || toks[k].low == "including") {
		k -= 2
		if toks[k+1].low == "including" {
			k++
		}
		if k >= 0 && toks[k].text == "," {
			k--
		}
		if k >= 0 {
			if label := v.context[singular(toks[k].low)]; label != "" {
				m.vote(label, 2)
			}
		}
	}
	// A definition: "Orbital Freight is a logistics company", "Ana Ruiz
	// is chief economist at …".
	if label := x.copula(toks, m.last); label != "" {
		m.vote(label, 3)
	}
	// An employer: "Tyco International chief Dennis Kozlowski",
	// "head of distribution for Newmarket Films".
	if label := x.employer(toks, m); label != "" {
		m.vote(label, 1)
	}
	// Apposition: "Ime Archibong, Facebook vice president", "Ren
	// Zhengfei, a former army officer".
	if label := x.apposition(toks, m.last); label != "" {
		m.vote(label, 3)
	}
	// "Huawei founder Ren Zhengfei", "central bank governor Park
	// Seung": a role word or a title right before a name.
	if m.first > 0 && x.personWord(toks, m.first-1) && len(words) > 1 {
		m.vote("Person", 2)
	}
	// "said Francisco Varela", "Mark Warner said"
	if len(words) > 1 && (m.first > 0 && v.speech[toks[m.first-1].low] || m.last < len(toks) && v.speech[toks[m.last].low]) {
		m.vote("Person", 0.5)
	}
	// "according to X", "X reported": an outlet, unless a person.
	if m.first >= 2 && toks[m.first-2].low == "according" || m.last < len(toks) && (toks[m.last].low == "reported" || toks[m.last].low == "report") {
		m.vote("NewsOutlet", 0.7)
	}
}

// personWord reports whether token k is a role word or a person's title
// in lower case ("founder", "governor"): a word only people are named
// after.
func (x *Extractor) personWord(toks []token, k int) bool {
	return x.v.roleWord(toks[k].low) || !toks[k].cap && x.v.honorifics[toks[k].low]
}

// copula reads "is a logistics company" or "was chief executive" after a
// name at toks[j] and returns the label its noun gives: Person for a role,
// else the label of a context noun. The noun must end the phrase.
func (x *Extractor) copula(toks []token, j int) string {
	v := x.v
	if j+1 >= len(toks) || toks[j].low != "is" && toks[j].low != "was" {
		return ""
	}
	k := j + 1
	article := toks[k].low == "a" || toks[k].low == "an" || toks[k].low == "the"
	if article {
		k++
	}
	for ; k < len(toks) && k <= j+6; k++ {
		t := &toks[k]
		if t.kind != word || auxiliaries[t.low] || modals[t.low] || v.speech[t.low] || t.low == "not" {
			return ""
		}
		n, label := x.headNoun(toks, k, article)
		if n == 0 {
			if !article {
				return "" // "is expected to …": no article, no role
			}
			continue
		}
		if e := k + n; e >= len(toks) || appositionEnd(&toks[e], v) || toks[e].low == "that" {
			return label
		}
		return ""
	}
	return ""
}

// frameVotes reads the type a relation's frame gives the names next to its
// trigger: "Orbital Freight partnered with Harbour Lines" makes both
// organisations, as PARTNERED_WITH joins only organisations. A name counts
// when it ends at most frameReach tokens before an active trigger
// (subject) or starts at most frameReach tokens after it (object), with
// no other name between; the vote goes to the one label of the
// relation's slot (Company for Organization, the usual kind in news).
func (x *Extractor) frameVotes(d *doc, s int, toks []token, ms []*mention) {
	if len(ms) == 0 {
		return
	}
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != word || toks[i].pos == posPROPN || d.at[s][i] != nil {
			continue
		}
		for _, p := range x.v.patterns[toks[i].low] {
			if p.kind != "active" && p.kind != "apposition" {
				continue
			}
			end, ok := p.match(toks, i)
			if !ok {
				continue
			}
			var subj, obj *mention
			for _, m := range ms {
				if m.last <= i && i-m.last <= frameReach && !m.poss {
					subj = m // the last one before the trigger
				}
				if m.first >= end && m.first-end <= frameReach && obj == nil {
					obj = m
				}
			}
			if l := slotLabel(p.rel.Subject); subj != nil && l != "" {
				subj.vote(l, 1)
			}
			if l := slotLabel(p.rel.Object); obj != nil && l != "" {
				obj.vote(l, 1)
			}
			break
		}
	}
}

// frameReach is how far from a trigger a name takes its frame's type.
const frameReach = 3

// slotLabel is the label a relation's slot gives its filler: Company for
// a slot of organisations only, Person for a slot of people only, "" for
// a slot that takes several kinds.
func slotLabel(slot []string) string {
	if len(slot) != 1 {
		return ""
	}
	switch slot[0] {
	case "Organization", "Company":
		return "Company"
	case "Person":
		return "Person"
	}
	return ""
}

// employer returns the kind of organisation the words around a name make
// it, when they make it someone's employer: a role and a name after it ("Tyco chief Dennis Kozlowski",
// "Facebook's chief executive Mark Zuckerberg"), staff in the plural after
// it ("Time Warner executives"), or a role and "of", "for" or "at" before
// it ("technical director for the EBU").
func (x *Extractor) employer(toks []token, m *mention) string {
	k := m.last
	if k < len(toks) && toks[k].kind == possessive {
		k++
	}
	if k < len(toks) {
		if r := x.rolePhrase(toks, k); r != "" {
			n := k + len(strings.Fields(r))
			if n < len(toks) && x.v.nameLike(&toks[n]) {
				return x.employerLabel(r)
			}
			// "said the Tottenham striker": the role of someone of it.
			if m.first > 0 && toks[m.first-1].low == "the" && k == m.last {
				return x.employerLabel(r)
			}
		}
		// "Time Warner executives", "Google engineers": staff in the plural.
		if low := toks[k].low; len(low) > 3 && strings.HasSuffix(low, "s") && x.v.worksFor[strings.TrimSuffix(low, "s")] {
			return "Company"
		}
		// "Aston Villa's Thomas Hitzlsperger", "Human Rights Watch's Brad
		// Adams": a name that owns a person's full name is where the
		// person works or plays, unless a place ("Britain's Tim Henman").
		if k > m.last && k+1 < len(toks) && x.o.GivenName(toks[k].text) && x.v.nameLike(&toks[k+1]) && !x.v.place(m.surface) {
			return "Organization"
		}
	}
	k = m.first - 1
	if k >= 0 && toks[k].low == "the" {
		k--
	}
	if k < 1 || toks[k].low != "of" && toks[k].low != "for" && toks[k].low != "at" {
		return ""
	}
	for r := k - 1; r >= 0 && r >= k-3; r-- {
		if toks[r].kind != word {
			return ""
		}
		if role := x.rolePhrase(toks, r); role != "" {
			return x.employerLabel(role)
		}
	}
	return ""
}

// employerLabel is the kind of organisation a role is held in: one a
// person is a member of ("MP", "striker", "leader") is an Organization
// (party, team, union), else a Company.
func (x *Extractor) employerLabel(role string) string {
	low := withoutFormer(strings.ToLower(role))
	if x.v.memberOf[low] && !x.v.worksFor[low] {
		return "Organization"
	}
	return "Company"
}

// headNoun reads a noun at toks[k] that types the name it describes: a
// role (Person) of n words, or, when context is set, a context noun
// ("company", "city") and its label. n is 0 for neither.
func (x *Extractor) headNoun(toks []token, k int, context bool) (n int, label string) {
	if n := x.roleLen(toks, k); n > 0 {
		return n, "Person"
	}
	if l := x.v.context[toks[k].low]; context && l != "" {
		return 1, l
	}
	return 0, ""
}

// apposition reads ", a former army officer," after a name at toks[j]
// and returns the label its head noun gives: Person for a role, else the
// label of a context noun ("the firm"). The head must end the phrase:
// "Chelsea, with manager Jose Mourinho" says nothing of Chelsea.
func (x *Extractor) apposition(toks []token, j int) string {
	v := x.v
	if j+1 >= len(toks) || toks[j].text != "," || whWords[toks[j+1].low] || prepositions[toks[j+1].low] {
		return ""
	}
	for k := j + 1; k < len(toks) && k <= j+8; k++ {
		t := &toks[k]
		if t.text == "," || t.kind == quoteMark || t.text == "-" || t.text == "–" ||
			auxiliaries[t.low] || modals[t.low] || v.speech[t.low] {
			return ""
		}
		// "said Connors, speaking at Queen's Club": a participle or a
		// preposition opens no noun phrase said of the name.
		if t.pos == posVERB || prepositions[t.low] {
			return ""
		}
		n, label := x.headNoun(toks, k, true)
		if n == 0 {
			continue
		}
		if e := k + n; e >= len(toks) || appositionEnd(&toks[e], v) {
			return label
		}
	}
	return ""
}

func appositionEnd(t *token, v *vocab) bool {
	switch t.low {
	case "of", "for", "at", "in", "on", "with", ",", ".", "and", "who", "whose", "which", "from", "based":
		return true
	}
	return t.kind == quoteMark || v.speech[t.low] || t.kind == possessive
}

var modals = map[string]bool{"will": true, "would": true, "can": true, "could": true, "may": true, "might": true,
	"shall": true, "should": true, "must": true, "has": true, "have": true, "had": true}

var whWords = map[string]bool{"which": true, "who": true, "whose": true, "where": true, "when": true, "that": true}

// findAcronymDefinitions records "Federal Trade Commission (FTC)" and
// "FTC (Federal Trade Commission)".
func (x *Extractor) findAcronymDefinitions(d *doc, s int) {
	toks := d.sents[s]
	for _, m := range d.inSent(s) {
		j := m.last
		if j+2 < len(toks) && toks[j].text == "(" && toks[j+2].text == ")" && toks[j+1].upper {
			short, long := toks[j+1].text, m.surface
			if toks[m.first].upper && m.last-m.first == 1 {
				continue
			}
			if initialsMatch(short, long) {
				d.acronyms[normKey(short)] = normKey(long)
			}
		}
	}
}

// initialsMatch reports whether an acronym is made of the initials of a
// name's words, small words aside: FTC, Federal Trade Commission.
func initialsMatch(acronym, name string) bool {
	var initials []rune
	for _, w := range strings.Fields(name) {
		switch strings.ToLower(w) {
		case "of", "and", "the", "for", "&", "de":
			continue
		}
		initials = append(initials, unicode.ToUpper([]rune(w)[0]))
	}
	a := []rune(strings.ReplaceAll(acronym, ".", ""))
	return len(a) >= 2 && string(a) == string(initials)
}

// groupLists marks mentions that form a list: "Huawei, Lenovo, OPPO and
// TCL", "computer maker Lenovo Group, and smartphone makers OPPO and TCL".
func (x *Extractor) groupLists(d *doc, s int, ms []*mention, group int) int {
	toks := d.sents[s]
	for k := 1; k < len(ms); k++ {
		a, b := ms[k-1], ms[k]
		if !listGap(toks, a.last, b.first, x.v) || b.poss {
			continue
		}
		// "Ime Archibong, Facebook vice president": an apposition.
		if b.last < len(toks) && x.roleLen(toks, b.last) > 0 {
			continue
		}
		if a.group == 0 {
			group++
			a.group = group
		}
		b.group = a.group
	}
	// A list has "and" or "or" in it: "According to Reuters, Hooli …"
	// is two names, not a list.
	for _, m := range ms {
		if m.group == 0 {
			continue
		}
		conj := false
		var prev *mention
		for _, o := range ms {
			if o.group != m.group {
				continue
			}
			if prev != nil {
				for k := prev.last; k < o.first; k++ {
					if toks[k].low == "and" || toks[k].low == "or" || toks[k].low == "&" {
						conj = true
					}
				}
			}
			prev = o
		}
		if !conj {
			g := m.group
			for _, o := range ms {
				if o.group == g {
					o.group = 0
				}
			}
		}
	}
	x.listContext(toks, ms)
	return group
}

// listContext types the names of a list by the noun that introduces it:
// "other companies … included Royal Bank of Canada and Nissan", "cities
// such as Aichi and Kyoto".
func (x *Extractor) listContext(toks []token, ms []*mention) {
	done := map[int]bool{}
	for i, m := range ms {
		if m.group == 0 || done[m.group] {
			continue
		}
		done[m.group] = true
		label := ""
		for k := m.first - 1; k >= 0 && k >= m.first-8; k-- {
			if i > 0 && k < ms[i-1].last || toks[k].text == ";" || toks[k].text == "." {
				break
			}
			if l := x.v.context[toks[k].low]; l != "" {
				label = l
				break
			}
		}
		if label == "" {
			continue
		}
		for _, o := range ms {
			if o.group == m.group {
				o.vote(label, 2)
			}
		}
	}
}

// listGap reports whether tokens [i, j) join two names of a list: commas,
// "and", "or", "as well as", and up to three lower-case words that
// describe the next name ("and smartphone makers").
func listGap(toks []token, i, j int, v *vocab) bool {
	if i < len(toks) && toks[i].kind == possessive {
		return false
	}
	sep, desc := false, 0
	for k := i; k < j; k++ {
		t := &toks[k]
		switch {
		case t.text == "," || t.low == "and" || t.low == "or" || t.low == "&":
			if desc > 0 {
				return false
			}
			sep = true
		case t.low == "which" || t.low == "who" || t.low == "whose" || t.low == "that" || t.pos == posVERB || t.pos == posAUX:
			return false // "Tube Lines, which maintains the Jubilee": a clause, no list
		case t.low == "as" || t.low == "well" || t.low == "the" || t.low == "namely":
		case sep && t.kind == word && !t.cap && desc < 3 && !v.speech[t.low] && !prepositions[t.low]:
			desc++
		default:
			return false
		}
	}
	return sep
}
