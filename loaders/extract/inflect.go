package extract

import "strings"

// inflections are the forms of the English verb lemma: the lemma, its -s,
// -ed and -ing forms by the regular rules, and the forms irregular gives
// it ("buy": bought). Where a rule is in doubt (a doubled final
// consonant: "ban" banned, "open" opened) both forms are made; a form no
// text has costs nothing.
func inflections(lemma string, irregular map[string][]string) []string {
	forms := map[string]bool{lemma: true}
	add := func(ws ...string) {
		for _, w := range ws {
			forms[w] = true
		}
	}
	n := len(lemma)
	last := func(k int) byte {
		if n >= k {
			return lemma[n-k]
		}
		return 0
	}
	vowel := func(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }
	stem := lemma
	switch {
	case strings.HasSuffix(lemma, "ie"): // die: dies, died, dying
		add(lemma+"s", lemma+"d", lemma[:n-2]+"ying")
	case strings.HasSuffix(lemma, "ee") || strings.HasSuffix(lemma, "ye") || strings.HasSuffix(lemma, "oe"):
		add(lemma+"s", lemma+"d", lemma+"ing") // agree, dye
	case last(1) == 'e':
		add(lemma+"s", lemma+"d", lemma[:n-1]+"ing")
	case last(1) == 'y' && !vowel(last(2)):
		add(lemma[:n-1]+"ies", lemma[:n-1]+"ied", lemma+"ing")
	default:
		if strings.HasSuffix(lemma, "s") || strings.HasSuffix(lemma, "x") || strings.HasSuffix(lemma, "z") ||
			strings.HasSuffix(lemma, "ch") || strings.HasSuffix(lemma, "sh") || strings.HasSuffix(lemma, "o") {
			add(lemma + "es")
		} else {
			add(lemma + "s")
		}
		add(stem+"ed", stem+"ing")
		// consonant, vowel, consonant: ban, banned; also cancel, cancelled
		if n >= 3 && !vowel(last(1)) && vowel(last(2)) && !vowel(last(3)) && strings.IndexByte("wxy", last(1)) < 0 {
			d := lemma + lemma[n-1:]
			add(d+"ed", d+"ing")
		}
	}
	add(irregular[lemma]...)
	return sortedKeys(forms)
}
