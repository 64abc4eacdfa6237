package plans

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// LoadZone loads an IANA time zone such as "Europe/Berlin" or "UTC". The
// empty name and "Local" are refused: a subscriber's zone must not depend on
// the machine the bot runs on. So are names that are not written the IANA
// way, such as "Europe/./Berlin" or "Europe//Berlin", which the host's zone
// files would resolve: they would be stored, shown and sent back to Discord
// at any length. Errors wrap ErrZone.
//
// A zone that loaded is kept and returned again, the same *time.Location:
// loading reads and parses the host's tz data, which cost more than the rest
// of a /subscribe answer. Only names of zones that exist are kept, so the
// cache holds the tz database's six hundred or so zones at most.
func LoadZone(name string) (*time.Location, error) {
	if loc, ok := zoneCache.Load(name); ok {
		return loc.(*time.Location), nil
	}
	if name == "Local" || !ianaName(name) {
		return nil, fmt.Errorf("%q is not an IANA zone name: %w", name, ErrZone)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q: %w: %w", name, ErrZone, err)
	}
	if zoneCacheSize.Load() >= maxCachedZones {
		return loc, nil
	}
	cached, loaded := zoneCache.LoadOrStore(name, loc)
	if !loaded {
		zoneCacheSize.Add(1)
	}
	return cached.(*time.Location), nil
}

// zoneCache maps the names of zones LoadZone loaded to their locations.
var (
	zoneCache     sync.Map
	zoneCacheSize atomic.Int64
)

// maxCachedZones bounds zoneCache even where the host's tz data would load
// a name in any letter case (a case-insensitive file system).
const maxCachedZones = 1024

// maxZoneName bounds a zone name; the longest IANA name has 32 bytes.
const maxZoneName = 64

// ianaName reports whether name is written as IANA zone names are:
// components of ASCII letters, digits, '_', '-' and '+' separated by single
// slashes, the first starting with a letter.
func ianaName(name string) bool {
	if name == "" || len(name) > maxZoneName {
		return false
	}
	for part := range strings.SplitSeq(name, "/") {
		if part == "" || !(part[0] >= 'A' && part[0] <= 'Z' || part[0] >= 'a' && part[0] <= 'z') {
			return false
		}
		for _, r := range part {
			switch {
			case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-', r == '+':
			default:
				return false
			}
		}
	}
	return true
}

// zoneOf is the subscriber's zone, UTC when it cannot be loaded.
func zoneOf(sub Subscription) *time.Location {
	loc, err := LoadZone(sub.Zone)
	if err != nil {
		return time.UTC
	}
	return loc
}
