package schedule

import (
	"fmt"
	"sync"
	"time"
)

// zones caches one *time.Location per IANA name: loading a zone reads and
// parses tz data, and a 07:00 wave would otherwise do it once per subscriber.
// The zero value is ready to use and safe for concurrent use.
type zones struct {
	mu  sync.Mutex
	loc map[string]*time.Location
}

// load returns the location named name, loading it on first use.
func (z *zones) load(name string) (*time.Location, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if loc, ok := z.loc[name]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("load zone %q: %w", name, err)
	}
	if z.loc == nil {
		z.loc = make(map[string]*time.Location)
	}
	z.loc[name] = loc
	return loc, nil
}
