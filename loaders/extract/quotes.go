package extract

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/graph/graph"
)

// quoteSpan is quoted text: [start, end) of the article without the marks.
type quoteSpan struct {
	start, end int
	para       int
	dash       bool // "… – Mark Warner, senior Senator": attributed by a dash
	dashAt     int  // offset of the name after the dash
}

// findQuotes returns the double-quoted passages of each paragraph, and
// paragraphs that end in a dash attribution. A quote left open at the end
// of its paragraph runs to the paragraph's end, as quotes over several
// paragraphs do.
func findQuotes(a *graph.Article) []quoteSpan {
	var out []quoteSpan
	for p, sp := range a.Paragraphs {
		text := a.Text[sp.Start:sp.End]
		open, at := false, 0
		for i, r := range text {
			switch r {
			case '“', '„', '«':
				if open {
					// A quote left open before a new one starts ended its
					// paragraph where the paragraphs have been joined.
					out = append(out, quoteSpan{start: sp.Start + at, end: sp.Start + i, para: p})
				}
				open, at = true, i+utf8.RuneLen(r)
			case '”', '»':
				if open {
					out = append(out, quoteSpan{start: sp.Start + at, end: sp.Start + i, para: p})
					open = false
				}
			case '"':
				if open {
					out = append(out, quoteSpan{start: sp.Start + at, end: sp.Start + i, para: p})
					// `years. "But`: a mark after a space and before a
					// word opens a quote; the one before was left open.
					open = opensQuote(text, i)
				} else {
					// `from Europe." When`: a mark after a sentence's end
					// and before a space closes a quote that was never
					// opened (a typo of the text); it opens none.
					open = !closesQuote(text, i)
				}
				at = i + 1
			}
		}
		if open {
			out = append(out, quoteSpan{start: sp.Start + at, end: sp.End, para: p})
			continue
		}
		// "The news … servers. – Mark Warner, senior Senator of Virginia"
		for _, dash := range []string{" – ", " — ", " - "} {
			i := strings.LastIndex(text, dash)
			if i <= 0 || strings.ContainsAny(text, "“”\"") {
				continue
			}
			tail := text[i+len(dash):]
			if n := len(strings.Fields(tail)); n < 2 || n > 12 || strings.ContainsAny(strings.TrimRight(tail, ". "), ".!?") {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(tail); r < 'A' || r > 'Z' {
				continue
			}
			if body := strings.TrimSpace(text[:i]); len(strings.Fields(body)) >= 8 && strings.ContainsAny(body[len(body)-1:], ".!?") {
				out = append(out, quoteSpan{start: sp.Start, end: sp.Start + i, para: p, dash: true, dashAt: sp.Start + i + len(dash)})
			}
			break
		}
	}
	return out
}

// quotes attributes each quotation of the article to a speaker.
func (x *Extractor) quotes(d *doc, st *docState) []graph.Quote {
	var out []graph.Quote
	var prev *entity
	prevPara, prevEnded, prevEnd := -1, false, 0
	for _, q := range d.quotes {
		text := strings.TrimSpace(d.art.Text[q.start:q.end])
		speaker, why := x.speakerOf(d, q, st)
		if n := len(strings.Fields(text)); n < 4 && (speaker == nil || n < 2 || !startsUpper(text) || !strings.ContainsAny(text[len(text)-1:], ",.!?")) {
			// A scare quote, a title, a fragment or the words between two
			// quotes, not speech. Short speech is a sentence of its own,
			// ends in its own punctuation and has a speaker ("We are
			// delighted," said Bill Lumbergh).
			continue
		}
		if speaker == nil {
			// "Menzies Campbell said a win … would have given Mr Blair a
			// fresh start. ¶ "Europeans must hope …": a quote with no
			// speaker of its own after a person named as speaking, since
			// the last quote, is theirs, if it is a sentence, not words
			// of one ("behaving like "schoolboys squabbling"").
			if p := x.lastSpeaker(d, prevEnd, q.start); p != nil && startsUpper(text) {
				speaker, why = p, "the last person named as speaking before the quote, "+p.name
			}
		}
		if speaker == nil && startsUpper(text) {
			if p := x.leadIn(d, q); p != nil {
				speaker, why = p, "the person the sentence before the quote is about, "+p.name
			}
		}
		if speaker == nil && prev != nil {
			sp := d.art.Paragraphs[q.para]
			// A second quote of the same paragraph, or a quote that
			// continues one that ended the paragraph before.
			if prevPara == q.para || prevPara == q.para-1 && (prevEnded || q.start <= sp.Start+3) {
				speaker, why = prev, "continues the previous quote by "+prev.name
			}
		}
		named := namedIn(d, q)
		if speaker != nil && speaker.label == "Person" && slices.Contains(named, speaker) {
			// "I think Steven would dearly love to win things": a person
			// the quote names is spoken of, not speaking. (An
			// organisation speaks of itself by name: "The BBC is
			// committed …".)
			speaker = nil
		}
		if speaker == nil {
			prevPara = -1
			continue
		}
		rest := d.art.Text[q.end:d.art.Paragraphs[q.para].End]
		prev, prevPara, prevEnded, prevEnd = speaker, q.para, strings.Trim(rest, "\"”»'’.,!? ") == "", q.end
		qu := graph.Quote{ID: "q:" + shortHash(d.art.ID, itoa(q.start)), Text: text, Speaker: speaker.id,
			Article: d.art.ID, Start: q.start, End: q.end, About: []string{}, Why: why}
		for _, e := range named {
			if e != speaker && !slices.Contains(qu.About, e.id) {
				qu.About = append(qu.About, e.id)
			}
		}
		sort.Strings(qu.About)
		out = append(out, qu)
	}
	return out
}

// namedIn is the entities named inside quote q, in the order named.
func namedIn(d *doc, q quoteSpan) []*entity {
	// The mentions of the sentences the quote overlaps.
	ss := d.art.Sentences
	first := sort.Search(len(ss), func(i int) bool { return ss[i].End > q.start })
	last := sort.Search(len(ss), func(i int) bool { return ss[i].Start >= q.end }) - 1
	from, to := d.upTo(first-1), d.upTo(last)
	var out []*entity
	for _, m := range d.mentions[from:max(from, to)] {
		if off := d.sents[m.sent][m.first].start; m.ent != nil && off >= q.start && off < q.end {
			out = append(out, m.ent)
		}
	}
	return out
}

// firstPerson matches a speaker's words about themself: organisations
// speak as "we".
var firstPerson = regexp.MustCompile(`\b(I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|my|me|myself)\b`)

// speakersAsI marks the mentions named as the speaker of a quote in the
// first person singular ("'I just couldn't handle the pressure,' said
// Connors"): the name right after the quote that says it or is said of
// it (", said X", ", X said"). Resolution reads the mark as a person's,
// where no cue types the name.
func (x *Extractor) speakersAsI(d *doc) {
	for i, q := range d.quotes {
		if q.dash {
			continue
		}
		s := d.sentenceAt(q.end)
		if s < 0 {
			continue
		}
		// '"…," said Connors. "I was that fine line for a long time."':
		// the quote that follows the sentence goes on with the same voice.
		text := d.art.Text[q.start:q.end]
		if i+1 < len(d.quotes) && d.quotes[i+1].start-d.art.Sentences[s].End <= 3 && d.quotes[i+1].start >= d.art.Sentences[s].End &&
			!x.attributed(d, d.quotes[i+1]) {
			text += " " + d.art.Text[d.quotes[i+1].start:d.quotes[i+1].end]
		}
		if !firstPerson.MatchString(text) {
			continue
		}
		toks := d.sents[s]
		k := 0
		for k < len(toks) && toks[k].start <= q.end {
			k++
		}
		for k < len(toks) && (toks[k].kind == punct || toks[k].kind == quoteMark) && toks[k].text != "." {
			k++
		}
		if k+1 >= len(toks) {
			continue
		}
		var m *mention
		if x.v.speech[toks[k].low] {
			m = d.at[s][k+1] // ", said Connors"
		} else if o := d.at[s][k]; o != nil && o.first == k && o.last < len(toks) && x.v.speech[toks[o.last].low] {
			m = o // ", Connors said"
		}
		// The name alone, not one that qualifies a role after it ("said
		// Celtic boss Martin O'Neill", "said The Aviator star …").
		if m != nil && m.first >= k && !m.poss && (m.last >= len(toks) || toks[m.last].kind == punct || x.v.speech[toks[m.last].low]) {
			m.speaksAsI = true
		}
	}
}

// attributed reports whether a speech verb follows quote q closely, in
// its sentence: '"I was delighted," said Tom Hale' has a speaker of its own.
func (x *Extractor) attributed(d *doc, q quoteSpan) bool {
	s := d.sentenceAt(q.end)
	if s < 0 {
		return false
	}
	n := 0
	for _, t := range d.sents[s] {
		if t.start < q.end {
			continue
		}
		if x.v.speech[t.low] {
			return true
		}
		if n++; n > 5 {
			break
		}
	}
	return false
}

// opensQuote reports whether the straight quote mark at text[i] can only
// open a quote: a space (or nothing) before it and a word after.
func opensQuote(text string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[i+1:])
	return (i == 0 || unicode.IsSpace(before)) && (unicode.IsLetter(after) || unicode.IsDigit(after))
}

