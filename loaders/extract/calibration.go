package extract

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/samber/lo"

	"github.com/newsgraph/graph/graph"
)

// The kinds of evidence a claim comes from (graph.Claim.Pattern). The
// ontology's pattern kinds (active, nominal, inverse, implicit) are kinds
// too.
const (
	famPassive  = "passive"  // "Huawei was blocked by the Pentagon"
	famSpeaker  = "speaker"  // an implicit pattern whose subject is the quote's speaker
	famContext  = "context"  // an implicit pattern whose object is the story's other party
	famList     = "list"     // a sentence that goes on with the list of an earlier one
	famRole     = "role"     // a role phrase: "Facebook's chief executive Mark Zuckerberg"
	famTie      = "tie"      // a person of an organisation, with no role word
	famHeadline = "headline" // any pattern in the headline
	famBased    = "based"    // a place that qualifies an organisation: "the Paris-based Euronext"
)

// Calibration is how often each kind of evidence was right on hand-made
// gold: per pattern and relation type, the claims the gold confirms and
// those it refutes. A claim's confidence is that precision, so "0.9"
// means about nine in ten such claims are right. Where the gold holds few
// claims of a kind, the precision is smoothed towards its pattern's, and
// that towards the pattern's prior, a judgement that weighs as much as a
// few claims.
type Calibration struct {
	counts map[[2]string][2]int // {pattern, relation} → {right, wrong}
}

// calibrationTSV is the shipped calibration, made by scripts/calibrate
// from ../shared/eval/bbc-dev.gold.json.
//
//go:embed calibration.tsv
var calibrationTSV string

var shipped = lo.Must(ReadCalibration(strings.NewReader(calibrationTSV)))

// prior is the weight, in claims, of the broader precision a few claims
// are smoothed towards.
const prior = 3

// priors are each pattern's precision before any gold: how far its
// evidence reaches (a role phrase names both sides; an implicit object is
// a guess).
var priors = map[string]float64{"active": 0.8, "apposition": 0.8, "inverse": 0.8, "nominal": 0.7, "implicit": 0.7, famPassive: 0.8,
	famSpeaker: 0.6, famContext: 0.55, famList: 0.6, famRole: 0.85, famTie: 0.7, famHeadline: 0.6,
	famBased: 0.85}

// of is the confidence of a claim of relation rel from evidence of kind
// pattern.
func (c *Calibration) of(pattern, rel string) float64 {
	var fam [2]int
	for k, n := range c.counts {
		if k[0] == pattern {
			fam[0], fam[1] = fam[0]+n[0], fam[1]+n[1]
		}
	}
	p := smooth(fam, lo.ValueOr(priors, pattern, 0.5))
	p = smooth(c.counts[[2]string{pattern, rel}], p)
	return float64(int(p*1000+0.5)) / 1000
}

// smooth is the share right of n, pulled towards p by prior claims.
func smooth(n [2]int, p float64) float64 {
	return (float64(n[0]) + prior*p) / float64(n[0]+n[1]+prior)
}

// ReadCalibration reads a table that WriteTo wrote.
func ReadCalibration(r io.Reader) (*Calibration, error) {
	c := &Calibration{counts: map[[2]string][2]int{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("calibration line %d: want pattern, relation, right, wrong", line)
		}
		right, err1 := strconv.Atoi(f[2])
		wrong, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil || right < 0 || wrong < 0 {
			return nil, fmt.Errorf("calibration line %d: counts must be whole numbers", line)
		}
		c.counts[[2]string{f[0], f[1]}] = [2]int{right, wrong}
	}
	return c, sc.Err()
}

// WriteTo writes the table: a header, then pattern, relation, right and
// wrong, tab-separated.
func (c *Calibration) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	b.WriteString("# How often each kind of evidence was right on the development gold\n")
	b.WriteString("# (../shared/eval/bbc-dev.gold.json): claims the gold confirms and refutes.\n")
	b.WriteString("# Made by: go run ./scripts/calibrate (do not edit by hand).\n")
	b.WriteString("# pattern\trelation\tright\twrong\n")
	keys := lo.Keys(c.counts)
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		n := c.counts[k]
		fmt.Fprintf(&b, "%s\t%s\t%d\t%d\n", k[0], k[1], n[0], n[1])
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// SetCalibration makes the extractor's confidences come from c instead of
// the shipped table.
func (x *Extractor) SetCalibration(c *Calibration) { x.cal = c }

