package loaders

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DateOrder says how to read an all-numeric date whose day and month could
// be swapped, like 07/06/2018.
type DateOrder string

const (
	DayFirst   DateOrder = "dmy" // 07/06/2018 is 7 June 2018 (most of the world)
	MonthFirst DateOrder = "mdy" // 07/06/2018 is 6 July 2018 (United States)
)

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var (
	reISO      = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$`)
	reNumeric  = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$`)
	reMonthDay = regexp.MustCompile(`(?i)^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	reDayMonth = regexp.MustCompile(`(?i)^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b`)
)

var layouts = []string{time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, time.RFC850,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "Mon, 02 Jan 2006 15:04:05 Z07:00"}

// ParseDate reads a publication date in the forms news sites use: ISO
// dates and timestamps, RFC 1123 (feeds), 07/06/2018, "June 3rd, 2018",
// "3 June 2018". It returns the date as YYYY-MM-DD and, where the input
// allowed two readings, a note that says which one was taken and why.
func ParseDate(s string, order DateOrder) (date, note string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", false
	}
	if m := reISO.FindStringSubmatch(s); m != nil {
		return ymd(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), "", true
		}
	}
	if m := reNumeric.FindStringSubmatch(s); m != nil {
		a, b, y := atoi(m[1]), atoi(m[2]), atoi(m[3])
		if y < 100 {
			y += 2000
		}
		switch {
		case a > 12 && b <= 12:
			return ymd(y, b, a)
		case b > 12 && a <= 12:
			return ymd(y, a, b)
		case a == b:
			return ymd(y, a, b)
		}
		day, month := a, b
		if order == MonthFirst {
			day, month = b, a
		}
		date, _, ok := ymd(y, month, day)
		if !ok {
			return "", "", false
		}
		other, _, _ := ymd(y, day, month)
		return date, fmt.Sprintf("ambiguous date %q: read as %s (order %s), could be %s", s, date, order, other), true
	}
	if m := reMonthDay.FindStringSubmatch(s); m != nil {
		if mon, found := months[strings.ToLower(m[1])]; found {
			return ymd(atoi(m[3]), int(mon), atoi(m[2]))
		}
	}
	if m := reDayMonth.FindStringSubmatch(s); m != nil {
		if mon, found := months[strings.ToLower(m[2])]; found {
			return ymd(atoi(m[3]), int(mon), atoi(m[1]))
		}
	}
	return "", "", false
}

func ymd(y, m, d int) (string, string, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 June and the like
		return "", "", false
	}
	return t.Format("2006-01-02"), "", true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// MonthWord reports whether a word in lower case names a month ("may",
// "sept").
func MonthWord(low string) bool {
	_, ok := months[low]
	return ok
}

// DayWord reports whether a word in lower case names a day by its place
// around the article's date: a weekday, "today", "yesterday", "tomorrow".
func DayWord(low string) bool {
	_, ok := weekdays[low]
	return ok || low == "today" || low == "yesterday" || low == "tomorrow"
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

var reRelative = regexp.MustCompile(`(?i)\b(?:(on|last|this|next|earlier this|later this)\s+(sunday|monday|tuesday|wednesday|thursday|friday|saturday|week|month|year)|(yesterday|today|tomorrow)|(sunday|monday|tuesday|wednesday|thursday|friday|saturday)(?:\s+(?:morning|afternoon|evening|night))?)\b`)

// RelativeDate is a date phrase found in a text, resolved against a base
// date.
type RelativeDate struct {
	Phrase string `json:"phrase"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	// Date is YYYY-MM-DD; for a week, month or year it is the first day.
	Date string `json:"date"`
	// Precision is "day", "week", "month" or "year".
	Precision string `json:"precision"`
}

// FindRelativeDates finds phrases like "on Sunday", "last week", "later
// this week" and "yesterday" in text and resolves them against base
// (YYYY-MM-DD), the publication date. A bare weekday means the latest such
// day on or before the base, as news reports past events; with "next" it
// means the next one.
func FindRelativeDates(text, base string) []RelativeDate {
	b, err := time.Parse("2006-01-02", base)
	if err != nil {
		return nil
	}
	var out []RelativeDate
	for _, m := range reRelative.FindAllStringSubmatchIndex(text, -1) {
		phrase := text[m[0]:m[1]]
		mod, unit := "", ""
		if m[2] >= 0 {
			mod, unit = strings.ToLower(text[m[2]:m[3]]), strings.ToLower(text[m[4]:m[5]])
		} else if m[6] >= 0 {
			unit = strings.ToLower(text[m[6]:m[7]])
		} else {
			mod, unit = "on", strings.ToLower(text[m[8]:m[9]])
		}
		d, prec, ok := resolve(b, mod, unit)
		if !ok {
			continue
		}
		out = append(out, RelativeDate{Phrase: phrase, Start: m[0], End: m[1], Date: d.Format("2006-01-02"), Precision: prec})
	}
	return out
}

func resolve(b time.Time, mod, unit string) (time.Time, string, bool) {
	switch unit {
	case "yesterday":
		return b.AddDate(0, 0, -1), "day", true
	case "today":
		return b, "day", true
	case "tomorrow":
		return b.AddDate(0, 0, 1), "day", true
	case "week":
		monday := b.AddDate(0, 0, -((int(b.Weekday()) + 6) % 7))
		switch mod {
		case "last":
			return monday.AddDate(0, 0, -7), "week", true
		case "next":
			return monday.AddDate(0, 0, 7), "week", true
		default:
			return monday, "week", true
		}
	case "month":
		first := time.Date(b.Year(), b.Month(), 1, 0, 0, 0, 0, time.UTC)
		switch mod {
		case "last":
			return first.AddDate(0, -1, 0), "month", true
		case "next":
			return first.AddDate(0, 1, 0), "month", true
		default:
			return first, "month", true
		}
	case "year":
		first := time.Date(b.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		switch mod {
		case "last":
			return first.AddDate(-1, 0, 0), "year", true
		case "next":
			return first.AddDate(1, 0, 0), "year", true
		default:
			return first, "year", true
		}
	}
	wd, ok := weekdays[unit]
	if !ok {
		return time.Time{}, "", false
	}
	back := (int(b.Weekday()) - int(wd) + 7) % 7
	switch mod {
	case "next":
		fwd := (int(wd) - int(b.Weekday()) + 7) % 7
		if fwd == 0 {
			fwd = 7
		}
		return b.AddDate(0, 0, fwd), "day", true
	case "last":
		if back == 0 {
			back = 7
		}
		return b.AddDate(0, 0, -back), "day", true
	case "this", "later this", "earlier this":
		monday := b.AddDate(0, 0, -((int(b.Weekday()) + 6) % 7))
		return monday.AddDate(0, 0, (int(wd)+6)%7), "day", true
	}
	return b.AddDate(0, 0, -back), "day", true
}
