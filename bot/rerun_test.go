package bot

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
)

func TestRerunnerRunsOnceMoreAfterABurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r rerunner
		var runs, others atomic.Int32
		release := make(chan struct{})
		go r.do("m", func() {
			if runs.Add(1) == 1 {
				<-release
			}
		})
		synctest.Wait() // the first run is busy
		for range 10 {
			go r.do("m", func() { runs.Add(1) })
		}
		go r.do("other", func() { others.Add(1) })
		synctest.Wait() // all returned at once; another key ran alongside
		if n := others.Load(); n != 1 {
			t.Errorf("another key ran %d times while m was busy, want 1", n)
		}
		close(release)
		synctest.Wait()
		if n := runs.Load(); n != 2 {
			t.Errorf("a burst of 10 during a run made %d runs, want 2", n)
		}
		r.do("m", func() { runs.Add(1) })
		if n := runs.Load(); n != 3 {
			t.Errorf("a call after the burst made %d runs in all, want 3", n)
		}
	})
}
