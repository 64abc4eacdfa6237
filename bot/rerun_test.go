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

// A wish recorded while another caller's run is busy is seen by the rerun,
// which runs that other caller's function: the way refreshPost keeps a
// read-back asked for during an edit without one.
func TestRerunSeesAWishRecordedDuringARun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var r rerunner
		var wishes keySet
		var readBacks atomic.Int32
		release := make(chan struct{})
		first := true
		run := func(wish bool) {
			if wish {
				wishes.add("m")
			}
			r.do("m", func() {
				if wishes.take("m") {
					readBacks.Add(1)
				}
				if first {
					first = false
					<-release
				}
			})
		}
		go run(false) // an edit without read-back starts and blocks
		synctest.Wait()
		go run(true) // a read-back is asked for meanwhile
		synctest.Wait()
		close(release)
		synctest.Wait()
		if n := readBacks.Load(); n != 1 {
			t.Errorf("read back %d times, want 1: the wish made during a run was lost", n)
		}
		if wishes.take("m") {
			t.Errorf("the wish was left behind after the rerun")
		}
	})
}
