package extract

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
	"github.com/newsgraph/graph/loaders"
	"github.com/newsgraph/graph/schema"
)

func newExtractor(t testing.TB) *Extractor {
	t.Helper()
	o, err := schema.Default()
	if err != nil {
		t.Fatal(err)
	}
	return New(o)
}

// article makes an article of paragraphs separated by blank lines.
func article(id, text string) *graph.Article {
	a := &graph.Article{ID: id, Text: text, Source: id + ".txt", Published: "2018-06-05"}
	start := 0
	for _, p := range strings.Split(text, "\n\n") {
		a.Paragraphs = append(a.Paragraphs, graph.Span{Start: start, End: start + len(p)})
		start += len(p) + 2
	}
	a.Sentences = loaders.SplitSentences(text)
	return a
}

// facts renders the relations of g as "Subject TYPE Object" lines, and
// the denied claims as "Subject TYPE Object (denied)".
func facts(g *graph.Graph) []string {
	names := map[string]string{}
	for _, e := range g.Entities {
		names[e.ID] = e.Name
	}
	var out []string
	for _, r := range g.Relations {
		out = append(out, fmt.Sprintf("%s %s %s", names[r.Source], r.Type, names[r.Target]))
	}
	for _, c := range g.Claims {
		if c.Stance == graph.Denied {
			out = append(out, fmt.Sprintf("%s %s %s (denied)", names[c.Subject], c.Type, names[c.Object]))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func stances(g *graph.Graph) map[string]graph.Stance {
	names := map[string]string{}
	for _, e := range g.Entities {
		names[e.ID] = e.Name
	}
	out := map[string]graph.Stance{}
	for _, c := range g.Claims {
		out[fmt.Sprintf("%s %s %s", names[c.Subject], c.Type, names[c.Object])] = c.Stance
	}
	return out
}

// TestPatternFamilies checks each family of fact patterns on sentences
// written for the test, in the style of news but about made-up parties
// as well as real ones, so that no rule can be tuned to one article.
func TestPatternFamilies(t *testing.T) {
	x := newExtractor(t)
	cases := []struct {
		family, text string
		want         []string
		stance       map[string]graph.Stance
	}{
		{"active", "Acme Corp sued Globex Inc on Monday over the patents.",
			[]string{"Acme SUED Globex"}, nil},
		{"active", "The Federal Trade Commission fined Initech Ltd for misleading customers.",
			[]string{"Federal Trade Commission FINED Initech"}, nil},
		{"active with gap", "Initech shared user data with Globex Corp for years.",
			[]string{"Initech SHARED_DATA_WITH Globex"}, nil},
		{"nominal", "Regulators opened an investigation into Hooli Inc last year, and the European Commission is leading a probe into Hooli.",
			[]string{"European Commission INVESTIGATED Hooli"}, nil},
		{"inverse", "Globex Corp received access to data from Initech Ltd.",
			[]string{"Initech SHARED_DATA_WITH Globex"}, nil},
		{"nominal, the holder before the noun", "Regulators in Harbourland say Globex's 70% stake in Initech should be cut.",
			[]string{"Globex INVESTED_IN Initech"}, nil},
		{"nominal, a name qualifying the noun", "The union filed a complaint over Globex support for Initech.",
			[]string{"Globex SUPPORTED Initech"}, nil},
		{"an apposition with a preposition is no list", "Globex Corp sued Initech, the maker behind Hooli and Vandelay, on Monday.",
			[]string{"Globex SUED Initech"}, nil},
		{"apposition", "Globex, a subsidiary of Initech Corp, said profits rose.",
			[]string{"Globex PART_OF Initech"}, nil},
		{"apposition after a dash", "Analysts praised Globex Corp - formerly the Asian arm of Initech Corp - for its sales.",
			[]string{"Globex PART_OF Initech"}, nil},
		{"no apposition: the noun is not said of the subject", "Globex Corp makes phones. The firm is in the news after a deal to buy the PC division of Initech Corp.",
			nil, nil},
		{"a relative clause ends a list", "Globex Corp holds a stake in Initech, which runs the Hooli and Vandelay lines.",
			[]string{"Globex INVESTED_IN Initech"}, nil},
		{"a place that says where a company is based qualifies it", "Globex Corp makes jets. The Pentagon banned the Seattle-based company from rocket work.",
			[]string{"Pentagon BANNED Globex"}, nil},
		{"an attempt is planned", "Globex Corp tried to acquire Initech last year, but lost out.",
			[]string{"Globex ACQUIRED Initech"}, map[string]graph.Stance{"Globex ACQUIRED Initech": graph.Planned}},
		{"a name that qualifies the subject noun is no subject", "Globex fever has taken over Initech Corp.",
			nil, nil},
		{"a name before its kind noun is the subject", "Globex Corp makes jets. The Globex company has acquired Initech Corp.",
			[]string{"Globex ACQUIRED Initech"}, nil},
		{"the name that owns the noun of an infinitive", "Ann Roe, who was quoted in The Harbour Times, compared Globex Corp's attempt to take over Initech to another bid.",
			[]string{"Globex ACQUIRED Initech"}, nil},
		{"taking over from is no takeover", "Globex Corp is taking over from Initech Ltd as the league's sponsor.",
			nil, nil},
		{"a common noun, then a preposition: the noun was the object", "Globex Corp launched legal action against online swappers across Harbourland.",
			nil, nil},
		{"a common noun, then a participle: the noun was the object", "Harbour Radio examines the challenges facing Ann Roe before the race.",
			nil, nil},
		{"a common noun, then a name before an auxiliary: the noun was the object", "Globex Corp criticised the huge profits Initech has made this year.",
			nil, nil},
		{"but a noun that says what the name is", "The European Commission opened an investigation into whether Italian airline Initech is receiving state aid.",
			[]string{"European Commission INVESTIGATED Initech"}, nil},
		{"a participle says what is done to the noun before it", "Harbour Radio was dropped by six stations owned by Globex Corp in 2004.",
			nil, nil},
		{"a passive participle after a noun", "Initech Ltd had a strike blocked by Globex Corp.",
			nil, nil},
		{"a passive participle before a preposition, its be left out", "Harbour Party accused of Globex Corp propaganda.",
			nil, nil},
		{"a share of a company", "Globex Corp, which owns 2% of Initech Ltd, opposed the bid.",
			[]string{"Globex INVESTED_IN Initech"}, nil},
		{"a place that qualifies the subject's noun is no subject", "Globex Corp, the Paris-based holding company which controls 51% of Initech Ltd, says this was illegal.",
			[]string{"Globex INVESTED_IN Initech"}, nil},
		{"a role right before a person's name is theirs, whatever the parse", "Other pundits to take part in the survey included BBC Radio 1 DJ Trevor Nelson, NME editor Conor McNicholas, Top of the Pops presenter Fearne Cotton, Glastonbury organiser Emily Eavis and BBC Radio 2 music editor Colin Martin.",
			[]string{"Conor McNicholas WORKS_FOR NME"}, nil},
		{"a role verb in a relative clause", "Ann Roe, who ran Globex Corp for a decade, retired on Friday.",
			[]string{"Ann Roe WORKS_FOR Globex"}, nil},
		{"an official of a place acts for it", "The Texas attorney general is suing Globex Corp over its software.",
			[]string{"Texas SUED Globex"}, nil},
		{"based: a place that qualifies an organisation", "The Paris-based Globex Corp made a profit, as did Boston-based private investment firm Initech Ltd.",
			[]string{"Globex LOCATED_IN Paris", "Initech LOCATED_IN Boston"}, nil},
		{"based: not past a preposition", "A Singapore-based analyst with Initech Ltd spoke.",
			nil, nil},
		{"a person denied, kept from something", "Keeper Tom Hale denied Ann Roe with a fine save.",
			nil, nil},
		{"a person denied something", "Tom Hale has denied Ann Roe her fourth title of the year.",
			nil, nil},
		{"but a person denied, then a clause", "But Tom Hale denied Ann Roe, his transport spokesman, said the plans were poor.",
			[]string{"Tom Hale DENIED Ann Roe"}, nil},
		{"an offer rejected is no claim denied", "Tom Hale has rejected a Globex compromise offer. Redbridge Rovers reject third Ann Roe bid.",
			nil, nil},
		{"an irregular participle after be is passive", "The Harbour Party asked whether the targets could be met and whether the Home Office would act.",
			nil, nil},
		{"access to a building is no data", "Ann Roe said the men had used a forged letter to gain access to the Harbour Assembly.",
			nil, nil},
		{"nor access to a network", "Buying Initech Ltd would give Globex Corp access to Initech's network of shops.",
			nil, nil},
		{"a passive after a common noun and auxiliaries", "Globex Corp said the labels had been purchased by Initech Ltd for $5m.",
			nil, nil},
		{"but a noun the name owns", "Globex Corp, whose products are endorsed by Ann Roe, grew fast.",
			[]string{"Ann Roe SUPPORTED Globex"}, nil},
		{"but the company owned by", "Initech Ltd is a company owned by Globex Corp.",
			[]string{"Initech PART_OF Globex"}, nil},
		{"there is no holder of an existential noun", "Globex Corp said Tom Hale lied. \"It doesn't change the fact that there should be a full investigation into whether he did this.\"",
			nil, nil},
		{"but the shares in a company", "Globex Corp will buy the shares in Initech Ltd it does not own.",
			[]string{"Globex ACQUIRED Initech"}, map[string]graph.Stance{"Globex ACQUIRED Initech": graph.Planned}},
		{"passive with agent", "Hooli Inc was sued by Pied Piper Ltd in March.",
			[]string{"Pied Piper SUED Hooli"}, nil},
		{"passive with place agent", "Vandelay Industries has been banned in France since 2015.",
			[]string{"France BANNED Vandelay Industries"}, nil},
		{"reduced passive", "Founded by Jane Goodwin in 1998, Umbrella Corp makes vaccines.",
			[]string{"Jane Goodwin FOUNDED Umbrella"}, nil},
		{"relative clause passive", "The contract went to Initech, which has been criticised by the Senate Commerce Committee.",
			[]string{"Senate Commerce Committee CRITICIZED Initech"}, nil},
		{"apposition role", "\"We will appeal,\" said Maria Lopez, chief executive of Globex Corp.",
			[]string{"Maria Lopez WORKS_FOR Globex"}, nil},
		{"apposition role, organisation first", "Tom Baker, Initech vice president of sales, declined to comment.",
			[]string{"Tom Baker WORKS_FOR Initech"}, nil},
		{"possessive role", "Globex's chief executive Maria Lopez resigned on Friday.",
			[]string{"Maria Lopez WORKS_FOR Globex"}, nil},
		{"member role", "Senator John Hale, a member of the Senate Armed Services Committee, spoke first.",
			[]string{"John Hale MEMBER_OF Senate Armed Services Committee"}, nil},
		{"founder role", "Initech founder Peter Gibbons stepped down.",
			[]string{"Peter Gibbons FOUNDED Initech"}, nil},
		{"coordination of objects", "Hooli shared data with Initech, Globex and Umbrella Corp.",
			[]string{"Hooli SHARED_DATA_WITH Globex", "Hooli SHARED_DATA_WITH Initech", "Hooli SHARED_DATA_WITH Umbrella"}, nil},
		{"coordination of subjects", "Initech and Globex were fined by the Securities and Exchange Commission.",
			[]string{"Securities and Exchange Commission FINED Globex", "Securities and Exchange Commission FINED Initech"}, nil},
		{"negation", "Hooli did not share data with Initech.",
			[]string{"Hooli SHARED_DATA_WITH Initech (denied)"}, nil},
		{"a name between \"a\" and a noun qualifies the noun", "Ann Roe told a Globex select committee human rights concerns over Initech remained.",
			[]string{"Ann Roe CRITICIZED Initech"}, nil},
		{"the other course", "Hooli chose to grow alone rather than buy Initech.",
			[]string{"Hooli ACQUIRED Initech (denied)"}, nil},
		{"denial", "Globex denied sharing data with Initech.",
			[]string{"Globex SHARED_DATA_WITH Initech (denied)"}, nil},
		{"planned", "Hooli will end its partnership with Initech next month.",
			[]string{"Hooli ENDED_PARTNERSHIP_WITH Initech"},
			map[string]graph.Stance{"Hooli ENDED_PARTNERSHIP_WITH Initech": graph.Planned}},
		{"credit", "According to Reuters, Hooli shared data with Initech.",
			[]string{"Hooli SHARED_DATA_WITH Initech"},
			map[string]graph.Stance{"Hooli SHARED_DATA_WITH Initech": graph.Reported}},
		{"coreference: it", "Hooli confirmed the deal on Monday. It will also end its partnership with Globex.",
			[]string{"Hooli ENDED_PARTNERSHIP_WITH Globex"}, nil},
		{"coreference: the company", "Globex Corp reported losses. The company has been fined by the Federal Trade Commission.",
			[]string{"Federal Trade Commission FINED Globex"}, nil},
		{"coreference: plural", "Hooli named its partners: Initech, Globex and Vandelay. Hooli said it would end its partnerships with these companies.",
			[]string{"Hooli ENDED_PARTNERSHIP_WITH Globex", "Hooli ENDED_PARTNERSHIP_WITH Initech", "Hooli ENDED_PARTNERSHIP_WITH Vandelay"}, nil},
		{"of an organisation's kind noun, from the parse", "Ana Ruiz of the Northwind agricultural union said the plan was unfair.",
			[]string{"Ana Ruiz WORKS_FOR Northwind"}, nil},
		{"not of a thing's noun", "The film is produced by Ana Ruiz, producer of the Northwind trilogy.",
			nil, nil},
		{"of an organisation, from the parse", "Ana Ruiz of Northwind Analytics said prices would fall.",
			[]string{"Ana Ruiz WORKS_FOR Northwind Analytics"}, nil},
		{"of an organisation, hung on a word of the name that is not its head", "\"Prices will fall,\" said Ana Ruiz of Northwind Research.",
			[]string{"Ana Ruiz WORKS_FOR Northwind Research"}, nil},
		{"an apposition after two names is the last one's", "The attack took place on Friday as Mr Hale and Ms Ruiz, a Cabinet Office minister and Redwood West MP, " +
			"arrived at Northwind High School for Girls. Tom Hale and Ana Ruiz spoke.",
			[]string{"Ana Ruiz MEMBER_OF Cabinet Office"}, nil},
		{"possessive membership, from the parse", "The Harbour Party's Tom Hale said the plan was unfair.",
			[]string{"Tom Hale MEMBER_OF Harbour Party"}, nil},
		{"role before the employer", "\"We expect more,\" said Rob Stone, head of distribution for Redwood Pictures.",
			[]string{"Rob Stone WORKS_FOR Redwood Pictures"}, nil},
		{"former role before the name", "Tory ex-minister Tom Hale said the plan was unfair.",
			[]string{"Tom Hale MEMBER_OF Conservative Party"}, nil},
		{"any role in a party is membership", "Harbour Party health spokesman Tom Hale said the plan was unfair.",
			[]string{"Tom Hale MEMBER_OF Harbour Party"}, nil},
		{"the subject from the parse, past a clause", "Globex, which Initech bought last year, sued Hooli on Monday.",
			[]string{"Globex SUED Hooli"}, nil},
		{"the subject from the parse, not the organisation of a role", "Redbridge Rovers boss Tom Hale has praised striker Ann Roe for her goals.",
			[]string{"Tom Hale SUPPORTED Ann Roe", "Tom Hale WORKS_FOR Redbridge Rovers"}, nil},
		{"a role in the plural before a list", "Harbour Party MPs Tom Hale and Ann Roe voted against the plan.",
			[]string{"Ann Roe MEMBER_OF Harbour Party", "Tom Hale MEMBER_OF Harbour Party"}, nil},
		{"a person of an organisation with no members works for it", "Anne Cole of the Harbour Institute said the plan was unfair.",
			[]string{"Anne Cole WORKS_FOR Harbour Institute"}, nil},
		{"a team by its player's role", "Redwood Rovers defender Tom Hale scored twice.",
			[]string{"Tom Hale MEMBER_OF Redwood Rovers"}, nil},
		{"a role, not also a tie, for the same pair", "Tom Hale, chief executive of the Harbour Film Council, said the plan was unfair.",
			[]string{"Tom Hale WORKS_FOR Harbour Film Council"}, nil},
		{"the organisation that owns the role", "Tom Hale, the specialist appointed by the Harbour Council as Globex's chief executive, spoke on Monday.",
			[]string{"Tom Hale WORKS_FOR Globex"}, nil},
		{"who presides over a body is its member", "The President of the Harbour Assembly, Tom Hale, said the plan was unfair.",
			[]string{"Tom Hale MEMBER_OF Harbour Assembly"}, nil},
		{"a team-mate is a member", "He will play alongside Harbour Falcons team-mate Tom Hale in the midfield.",
			[]string{"Tom Hale MEMBER_OF Harbour Falcons"}, nil},
		{"a role right before the next name is that person's", "Guests included Tom Hale, Globex chief executive Ann Roe and the band.",
			[]string{"Ann Roe WORKS_FOR Globex"}, nil},
		{"a participle after a determiner is no trigger", "Tom Hale had tested positive for the banned substance Zorvex.",
			nil, nil},
		{"no object past a subordinator", "Tom Hale and Ann Roe met as students at Harbour University.",
			nil, nil},
		{"no object right after a preposition after a verb", "Globex has denied to Initech that it is the company in question.",
			nil, nil},
		{"an organisation before a role is not the argument", "Ann Roe met Harbour Party leader Tom Hale on Monday. The former Globex chairman has bought a stake in Initech.",
			[]string{"Ann Roe MET_WITH Tom Hale", "Tom Hale MEMBER_OF Harbour Party"}, nil},
		{"no subject where the parse's is a common noun", "A Harbour Party councillor who was at the event has also defended Tom Hale.",
			nil, nil},
		{"an elected member's seat is no organisation of theirs", "Tom Hale, MP for Redwood, said the plan was unfair.",
			nil, nil},
		{"a title in capitals inside a name splits it", "Harbour Party MP Tom Hale said the plan was unfair.",
			[]string{"Tom Hale MEMBER_OF Harbour Party"}, nil},
		{"the role of the organisation before the name", "The director of the Harbour Institute, Anne Cole, said the plan was unfair.",
			[]string{"Anne Cole WORKS_FOR Harbour Institute"}, nil},
		{"a common word that ends the article's one name with it is that name", "Redwood United lost on Sunday. The game pits United's striker Tom Hale against the rest.",
			[]string{"Tom Hale MEMBER_OF Redwood United"}, nil},
		{"a common word that two names have in them is neither", "Redwood United and United Harbour lost on Sunday. The game pits United's striker Tom Hale against the rest.",
			nil, nil},
		{"a former member", "Ex-Labour minister Tom Hale said the plan was unfair.",
			[]string{"Tom Hale MEMBER_OF Labour Party"}, nil},
		{"a party's name right before a person's: the person is the argument and a member", "Ann Roe paid tribute to Democrat Tom Hale's campaign.",
			[]string{"Ann Roe SUPPORTED Tom Hale", "Tom Hale MEMBER_OF Democratic Party"}, nil},
		{"a party's alias right before a person's", "Ann Roe met Tory Tom Hale on Monday.",
			[]string{"Ann Roe MET_WITH Tom Hale", "Tom Hale MEMBER_OF Conservative Party"}, nil},
		{"a government's minister, no organisation named: the article's one government", "The French government unveiled an aid package. It was announced by agriculture minister Jean Roux in Paris.",
			[]string{"Jean Roux MEMBER_OF French government"}, nil},
		{"a minister of another country is not the article's government's", "The French government unveiled an aid package. UK Prime Minister Tom Hale said the aid was welcome.",
			nil, nil},
		{"an adjective made from a name is no name", "Inspection chief Tom Hale accused some Islamic schools of failing their pupils.",
			nil, nil},
		{"a party's name joined to a portfolio is a portfolio", "Economy and Labour Minister Tom Hale called the dip a very mild decline. Labour MP Ann Roe agreed.",
			[]string{"Ann Roe MEMBER_OF Labour Party"}, nil},
		{"a portfolio in capitals before a role is no organisation", "Lib Dem Home Affairs spokesman Tom Hale said the plan was unfair. German Economy minister Ann Roe agreed. Trade and Industry Secretary Joe Bloggs did not.",
			[]string{"Tom Hale MEMBER_OF Liberal Democrats"}, nil},
		{"a secretary general works for the association", "\"We will appeal,\" said Ann Roe, secretary general of the Association of Harbour Airlines.",
			[]string{"Ann Roe WORKS_FOR Association of Harbour Airlines"}, nil},
		{"\"general\" of \"secretary general\" is no general's", "Harbour Alliance secretary general Ann Roe said the plan was unfair.",
			[]string{"Ann Roe WORKS_FOR Harbour Alliance"}, nil},
		{"praise as a tribute", "Redbridge Rovers manager Tom Hale paid tribute to Ann Roe after the match.",
			[]string{"Tom Hale SUPPORTED Ann Roe", "Tom Hale WORKS_FOR Redbridge Rovers"}, nil},
		{"congratulations", "Senator Ann Roe congratulated Tom Hale on his election.",
			[]string{"Ann Roe SUPPORTED Tom Hale"}, nil},
		{"a concern voiced in a quote by a name of its own is not the speaker's", "Ann Roe said: \"Harbourland has also voiced concern that prices in Vexland have not fallen.\"",
			nil, nil},
		{"dismissing a party as something criticises it", "Lib Dem leader Tom Hale dismissed the Conservatives as a fading force.",
			[]string{"Tom Hale CRITICIZED Conservative Party", "Tom Hale MEMBER_OF Liberal Democrats"}, nil},
		{"the support of a party is the party's, not for it", "Tom Hale said that despite the support of Tory backbenchers he was out. Ann Roe spoke in support of Joe Bloggs.",
			[]string{"Ann Roe SUPPORTED Joe Bloggs"}, nil},
		{"a name between a person's possessive and a noun qualifies the noun", "Tom Hale raised doubts about his Redbridge future. Ann Roe praised their Harbourside team-mates.",
			nil, nil},
		{"a name after \"ex-\" is the name", "Globex should not demonise ex-Harbour Alliance media chief Tom Hale, Ann Roe said.",
			[]string{"Tom Hale WORKS_FOR Harbour Alliance"}, nil},
		{"a participle after a common noun qualifies the noun", "Globex Corp doubled the number of flight attendants based in Harbourton. Ann Roe asked why ministers attacked Initech plans.",
			nil, nil},
		{"a participle after a role or a time has the name before it for subject", "A US judge banned Globex Corp from the auction. Ann Roe last month backed Tom Hale.",
			[]string{"Ann Roe SUPPORTED Tom Hale", "United States BANNED Globex"}, nil},
		{"a peer's title names a place, not an employer", "Neil Hale said he would take the title of Lord Hale of Tredegarth.",
			nil, nil},
		{"a denial is about the name that opens the clause after \"that\", a noun's too", "Redbridge Rovers director Ann Roe has denied that coach Tom Hale resigned. Ann Roe also denied reports that Rob Stone had been paid. " +
			"Tom Marsh praised reports that Vexcorp had grown.",
			[]string{"Ann Roe DENIED Rob Stone", "Ann Roe DENIED Tom Hale", "Ann Roe WORKS_FOR Redbridge Rovers"}, nil},
		{"a relative clause of a common noun has the noun for subject", "A judge granted Globex Corp an injunction that barred Initech Ltd from the sale.",
			nil, nil},
		{"defending is a title's", "Rob Stone swept aside defending champion Ann Roe to win the Harbour Open.",
			nil, nil},
		{"an -ing form between a determiner and a noun qualifies the noun", "Vexcorp Indoor was a bad day for Harbourland's defending champion Ann Roe.",
			nil, nil},
		{"a name before a verb after a common noun is the subject of a clause on the noun", "Ann Roe praised a zinc supplement Tom Hale marketed.",
			nil, nil},
		{"a party known by name, not by the word party", "Ann Roe, of Plaid Cymru, said the plan was unfair. UKIP leader Tom Hale agreed.",
			[]string{"Ann Roe MEMBER_OF Plaid Cymru", "Tom Hale MEMBER_OF UK Independence Party"}, nil},
		{"a party's name before a name of two proper words", "Lib Dem Lembit Harcastle said the plan was unfair.",
			[]string{"Lembit Harcastle MEMBER_OF Liberal Democrats"}, nil},
		{"a person named for or at a name of no known kind, without a role, is named for a work or a venue", "The best actor nominees are Tom Hale for Vexmoor and Ann Roe for Glass Rivers. Joe Bloggs, for the Liberal Democrats, said the list was good. " +
			"A defeat to Rob Stone at Harbourdon was a blow.",
			[]string{"Joe Bloggs MEMBER_OF Liberal Democrats"}, nil},
		{"a sporting meeting is a match", "Tom Hale now meets wild card Ann Roe, who beat top seed Joe Bloggs. Lena Marsh met Rob Stone on Friday.",
			[]string{"Lena Marsh MET_WITH Rob Stone"}, nil},
		{"a co-subject is no implicit object", "Fellow shareholders US-based hedge fund Globex Capital and UK-based Initech Fund Management have also expressed doubts.",
			[]string{"Globex Capital LOCATED_IN United States"}, nil},
		{"a title with its organisation before a person's name is two names", "But Chief Secretary to the Harbour Treasury Paul Boateng attacked Globex Corp.",
			[]string{"Paul Boateng CRITICIZED Globex"}, nil},
		{"a superlative names something new", "Globex Bank lost money. Tom Hale then created the biggest bank in Vexmoor.",
			nil, nil},
		{"a subject is none of its objects", "Globex Bank and Initech Bank have agreed plans to merge and create the bank.",
			nil, nil},
		{"a hyphenated word that is no English word is part of the name", `"Rates will rise," said Ann Roe, an economist at the Dai-ichi Life Research Institute. "Not yet," said Tom Hale, head of Initech.`,
			[]string{"Ann Roe WORKS_FOR Dai-ichi Life Research Institute", "Tom Hale WORKS_FOR Initech"}, nil},
		{"praise heaped on a name, or a speaker full of it, is support", "Tom Hale heaped praise on Ann Roe. Rob Stone was full of praise for Globex.",
			[]string{"Rob Stone SUPPORTED Globex", "Tom Hale SUPPORTED Ann Roe"}, nil},
		{"a month that opens a name of common words is part of it", "Globex Stores is to buy rival May Department Stores. In May Initech Holdings sold shares.",
			[]string{"Globex Stores ACQUIRED May Department Stores"}, nil},
		{"an adjective of a region is no name", "Ann Roe, chief executive of Nordic operator Initech, spoke. Baltic carrier Globex Air grew.",
			[]string{"Ann Roe WORKS_FOR Initech"}, nil},
		{"a name after a preposition and an article is no subject", "Tom Hale sat in the Initech Assembly and criticised Vexcorp. " +
			"A delegation from the Harbour Union met Rob Stone.",
			[]string{"Harbour Union MET_WITH Rob Stone", "Tom Hale CRITICIZED Vexcorp"}, nil},
		{"a hyphenated ending of English words is no part of a name", "Ann Roe praised Tom Hale. Man-of-the-match Hale scored twice. Hale later criticised Globex.",
			[]string{"Ann Roe SUPPORTED Tom Hale", "Tom Hale CRITICIZED Globex"}, nil},
		{"a denial is about the name that opens the clause after the verb, an apposition between", "Mr Hale directly denied Mr Roe made that remark. Globex denied Initech was a partner. " +
			"Ann Marsh denied Mr Stone, her transport spokesman, said the plans were bad. The FTC is undertaking a probe to find out whether Vexcorp failed to protect privacy.",
			[]string{"Ann Marsh DENIED Stone", "Federal Trade Commission INVESTIGATED Vexcorp", "Globex DENIED Initech", "Hale DENIED Roe"}, nil},
		{"a match report's deny is no denial", "Globex FC got plenty of bodies behind the ball to deny Initech United space. A brilliant tackle by Tom Hale denied Rob Stone.",
			nil, nil},
		{"a noun after a preposition has no holder before it, unless a possessive says so", "Globex built its case on evidence given to the federal investigation into Initech. " +
			"Vexcorp has seen profits soar thanks to its acquisition of Harbour Lines.",
			[]string{"Vexcorp ACQUIRED Harbour Lines"}, nil},
		{"a pronoun that opens what someone says is the speaker", "Vexcorp, which recently lost sponsorship deals with Chelsea and Celtic, said on Thursday it had signed a new four-year agreement with Scottish club Rangers.",
			[]string{"Rangers PARTNERED_WITH Vexcorp"}, nil},
		{"a name in an indirect question is no object", "Ann Roe questioned how Initech would fund its plans. The SEC is investigating whether Globex misled investors.",
			[]string{"Securities and Exchange Commission INVESTIGATED Globex"}, nil},
		{"what came close to happening is planned, not done", "Globex Corp came close to buying Initech last year.",
			[]string{"Globex ACQUIRED Initech"}, map[string]graph.Stance{"Globex ACQUIRED Initech": graph.Planned}},
		{"a common noun before a relative pronoun is the passive's subject", "Tom Hale delivered a dangerous ball, which was blocked by Ann Roe.",
			nil, nil},
		{"a plural noun before a relative pronoun is its subject", "The SEC settled with two firms, and with businesses that were part of Initech at the time.",
			nil, nil},
		{"a name before a participle after a hyphen qualifies the noun after it", "Ann Roe has criticised the Initech-led coalition. Tom Hale praised the Globex-backed Initech.",
			[]string{"Tom Hale SUPPORTED Initech"}, nil},
		{"a player's position is a role in the team named before it, not past a preposition that parts them", "Redbridge Rovers flanker Tom Hale was injured. " +
			"England suffered a defeat in 11 Tests as scrum-half Ann Roe kicked badly.",
			[]string{"Tom Hale MEMBER_OF Redbridge Rovers"}, nil},
		{"a name is never a trigger", "Globex Corp hired Sue Bradburn and Initech Ltd in May.",
			nil, nil},
		{"no fact without a named party", "The company shared data with several partners.",
			nil, nil},
		{"type check", "Paris banned the sale. John Smith acquired Paris.",
			nil, nil},
	}
	for _, c := range cases {
		t.Run(c.family, func(t *testing.T) {
			g := x.Extract([]*graph.Article{article("a:test", c.text)})
			got := facts(g)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("%s\n got: %q\nwant: %q", c.text, got, c.want)
			}
			st := stances(g)
			for k, want := range c.stance {
				if st[k] != want {
					t.Errorf("stance of %s = %q, want %q", k, st[k], want)
				}
			}
			if err := g.Validate(x.o); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestTypes checks the type of names no alias or cue word types: the
// recogniser's for full names of people and for places, the words around
// a name for employers and list members.
func TestTypes(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Both Helen Mirren and Morgan Freeman were nominated for their roles. "+
		"The festival moved from Kyoto to Ankara last year. "+
		"Its sponsors include Vexcorp chief Dennis Kowal. "+
		"Other companies that joined included Zantor and Quillon. "+
		"Orbital Freight, which is a logistics company, partnered with Harbour Lines.")})
	checkTypes(t, g, map[string]string{
		"Helen Mirren": "Person", "Morgan Freeman": "Person", "Kyoto": "Place", "Ankara": "Place",
		"Vexcorp": "Company", "Dennis Kowal": "Person", "Zantor": "Company", "Quillon": "Company",
		"Orbital Freight": "Company", "Harbour Lines": "Company",
	})
	// The head of a name with "of" is the word before it, where both are
	// cue words: an association of airlines is an association.
	g = x.Extract([]*graph.Article{article("a:test", "The Association of Harbour Airlines and the Office of Fair Dealing met on Monday.")})
	checkTypes(t, g, map[string]string{"Association of Harbour Airlines": "Organization", "Office of Fair Dealing": "GovernmentBody"})
	// Streets, squares and stadiums are places, whatever else votes.
	g = x.Extract([]*graph.Article{article("a:test", "She paid at the Kelso Road branch of Vexcorp. Fans met in Marlow Square before the game at Redbridge Stadium.")})
	checkTypes(t, g, map[string]string{"Kelso Road": "Place", "Marlow Square": "Place", "Redbridge Stadium": "Place"})
	// A name the recogniser alone typed takes the type of the list it is
	// in, and says so.
	g = x.Extract([]*graph.Article{article("a:test", "The coach picked Tom Stone, Ann Roe, Zorvak and Rob Marsh for the game.")})
	for _, e := range g.Entities {
		if e.Name == "Zorvak" && (e.Type != "Person" || !strings.Contains(e.Why, "lists")) {
			t.Errorf("Zorvak, in a list of people: %s, %q", e.Type, e.Why)
		}
	}
	// A title in lower case before a name is a person's, and the word
	// before it does not type the name.
	g = x.Extract([]*graph.Article{article("a:test", `"Rates will rise," said central bank governor Pak Sun-ho.`)})
	checkTypes(t, g, map[string]string{"Pak Sun-ho": "Person"})
}

// TestNamesAndTypes checks, on one article each, the names a rule makes
// or keeps out and the types it gives: want holds names and their types,
// absent names that must not be entities; with only set, want is every
// entity.
func TestNamesAndTypes(t *testing.T) {
	x := newExtractor(t)
	cases := []struct {
		rule, text string
		want       map[string]string
		absent     []string
		only       bool
	}{
		{"a word that opens a phrase of English words joined by hyphens is no name; a hyphenated name word stays",
			"Man-of-the-match Rob Stone scored twice. Dai-ichi Life grew. Anti-smoking rules met Chung Mong-koo.",
			map[string]string{"Rob Stone": "Person", "Dai-ichi Life": "Organization", "Chung Mong-koo": "Person"}, nil, true},
		{"letters after a name are no part of it, and alone no name; a name that ends with an acronym is no person's",
			"The chairman of the Bar Council, Guy Mansfield QC warned there was a real risk. " +
				"Later Mr Mansfield said the plan was wrong, as did a QC and two MBEs. The games include Ubisoft's Rayman DS, as well as titles from Sony.",
			map[string]string{"Guy Mansfield": "Person", "Rayman DS": "Organization"}, []string{"QC", "Guy Mansfield QC"}, false},
		{"a name that owns a person's full name is an organisation, unless a place",
			"But Tennis Australia's Geoff Pollard rejected his comments. Aston Villa's Thomas Hitzlsperger is waiting. Britain's Tim Henman won.",
			map[string]string{"Tennis Australia": "Organization", "Aston Villa": "Organization", "United Kingdom": "Place",
				"Geoff Pollard": "Person", "Thomas Hitzlsperger": "Person", "Tim Henman": "Person"}, nil, false},
		{"Research and Networks end a business's name, even after a first name",
			"\"It is a nascent area,\" said Ian Fogg, an analyst at Jupiter Research. Jupiter Research said sales rose. " +
				"Experiments cannot happen, said Michael Weiss, president of StreamCast Networks.",
			map[string]string{"Jupiter Research": "Company", "Ian Fogg": "Person", "StreamCast Networks": "Company"}, nil, false},
		{"capitalised common words between names of a list are a name, and nowhere else",
			"The alliance includes the Harbour Society, Age Concern, Mencap and Globex. Sales of Fresh Fruit rose.",
			map[string]string{"Age Concern": "Organization"}, []string{"Fresh Fruit"}, false},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			g := x.Extract([]*graph.Article{article("a:test", c.text)})
			types := checkTypes(t, g, c.want)
			for _, name := range c.absent {
				if _, ok := types[name]; ok {
					t.Errorf("%q is an entity: %v", name, types)
				}
			}
			if c.only && len(types) != len(c.want) {
				t.Errorf("entities %v, want only %v", types, c.want)
			}
		})
	}
}

// TestListMakesNoPlaceOfAnOrganisation checks that a list of places does
// not make a place of a name that the words around it type an
// organisation, however few of its articles do.
func TestListMakesNoPlaceOfAnOrganisation(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{
		article("a:1", "Harbourville defender Rob Stone said the team was ready."),
		article("a:2", "Harbourville won again on Saturday."),
		article("a:3", "Harbourville lost on Sunday, and the fans were angry."),
		article("a:4", "The side has played in Paris, Rome and Harbourville this year."),
	})
	checkTypes(t, g, map[string]string{"Harbourville": "Organization", "Paris": "Place"})
}