// closesQuote reports whether the straight mark at text[i] can only close
// a quote: right after a sentence's end, and before a space or the end.
func closesQuote(text string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[i+1:])
	return i > 0 && strings.ContainsRune(".!?", before) && (i+1 == len(text) || unicode.IsSpace(after))
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// speakerOf finds who said the quote: the name after a dash; "…," said X;
// "…," X said; X said: "…"; X added that "…".
func (x *Extractor) speakerOf(d *doc, q quoteSpan, st *docState) (*entity, string) {
	if q.dash {
		from := 0
		if s := d.sentenceAt(q.dashAt); s >= 0 {
			from = d.upTo(s - 1)
		}
		for _, m := range d.mentions[from:] {
			if d.sents[m.sent][m.first].start >= q.dashAt && m.ent != nil && x.canSpeak(m.ent) {
				return m.ent, "name after the dash that ends the quote"
			}
		}
		return nil, ""
	}
	// The sentences that hold the closing and the opening marks.
	closeS, openS := d.sentenceAt(q.end), d.sentenceAt(q.start-1)
	if closeS >= 0 {
		toks := d.sents[closeS]
		k := 0
		for k < len(toks) && toks[k].start <= q.end {
			k++
		}
		if e, why := x.speakerAfter(d, closeS, k, st); e != nil {
			return e, why
		}
	}
	if openS >= 0 {
		toks := d.sents[openS]
		k := 0
		for k < len(toks) && toks[k].end < q.start {
			k++
		}
		if e, why := x.speakerBefore(d, openS, k-1, st); k > 0 && e != nil {
			return e, why
		}
	}
	return nil, ""
}

