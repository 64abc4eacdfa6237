package bot

import (
	"container/list"
	"slices"
	"sync"
)

// maxCachedCharts bounds the /progress charts kept: the most recently
// shown, one per user. A chart is about 11 KB, so the cache holds about
// 3 MB at most.
const maxCachedCharts = 256

// chartCache keeps each user's last /progress chart, so asking again draws
// nothing. A chart is keyed by what it is drawn from (the weekly counts and
// the target): that changes exactly when the user's log does, or when a new
// week starts, so a cached chart is never stale and needs no invalidation.
// It evicts the least recently used user's chart beyond max.
type chartCache struct {
	draw func(weekly []int, target int) ([]byte, error)
	max  int

	mu     sync.Mutex
	lru    list.List // of *cachedChart, most recently used first
	byUser map[string]*list.Element
}

type cachedChart struct {
	user   string
	weekly []int
	target int
	png    []byte
}

func newChartCache(max int, draw func(weekly []int, target int) ([]byte, error)) *chartCache {
	return &chartCache{draw: draw, max: max, byUser: make(map[string]*list.Element)}
}

// chart returns user's chart of weekly against target, drawing it only if
// the cached one was drawn from something else. The returned bytes are
// shared: callers must not change them.
func (c *chartCache) chart(user string, weekly []int, target int) ([]byte, error) {
	c.mu.Lock()
	if e, ok := c.byUser[user]; ok {
		cc := e.Value.(*cachedChart)
		if cc.target == target && slices.Equal(cc.weekly, weekly) {
			c.lru.MoveToFront(e)
			c.mu.Unlock()
			return cc.png, nil
		}
	}
	c.mu.Unlock()

	// Draw unlocked: other users' charts need not wait for this one.
	png, err := c.draw(weekly, target)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cc := &cachedChart{user: user, weekly: slices.Clone(weekly), target: target, png: png}
	if e, ok := c.byUser[user]; ok {
		e.Value = cc
		c.lru.MoveToFront(e)
		return png, nil
	}
	c.byUser[user] = c.lru.PushFront(cc)
	for c.lru.Len() > c.max {
		oldest := c.lru.Back()
		c.lru.Remove(oldest)
		delete(c.byUser, oldest.Value.(*cachedChart).user)
	}
	return png, nil
}

// forget drops user's chart: /forget deletes everything about them.
func (c *chartCache) forget(user string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byUser[user]; ok {
		c.lru.Remove(e)
		delete(c.byUser, user)
	}
}