// Gold is hand-made gold in the format of ../shared/eval: entities with
// their names, and the relations a reader finds (required) or accepts
// (optional).
type Gold struct {
	Entities map[string]struct {
		Names []string `json:"names"`
		Type  string   `json:"type"`
	} `json:"entities"`
	Relations struct {
		Required [][3]string `json:"required"`
		Optional [][3]string `json:"optional"`
	} `json:"relations"`
}

// ParseGold reads a gold file.
func ParseGold(data []byte) (*Gold, error) {
	var g Gold
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("gold: %w", err)
	}
	return &g, nil
}

// Verdict is what the gold says of a fact.
type Verdict int

const (
	Unjudged Verdict = iota // an optional fact: neither right nor wrong
	Right
	Wrong
)

// Judge returns a function that tells what the gold says of a fact of
// graph g, the way ../shared/eval/score.py matches names.
func (gd *Gold) Judge(g *graph.Graph) func(typ, source, target string) Verdict {
	byName := map[string][]string{}
	for _, key := range lo.Keys(gd.Entities) {
		for _, n := range gd.Entities[key].Names {
			byName[goldNorm(n)] = append(byName[goldNorm(n)], key)
		}
	}
	keyOf := map[string]string{}
	for _, e := range g.Entities {
		keys := map[string]bool{}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			for _, k := range byName[goldNorm(n)] {
				keys[k] = true
			}
		}
		canon := lo.Uniq(byName[goldNorm(e.Name)])
		switch {
		case len(canon) == 1:
			keyOf[e.ID] = canon[0]
		case len(keys) > 0:
			ks := lo.Keys(keys)
			sort.Strings(ks)
			keyOf[e.ID] = ks[0]
		}
	}
	triple := func(typ, s, o string) [3]string {
		if symmetric[typ] && o < s {
			s, o = o, s
		}
		return [3]string{s, typ, o}
	}
	required := map[[3]string]bool{}
	for _, r := range gd.Relations.Required {
		required[triple(r[1], r[0], r[2])] = true
	}
	return func(typ, source, target string) Verdict {
		s, o := keyOf[source], keyOf[target]
		if required[triple(typ, s, o)] {
			return Right
		}
		pairs := [][2]string{{s, o}}
		if symmetric[typ] {
			pairs = append(pairs, [2]string{o, s})
		}
		for _, op := range gd.Relations.Optional {
			for _, so := range pairs {
				if (op[0] == "*" || op[0] == so[0]) && (op[1] == "*" || op[1] == typ) && (op[2] == "*" || op[2] == so[1]) {
					return Unjudged
				}
			}
		}
		return Wrong
	}
}

// symmetric are the relation types score.py reads either way round.
var symmetric = map[string]bool{"PARTNERED_WITH": true, "MET_WITH": true}

var (
	possessiveEnd = regexp.MustCompile(`'s$`)
	theStart      = regexp.MustCompile(`^the\s+`)
	dotComma      = regexp.MustCompile(`[.,]`)
	spaces        = regexp.MustCompile(`\s+`)
)

// goldNorm is score.py's norm: NFKC, straight apostrophes, case folded,
// no "'s", no leading "the", no dots or commas.
func goldNorm(s string) string {
	s = norm.NFKC.String(s)
	s = strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(s)
	s = strings.TrimSpace(strings.ToLower(s))
	s = possessiveEnd.ReplaceAllString(s, "")
	s = theStart.ReplaceAllString(s, "")
	s = dotComma.ReplaceAllString(s, "")
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// Measure counts, per pattern and relation type, the claims of g the gold
// confirms and those it refutes. Denied claims state no fact and are not
// counted.
func Measure(g *graph.Graph, gold *Gold) *Calibration {
	judge := gold.Judge(g)
	c := &Calibration{counts: map[[2]string][2]int{}}
	for _, cl := range g.Claims {
		if cl.Stance == graph.Denied {
			continue
		}
		k := [2]string{cl.Pattern, cl.Type}
		n := c.counts[k]
		switch judge(cl.Type, cl.Subject, cl.Object) {
		case Right:
			n[0]++
		case Wrong:
			n[1]++
		default:
			continue
		}
		c.counts[k] = n
	}
	return c
}