// speakerAfter reads what follows a closing quote mark at toks[k]:
// ", said X", ", X said", ", the Huawei spokesperson said".
func (x *Extractor) speakerAfter(d *doc, s, k int, st *docState) (*entity, string) {
	toks := d.sents[s]
	for k < len(toks) && (toks[k].kind == punct || toks[k].kind == quoteMark) && toks[k].text != "." {
		k++
	}
	if k >= len(toks) {
		return nil, ""
	}
	if x.v.speech[toks[k].low] {
		// "said vice president of Mobile Partnerships, Francisco Varela":
		// a person first, else the first speaker-like name or phrase.
		var first *entity
		for j := k + 1; j < len(toks) && j < k+12 && toks[j].kind != quoteMark; j++ {
			if m := d.at[s][j]; m != nil && m.ent != nil && x.canSpeak(m.ent) {
				if m.ent.label == "Person" {
					return m.ent, "person named after \"" + toks[k].text + "\""
				}
				if first == nil && !(m.last < len(toks) && toks[m.last].kind == possessive) {
					// "said the Tottenham striker": a person of the
					// organisation, the last one named.
					if x.personalRole(toks, m.last) {
						if p := x.lastPerson(d, s, k); p != nil {
							return p, "\"the " + m.surface + " " + toks[m.last].text + "\": the last person named"
						}
					}
					first = m.ent
				}
				j = m.last - 1
				continue
			}
			if first == nil {
				if p, why := x.pronounSpeaker(d, s, j); p != nil {
					return p, why
				}
				if a := x.speakerAnaphor(d, s, j, st); a != nil && x.canSpeak(a.ents[0]) {
					return a.ents[0], "\"" + toks[k].text + " " + toks[j-1].text + " " + toks[j].text + "\": " + a.how
				}
			}
		}
		if first != nil {
			return first, "name after \"" + toks[k].text + "\""
		}
		return nil, ""
	}
	// "X said", "X, vice president of …, said in a statement"
	for j := k; j < len(toks) && j < k+16 && toks[j].kind != quoteMark; j++ {
		if x.v.speech[toks[j].low] {
			return x.subjectBefore(d, s, k, j, st)
		}
	}
	return nil, ""
}

