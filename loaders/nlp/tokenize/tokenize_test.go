package tokenize

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Facebook didn't share data.", "Facebook|did|n't|share|data|."},
		{"Mr. Warner's office said (in 2018) that it's \"worrying\".", `Mr.|Warner|'s|office|said|(|in|2018|)|that|it|'s|"|worrying|"|.`},
		{"The U.S. bought 5% for $3.5bn, up 1,000.", "The|U.S.|bought|5|%|for|$|3.5bn|,|up|1,000|."},
		{"A long-term deal—not a merger", "A|long-term|deal|—|not|a|merger"},
		{"I can’t, won’t; workers’ rights", "I|ca|n’t|,|wo|n’t|;|workers|’|rights"},
		{"Mail jo@example.com or see https://x.org/a.", "Mail|jo@example.com|or|see|https://x.org/a|."},
		{"", ""},
	} {
		toks := Tokenize(c.in)
		var got []string
		for _, tk := range toks {
			if c.in[tk.Start:tk.End] != tk.Text {
				t.Errorf("%q: token %q has offsets %d-%d", c.in, tk.Text, tk.Start, tk.End)
			}
			got = append(got, tk.Text)
		}
		if g := strings.Join(got, "|"); g != c.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", c.in, g, c.want)
		}
	}
}
