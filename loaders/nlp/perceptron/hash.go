package perceptron

// Hashing of feature templates and their values: FNV-1a, 64 bits, fixed
// so the same feature has the same key in every run and every build.

const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

// Hash is a feature key being built: a template id, then its values.
type Hash uint64

// Template starts the key of a feature of template t.
func Template(t uint8) Hash {
	return Hash((offset64 ^ uint64(t)) * prime64)
}

// S adds a string value.
func (h Hash) S(s string) Hash {
	x := uint64(h)
	for i := 0; i < len(s); i++ {
		x = (x ^ uint64(s[i])) * prime64
	}
	return Hash((x ^ 0xff) * prime64) // a separator, so "ab"+"c" ≠ "a"+"bc"
}

// N adds a small number.
func (h Hash) N(n int) Hash {
	x := uint64(h)
	x = (x ^ uint64(n&0xff)) * prime64
	x = (x ^ uint64((n>>8)&0xff)) * prime64
	return Hash(x)
}

// Of is the hash of a string alone, to compute once per token and add
// to many features with H.
func Of(s string) uint64 {
	x := uint64(offset64)
	for i := 0; i < len(s); i++ {
		x = (x ^ uint64(s[i])) * prime64
	}
	return x
}

// OfBytes is Of of a string in bytes.
func OfBytes(b []byte) uint64 {
	x := uint64(offset64)
	for _, c := range b {
		x = (x ^ uint64(c)) * prime64
	}
	return x
}

// H adds a value hashed beforehand (Of) or a small number: one multiply
// where S costs one per byte.
func (h Hash) H(v uint64) Hash {
	x := (uint64(h) ^ v) * 0x9e3779b97f4a7c15
	return Hash(x ^ x>>29)
}