// personalRole reports whether toks[k] names a person by role who speaks
// for themself ("striker", "boss", "star"), not for the organisation
// ("spokesman").
func (x *Extractor) personalRole(toks []token, k int) bool {
	if k >= len(toks) {
		return false
	}
	low := toks[k].low
	if strings.HasPrefix(low, "spokes") {
		return false
	}
	return x.v.context[low] == "Person" || x.v.honorifics[low]
}

// titledAfterPreposition reports whether a lower-case title stands right
// before mention m, and a preposition before the title ("against 2004
// French Open champion Gaudio", "felled by Blackburn midfielder Aaron
// Mokoena"): the object of the preposition, who speaks no quote after it.
func titledAfterPreposition(d *doc, m *mention) bool {
	toks := d.sents[m.sent]
	if m.first == 0 || !commonNoun(&toks[m.first-1]) {
		return false
	}
	for k := m.first - 2; k >= 0 && k >= m.first-6; k-- {
		t := &toks[k]
		switch {
		case prepositions[t.low]:
			// Not "of" inside a title ("director of sport Emilio
			// Butragueno"), nor one that opens the sentence and a
			// subject's aside ("For Jupiter analyst Olivier Beauvillain,").
			return t.low != "of" && !sentenceStart(toks, k)
		case d.at[m.sent][k] != nil, t.kind == number, commonNoun(t), t.cap && t.kind == word:
		default:
			return false
		}
	}
	return false
}

// lastPerson is the person last named as the subject of a clause before
// toks[k] of sentence s, in the three sentences before: not after a
// preposition, not a possessive ("praise for Duff's role"), not the
// subject of reported speech ("said Khan was being sent back").
//
// An epithet after that mention ("The affair still rankles with the
// Dutchman. "…," he said") is more recent: the person it stands for.
func (x *Extractor) lastPerson(d *doc, s, k int) *entity {
	at := lastMention(d, s, k, func(m *mention) bool {
		return m.ent.label == "Person" && !m.poss && !afterPreposition(d, m) && !titledAfterPreposition(d, m) && !x.afterVerb(d, m) && !x.reportedSubject(d, m) && !x.inReported(d, m)
	})
	var e *entity
	if at != nil {
		e = at.ent
	}
	// In the person's own sentence, only one that is no preposition's
	// object: "Mr Adams said one punter had bet on the 39-year-old actor.
	// "…," he said" is Mr Adams; "Ruud van Nistelrooy is fit again, but
	// the Scot admitted …" is not Ruud van Nistelrooy.
	from := max(s-3, 0)
	if e != nil {
		from = at.sent
	}
	inQuote := d.sents[s][k].inQuote
	for es := s; es >= from; es-- {
		end := len(d.sents[es])
		if es == s {
			end = k
		}
		for j := end - 1; j >= 0; j-- {
			if d.sents[es][j].inQuote && !inQuote {
				continue
			}
			if e != nil && es == at.sent && (j < at.last || j >= 2 && prepositions[d.sents[es][j-2].low]) {
				continue
			}
			if p := x.epithet(d, es, j); p != nil {
				return p
			}
		}
	}
	return e
}

// afterVerb reports whether mention m is the object of the verb before it
// ("the problems that caused Santini to quit"), not a speech verb's
// subject ("…," said Santini).
func (x *Extractor) afterVerb(d *doc, m *mention) bool {
	k := m.first - 1
	return k >= 0 && d.sents[m.sent][k].pos == posVERB && !x.v.speech[d.sents[m.sent][k].low]
}

// speakerAnaphor is anaphor for a speaker, who may be named by an
// epithet too: '"…," the Dutchman said'. Facts take no epithet: "the
// 33-year-old" is the speaker of the sentence around it far more often
// than the subject of its verb.
func (x *Extractor) speakerAnaphor(d *doc, s, k int, st *docState) *arg {
	if e := x.epithet(d, s, k); e != nil {
		return &arg{ents: []*entity{e}, at: k, how: fmt.Sprintf("\"the %s\" stands for the person named most, %s", d.sents[s][k].text, e.name)}
	}
	return x.anaphor(d, s, k, st)
}

