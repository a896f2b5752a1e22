package loaders

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/samber/lo"
)

// The page reader's metadata is taken as it is, except for what pages put
// in the wrong field: the words around an author's name ("Analysis by",
// "Текст", a weekday or month of the dateline, degrees after the name), a
// site's name after the headline in <title>, or a URL or copyright line
// given as the site's name.

var (
	// reAuthorLead matches the words before a name in a byline, in the
	// languages of the web: "By", "Analysis by", "Par", "Von", "Текст".
	reAuthorLead = regexp.MustCompile(`(?i)^(?:(?:analysis|opinion|commentary|review|text|words|story|reporting|written|posted|photos?)\s+)?(?:by|par|por|von|di|door|av)\s+|^(?:текст|автор|фото)\s*:?\s+`)
	// credentials are degrees written after a name ("Rachael Link, MS, RD").
	credentials = lo.SliceToMap(strings.Fields("ms ma mba md phd rd rdn rn mph msc bsc do cpt cscs lmft lcsw jd esq"),
		func(w string) (string, bool) { return w, true })
)

// tidyAuthor cleans each of the names in a page's author field ("; "
// between them) and drops parts that are no name.
func tidyAuthor(author string) string {
	parts := lo.FilterMap(strings.Split(author, ";"), func(p string, _ int) (string, bool) {
		p = reAuthorLead.ReplaceAllString(normalizeLine(p), "")
		words := strings.Fields(p)
		// A dateline's word goes only where two words of the name stay,
		// so that Theresa May keeps hers.
		for len(words) > 2 && isDateWord(words[len(words)-1]) {
			words = words[:len(words)-1]
		}
		p = strings.Join(words, " ")
		lower := strings.ToLower(p)
		keep := p != "" && !isDateWord(p) && !credentials[strings.Trim(lower, ".")] && !strings.Contains(lower, "commented")
		return p, keep
	})
	return strings.Join(lo.Uniq(parts), "; ")
}

// isDateWord reports a weekday or month name (dates.go's), which a
// dateline leaves beside a name ("Jeff Foust Monday, November 18").
func isDateWord(w string) bool {
	w = strings.ToLower(strings.Trim(w, ".,"))
	_, month := months[w]
	_, day := weekdays[w]
	return month || day
}

// tidyPublisher drops a site name that is a URL or a copyright line.
func tidyPublisher(name string) string {
	lower := strings.ToLower(name)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") ||
		strings.HasPrefix(lower, "copyright") || strings.HasPrefix(lower, "©") {
		return ""
	}
	return name
}

// titleSeparators part a headline from the site's name in <title>.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · "}

// tidyTitle drops the site's name from either end of a title ("Spiced
// Honey Pear Jam Recipe | The Anti-June Cleave", "… | National Review"),
// known by the publisher's name or the page's host name.
func tidyTitle(title, publisher, pageURL string) string {
	names := []string{squash(publisher)}
	if u, err := url.Parse(pageURL); err == nil && u.Hostname() != "" {
		host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		names = append(names, squash(host), squash(strings.Split(host, ".")[0]))
	}
	isSite := func(s string) bool {
		k := squash(s)
		return k != "" && lo.Contains(names, k)
	}
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > 0 && isSite(title[i+len(sep):]) {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.Index(title, sep); i > 0 && isSite(title[:i]) && len(title[i+len(sep):]) > 0 {
			return strings.TrimSpace(title[i+len(sep):])
		}
	}
	return title
}

// squash keeps the letters and digits of s, lower case: "National Review"
// and "nationalreview" meet.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}
