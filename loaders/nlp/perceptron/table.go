package perceptron

import (
	"maps"
	"math"
	"math/bits"
	"slices"
)

// table is an averaged model laid out for fast prediction: an
// open-addressing hash table of feature keys. With few classes (a
// parser's three moves) a slot holds the key and the class weights side
// by side, as multiples of quantum in 16 bits, so a lookup touches one
// place in memory: with features in the millions the cost of prediction
// is cache misses. With many classes (fifty arc labels) a slot holds the
// key and an offset into a dense weight array, so that the empty half of
// the table does not cost fifty weights a slot.
type table struct {
	slots   []uint32 // per slot: key, then weights two to a word (inline) or an offset (dense)
	stride  int      // words per slot
	mask    uint32
	classes int
	dense   []int16 // weights of the features, classes each (dense layout only)
	n       int     // features
}

// inlineClasses is the most classes whose weights live in the slots.
const inlineClasses = 8

func newTable(features, classes int) *table {
	size := uint32(1)
	for size < uint32(2*features+1) {
		size <<= 1
	}
	t := &table{mask: size - 1, classes: classes, stride: 1 + (classes+1)/2}
	if classes > inlineClasses {
		t.stride = 2
	}
	t.slots = make([]uint32, int(size)*t.stride)
	return t
}

// fill puts the features keys in the table, with their weights ws,
// classes each in the same order. They go in the order of their slots,
// which makes it a walk through memory: one at a time in key order, each
// a cache miss in a table of millions of slots, reading the parser took
// five times as long. The order of insertion moves a key along its probe
// sequence, not what a lookup finds.
func (t *table) fill(keys []uint32, ws []int16) {
	shift := max(bits.Len32(t.mask)-16, 0) // at most 65,536 runs of slots
	start := make([]int, t.mask>>shift+2)
	for _, k := range keys {
		start[(slot(k)&t.mask)>>shift+1]++
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	if t.classes > inlineClasses {
		t.dense = ws // the slots point into it
	}
	// The entries are first copied in the order of their slots, each
	// with what its slot will hold, reading keys and weights in order:
	// gathered in slot order instead, every key and its weights were a
	// cache miss, half of reading the parser.
	words := t.stride - 1
	ordered := make([]uint32, len(keys)*t.stride)
	for i, key := range keys {
		b := (slot(key) & t.mask) >> shift
		e := ordered[start[b]*t.stride : (start[b]+1)*t.stride]
		start[b]++
		e[0] = key
		if t.dense != nil {
			e[1] = uint32(i * t.classes)
			continue
		}
		for c, q := range ws[i*t.classes : (i+1)*t.classes] {
			e[1+c/2] |= uint32(uint16(q)) << (16 * (c % 2))
		}
	}
	for e := 0; e < len(ordered); e += t.stride {
		h := slot(ordered[e]) & t.mask
		for t.slots[int(h)*t.stride] != 0 {
			h = (h + 1) & t.mask
		}
		base := int(h) * t.stride
		copy(t.slots[base:base+1+words], ordered[e:e+t.stride])
	}
	t.n = len(keys)
}

// weights copies the weights of the feature at slot base into ws.
func (t *table) weights(base int, ws []int16) {
	if t.dense != nil {
		off := int(t.slots[base+1])
		copy(ws, t.dense[off:off+t.classes])
		return
	}
	for c := range ws {
		ws[c] = int16(t.slots[base+1+c/2] >> (16 * (c % 2)))
	}
}

func (m *Model) freeze() {
	keys := slices.Sorted(maps.Keys(m.index))
	ws := make([]int16, len(keys)*m.Classes)
	for i, key := range keys {
		off := m.index[key]
		for c, w := range m.w[off : int(off)+m.Classes] {
			ws[i*m.Classes+c] = int16(max(min(math.Round(float64(w)/quantum), math.MaxInt16), math.MinInt16))
		}
	}
	t := newTable(len(keys), m.Classes)
	t.fill(keys, ws)
	m.frozen = t
	m.w, m.index = nil, nil // the table holds the weights now
}

// entries calls f with each feature's key and weights, in key order.
func (t *table) entries(f func(key uint32, ws []int16)) {
	var keys []uint32
	where := map[uint32]int{}
	for base := 0; base < len(t.slots); base += t.stride {
		if k := t.slots[base]; k != 0 {
			keys = append(keys, k)
			where[k] = base
		}
	}
	slices.Sort(keys)
	ws := make([]int16, t.classes)
	for _, k := range keys {
		t.weights(where[k], ws)
		f(k, ws)
	}
}

// slot spreads a key over the table (Fibonacci hashing).
func slot(key uint32) uint32 { return key * 2654435769 }

// lookBatch is how many features scores looks up at once.
const lookBatch = 128

// scores adds up the weights of feats. The lookups go in three passes
// over a batch: the first slot of every feature, then the probes that go
// on, then the weights. Each first slot is most often a cache miss in a
// table of millions: loads that depend on no branch go out together,
// where one lookup at a time waited for each.
func (t *table) scores(feats []uint64, out []float32) {
	var acc [256]int32
	sum := acc[:min(t.classes, len(acc))]
	if t.classes > len(acc) {
		sum = make([]int32, t.classes)
	}
	var keys, at, first [lookBatch]uint32
	for len(feats) > 0 {
		batch := feats[:min(len(feats), lookBatch)]
		feats = feats[len(batch):]
		for i, f := range batch {
			key := fold(f)
			h := slot(key) & t.mask
			keys[i], at[i], first[i] = key, h, t.slots[int(h)*t.stride]
		}
		n := 0 // the features found, their slots' bases in at[:n]
		for i := range batch {
			key, h, k := keys[i], at[i], first[i]
			for k != key && k != 0 {
				h = (h + 1) & t.mask
				k = t.slots[int(h)*t.stride]
			}
			if k == key {
				at[n] = h * uint32(t.stride)
				n++
			}
		}
		if t.dense != nil {
			// The rows' offsets, and a first word of each read: the
			// loads go out together here too.
			for i, base := range at[:n] {
				at[i] = t.slots[base+1]
				first[i] = uint32(t.dense[at[i]])
			}
			for _, off := range at[:n] {
				for c, w := range t.dense[off : int(off)+len(sum)] {
					sum[c] += int32(w)
				}
			}
			continue
		}
		for _, base := range at[:n] {
			ws := t.slots[base+1 : int(base)+t.stride]
			c := 0
			for _, w := range ws[:len(sum)/2] {
				sum[c] += int32(int16(w))
				sum[c+1] += int32(int16(w >> 16))
				c += 2
			}
			if c < len(sum) {
				sum[c] += int32(int16(ws[c/2]))
			}
		}
	}
	for c, v := range sum {
		out[c] = float32(v) * quantum
	}
}