// personNoun reports whether toks[k] names a person by what they do: a
// role of the ontology ("chief executive") or an agent noun ("actor",
// "comedian", "striker", "novelist").
func (x *Extractor) personNoun(toks []token, k int) bool {
	if x.roleLen(toks, k) > 0 {
		return true
	}
	for _, end := range []string{"er", "or", "ist", "ian", "man", "woman"} {
		if strings.HasSuffix(toks[k].low, end) {
			return true
		}
	}
	return false
}

// epithet is the person that "the Dutchman", "the Briton" or "the
// 32-year-old" at toks[k] of sentence s stands for: the person the
// article has named most often up to there (the more recent of a tie), as
// a story calls its subject so. Nil where the words are no such epithet,
// or go on as a name ("the Dutchman Jaap Stam", a title).
func (x *Extractor) epithet(d *doc, s, k int) *entity {
	toks := d.sents[s]
	if k == 0 || toks[k-1].low != "the" || toks[k].kind != word && toks[k].kind != number || d.at[s][k] != nil || !x.v.epithet(toks[k].text) {
		return nil
	}
	if k+1 < len(toks) && (toks[k+1].cap || toks[k+1].kind == possessive) {
		return nil
	}
	// "the Argentine capital", not "the Scot admitted": a nationality
	// word before a noun is its adjective; an age, a thing's ("the
	// 40-year-old trade embargo") unless the noun is a person's ("the
	// 48-year-old actor").
	if k+1 < len(toks) && !x.v.demonymNoun(toks[k].text) {
		next := toks[k+1].pos
		if next == untagged && d.lang != nil && toks[k+1].kind == word {
			// A sentence that names no one was not tagged: tag a copy.
			tagged := slices.Clone(toks)
			alignSentence(d.lang.Tagged(d.sentenceText(s)), d.art.Sentences[s].Start, tagged)
			next = tagged[k+1].pos
		}
		if (next == posNOUN || next == posPROPN || next == posADJ) && (toks[k].kind == word || !x.personNoun(toks, k+1)) {
			return nil
		}
	}
	counts := map[*entity]int{}
	var best *entity
	for _, m := range d.mentions {
		if m.sent > s || m.sent == s && m.first >= k {
			break
		}
		if m.ent == nil || m.ent.label != "Person" {
			continue
		}
		counts[m.ent]++
		if best == nil || counts[m.ent] >= counts[best] {
			best = m.ent
		}
	}
	return best
}

// pronounSpeaker is the person "he" or "she" at toks[k] of sentence s
// stands for as a speaker: the last person named as a clause's subject
// (lastPerson): "Anne Thompson of the Hollywood Reporter said …", "Bipin
// Bihari, deputy police chief, said Khan was sent back. "…," he said".
func (x *Extractor) pronounSpeaker(d *doc, s, k int) (*entity, string) {
	toks := d.sents[s]
	if toks[k].low != "he" && toks[k].low != "she" {
		return nil, ""
	}
	if p := x.lastPerson(d, s, k); p != nil {
		return p, fmt.Sprintf("%q: the last person named as a subject, %s", toks[k].text, p.name)
	}
	return nil, ""
}

// reportedSubject reports whether mention m is the subject of reported
// speech: right after a speech verb that does not follow a quote ("said
// Khan was being sent back", not "…," said Khan).
func (x *Extractor) reportedSubject(d *doc, m *mention) bool {
	toks := d.sents[m.sent]
	return m.first > 0 && x.v.speech[toks[m.first-1].low] && !afterQuote(toks, m.first-1)
}

// inReported reports whether mention m is in what a person named before
// it in its sentence says: "Vince Cable warned the picture was not as rosy
// as Mr Brown would like", "Aragones insisted the comments, made to Jose
// Antonio Reyes, were meant to motivate". "He said" after such a sentence
// is the person who spoke.
func (x *Extractor) inReported(d *doc, m *mention) bool {
	toks := d.sents[m.sent]
	for _, p := range d.inSent(m.sent) {
		if p.first >= m.first {
			return false
		}
		if p.ent == nil || p.ent.label != "Person" || p.poss || toks[p.first].inQuote || toks[m.first].inQuote {
			continue
		}
		k := p.last
		if k < m.first && adverbs[toks[k].low] {
			k++
		}
		if k < m.first && x.v.speech[toks[k].low] && !afterQuote(toks, p.first) && !newClause(toks, k+1, m.first) {
			return true
		}
	}
	return false
}

