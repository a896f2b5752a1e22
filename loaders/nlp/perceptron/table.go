package perceptron

import (
	"math"
	"slices"
)

// table is an averaged model laid out for fast prediction: an
// open-addressing hash table whose slots hold a feature's key and its
// class weights side by side, as multiples of quantum in 16 bits, so a
// lookup touches one place in memory. With features in the millions the
// cost of prediction is cache misses, and this halves them against a Go
// map of offsets into a weight array.
type table struct {
	slots   []uint32 // per slot: key, then weights two to a word
	stride  int      // words per slot
	mask    uint32
	classes int
	n       int // features
}

func (m *Model) freeze() {
	size := uint32(1)
	for size < uint32(2*len(m.index)+1) {
		size <<= 1
	}
	t := &table{stride: 1 + (m.Classes+1)/2, mask: size - 1, classes: m.Classes}
	t.slots = make([]uint32, int(size)*t.stride)
	for key, off := range m.index {
		h := slot(key) & t.mask
		for t.slots[int(h)*t.stride] != 0 {
			h = (h + 1) & t.mask
		}
		base := int(h) * t.stride
		t.slots[base] = key
		for c, w := range m.w[off : int(off)+m.Classes] {
			q := int16(max(min(math.Round(float64(w)/quantum), math.MaxInt16), math.MinInt16))
			word := &t.slots[base+1+c/2]
			if c%2 == 0 {
				*word |= uint32(uint16(q))
			} else {
				*word |= uint32(uint16(q)) << 16
			}
		}
	}
	t.n = len(m.index)
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
		base := where[k]
		for c := range ws {
			ws[c] = int16(t.slots[base+1+c/2] >> (16 * (c % 2)))
		}
		f(k, ws)
	}
}

// slot spreads a key over the table (Fibonacci hashing).
func slot(key uint32) uint32 { return key * 2654435769 }

func (t *table) scores(feats []uint64, out []float32) {
	var acc [256]int32
	sum := acc[:t.classes]
	if t.classes > len(acc) {
		sum = make([]int32, t.classes)
	}
	for _, f := range feats {
		key := fold(f)
		h := slot(key) & t.mask
		for {
			base := int(h) * t.stride
			k := t.slots[base]
			if k == key {
				ws := t.slots[base+1 : base+t.stride]
				c := 0
				for _, w := range ws[:len(sum)/2] {
					sum[c] += int32(int16(w))
					sum[c+1] += int32(int16(w >> 16))
					c += 2
				}
				if c < len(sum) {
					sum[c] += int32(int16(ws[c/2]))
				}
				break
			}
			if k == 0 {
				break
			}
			h = (h + 1) & t.mask
		}
	}
	for c, v := range sum {
		out[c] = float32(v) * quantum
	}
}
