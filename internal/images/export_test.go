package images

import "time"

// UseWorker makes the jobs run the worker at path until restore is
// called; the idle workers of the one before are stopped. Tests that use
// it do not run in parallel.
func UseWorker(path string) (restore func()) {
	old := workerPath
	reset()
	workerPath = func() (string, error) { return path, nil }
	return func() {
		reset()
		workerPath = old
	}
}

// UseJobTimeout gives up on a job after d instead of a minute, until
// restore is called.
func UseJobTimeout(d time.Duration) (restore func()) {
	old := jobLimit.Swap(int64(d))
	return func() { jobLimit.Store(old) }
}

// Fresh stops the idle workers and lets the next ones wait idle for as
// long as a test takes, until restore is called.
func Fresh() (restore func()) {
	reset()
	idle.Lock()
	old := workerIdle
	workerIdle = time.Hour
	idle.Unlock()
	return func() {
		reset()
		idle.Lock()
		workerIdle = old
		idle.Unlock()
	}
}

// reset stops the idle workers, and lets workers be kept again.
func reset() {
	Stop()
	idle.Lock()
	idle.stopped = false
	idle.Unlock()
}

// IdleWorkers are the process IDs of the idle workers.
func IdleWorkers() []int {
	idle.Lock()
	defer idle.Unlock()
	var pids []int
	for _, w := range idle.workers {
		pids = append(pids, w.cmd.Process.Pid)
	}
	return pids
}