// newClause reports whether a conjunction that opens a clause of its own
// stands in toks[from:to]: "Hewitt said he had had enough, but Tennis
// Australia's Geoff Pollard rejected his comments".
func newClause(toks []token, from, to int) bool {
	for k := from; k < to; k++ {
		switch toks[k].low {
		case "but", ";", "while", "whereas", "although", "though", "however":
			return true
		case "and":
			if k > 0 && toks[k-1].text == "," {
				return true
			}
		}
	}
	return false
}

// afterQuote reports whether toks[j] follows a closing quote, with or
// without a comma between.
func afterQuote(toks []token, j int) bool {
	if j > 0 && toks[j-1].text == "," {
		j--
	}
	return j > 0 && toks[j-1].kind == quoteMark
}

// leadIn is the speaker of a quote that opens a sentence of its own, with
// no speech verb, right after a sentence of the same paragraph that opens
// with a person's name and names no other person: "Mr Blair went on to
// list his government's achievements. "So now we have a choice …"". The
// sentence must hold no quote of its own and the name be its subject, not
// a possessive nor after a preposition; nor may a speech verb follow the
// quote ("…," said a spokesman).
func (x *Extractor) leadIn(d *doc, q quoteSpan) *entity {
	s := d.sentenceAt(q.start)
	if s <= 0 || d.art.Sentences[s].Start < q.start-1 {
		return nil // the quote does not open its sentence
	}
	// "…," said a spokesman for the author: a speaker that is no name.
	if e := d.sentenceAt(q.end); e >= 0 {
		for _, t := range d.sents[e] {
			if t.start >= q.end && x.v.speech[t.low] {
				return nil
			}
		}
	}
	para := d.art.Paragraphs[q.para]
	prev := d.art.Sentences[s-1]
	if prev.Start < para.Start {
		return nil
	}
	toks := d.sents[s-1]
	// "Mr Blair has failed to tackle these problems, he claimed": the
	// sentence gives what someone else says, who is not the person it is
	// about.
	for k := range toks {
		if x.speakerAside(toks, k) {
			return nil
		}
	}
	var person *mention
	for _, m := range d.inSent(s - 1) {
		if m.inQuote {
			return nil
		}
		if m.ent != nil && m.ent.label == "Person" {
			if person != nil && person.ent != m.ent {
				return nil
			}
			if person == nil {
				person = m
			}
		}
	}
	if person == nil || person.poss || !sentenceStart(toks, person.first) && !(person.first > 0 && x.v.honorifics[toks[person.first-1].low] && sentenceStart(toks, person.first-1)) {
		return nil
	}
	if person.last >= len(toks) || toks[person.last].kind != word || toks[person.last].cap {
		return nil // a verb follows the name, not a title or another name
	}
	return person.ent
}

// lastSpeaker is the person last named as speaking (speaks) between the
// offsets from and to, in the two sentences before to, outside quotes.
func (x *Extractor) lastSpeaker(d *doc, from, to int) *entity {
	s := d.sentenceAt(max(to-1, 0))
	if s < 0 {
		return nil
	}
	for i := d.upTo(s) - 1; i >= 0; i-- {
		m := d.mentions[i]
		off := d.sents[m.sent][m.first].start
		if off >= to {
			continue
		}
		if off < from || m.sent < s-2 {
			break
		}
		if m.ent != nil && !m.inQuote && m.ent.label == "Person" && x.speaks(d, m) {
			return m.ent
		}
	}
	return nil
}

