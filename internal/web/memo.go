package web

import "sync"

// memo keeps values derived from content until the content changes: every
// change moves the page cache's generation on (across instances too, and
// when a scheduled entry goes public), and a value kept under an older
// generation is computed afresh. Callers read the generation before they
// compute, so a value that raced a change is kept under the older one and
// never taken for current.
type memo[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]memoEntry[V]
}

type memoEntry[V any] struct {
	gen uint64
	v   V
}

// get returns the value of k for generation gen, computing it with fetch
// when the memo has none of that generation. Errors are not kept.
func (m *memo[K, V]) get(gen uint64, k K, fetch func() (V, error)) (V, error) {
	m.mu.Lock()
	e, ok := m.m[k]
	m.mu.Unlock()
	if ok && e.gen == gen {
		return e.v, nil
	}
	v, err := fetch()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	if m.m == nil {
		m.m = map[K]memoEntry[V]{}
	}
	if cur, ok := m.m[k]; !ok || cur.gen <= gen {
		m.m[k] = memoEntry[V]{gen, v}
	}
	m.mu.Unlock()
	return v, nil
}