// TestSpeakerAsIIsPerson checks that a name that speaks of itself as "I"
// in quotes is a person's, and that a name qualifying the speaker's role,
// or speaking as "we", is not.
func TestSpeakerAsIIsPerson(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Varnek lost in three sets on Sunday. \"I just could not handle the pressure,\" said Varnek. "+
		"\"We will appeal,\" said Zorvane. \"I was delighted,\" said Harbourside boss Tom Hale.")})
	types := checkTypes(t, g, map[string]string{"Varnek": "Person", "Tom Hale": "Person"})
	for _, name := range []string{"Zorvane", "Harbourside"} {
		if types[name] == "Person" {
			t.Errorf("%s is a person: %v", name, types)
		}
	}
	// Twice "I" outweighs a stray cue ("firm" read as a noun).
	g = x.Extract([]*graph.Article{article("a:test", "Kelbran firm over Harbourside deal\n\n\"I will not sell,\" said Kelbran. "+
		"\"I am sure of it,\" Kelbran added.")})
	checkTypes(t, g, map[string]string{"Kelbran": "Person"})
}

// TestCountryGovernments checks that a demonym before "government" names
// that country's government, one body however the demonym is spelt, and
// that a country's name before it stays the country acting.
func TestCountryGovernments(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "The French government will give 70m euros in aid to farmers. "+
		"Ann Roe said the French government acted late. An African government disagreed. "+
		"Huawei has been censured by the US government.")})
	types := checkTypes(t, g, map[string]string{"French government": "GovernmentBody", "United States": "Place"})
	for _, name := range []string{"French", "African government", "US government"} {
		if _, ok := types[name]; ok {
			t.Errorf("%q is an entity: %v", name, types)
		}
	}
	for _, e := range g.Entities {
		if e.Name == "French government" && e.MentionCount != 2 {
			t.Errorf("French government: %d mentions, want 2", e.MentionCount)
		}
	}
}