// speaks reports whether mention m, not a possessive, names a speaker:
// the subject of a speech verb right before it after a quote or comma,
// the name ending the clause ("…," said Bipin Bihari.; not ", said Khan
// was sent back"), or after it in its clause with no other subject
// between ("Bihari, deputy police chief, said"; "Anne Thompson of the
// Hollywood Reporter said"); or the source credited by "according to".
func (x *Extractor) speaks(d *doc, m *mention) bool {
	toks := d.sents[m.sent]
	if m.poss {
		return false
	}
	if m.first >= 2 && toks[m.first-2].low == "according" && toks[m.first-1].low == "to" {
		return true // "according to John Binks, director of GfK"
	}
	if afterPreposition(d, m) {
		return false
	}
	if m.first > 1 && x.v.speech[toks[m.first-1].low] && afterQuote(toks, m.first-1) {
		return m.last == len(toks) || toks[m.last].kind == punct || toks[m.last].kind == quoteMark
	}
	for j := m.last; j < len(toks) && j < m.last+12; j++ {
		if toks[j].kind == quoteMark || toks[j].text == "." || toks[j].text == ";" {
			return false
		}
		if o := d.at[m.sent][j]; o != nil && o != m && o.ent != nil && o.ent.label == "Person" && !afterPreposition(d, o) {
			return false
		}
		// "Mr Blair has failed to tackle these problems, he claimed":
		// another subject speaks.
		if x.speakerAside(toks, j) {
			return false
		}
		if x.v.speech[toks[j].low] && toks[j].pos != posNOUN { // not "despite claims"
			return true
		}
	}
	return false
}

// speakerAside reports whether toks[k] is a personal pronoun that says
// after a comma whose words the sentence gives: "…, he claimed"; not
// "dismissed reports he told Gordon Brown".
func (x *Extractor) speakerAside(toks []token, k int) bool {
	return k > 0 && toks[k-1].text == "," && x.v.anaphora[toks[k].low] == "Person" && k+1 < len(toks) && x.v.speech[toks[k+1].low]
}

// speakerBefore reads the words before an opening quote mark at toks[k]:
// `X said: "…"`, `X added that "…"`, `X noted that the integrations were "…"`.
func (x *Extractor) speakerBefore(d *doc, s, k int, st *docState) (*entity, string) {
	toks := d.sents[s]
	if k < 0 {
		return nil, ""
	}
	lo := k
	for lo > 0 && toks[lo-1].kind != quoteMark {
		lo--
	}
	for j := k; j >= lo; j-- {
		if x.v.speech[toks[j].low] {
			e, why := x.subjectBefore(d, s, lo, j, st)
			if e == nil && lo > 0 {
				// `Michael Howard sent Mr Bush his "warmest
				// congratulations", saying: "…"`: the subject comes
				// before an earlier quote of the sentence.
				e, why = x.subjectBefore(d, s, 0, j, st)
			}
			return e, why
		}
	}
	return nil, ""
}

// subjectBefore returns the speaker of the speech verb at toks[j]: the
// first person named in [lo, j), else the first organisation not after a
// preposition ("Jean-Michel Lemetayer, from the FNSEA agricultural union,
// told"), else the nearest one or pronoun.
func (x *Extractor) subjectBefore(d *doc, s, lo, j int, st *docState) (*entity, string) {
	var org *entity
	var orgWhy string
	subject := false // org is not after a preposition
	for i := lo; i < j; i++ {
		if m := d.at[s][i]; m != nil && m.ent != nil && x.canSpeak(m.ent) {
			// "with a late Steven Gerrard strike and Benitez said", "It
			// lost a High Court action … when a judge said": a name
			// inside a noun phrase, qualifying the noun after it, speaks
			// no words.
			if m.last < j && m.first > 0 && commonNoun(&d.sents[s][m.last]) && x.roleLen(d.sents[s], m.last) == 0 &&
				d.sents[s][m.first-1].kind == word && !d.sents[s][m.first-1].cap && d.sents[s][m.first-1].low != "the" {
				i = m.last - 1
				continue
			}
			if m.ent.label == "Person" {
				return m.ent, "person before \"" + d.sents[s][j].text + "\""
			}
			if !subject {
				org, orgWhy = m.ent, "organisation before \""+d.sents[s][j].text+"\""
				subject = !afterPreposition(d, m)
			}
			i = m.last - 1
			continue
		}
		if org == nil {
			if p, why := x.pronounSpeaker(d, s, i); p != nil {
				return p, why
			}
			if a := x.speakerAnaphor(d, s, i, st); a != nil && x.canSpeak(a.ents[0]) {
				org, orgWhy = a.ents[0], a.how
			}
		}
	}
	return org, orgWhy
}

// canSpeak reports whether an entity can be a speaker: a person or an
// organisation, not a place.
func (x *Extractor) canSpeak(e *entity) bool {
	return e.label == "Person" || x.o.Is(e.label, "Organization")
}
