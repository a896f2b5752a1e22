package parse

import (
	"github.com/newsgraph/graph/loaders/nlp/perceptron"
)

func (st *state) word(k int) string {
	if k < 0 {
		return "-NONE-"
	}
	return st.words[k]
}

func (st *state) tag(k int) string {
	if k < 0 {
		return "-NONE-"
	}
	return st.tags[k]
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
		uint64(T(1).S(s0w)), uint64(T(2).S(s0p)), uint64(T(3).S(s0w).S(s0p)),
		uint64(T(4).S(n0w)), uint64(T(5).S(n0p)), uint64(T(6).S(n0w).S(n0p)),
		uint64(T(7).S(n1w)), uint64(T(8).S(n1p)), uint64(T(9).S(n1w).S(n1p)),
		uint64(T(10).S(n2w)), uint64(T(11).S(n2p)),
		uint64(T(12).S(s1w)), uint64(T(13).S(s1p)), uint64(T(14).S(s1w).S(s1p)),
		uint64(T(15).S(s2p)),
		// pairs
		uint64(T(16).S(s0w).S(s0p).S(n0w).S(n0p)),
		uint64(T(17).S(s0w).S(s0p).S(n0w)),
		uint64(T(18).S(s0w).S(n0w).S(n0p)),
		uint64(T(19).S(s0w).S(s0p).S(n0p)),
		uint64(T(20).S(s0p).S(n0w).S(n0p)),
		uint64(T(21).S(s0w).S(n0w)),
		uint64(T(22).S(s0p).S(n0p)),
		uint64(T(23).S(n0p).S(n1p)),
		uint64(T(24).S(s1w).S(s0w)),
		uint64(T(25).S(s1p).S(s0p)),
		uint64(T(26).S(s1w).S(s1p).S(s0p)),
		uint64(T(27).S(s1p).S(s0w).S(s0p)),
		// triples of tags
		uint64(T(28).S(n0p).S(n1p).S(n2p)),
		uint64(T(29).S(s0p).S(n0p).S(n1p)),
		uint64(T(30).S(s1p).S(s0p).S(n0p)),
		uint64(T(31).S(s0p).S(st.tag(s0l)).S(n0p)),
		uint64(T(32).S(s0p).S(st.tag(s0r)).S(n0p)),
		uint64(T(33).S(s0p).S(n0p).S(st.tag(n0l))),
		uint64(T(34).S(s2p).S(s1p).S(s0p)),
		uint64(T(35).S(s1p).S(st.tag(s1r)).S(s0p)),
		uint64(T(36).S(s1p).S(st.tag(s1l)).S(s0p)),
		// distance
		uint64(T(37).S(s0w).N(d)), uint64(T(38).S(s0p).N(d)),
		uint64(T(39).S(n0w).N(d)), uint64(T(40).S(n0p).N(d)),
		uint64(T(41).S(s0w).S(n0w).N(d)), uint64(T(42).S(s0p).S(n0p).N(d)),
		// valency
		uint64(T(43).S(s0w).N(s0vr)), uint64(T(44).S(s0p).N(s0vr)),
		uint64(T(45).S(s0w).N(s0vl)), uint64(T(46).S(s0p).N(s0vl)),
		uint64(T(47).S(n0w).N(n0vl)), uint64(T(48).S(n0p).N(n0vl)),
		// children
		uint64(T(49).S(st.word(s0l))), uint64(T(50).S(st.tag(s0l))), uint64(T(51).N(st.label(s0l))),
		uint64(T(52).S(st.word(s0r))), uint64(T(53).S(st.tag(s0r))), uint64(T(54).N(st.label(s0r))),
		uint64(T(55).S(st.word(n0l))), uint64(T(56).S(st.tag(n0l))), uint64(T(57).N(st.label(n0l))),
		uint64(T(58).S(st.word(s0l2))), uint64(T(59).S(st.tag(s0l2))), uint64(T(60).N(st.label(s0l2))),
		uint64(T(61).S(st.word(s0r2))), uint64(T(62).S(st.tag(s0r2))), uint64(T(63).N(st.label(s0r2))),
		uint64(T(64).S(st.word(n0l2))), uint64(T(65).S(st.tag(n0l2))), uint64(T(66).N(st.label(n0l2))),
		uint64(T(67).S(s0p).S(st.tag(s0l)).S(st.tag(s0l2))),
		uint64(T(68).S(s0p).S(st.tag(s0r)).S(st.tag(s0r2))),
		uint64(T(69).S(n0p).S(st.tag(n0l)).S(st.tag(n0l2))),
		uint64(T(70).S(st.word(s1r))), uint64(T(71).N(st.label(s1r))),
		// label sets
		uint64(T(72).S(s0w).N(int(s0ls)).N(int(s0ls>>16)).N(int(s0ls>>32))),
		uint64(T(73).S(s0p).N(int(s0ls)).N(int(s0ls>>16)).N(int(s0ls>>32))),
		uint64(T(74).S(s0p).N(int(s0rs)).N(int(s0rs>>16)).N(int(s0rs>>32))),
		uint64(T(75).S(n0p).N(int(n0ls)).N(int(n0ls>>16)).N(int(n0ls>>32))),
		// word endings, which hold when a tag is wrong
		uint64(T(76).S(suffix(s0w)).S(n0p)), uint64(T(77).S(suffix(n0w)).S(s0p)),
		uint64(T(78).S(suffix(n1w))), uint64(T(79).S(suffix(s0w)).S(suffix(n0w))),
		uint64(T(80).S(s1p).S(s0p).S(n0p).S(n1p)),
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
	fn, fnp := "-", "-"
	for _, c := range st.lefts[d] {
		if p := st.tags[c]; p == "ADP" || p == "SCONJ" || p == "AUX" || p == "PART" {
			fn, fnp = st.words[c], p
			break
		}
	}
	kidsL, kidsR := st.labelSet(st.lefts[d]), st.labelSet(st.rights[d])
	hkids := st.labelSet(st.lefts[h]) | st.labelSet(st.rights[h])
	prev, next := st.tag(d-1), "-END-"
	if d+1 < st.n {
		next = st.tags[d+1]
	}
	f = append(f,
		uint64(T(100)),
		uint64(T(101).S(dw)), uint64(T(102).S(dp)), uint64(T(103).S(dw).S(dp)),
		uint64(T(104).S(hw)), uint64(T(105).S(hp)), uint64(T(106).S(hw).S(hp)),
		uint64(T(107).S(dp).S(hp).N(dir)),
		uint64(T(108).S(dw).S(hp).N(dir)),
		uint64(T(109).S(dp).S(hw).N(dir)),
		uint64(T(110).S(dw).S(hw)),
		uint64(T(111).N(dir).N(dist).S(dp)),
		uint64(T(112).S(fn).S(dp).S(hp)),
		uint64(T(113).S(fn).S(fnp).N(dir)),
		uint64(T(114).S(dp).N(int(kidsL)).N(int(kidsL>>16)).N(int(kidsL>>32))),
		uint64(T(115).S(dp).N(int(kidsR)).N(int(kidsR>>16)).N(int(kidsR>>32))),
		uint64(T(116).S(hp).S(dp).N(dir).N(int(hkids)).N(int(hkids>>16)).N(int(hkids>>32))),
		uint64(T(117).S(prev).S(dp).S(next)),
		uint64(T(118).S(fn).S(hw)),
		uint64(T(119).S(dp).S(hp).N(dir).N(dist)),
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
