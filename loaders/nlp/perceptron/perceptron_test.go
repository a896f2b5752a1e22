package perceptron

import (
	"bytes"
	"testing"
)

// A model learns a separable problem, and what it saved reads back to the
// same predictions and the same bytes.
func TestLearnSaveRead(t *testing.T) {
	feat := func(s string) uint64 { return uint64(Template(1).S(s)) }
	data := []struct {
		feats []uint64
		class int
	}{
		{[]uint64{feat("red"), feat("round")}, 0},
		{[]uint64{feat("yellow"), feat("long")}, 1},
		{[]uint64{feat("green"), feat("round")}, 0},
		{[]uint64{feat("yellow"), feat("curved")}, 1},
		{[]uint64{feat("orange"), feat("round")}, 2},
	}
	m := New(3)
	scores := make([]float32, 3)
	for range 10 {
		for _, d := range data {
			m.Tick()
			m.Scores(d.feats, scores)
			m.Update(d.feats, d.class, Best(scores, nil))
		}
	}
	m.Average(0.01)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range data {
		for _, model := range []*Model{m, back} {
			model.Scores(d.feats, scores)
			if got := Best(scores, nil); got != d.class {
				t.Errorf("features %v: class %d, want %d", d.feats, got, d.class)
			}
		}
	}
	var again bytes.Buffer
	if err := back.Write(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("a model read back writes other bytes")
	}
	if _, err := Read(bytes.NewReader([]byte("not a model"))); err == nil {
		t.Error("Read accepted garbage")
	}
	if _, err := Read(bytes.NewReader(buf.Bytes()[:buf.Len()/2])); err == nil {
		t.Error("Read accepted a truncated model")
	}
}
