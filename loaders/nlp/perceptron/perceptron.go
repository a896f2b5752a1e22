// Package perceptron is the averaged multi-class perceptron (Collins 2002)
// that every trained component of the language core scores with: hashed
// sparse features, one dense vector of class weights per feature, averaged
// weights for prediction, and a compact, deterministic file format.
package perceptron

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Model scores classes from features. Its zero value is not usable; make
// one with New (to train) or Read.
type Model struct {
	Classes int
	index   map[uint32]int32 // folded feature → offset of its class vector in w
	w       []float32

	// Training state: the running totals behind the averages.
	total []float64
	stamp []int32
	n     int32

	// frozen is the averaged model laid out for prediction (see table).
	frozen *table
}

// New returns an empty model for training.
func New(classes int) *Model {
	return &Model{Classes: classes, index: map[uint32]int32{}}
}

// Features is the number of features with weights.
func (m *Model) Features() int {
	if m.frozen != nil {
		return m.frozen.n
	}
	return len(m.index)
}

// Scores sets out[c] to the score of class c for the features; out must
// have Classes entries.
func (m *Model) Scores(feats []uint64, out []float32) {
	if m.frozen != nil {
		m.frozen.scores(feats, out)
		return
	}
	clear(out)
	k := m.Classes
	for _, f := range feats {
		off, ok := m.index[fold(f)]
		if !ok {
			continue
		}
		for c, w := range m.w[off : int(off)+k] {
			out[c] += w
		}
	}
}

// Best is the highest-scoring class among those allowed (all when allowed
// is nil); ties go to the lower class, so prediction is deterministic.
func Best(scores []float32, allowed func(int) bool) int {
	best, bestScore := -1, float32(math.Inf(-1))
	for c, s := range scores {
		if (allowed == nil || allowed(c)) && (best < 0 || s > bestScore) {
			best, bestScore = c, s
		}
	}
	return best
}

// Tick counts one training instance; call it once per prediction made in
// training, before Update.
func (m *Model) Tick() { m.n++ }

// Update moves the weights of the features toward truth and away from
// guess. Nothing changes when they are the same.
func (m *Model) Update(feats []uint64, truth, guess int) {
	if truth == guess {
		return
	}
	for _, f := range feats {
		off, ok := m.index[fold(f)]
		if !ok {
			off = int32(len(m.w))
			m.index[fold(f)] = off
			m.w = append(m.w, make([]float32, m.Classes)...)
			m.total = append(m.total, make([]float64, m.Classes)...)
			m.stamp = append(m.stamp, make([]int32, m.Classes)...)
		}
		m.add(int(off)+truth, 1)
		m.add(int(off)+guess, -1)
	}
}

func (m *Model) add(i int, d float32) {
	m.total[i] += float64(m.n-m.stamp[i]) * float64(m.w[i])
	m.stamp[i] = m.n
	m.w[i] += d
}

// fold maps a 64-bit feature hash to the 32-bit key models store: a
// million features collide about a hundred times, which costs nothing
// measurable and halves the size of the keys.
// Key 0 marks an empty slot of a table, so no feature folds to it.
func fold(f uint64) uint32 { return max(uint32(f^f>>32), 1) }

// Average replaces the weights by their averages over training, keeps
// those of at least prune (in absolute value) rounded to multiples of
// quantum, drops features left with none, and ends training.
func (m *Model) Average(prune float64) {
	if m.total == nil {
		return
	}
	keys := make([]uint32, 0, len(m.index))
	for f := range m.index {
		keys = append(keys, f)
	}
	slices.Sort(keys)
	k := m.Classes
	index := make(map[uint32]int32, len(keys))
	var w []float32
	for _, f := range keys {
		off := int(m.index[f])
		vec := make([]float32, k)
		keep := false
		for c := range k {
			i := off + c
			t := m.total[i] + float64(m.n-m.stamp[i])*float64(m.w[i])
			v := float32(t / float64(max(m.n, 1)))
			if math.Abs(float64(v)) >= prune {
				vec[c] = quantize(v)
				keep = true
			}
		}
		if keep {
			index[f] = int32(len(w))
			w = append(w, vec...)
		}
	}
	m.index, m.w, m.total, m.stamp = index, w, nil, nil
	m.freeze()
}

// quantum is the step of saved weights: averaged weights are mostly
// between 0.3 and 3, and a step of 1/16 costs no accuracy measured.
const quantum = 1.0 / 16

func quantize(v float32) float32 { return float32(math.Round(float64(v)/quantum) * quantum) }

const magic = "graph-perceptron-2\n"

// Write saves an averaged model: the class count, then each feature in
// ascending order of key with its non-zero weights as multiples of quantum.
func (m *Model) Write(w io.Writer) error {
	if m.frozen == nil {
		return errors.New("perceptron: write before Average")
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(magic)
	var buf [binary.MaxVarintLen64]byte
	put := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	put(uint64(m.Classes))
	put(uint64(m.frozen.n))
	var block []byte
	add := func(v uint64) { block = binary.AppendUvarint(block, v) }
	var prev uint32
	m.frozen.entries(func(key uint32, ws []int16) {
		add(uint64(key - prev)) // ascending keys: small deltas
		prev = key
		nz := 0
		for _, v := range ws {
			if v != 0 {
				nz++
			}
		}
		add(uint64(nz))
		last := -1
		for c, v := range ws {
			if v != 0 {
				add(uint64(c - last - 1))
				last = c
				block = binary.AppendVarint(block, int64(v))
			}
		}
	})
	put(uint64(len(block)))
	bw.Write(block)
	return bw.Flush()
}

// Read loads a model saved by Write.
func Read(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("perceptron: not a model file")
	}
	fail := func(err error) (*Model, error) { return nil, fmt.Errorf("perceptron: read model: %w", err) }
	classes, err := binary.ReadUvarint(br)
	if err != nil {
		return fail(err)
	}
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return fail(err)
	}
	size, err := binary.ReadUvarint(br)
	if err != nil {
		return fail(err)
	}
	if classes == 0 || classes > 1<<12 || n > 1<<26 || size > 1<<32 {
		return fail(errors.New("implausible sizes"))
	}
	// The features are read as one block and decoded from memory: through
	// a reader, byte by byte, loading took three times as long.
	data := make([]byte, size)
	if _, err := io.ReadFull(br, data); err != nil {
		return fail(err)
	}
	next := func() uint64 {
		v, k := binary.Uvarint(data)
		if k <= 0 {
			data = nil
			return 0
		}
		data = data[k:]
		return v
	}
	keys := make([]uint32, n)
	ws := make([]int16, int(n)*int(classes))
	var f uint32
	for i := range int(n) {
		d := next()
		f += uint32(d)
		nz := next()
		c := -1
		for range nz {
			c += int(next()) + 1
			v, k := binary.Varint(data)
			if k <= 0 || c >= int(classes) || v < math.MinInt16 || v > math.MaxInt16 {
				return fail(errors.New("bad weight"))
			}
			data = data[k:]
			ws[i*int(classes)+c] = int16(v)
		}
		if data == nil {
			return fail(io.ErrUnexpectedEOF)
		}
		if f == 0 || (d == 0 && i > 0) {
			return fail(errors.New("keys out of order"))
		}
		keys[i] = f
	}
	if len(data) != 0 {
		return fail(errors.New("bytes left after the features"))
	}
	t := newTable(int(n), int(classes))
	t.fill(keys, ws)
	return &Model{Classes: int(classes), frozen: t}, nil
}