// TestNamesWithOfTheAnd checks that "of the" joins an organisation's name
// after a cue word, and "and" a common word after "of" or "for", but not
// a title's "of the", two names, nor a company and its country.
func TestNamesWithOfTheAnd(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:of", "The Department of Trade and Industry agreed on Monday. "+
		"Ann Roe, of the University of the Harbour Coast, said fares would rise. "+
		"The Bank of Redbridge and Barclays disagreed. The Duchy of Lancaster and Duchy of Cornwall will report. "+
		"The President of the European Parliament, Tom Hale, spoke. Globex Motors of the US said nothing.")})
	names := map[string]bool{}
	for _, e := range g.Entities {
		names[e.Name] = true
	}
	for _, want := range []string{"Department of Trade and Industry", "University of the Harbour Coast", "Bank of Redbridge",
		"Barclays", "Duchy of Lancaster", "Duchy of Cornwall", "European Parliament", "Globex Motors", "Tom Hale"} {
		if !names[want] {
			t.Errorf("no entity %q; have %v", want, names)
		}
	}
	for _, not := range []string{"Bank of Redbridge and Barclays", "President of the European Parliament", "Globex Motors of the US"} {
		if names[not] {
			t.Errorf("entity %q", not)
		}
	}
}

// TestNationalityNouns checks that "Dutchman" is no name but says that
// the name after it is a person's, and that a paper named so still is one.
func TestNationalityNouns(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Dutchman Joost Kessel scored twice on Sunday. "+
		"The Dutchman said he was happy. The Frenchwomen won the relay. "+
		"Ann Roe, a columnist for The Scotsman, was not so sure. The Scot and a Briton agreed. "+
		"Swede Lars Brodin beat Spaniard Pablo Ferrer in the final.")})
	types := checkTypes(t, g, map[string]string{"Joost Kessel": "Person", "Lars Brodin": "Person", "Pablo Ferrer": "Person"})
	if _, ok := types["Scotsman"]; !ok {
		t.Errorf("The Scotsman is no entity: %v", types)
	}
	for _, name := range []string{"Dutchman", "Dutchman Joost Kessel", "Frenchwomen", "Scot", "Briton", "Swede Lars Brodin", "Spaniard"} {
		if _, ok := types[name]; ok {
			t.Errorf("%q is an entity: %v", name, types)
		}
	}
}

