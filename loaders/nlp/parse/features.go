package parse

import (
	"github.com/newsgraph/graph/loaders/nlp/perceptron"
)

var none, endH = perceptron.Of("-NONE-"), perceptron.Of("-END-")

// word, tag and suf are the hashes of word k, its tag and its ending.
func (st *state) word(k int) uint64 {
	if k < 0 {
		return none
	}
	return st.wordH[k]
}

func (st *state) tag(k int) uint64 {
	if k < 0 {
		return none
	}
	return st.tagH[k]
}

func (st *state) suf(k int) uint64 {
	if k < 0 {
		return none
	}
	return st.sufH[k]
}

func (st *state) label(k int) int {
	if k < 0 || st.heads[k] < 0 {
		return -1
	}
	return st.labels[k]
}

func (st *state) stackAt(k int) int {
	if k >= len(st.stack) {
		return -1
	}
	return st.stack[len(st.stack)-1-k]
}

func (st *state) bufferAt(k int) int {
	if st.i+k > st.n {
		return -1
	}
	return st.i + k
}

// leftmost and rightmost children: k = 0 is the outermost, 1 the next.
func (st *state) leftChild(h, k int) int {
	if h < 0 || len(st.lefts[h]) <= k {
		return -1
	}
	return st.lefts[h][k]
}

func (st *state) rightChild(h, k int) int {
	if h < 0 || len(st.rights[h]) <= k {
		return -1
	}
	return st.rights[h][len(st.rights[h])-1-k]
}

// labelSet is the set of relations of a word's children on one side, as a
// bit set over the first 64 labels.
func (st *state) labelSet(kids []int) uint64 {
	var set uint64
	for _, c := range kids {
		set |= 1 << (uint(st.labels[c]) & 63)
	}
	return set
}

func distance(a, b int) int {
	d := b - a
	if d < 0 {
		d = -d
	}
	return min(d, 6)
}

// features are Zhang & Nivre's (2011) for a transition parser, over the
// top three words of the stack, the first three of the buffer and the
// outermost children of s0, s1 and n0.
func (st *state) features(f []uint64) []uint64 {
	T := perceptron.Template
	s0, s1, s2 := st.stackAt(0), st.stackAt(1), st.stackAt(2)
	n0, n1, n2 := st.bufferAt(0), st.bufferAt(1), st.bufferAt(2)
	s0w, s0p, s1w, s1p := st.word(s0), st.tag(s0), st.word(s1), st.tag(s1)
	n0w, n0p, n1w, n1p := st.word(n0), st.tag(n0), st.word(n1), st.tag(n1)
	s2p, n2w, n2p := st.tag(s2), st.word(n2), st.tag(n2)
	s0l, s0l2, s0r, s0r2 := st.leftChild(s0, 0), st.leftChild(s0, 1), st.rightChild(s0, 0), st.rightChild(s0, 1)
	s1r, s1l := st.rightChild(s1, 0), st.leftChild(s1, 0)
	n0l, n0l2 := st.leftChild(n0, 0), st.leftChild(n0, 1)
	d := 0
	if s0 >= 0 && n0 >= 0 {
		d = distance(s0, n0)
	}
	var s0vl, s0vr, n0vl int
	var s0ls, s0rs, n0ls uint64
	if s0 >= 0 {
		s0vl, s0vr = len(st.lefts[s0]), len(st.rights[s0])
		s0ls, s0rs = st.labelSet(st.lefts[s0]), st.labelSet(st.rights[s0])
	}
	if n0 >= 0 {
		n0vl, n0ls = len(st.lefts[n0]), st.labelSet(st.lefts[n0])
	}
	f = append(f,
		uint64(T(0)),
		// single words
		uint64(T(1).H(s0w)), uint64(T(2).H(s0p)), uint64(T(3).H(s0w).H(s0p)),
		uint64(T(4).H(n0w)), uint64(T(5).H(n0p)), uint64(T(6).H(n0w).H(n0p)),
		uint64(T(7).H(n1w)), uint64(T(8).H(n1p)), uint64(T(9).H(n1w).H(n1p)),
		uint64(T(10).H(n2w)), uint64(T(11).H(n2p)),
		uint64(T(12).H(s1w)), uint64(T(13).H(s1p)), uint64(T(14).H(s1w).H(s1p)),
		uint64(T(15).H(s2p)),
		// pairs
		uint64(T(16).H(s0w).H(s0p).H(n0w).H(n0p)),
		uint64(T(17).H(s0w).H(s0p).H(n0w)),
		uint64(T(18).H(s0w).H(n0w).H(n0p)),
		uint64(T(19).H(s0w).H(s0p).H(n0p)),
		uint64(T(20).H(s0p).H(n0w).H(n0p)),
		uint64(T(21).H(s0w).H(n0w)),
		uint64(T(22).H(s0p).H(n0p)),
		uint64(T(23).H(n0p).H(n1p)),
		uint64(T(24).H(s1w).H(s0w)),
		uint64(T(25).H(s1p).H(s0p)),
		uint64(T(26).H(s1w).H(s1p).H(s0p)),
		uint64(T(27).H(s1p).H(s0w).H(s0p)),
		// triples of tags
		uint64(T(28).H(n0p).H(n1p).H(n2p)),
		uint64(T(29).H(s0p).H(n0p).H(n1p)),
		uint64(T(30).H(s1p).H(s0p).H(n0p)),
		uint64(T(31).H(s0p).H(st.tag(s0l)).H(n0p)),
		uint64(T(32).H(s0p).H(st.tag(s0r)).H(n0p)),
		uint64(T(33).H(s0p).H(n0p).H(st.tag(n0l))),
		uint64(T(34).H(s2p).H(s1p).H(s0p)),
		uint64(T(35).H(s1p).H(st.tag(s1r)).H(s0p)),
		uint64(T(36).H(s1p).H(st.tag(s1l)).H(s0p)),
		// distance
		uint64(T(37).H(s0w).N(d)), uint64(T(38).H(s0p).N(d)),
		uint64(T(39).H(n0w).N(d)), uint64(T(40).H(n0p).N(d)),
		uint64(T(41).H(s0w).H(n0w).N(d)), uint64(T(42).H(s0p).H(n0p).N(d)),
		// valency
		uint64(T(43).H(s0w).N(s0vr)), uint64(T(44).H(s0p).N(s0vr)),
		uint64(T(45).H(s0w).N(s0vl)), uint64(T(46).H(s0p).N(s0vl)),
		uint64(T(47).H(n0w).N(n0vl)), uint64(T(48).H(n0p).N(n0vl)),
		// children
		uint64(T(49).H(st.word(s0l))), uint64(T(50).H(st.tag(s0l))), uint64(T(51).N(st.label(s0l))),
		uint64(T(52).H(st.word(s0r))), uint64(T(53).H(st.tag(s0r))), uint64(T(54).N(st.label(s0r))),
		uint64(T(55).H(st.word(n0l))), uint64(T(56).H(st.tag(n0l))), uint64(T(57).N(st.label(n0l))),
		uint64(T(58).H(st.word(s0l2))), uint64(T(59).H(st.tag(s0l2))), uint64(T(60).N(st.label(s0l2))),
		uint64(T(61).H(st.word(s0r2))), uint64(T(62).H(st.tag(s0r2))), uint64(T(63).N(st.label(s0r2))),
		uint64(T(64).H(st.word(n0l2))), uint64(T(65).H(st.tag(n0l2))), uint64(T(66).N(st.label(n0l2))),
		uint64(T(67).H(s0p).H(st.tag(s0l)).H(st.tag(s0l2))),
		uint64(T(68).H(s0p).H(st.tag(s0r)).H(st.tag(s0r2))),
		uint64(T(69).H(n0p).H(st.tag(n0l)).H(st.tag(n0l2))),
		uint64(T(70).H(st.word(s1r))), uint64(T(71).N(st.label(s1r))),
		// label sets
		uint64(T(72).H(s0w).N(int(s0ls)).N(int(s0ls>>16)).N(int(s0ls>>32))),
		uint64(T(73).H(s0p).N(int(s0ls)).N(int(s0ls>>16)).N(int(s0ls>>32))),
		uint64(T(74).H(s0p).N(int(s0rs)).N(int(s0rs>>16)).N(int(s0rs>>32))),
		uint64(T(75).H(n0p).N(int(n0ls)).N(int(n0ls>>16)).N(int(n0ls>>32))),
		// word endings, which hold when a tag is wrong
		uint64(T(76).H(st.suf(s0)).H(n0p)), uint64(T(77).H(st.suf(n0)).H(s0p)),
		uint64(T(78).H(st.suf(n1))), uint64(T(79).H(st.suf(s0)).H(st.suf(n0))),
		uint64(T(80).H(s1p).H(s0p).H(n0p).H(n1p)),
	)
	return f
}

