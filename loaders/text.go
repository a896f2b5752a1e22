package loaders

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

var (
	// reMeta matches "Published: …", "Date - …", "Author: …" lines.
	reMeta = regexp.MustCompile(`(?i)^(published( on| at)?|date|posted( on)?|updated( on)?|last updated|author|written by|byline|source|publisher|site)\s*[:\-\x{2013}|]\s*(.*)$`)
	// reBy matches a byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters".
	reBy         = regexp.MustCompile(`^(?i:by)\s+(\p{Lu}[\p{L}.'\-]+(?:\s+(?:\p{Lu}[\p{L}.'\-]+|and|&|de|van|von|der|la))*)\s*(?:[,|\x{2013}\x{2014}-]\s*(.*))?$`)
	rePersonName = regexp.MustCompile(`^\p{Lu}[\p{Ll}'\-]+(?:\s+\p{Lu}\.?)?(?:\s+\p{Lu}[\p{Ll}'\-]+){1,2}$`)
	reMdHeading  = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*$`)
	reMdImage    = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	reMdLink     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	reMdEmphasis = regexp.MustCompile(`(\*\*|__|\*|_)(\S(?:.*?\S)?)(\*\*|__|\*|_)`)
	reMdListMark = regexp.MustCompile(`^(?:[-*+]|\d+[.)])\s+`)
	reMdSetext   = regexp.MustCompile(`^(=+|-+)$`)
	// reCharRef matches an HTML character reference: "&#233;", "&#xE9;",
	// "&eacute;". Text copied from web pages keeps them ("Jos&#233; Manuel
	// Barroso"); "AT&T" and "R&D" are not references.
	reCharRef = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
)

// charRefs replaces the HTML character references of a line of text by
// the characters they stand for; unknown names stay as written.
func charRefs(line string) string {
	if !strings.Contains(line, "&") {
		return line
	}
	return reCharRef.ReplaceAllStringFunc(line, html.UnescapeString)
}

// parseText reads plain text or Markdown: the first line that looks like a
// headline is the title, metadata lines ("Published:", "By …") set fields
// instead of joining the body, and the rest is cleaned.
func parseText(text string, markdown bool, order DateOrder) draft {
	d := draft{format: "text"}
	if markdown {
		d.format = "markdown"
	}
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
	if markdown {
		lines = frontMatter(lines, &d, order)
	}
	var blocks [][]string // runs of non-blank lines
	var cur []string
	inFence := false
	for _, raw := range lines {
		line := normalizeLine(charRefs(raw))
		if markdown {
			if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
				inFence = !inFence
				continue
			}
			if inFence || reMdSetext.MatchString(line) && len(cur) > 0 {
				continue
			}
			line = markdownInline(line)
		}
		if line == "" {
			if len(cur) > 0 {
				blocks = append(blocks, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}

	var units []string
	pendingMeta := ""
	titleFound := false
	afterTitle := 0 // units seen since the title, for the byline
	for _, b := range blocks {
		for _, line := range joinWrapped(b) {
			if pendingMeta != "" {
				key := pendingMeta
				pendingMeta = ""
				if setMeta(&d, key, line, order) {
					continue
				}
			}
			if taken, pending := takeMeta(&d, line, order); taken {
				pendingMeta = pending
				continue
			}
			heading := ""
			if markdown {
				if m := reMdHeading.FindStringSubmatch(line); m != nil {
					heading = m[1]
				}
			}
			if !titleFound {
				if heading != "" {
					d.title, titleFound = heading, true
					continue
				}
				if looksLikeTitle(line) {
					d.title, titleFound = line, true
					continue
				}
				if !isCallToAction(line) && !isFragment(line) {
					// Story text before any headline: there is no title.
					titleFound = true
				} else {
					continue // chrome above the headline
				}
			}
			if heading != "" {
				continue // section headings are not sentences
			}
			if afterTitle == 0 && d.author == "" && rePersonName.MatchString(line) {
				d.author = line // a bare byline under the headline
				continue
			}
			if d.author != "" && line == d.author {
				continue
			}
			if afterTitle == 0 && d.author != "" && reRoleOpening.MatchString(line) {
				continue // the author's biography under the byline
			}
			afterTitle++
			units = append(units, line)
		}
	}
	d.units = units
	return d
}

// looksLikeTitle: a line of 3 to 25 words that is not chrome and does not
// read as a finished sentence of running text.
func looksLikeTitle(line string) bool {
	n := wordCount(line)
	if n < 3 || n > 25 || isCallToAction(line) {
		return false
	}
	return !strings.HasSuffix(line, ".") || n <= 12
}

// joinWrapped joins hard-wrapped lines of one block: a line without an end
// mark continues on the next when the next starts in lower case or the
// line is long (it filled the width). Short unpunctuated lines stay apart:
// they are captions or headings.
func joinWrapped(block []string) []string {
	var out []string
	for _, line := range block {
		if n := len(out); n > 0 {
			prev := out[n-1]
			first := []rune(line)[0]
			if !hasEndMark(prev) && (unicode.IsLower(first) || len(prev) >= 60) {
				out[n-1] = prev + " " + line
				continue
			}
		}
		out = append(out, line)
	}
	return out
}

// takeMeta stores a metadata line ("Published: 3 June 2018", "By Jane
// Doe, Reuters") in d and reports whether the line was one. A key without
// a value ("Published:") is returned as pending: its value is on the next
// line.
func takeMeta(d *draft, line string, order DateOrder) (taken bool, pending string) {
	if wordCount(line) > 12 {
		return false, ""
	}
	if m := reMeta.FindStringSubmatch(line); m != nil {
		key, value := strings.ToLower(m[1]), strings.TrimSpace(m[5])
		if value == "" {
			return true, key
		}
		if setMeta(d, key, value, order) {
			return true, ""
		}
	}
	if m := reBy.FindStringSubmatch(line); m != nil {
		if d.author == "" {
			d.author = m[1]
		}
		if m[2] != "" && d.publisher == "" && wordCount(m[2]) <= 4 {
			d.publisher = m[2]
		}
		return true, ""
	}
	return false, ""
}

// setMeta stores a metadata value and reports whether it was one.
func setMeta(d *draft, key, value string, order DateOrder) bool {
	switch {
	case strings.HasPrefix(key, "published"), key == "date", strings.HasPrefix(key, "posted"):
		if date, note, ok := ParseDate(value, order); ok {
			d.published, d.note = date, note
			return true
		}
		return false
	case strings.HasPrefix(key, "updated"), key == "last updated":
		if _, _, ok := ParseDate(value, order); ok {
			return true // an update date is not the publication date
		}
		return false
	case key == "author", key == "written by", key == "byline":
		if d.author == "" {
			d.author = value
		}
		return true
	case key == "source", key == "publisher", key == "site":
		if d.publisher == "" {
			d.publisher = value
		}
		return true
	}
	return false
}

// frontMatter reads a YAML-style front matter block of simple key: value
// lines and returns the lines after it.
func frontMatter(lines []string, d *draft, order DateOrder) []string {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return lines
	}
	for i := 1; i < len(lines) && i < 100; i++ {
		line := strings.TrimSpace(lines[i])
		if line == "---" || line == "..." {
			return lines[i+1:]
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.Trim(strings.TrimSpace(value), `"'`)
		switch key {
		case "title", "headline":
			d.title = value
		default:
			setMeta(d, key, value, order)
		}
	}
	return lines
}

func markdownInline(line string) string {
	line = reMdImage.ReplaceAllString(line, "")
	line = reMdLink.ReplaceAllString(line, "$1")
	line = reMdEmphasis.ReplaceAllString(line, "$2")
	line = strings.TrimPrefix(line, "> ")
	if line == ">" {
		return ""
	}
	line = reMdListMark.ReplaceAllString(line, "")
	return strings.TrimSpace(line)
}