// TestCityIsNoPlaceCue checks that a name ending in "City" is not a
// place for that word alone: "Manchester City" is a club.
func TestCityIsNoPlaceCue(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Redwood City striker Tom Hale scored twice. Redwood City boss Ann Roe was pleased.")})
	checkTypes(t, g, map[string]string{"Redwood City": "Organization", "Tom Hale": "Person"})
}

// TestHyphenatedGivenName checks that a given name joined by a hyphen to
// another capitalised word is a given name: "Jean-Michel Lemetayer" is a
// person with nothing else said of him.
func TestHyphenatedGivenName(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "\"I am afraid the money is not there,\" Jean-Michel Cordaz, from the Redwood farmers' union, told the Globe news agency. "+
		"\"The money is not there,\" Anna-Lena Kettwig, from the Redwood union, told reporters.")})
	checkTypes(t, g, map[string]string{"Jean-Michel Cordaz": "Person", "Anna-Lena Kettwig": "Person"})
}

// TestNewspaperNames checks the words that end a newspaper's name:
// "the Hollywood Reporter", "the Evening Standard".
func TestNewspaperNames(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Ana Ruiz of the Redwood Reporter said the film was moving. "+
		"The row began when Tom Hale was approached by Northwind Standard reporter Rob Stone.")})
	checkTypes(t, g, map[string]string{"Redwood Reporter": "NewsOutlet", "Northwind Standard": "NewsOutlet", "Ana Ruiz": "Person"})
}

