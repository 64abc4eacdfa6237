package bot

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// countingDraw draws a fake chart and counts the draws.
type countingDraw struct {
	mu sync.Mutex
	n  int
}

func (d *countingDraw) draw(weekly []int, target int) ([]byte, error) {
	d.add()
	return []byte(fmt.Sprint(weekly, target)), nil
}

func (d *countingDraw) add() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.n++
}

func (d *countingDraw) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.n
}

func TestChartDrawnOnceUntilItsDataChanges(t *testing.T) {
	var d countingDraw
	c := newChartCache(8, d.draw)
	weekly := []int{0, 1, 2, 3}
	first, _ := c.chart("u1", weekly, 3)
	again, _ := c.chart("u1", []int{0, 1, 2, 3}, 3)
	if d.n != 1 || !bytes.Equal(first, again) {
		t.Fatalf("the same chart twice: %d draws, want 1", d.n)
	}
	weekly[3] = 4 // the caller's slice changing does not change the cache
	if _, _ = c.chart("u1", []int{0, 1, 2, 3}, 3); d.n != 1 {
		t.Errorf("the cache kept the caller's slice: %d draws", d.n)
	}
	if got, _ := c.chart("u1", []int{0, 1, 2, 4}, 3); d.n != 2 || bytes.Equal(got, first) {
		t.Errorf("a new ✅ in the log: %d draws, want 2 and a new chart", d.n)
	}
	if _, _ = c.chart("u1", []int{0, 1, 2, 4}, 2); d.n != 3 {
		t.Errorf("a new target: %d draws, want 3", d.n)
	}
	if _, _ = c.chart("u2", []int{0, 1, 2, 4}, 2); d.n != 4 {
		t.Errorf("another user: %d draws, want 4", d.n)
	}
	c.forget("u2")
	if _, _ = c.chart("u2", []int{0, 1, 2, 4}, 2); d.n != 5 {
		t.Errorf("after forget: %d draws, want 5", d.n)
	}
}

func TestChartCacheEvictsLeastRecentlyUsed(t *testing.T) {
	var d countingDraw
	c := newChartCache(3, d.draw)
	for _, u := range []string{"a", "b", "c"} {
		c.chart(u, []int{1}, 3)
	}
	c.chart("a", []int{1}, 3) // a is now the most recent; b the least
	c.chart("d", []int{1}, 3) // evicts b
	if c.len() != 3 {
		t.Errorf("cache holds %d charts, want its bound of 3", c.len())
	}
	n := d.n
	c.chart("a", []int{1}, 3)
	c.chart("c", []int{1}, 3)
	if d.n != n {
		t.Errorf("a recently used chart was evicted")
	}
	c.chart("b", []int{1}, 3)
	if d.n != n+1 {
		t.Errorf("the least recently used chart was kept")
	}
}

// len is how many charts are cached.
func (c *chartCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
