package bot

import "sync"

// rerunner runs one f per key at a time. A call made while f runs for the
// same key neither waits nor runs alongside: it makes the running call run
// f once more when it ends, so whatever changed meanwhile is seen, and a
// burst of calls costs two runs, not one per call. The run once more is the
// first caller's f: callers with the same key must pass the same work.
// (golang.org/x/sync/singleflight shares one run among callers but never
// runs again for what came during it, which is the point here.)
type rerunner struct {
	mu      sync.Mutex
	pending map[string]bool // key → another run was asked for
}

func (r *rerunner) do(key string, f func()) {
	r.mu.Lock()
	if _, running := r.pending[key]; running {
		r.pending[key] = true
		r.mu.Unlock()
		return
	}
	if r.pending == nil {
		r.pending = make(map[string]bool)
	}
	r.pending[key] = false
	r.mu.Unlock()
	for {
		f()
		r.mu.Lock()
		if !r.pending[key] {
			delete(r.pending, key)
			r.mu.Unlock()
			return
		}
		r.pending[key] = false
		r.mu.Unlock()
	}
}

// keySet is a set of keys safe for concurrent use: a wish recorded by one
// caller (add) and acted on once by whoever runs next (take).
type keySet struct {
	mu   sync.Mutex
	keys map[string]bool
}

func (k *keySet) add(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.keys == nil {
		k.keys = make(map[string]bool)
	}
	k.keys[key] = true
}

// take reports whether key was added since the last take, and removes it.
func (k *keySet) take(key string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	had := k.keys[key]
	delete(k.keys, key)
	return had
}