// TestPartyBeforeName checks that a known organisation's name before a
// first name and more is two names: "Liberal Democrat Alan Beith".
func TestPartyBeforeName(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Liberal Democrat Alan Beith said the plan was unfair.")})
	checkTypes(t, g, map[string]string{"Alan Beith": "Person", "Liberal Democrats": "Organization"})
}

// TestWordPartsAreNoNames checks that a prefix before a hyphen, a letter
// alone, "Whilst" after a quotation mark, the place left of "Swiss Re"
// and a verb in -ing opening a sentence before a function word or a noun
// name nothing of their own, and that "Q magazine" and "Swiss Re" do.
func TestWordPartsAreNoNames(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Anti-smoking groups met Globex. Ex-foreign secretary Tom Hale "+
		"needs an X-ray, Ann Roe said. Blue Gene/L is fast. Ann Roe said: \"Whilst it is good, it is late.\" "+
		"Joe Bloggs of Swiss Re spoke to Q magazine. Shivering in a long dress, Ann Roe smiled. "+
		"Analysing traffic will become important for Globex, Ann Roe said.")})
	checkNames(t, g, []string{"Anti", "Ex", "X", "L", "Whilst", "Re", "Shivering", "Analysing"}, []string{"Tom Hale", "Swiss Re", "Q"})
}

// TestKnownNamesSideBySide checks that two known names side by side are
// two names ("told BBC News Labour MPs"), and a known name whole is one.
func TestKnownNamesSideBySide(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Mr Roe told BBC News Labour MPs would not get a free vote. "+
		"The US Federal Trade Commission and the Bank of England did not comment.")})
	checkNames(t, g, []string{"BBC News Labour", "US Federal Trade Commission"}, []string{"BBC", "Labour Party", "Federal Trade Commission", "Bank of England"})
}

// TestElectedTitleEndsNoName checks that an elected member's title in
// capitals after a name ("the Edinburgh MSP", "Labour MPs") is no part of
// it, and that a title in words is ("the US Trade Representative").
func TestElectedTitleEndsNoName(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "The Harbourside MSP earns up to £30,000 a year from Globex. "+
		"Labour MPs said the plan was unfair. Ann Roe met the US Trade Representative on Monday.")})
	checkNames(t, g, []string{"Harbourside MSP", "Labour MPs"}, []string{"Harbourside", "Labour Party", "US Trade Representative"})
}

// TestWorksAreNoEntities checks that a name the article gives as a work's
// title is none of our types, in every mention, and that the names these
// cues stand beside in other ways are kept.
func TestWorksAreNoEntities(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Critics loved the boxing drama Harbour Lights. Harbour Lights made $10m in a week. "+
		"Kestrel Run, starring Ana Ruiz, opened on Friday. Tom Hale, starring in two films this year, spoke. "+
		"It is the film Anne Colter won an Oscar for. In the downloaded movie Orbital Freight is showing a phone.")})
	checkNames(t, g, []string{"Harbour Lights", "Kestrel Run"}, []string{"Ana Ruiz", "Tom Hale", "Anne Colter", "Orbital Freight"})
}

// TestTitlesAndQuestions checks that an auxiliary opening a question
// ("Was Germaine Greer right?") and a title ("DJ", "Speaker") are no part
// of the name after them.
func TestTitlesAndQuestions(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Was Anne Colter right? Radio 1 DJ Tom Hale thinks so. Speaker Ann Roe did not.")})
	checkNames(t, g, []string{"Was Anne Colter", "DJ Tom Hale", "Radio 1 DJ Tom Hale", "Speaker Ann Roe"}, []string{"Anne Colter", "Tom Hale", "Ann Roe"})
}

// TestSpeakerTypedByWhatFollows checks that a speaker of a quote in the
// first person is a person also where the first person comes in the quote
// that goes on after the attribution, and that a participle after a
// speaker's name says nothing of its type ("speaking at Harbour Club").
func TestSpeakerTypedByWhatFollows(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "\"Everybody hits the ball well,\" said Vorster. \"I was that fine line for a long time.\" "+
		"Former champion Jimmy Corwin will help. \"It is right,\" said Corwin, speaking at Harbour Club in London. Corwin has also agreed to commentate.")})
	checkTypes(t, g, map[string]string{"Vorster": "Person", "Jimmy Corwin": "Person"})
	checkNames(t, g, []string{"Corwin"}, nil)
}

// checkNames fails t for each of absent that g has as an entity's name,
// and each of present that it has not.
func checkNames(t *testing.T, g *graph.Graph, absent, present []string) {
	t.Helper()
	names := map[string]bool{}
	for _, e := range g.Entities {
		names[e.Name] = true
	}
	for _, name := range absent {
		if names[name] {
			t.Errorf("%q is an entity: %v", name, keys(names))
		}
	}
	for _, name := range present {
		if !names[name] {
			t.Errorf("%q is no entity: %v", name, keys(names))
		}
	}
}

// checkTypes fails t for each name of want that g does not type so, and
// returns g's types by name.
func checkTypes(t *testing.T, g *graph.Graph, want map[string]string) map[string]string {
	t.Helper()
	types := map[string]string{}
	for _, e := range g.Entities {
		types[e.Name] = e.Type
	}
	for _, name := range sortedKeys(want) {
		if types[name] != want[name] {
			t.Errorf("%s is a %q, want %s (have %v)", name, types[name], want[name], types)
		}
	}
	return types
}

