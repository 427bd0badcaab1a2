package images

// UseWorker makes the jobs run the worker at path until restore is
// called; the idle workers of the one before are stopped. Tests that use
// it do not run in parallel.
func UseWorker(path string) (restore func()) {
	old := workerPath
	Stop()
	workerPath = func() (string, error) { return path, nil }
	return func() {
		Stop()
		workerPath = old
	}
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