// labelFeatures describe the arc h → d being made.
func (st *state) labelFeatures(f []uint64, h, d int) []uint64 {
	T := perceptron.Template
	dw, dp, hw, hp := st.word(d), st.tag(d), st.word(h), st.tag(h)
	dir := 0
	if d > h {
		dir = 1
	}
	dist := distance(h, d)
	// The dependent's function word: its first case, mark or aux child.
	fn, fnp := none, none
	for _, c := range st.lefts[d] {
		if p := st.tags[c]; p == "ADP" || p == "SCONJ" || p == "AUX" || p == "PART" {
			fn, fnp = st.wordH[c], st.tagH[c]
			break
		}
	}
	kidsL, kidsR := st.labelSet(st.lefts[d]), st.labelSet(st.rights[d])
	hkids := st.labelSet(st.lefts[h]) | st.labelSet(st.rights[h])
	prev, next := st.tag(d-1), endH
	if d+1 < st.n {
		next = st.tagH[d+1]
	}
	f = append(f,
		uint64(T(100)),
		uint64(T(101).H(dw)), uint64(T(102).H(dp)), uint64(T(103).H(dw).H(dp)),
		uint64(T(104).H(hw)), uint64(T(105).H(hp)), uint64(T(106).H(hw).H(hp)),
		uint64(T(107).H(dp).H(hp).N(dir)),
		uint64(T(108).H(dw).H(hp).N(dir)),
		uint64(T(109).H(dp).H(hw).N(dir)),
		uint64(T(110).H(dw).H(hw)),
		uint64(T(111).N(dir).N(dist).H(dp)),
		uint64(T(112).H(fn).H(dp).H(hp)),
		uint64(T(113).H(fn).H(fnp).N(dir)),
		uint64(T(114).H(dp).N(int(kidsL)).N(int(kidsL>>16)).N(int(kidsL>>32))),
		uint64(T(115).H(dp).N(int(kidsR)).N(int(kidsR>>16)).N(int(kidsR>>32))),
		uint64(T(116).H(hp).H(dp).N(dir).N(int(hkids)).N(int(hkids>>16)).N(int(hkids>>32))),
		uint64(T(117).H(prev).H(dp).H(next)),
		uint64(T(118).H(fn).H(hw)),
		uint64(T(119).H(dp).H(hp).N(dir).N(dist)),
		uint64(T(120).N(len(st.lefts[d]))),
	)
	return f
}

func suffix(w string) string {
	if len(w) <= 3 {
		return w
	}
	return w[len(w)-3:]
}