// TestTypesFromContext checks the cues around a name that type it when
// the name itself says nothing: a list of names of one type, the noun
// after a name, "such as", the role of someone of it, an adjective of
// nationality that is part of an organisation's name.
func TestTypesFromContext(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:test", "Makers in wine regions, such as Vauclerc, struggle. "+
		"\"We lost,\" said Dan Hobb. \"I scored once,\" said the Redbridge striker. "+
		"\"It hurt,\" Olan Petrie told Zorvex's Champions magazine. "+
		"Marc Tiller, from the FNLA agricultural union, spoke. "+
		"The European Broadcast Union (EBU) tests formats, and the EBU will decide. "+
		"The visitors face the defence of Mr Varek, Pavel Durnik, Cafo and Alessio Ronetti. "+
		"Australian Mick Corrow won. Ana Ruiz of the European Policy Centre said the centre would grow. "+
		"Fans queued to see the Blair Witch Project again. "+
		"Odile Marnay, a journalist based in Vauclerc, spoke. The politician Tavi Brennor agreed.")})
	types := checkTypes(t, g, map[string]string{
		"Vauclerc": "Place", "Redbridge": "Organization", "Champions": "NewsOutlet", "FNLA": "Organization",
		"European Broadcast Union": "Organization", "Varek": "Person", "Pavel Durnik": "Person", "Cafo": "Person",
		"Alessio Ronetti": "Person", "European Policy Centre": "Organization",
		"Odile Marnay": "Person", "Tavi Brennor": "Person", // by what they do
	})
	if _, ok := types["Mick Corrow"]; !ok {
		t.Errorf("no Mick Corrow: an adjective of nationality before a person's name is not part of it (have %v)", types)
	}
	// A name right after "the" is not a person's, whatever the recogniser
	// makes of it.
	if types["Blair Witch Project"] == "Person" {
		t.Errorf("the Blair Witch Project is a person (have %v)", types)
	}
	if _, ok := types["EBU"]; ok {
		t.Error("EBU, defined in the text, is an entity of its own")
	}
}

func TestQuotes(t *testing.T) {
	x := newExtractor(t)
	cases := []struct {
		name, text string
		want       []string // "speaker: start of quote"
	}{
		{"said after", "\"We never stored any user data on our servers,\" said Maria Lopez, chief executive of Globex Corp.",
			[]string{"Maria Lopez: We never stored"}},
		{"speaker then said", "\"The deal is good for our customers,\" Globex Corp said in a statement.",
			[]string{"Globex: The deal is"}},
		{"colon before", "Maria Lopez said: \"We will fight this ruling in every court.\"",
			[]string{"Maria Lopez: We will fight"}},
		{"that before", "Maria Lopez added that “the company will keep every promise it made.”",
			[]string{"Maria Lopez: the company will"}},
		{"role phrase", "Initech issued a note. “Initech has never sold any customer data to anyone,” the Initech spokesperson said.",
			[]string{"Initech: Initech has never"}},
		{"said the company", "Globex Corp defended the plan. “We are confident in our position on this matter,” said the company.",
			[]string{"Globex: We are confident"}},
		{"dash attribution", "The ruling raises serious questions about how the market works and who it serves. – Jane Goodwin, senior Senator of Ohio",
			[]string{"Jane Goodwin: The ruling raises"}},
		{"over two paragraphs", "\"We looked at every option before we made this choice,\" said Maria Lopez.\n\n\"We are sure it is the right one for our staff and our customers.\"",
			[]string{"Maria Lopez: We looked at", "Maria Lopez: We are sure"}},
		{"the organisation's player", "Rob Stone scored twice for the visitors. \"It was a great night for all of us,\" said the Redwood Rovers striker.",
			[]string{"Rob Stone: It was a"}},
		{"a noun for the name with it in", "The Harbour Alliance, which includes the Redwood Society and Globex, wants a change. \"It will not change the law,\" the alliance said.",
			[]string{"Harbour Alliance: It will not"}},
		{"a noun for a name of its kind only", "The American Film Institute named its top ten. The list also names the Federal Communications Commission. " +
			"Its rulings were noted. So were its fines. The institute concluded the threat \"had a profound effect on television\".",
			[]string{"American Film Institute: had a profound"}},
		{"scare quotes are not speech", "Globex called the plan \"unfair\" on Monday.",
			nil},
		{"a mark that only closes opens no quote", "Maria Lopez said the deal was off. The French want it lifted because they want to sell arms.\" Tom Hale said the plan was " +
			"\" a worrying issue for everyone\". Rob Stone argues that it could lead to a buying spree.",
			[]string{"Tom Hale: a worrying issue"}},
		{"not the person the sentence before is about, where someone else says it", "Rob Stone set out his plans on Monday. \"It is wrong,\" he said. " +
			"Mr Hale has failed to tackle these problems, he claimed, saying he has the \"wrong solution\" to them. \"Worst of all, it is a government that has wasted money.\"",
			[]string{"Rob Stone: Worst of all,", "Rob Stone: It is wrong,"}},
		{"a name that qualifies a noun speaks no words", "Speaking ahead of the expected Globex Board meeting, a spokesman said: \"The government and the board have spent four months attempting to trick soldiers.\"",
			nil},
		{"not a preposition's object after a title", "Tom Hale dropped a tight first set against 2004 Open champion Rob Stone, but was content. " +
			"\"It was about getting used to the surface,\" he said.",
			[]string{"Tom Hale: It was about"}},
		{"the person the sentence before is about", "Maria Lopez went on to list the firm's results. \"So now we have a choice, and we will make it.\"",
			[]string{"Maria Lopez: So now we"}},
		{"not where a speaker that is no name follows", "Maria Lopez is writing her second book. \"Maria Lopez lives the worlds she writes about,\" said a spokesman for the author.",
			nil},
		{"he after an epithet: the person named most", "Rob Stone says Redwood Rovers made a mistake. Rob Stone left the club in 2001. Tom Hale sold him for a record fee. Rob Stone said the fee was fair. " +
			"But Tom Hale insisted he sold the striker because the fee was too good. The affair still rankles with the Englishman.\n\n" +
			"\"I was settled at the club and had even bought a house,\" he said.",
			[]string{"Rob Stone: I was settled"}},
		{"an epithet as the speaker", "Rob Stone joined Redwood Rovers in May. Rob Stone scored twice on Sunday. Tom Hale praised him. \"It was the best game of my life,\" the 27-year-old said.",
			[]string{"Rob Stone: It was the"}},
		{"an age before a person's noun", "Rob Stone opened the show. Rob Stone sang twice. Tom Hale watched. \"It was the best night of my life,\" said the 48-year-old singer.",
			[]string{"Rob Stone: It was the"}},
		{"an age before a thing's noun is no epithet", "Rob Stone opened the show. Rob Stone sang twice. Tom Hale watched. The 40-year-old trade embargo was lifted. \"It was a good night,\" he said.",
			[]string{"Tom Hale: It was a"}},
		{"a nationality word before a noun is no epithet", "Rob Stone scored twice. Rob Stone was named man of the match. Tom Hale praised the team. The Argentine capital was cold. \"We were great,\" he said.",
			[]string{"Tom Hale: We were great,"}},
		{"an epithet in the person's sentence only where no preposition's object", "Rob Stone scored twice. Rob Stone was named man of the match. Tom Hale said one fan had bet on the 27-year-old striker. \"She knew something,\" he said.",
			[]string{"Tom Hale: She knew something,"}},
		{"a person the quote names is spoken of, not speaking", "Tom Hale said the club would not sell Rob Stone. \"Rob Stone is above money,\" he said. " +
			"Rob Stone scored twice on Sunday. \"We all want Rob Stone to stay,\" he said.",
			[]string{"Tom Hale: Rob Stone is"}},
		{"an organisation names itself", "\"Globex is committed to its staff,\" Globex Corp said.",
			[]string{"Globex: Globex is committed"}},
		{"observed", "A crestfallen Tom Hale simply observed: \"There was a good half and there was a bad half.\"",
			[]string{"Tom Hale: There was a"}},
		{"short speech with its speaker", "Initech has bought Initrode. \"We are delighted,\" said Bill Lumbergh, Initech's chief executive.",
			[]string{"Bill Lumbergh: We are delighted,"}},
		{"short title in quotes is not speech", "Bill Lumbergh said Initech's film \"Office Space\" was a success.",
			nil},
		{"the words between two quotes are not a quote", "\"We looked at every option before we chose,\" said Maria Lopez. \"It is the right choice for our staff.\"",
			[]string{"Maria Lopez: We looked at", "Maria Lopez: It is the"}},
		{"paragraphs joined, a quote left open", "\"The plan is the best we have had in years,\" said Maria Lopez. \"It will help every customer. \"But the real test is next year when prices rise,\" she said.",
			[]string{"Maria Lopez: The plan is", "Maria Lopez: It will help", "Maria Lopez: But the real"}},
		{"he is the subject, not the one after a preposition", "Anne Cole of the Daily Mirror Group said that the film was \"moving\". \"It is very emotional and it makes grown men cry,\" she said.",
			[]string{"Anne Cole: It is very"}},
		{"he is not the subject of reported speech", "Bipin Rao, a deputy police chief, said Ravi Khan was being sent back. \"He was on a visitor's visa but he worked here,\" he said.",
			[]string{"Bipin Rao: He was on"}},
		{"he is not a verb's object", "Tom Hale said he could not explain the problems that caused Rob Stone to quit. \"It is a private matter,\" he added.",
			[]string{"Tom Hale: It is a"}},
		{"he is not in what another says", "Tom Hale warned the plan was not as good as Ann Roe would like. \"It will cost jobs,\" he said.",
			[]string{"Tom Hale: It will cost"}},
		{"but after a clause of its own", "Tom Hale said he had had enough, but Globex Corp's Bill Lumbergh rejected his comments. \"We did ask for it,\" he said.",
			[]string{"Bill Lumbergh: We did ask"}},
		{"a name inside a noun phrase is no speaker", "The Reds won 3-1 with a late Tom Hale strike and Bill Lumbergh said: \"It was a really great night.\"",
			[]string{"Bill Lumbergh: It was a"}},
		{"he is not a possessive", "Jaap Stam says Wayne Rooney's stardom is a world away from his own start. \"I was training to be an electrician at his age,\" he said.",
			[]string{"Jaap Stam: I was training"}},
		{"a quote after a person named as speaking", "\"We are pleased with the result,\" said Maria Lopez. Bill Lumbergh said the vote would give Initech a fresh start.\n\n\"Europeans must hope the new board will be much more open.\"",
			[]string{"Maria Lopez: We are pleased", "Bill Lumbergh: Europeans must hope"}},
		{"saying, after a quote of the sentence", "Bill Lumbergh sent Maria Lopez his \"warmest congratulations\", saying: \"We look to the new board to be a unifying force.\"",
			[]string{"Bill Lumbergh: We look to"}},
		{"the first organisation, not the one after a preposition", "\"I am afraid the resources are not up to the task,\" Globex Corp, from the Initech Group, told reporters.",
			[]string{"Globex: I am afraid"}},
		{"according to, then he added", "\"The UK is the largest market in Europe,\" according to John Binks, director of Globex Corp.\n\nBut, he added: \"Of all the screens sold, few are ready.\"",
			[]string{"John Binks: The UK is", "John Binks: Of all the"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := x.Extract([]*graph.Article{article("a:test", c.text)})
			names := map[string]string{}
			for _, e := range g.Entities {
				names[e.ID] = e.Name
			}
			var got []string
			for _, q := range g.Quotes {
				words := strings.Fields(q.Text)
				got = append(got, names[q.Speaker]+": "+strings.Join(words[:min(3, len(words))], " "))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("%s\n got: %q\nwant: %q", c.text, got, c.want)
			}
		})
	}
}

func TestResolution(t *testing.T) {
	x := newExtractor(t)
	arts := []*graph.Article{
		article("a:1", "Senator Mark Warner criticised the plan. Warner said the FTC should act. The Federal Trade Commission did not comment. Lenovo Group and TCL Corp declined to comment."),
		article("a:2", "Mark Warner met Time Warner executives. Lenovo, TCL and Facebook, Inc. were named. FB shares fell. The U.S. and the US government were named."),
		article("a:3", "The Senate Intelligence Committee and the House Intelligence Committee met. Cambridge Analytica was named."),
		article("a:4", "The Cambridge Analytics scandal grew. The Royal Bank of Canada (RBC) said RBC would act."),
		article("a:5", "Robbie Keane scored twice. Afterwards Robbie thanked the fans."),
		article("a:6", "Tom Hale scored twice. Matchwinner Hale thanked the fans."),
		article("a:7", "Mr Quorley did not comment."),
		article("a:8", "Brendan Oduya scored twice. Harbour Rovers: G Marlow, B Oduya, T Penhall."),
		article("a:9", "Mr Oduya was injured on Sunday."),
		article("a:10", "J Quillard unveiled the console on Monday, and Quillard said it would sell well."),
		// Cues give the lone "Santoro" Person votes, too few to type one
		// word alone: they speak for the article's full name, not against.
		article("a:11", "Harbour Rovers coach Jacques Santoro has resigned. There had been speculation that Santoro had felt undermined by the board. "+
			"The problems caused Santoro to quit after 13 games in charge. The board denied reports that Santoro had been given a pay-off. "+
			"\"The problems go deeper, between the director of football at Ashby Lane and Santoro,\" Gary Stone said. \"I think Santoro was very much the opposite.\""),
	}
	g := x.Extract(arts)
	byName := map[string]graph.Entity{}
	for _, e := range g.Entities {
		byName[e.Name] = e
	}
	want := map[string]string{
		"Mark Warner":                   "Person",
		"Time Warner":                   "Company",
		"Federal Trade Commission":      "GovernmentBody",
		"Lenovo":                        "Company",
		"TCL":                           "Company",
		"Facebook":                      "Company",
		"United States":                 "Place",
		"Senate Intelligence Committee": "GovernmentBody",
		"House Intelligence Committee":  "GovernmentBody",
		"Cambridge Analytica":           "Company", // by its misspelling, "Cambridge Analytics"
		"Royal Bank of Canada":          "Company",
		"Quorley":                       "Person",
		"Brendan Oduya":                 "Person", // also "B Oduya" of the team sheet, and "Oduya" alone
		"G Marlow":                      "Person", // an initial and a surname
		"J Quillard":                    "Person", // named so: "Quillard" alone is he
	}
	for name, typ := range want {
		e, ok := byName[name]
		if !ok {
			t.Errorf("no entity %q; have %v", name, keys(byName))
			continue
		}
		if e.Type != typ {
			t.Errorf("%s is a %s, want %s", name, e.Type, typ)
		}
	}
	for _, gone := range []string{"Warner", "FTC", "Lenovo Group", "TCL Corp", "FB", "US", "U.S.", "Cambridge Analytics", "RBC", "Senator Mark Warner", "Robbie", "Matchwinner Hale",
		"B Oduya", "Oduya", "Quillard", "Santoro"} {
		if _, ok := byName[gone]; ok {
			t.Errorf("%q is an entity of its own; it should have been resolved", gone)
		}
	}
	if e := byName["Mark Warner"]; !slices.Contains(e.Aliases, "Warner") {
		t.Errorf("Mark Warner aliases %v lack Warner", e.Aliases)
	}
	if e := byName["Time Warner"]; slices.Contains(e.Aliases, "Mark Warner") || e.Type == "Person" {
		t.Errorf("Time Warner merged with Mark Warner: %+v", e)
	}
	if err := g.Validate(x.o); err != nil {
		t.Error(err)
	}
}

// TestFailedArticleIsKeptAlone checks that a failure met in one article's
// extraction (a bug on text no test has) is reported to Failed, the
// article kept without its names and facts, and the others extracted.
func TestFailedArticleIsKeptAlone(t *testing.T) {
	for _, phase := range []string{"analysis", "facts"} {
		t.Run(phase, func(t *testing.T) {
			hook := func(a *graph.Article) {
				if a.ID == "a:bad" {
					panic("index out of range")
				}
			}
			if phase == "analysis" {
				analyseHook = hook
			} else {
				factsHook = hook
			}
			t.Cleanup(func() { analyseHook, factsHook = nil, nil })
			x := newExtractor(t)
			var failed []string
			var mu sync.Mutex
			x.Failed = func(a *graph.Article, err error) {
				mu.Lock()
				defer mu.Unlock()
				failed = append(failed, a.ID+": "+err.Error())
			}
			g := x.Extract([]*graph.Article{
				article("a:good", "Globex Corp sued Initech Ltd on Monday."),
				article("a:bad", "Hooli Inc sued Vandelay Industries on Monday."),
			})
			if len(failed) != 1 || !strings.HasPrefix(failed[0], "a:bad: ") || !strings.Contains(failed[0], "index out of range") {
				t.Fatalf("failures reported: %q, want one for a:bad", failed)
			}
			if got := facts(g); !slices.Equal(got, []string{"Globex SUED Initech"}) {
				t.Errorf("relations %v, want the good article's only", got)
			}
			if len(g.Articles) != 2 {
				t.Errorf("%d articles, want both kept", len(g.Articles))
			}
			if err := g.Validate(x.o); err != nil {
				t.Error(err)
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestNotNames checks that sentence-initial words, headings, months, events
// and demonyms do not become entities.
// TestResolutionEvidence checks merges that need evidence in the same
// article, and merges that must not happen without it.
func TestResolutionEvidence(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{
		article("a:1", "Vorbal Finance Group bought a bank. Vorbal said the deal was done. "+
			"Olan Petrie told Zorvex's Champions magazine. The Champions League starts soon. "+
			"Delmar Air Lines cut fares. Delmar is restructuring. "+
			"The National Hi-Tech Crime Unit made arrests, the NHTCU said. "+
			"Kestrel Bay Lines (KBL) grew. Brenton Vale spoke."),
		article("a:2", "KBL fell sharply. Branton Vale spoke. Jon Tarrow scored twice. \"We can't all be Jon Tarrows,\" said Ed Mills."),
		article("a:3", "FC Varna beat Dorvik. Varna's defence held firm all night. Fans came from Varna by train."),
	})
	names := map[string]string{}
	for _, e := range g.Entities {
		names[e.ID] = e.Name
	}
	has := func(name string) bool {
		for _, n := range names {
			if n == name {
				return true
			}
		}
		return false
	}
	if has("Vorbal") && (has("Vorbal Finance Group") || has("Vorbal Finance")) {
		t.Error("Vorbal is an entity apart from Vorbal Finance Group; the same article names it in full")
	}
	for _, gone := range []string{"Delmar", "NHTCU", "Jon Tarrows"} {
		if has(gone) {
			t.Errorf("%q is an entity of its own; the same article names it in full", gone)
		}
	}
	for _, kept := range []string{"Champions", "Champions League", "Brenton Vale", "Branton Vale", "KBL", "Kestrel Bay Lines"} {
		if !has(kept) {
			t.Errorf("no entity %q; have %v", kept, names)
		}
	}
	if !has("FC Varna") || !has("Varna") {
		t.Errorf("want FC Varna (its defence) and Varna (the town fans came from); have %v", names)
	}
	for _, m := range g.Mentions {
		if names[m.Entity] == "FC Varna" && m.Count != 2 {
			t.Errorf("FC Varna is named %d times, want 2: \"Varna's defence\" is the club's", m.Count)
		}
	}
	for id, n := range names {
		if n == "Delmar Air Lines" && !strings.HasPrefix(id, "Company:") {
			t.Errorf("Delmar Air Lines is %s, want a Company", id)
		}
	}
}

func TestNotNames(t *testing.T) {
	x := newExtractor(t)
	text := "Critics said the plan was late. Following the vote, Chinese officials met Americans in June. " +
		"Furthermore, the World Cup starts in May. I'm sure, said Tom Baker of Globex Corp. " +
		"\"Everybody knows the plan,\" he said. Ninety one MPs have signed it. Twelve did not."
	g := x.Extract([]*graph.Article{article("a:1", text)})
	var names []string
	for _, e := range g.Entities {
		names = append(names, e.Name)
	}
	slices.Sort(names)
	if want := []string{"Globex", "Tom Baker"}; !slices.Equal(names, want) {
		t.Errorf("entities %q, want %q", names, want)
	}
	// Adjectives of peoples and faiths, listed or made from a place's
	// name, pairs of places or peoples, and acronyms in the plural are no
	// names; at the head of a name the first are part of it.
	g = x.Extract([]*graph.Article{article("a:2", "The film is about the Rwandan genocide and a Viennese waltz. "+
		"Jewish leaders met Muslims from the Muslim Council of Harbourland. The French-Canadian singer backed the India-Pakistan talks. "+
		"Sales of PVRs and HDTVs rose.")})
	names = lo.Map(g.Entities, func(e graph.Entity, _ int) string { return e.Name })
	slices.Sort(names)
	if want := []string{"Muslim Council of Harbourland"}; !slices.Equal(names, want) {
		t.Errorf("entities %q, want %q", names, want)
	}
	// Words that end in a role are a title, unless a place, a people's
	// or a cue word makes them an organisation's name.
	g = x.Extract([]*graph.Article{article("a:3", "As the Harbour Party's Parliamentary Leader, Mr Hale spoke first. The Deputy Leader agreed, and so did the Scottish Executive.")})
	names = lo.Map(g.Entities, func(e graph.Entity, _ int) string { return e.Name })
	slices.Sort(names)
	if want := []string{"Hale", "Harbour Party", "Scottish Executive"}; !slices.Equal(names, want) {
		t.Errorf("entities %q, want %q", names, want)
	}
	// The pronoun "I" ends no name but a numeral's; a title that speaks
	// ("… Me", "… Don't …") is a work's.
	g = x.Extract([]*graph.Article{article("a:4", "Harbourton I think will win. Super Size Me director Morgan Spurlock spoke, and Glass Hearts Don't Break won. Queen Elizabeth I reigned. Subs Not Used: Morgan Spurlock. Sales rose over the New Year. Labour MSP Rob Stone spoke of Anglo-Dutch ties and Catholic schools.")})
	names = lo.Map(g.Entities, func(e graph.Entity, _ int) string { return e.Name })
	slices.Sort(names)
	if want := []string{"Elizabeth I", "Harbourton", "Labour Party", "Morgan Spurlock", "Rob Stone"}; !slices.Equal(names, want) {
		t.Errorf("entities %q, want %q", names, want)
	}
}

// TestExtractIsDeterministic runs the extractor twice, with one worker and
// with many, over the articles in several orders: the graph must be the
// same.
func TestExtractIsDeterministic(t *testing.T) {
	x := newExtractor(t)
	arts := founding(t)
	x.Workers = 1
	a := x.Extract(arts)
	slices.Reverse(arts)
	x.Workers = 8
	b := x.Extract(arts)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("two runs over the same articles gave different graphs")
	}
}

func TestOneEdit(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"analytica", "analytics", true}, {"facebook", "facebok", true}, {"huawei", "huawie", true},
		{"warner", "warner", false}, {"warner", "werner", true}, {"time", "mark", false}, {"abc", "abcde", false},
		{"senate", "house", false},
	} {
		if got := oneEdit(c.a, c.b); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

// TestHeadlines checks that a headline is read like a sentence, in
// sentence case or title case, that it is evidence only of what the story
// does not say itself, and that the offsets of the text's own claims and
// quotes stay the text's.
func TestHeadlines(t *testing.T) {
	x := newExtractor(t)
	body := "Globex Corp filed a lawsuit on Monday. Initech said the claim had no merit. \"We will fight this in court,\" said Bill Lumbergh, Initech's chief executive."
	for _, title := range []string{"Globex sues Initech over patents", "Globex Sues Initech Over Patents"} {
		t.Run(title, func(t *testing.T) {
			a := article("a:h", body)
			a.Title = title
			g := x.Extract([]*graph.Article{a})
			names := map[string]string{}
			for _, e := range g.Entities {
				names[e.ID] = e.Name
			}
			for _, junk := range []string{"Sues", "Over Patents", "Patents", "Sues Initech Over Patents"} {
				for _, n := range names {
					if n == junk {
						t.Errorf("%q from the headline is an entity", junk)
					}
				}
			}
			headline := false
			for _, c := range g.Claims {
				if c.Start < 0 {
					headline = headline || c.Sentence == title && c.Type == "SUED" && names[c.Subject] == "Globex" && names[c.Object] == "Initech"
					if c.Pattern != famHeadline {
						t.Errorf("headline claim %s: pattern %q, want %q", c.Type, c.Pattern, famHeadline)
					}
					continue
				}
				if body[c.Start:c.End] != c.Sentence {
					t.Errorf("claim at %d-%d: %q is not the text's %q", c.Start, c.End, c.Sentence, body[c.Start:c.End])
				}
			}
			if !headline {
				t.Errorf("no claim Globex SUED Initech from the headline %q: %+v", title, g.Claims)
			}
			if len(g.Quotes) != 1 || !strings.HasPrefix(body[g.Quotes[0].Start:], g.Quotes[0].Text) {
				t.Errorf("quotes %+v do not hold the text's offsets", g.Quotes)
			}
		})
	}
	a := article("a:h", body+" Globex sued Initech in 2019 too.")
	a.Title = "Globex sues Initech over patents"
	for _, c := range x.Extract([]*graph.Article{a}).Claims {
		if c.Start < 0 {
			t.Errorf("the story states %s itself, yet the headline gave a claim", c.Type)
		}
	}
}

// TestTitleFromTheText checks that a title made of the text's first
// sentence, as the loaders make one for an article with no headline, is
// not read a second time: its quote is the text's, once.
func TestTitleFromTheText(t *testing.T) {
	x := newExtractor(t)
	body := `Ann Roe of Initech said on Monday: "We will fight this in court." Globex Corp sued Initech last week.`
	for _, title := range []string{`Ann Roe of Initech said on Monday: "We will fight this in court."`, "Ann Roe of Initech said on Monday: \"We will fight this…"} {
		a := article("a:t", body)
		a.Title = title
		g := x.Extract([]*graph.Article{a})
		if len(g.Quotes) != 1 || g.Quotes[0].Start < 0 {
			t.Errorf("title %q: quotes %+v, want the text's one", title, g.Quotes)
		}
	}
}

// TestNamesWithFor checks that "for" joins an organisation's name after a
// common noun, and not a person's name to a team's.
func TestNamesWithFor(t *testing.T) {
	x := newExtractor(t)
	g := x.Extract([]*graph.Article{article("a:for", "Ann Roe, head of marketing at Transport for Redbridge, said public transport fares would rise. "+
		"The Department for Harbour Affairs agreed. Then Tom Gerrard for Redbridge Rovers scored twice.")})
	names := map[string]bool{}
	for _, e := range g.Entities {
		names[e.Name] = true
	}
	for _, want := range []string{"Transport for Redbridge", "Department for Harbour Affairs", "Tom Gerrard", "Redbridge Rovers"} {
		if !names[want] {
			t.Errorf("no entity %q; have %v", want, names)
		}
	}
	if names["Tom Gerrard for Redbridge Rovers"] {
		t.Error("a person and a team joined by \"for\" into one name")
	}
	// "Centre" says what a name is, and "for the" joins after such a
	// word, not after a place's ("Secretary of State for the Family").
	// A word, 's, and an organisation's word alone are one name.
	g = x.Extract([]*graph.Article{article("a:for2", "Ann Roe, of the Centre for Transport and Harbours, spoke. Tom Hale, of the Forum for the Redbridge Future, agreed. "+
		"Both the Vexmoor's Society and the Secretary of State for the Family disagreed.")})
	checkNames(t, g, []string{"Centre", "Forum", "Vexmoor", "State for the Family"},
		[]string{"Centre for Transport and Harbours", "Forum for the Redbridge Future", "Vexmoor's Society"})
}

// TestRecognisedPersonBeatsTheDefault checks that a name of words that
// are no common words, which the recogniser types a person's in a quarter
// of its mentions or more and more often than anything else, is a
// person's where nothing else speaks, though the recogniser typed fewer
// than half its mentions ("tries from Lewis Moody, Geordan Murphy and
// Martin Corry"); not a name of common words, nor one it seldom types.
func TestRecognisedPersonBeatsTheDefault(t *testing.T) {
	for _, c := range []struct {
		key        string
		recognised map[string]int
		want       string
	}{
		{"geordan murphy", map[string]int{"person": 2, "place": 1}, "Person"},
		{"joice maduaka", map[string]int{"person": 2}, "Person"},
		{"geordan murphy", map[string]int{"person": 2, "place": 2}, defaultLabel},
		{"geordan murphy", map[string]int{"person": 1}, defaultLabel}, // 1 of 7 mentions
		{"band aid", map[string]int{"person": 3}, defaultLabel},
		{"standard & poor", map[string]int{"person": 3}, defaultLabel},
		{"murphy", map[string]int{"person": 3}, defaultLabel},
	} {
		e := newEntity(c.key)
		e.mentions, e.narts, e.recognised = 7, 7, c.recognised
		if got := decideLabel(e, true); got != c.want {
			t.Errorf("%q recognised %v: %s, want %s", c.key, c.recognised, got, c.want)
		}
	}
}
