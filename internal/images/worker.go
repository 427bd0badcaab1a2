package images

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// WorkerName is the images worker's file name: `make build` puts it
// beside bin/vestnik, and a deployment ships the two together.
const WorkerName = "vestnik-images"

// ErrNoWorker: the images worker is not where it is looked for.
var ErrNoWorker = errors.New("images: the images worker (" + WorkerName + ") is neither beside the vestnik binary nor named by IMAGES_WORKER")

// How long workers live: a worker does one job after another (its start,
// loading libvips's hundred libraries, costs as much CPU as a rendition),
// waits idle a while for the next, and is replaced after so many jobs so
// that whatever libvips keeps does not pile up.
const workerJobs = 100

// workerIdle is how long an idle worker waits (a variable for the tests).
var workerIdle = 30 * time.Second

// defaultJobTimeout bounds a job: a file that sends a decoder into a loop
// is given up on (and its worker killed), not left holding a slot.
const defaultJobTimeout = time.Minute

// jobLimit, when set, replaces defaultJobTimeout (tests of a hung worker
// do not wait a minute).
var jobLimit atomic.Int64

func jobTimeout() time.Duration {
	if d := jobLimit.Load(); d > 0 {
		return time.Duration(d)
	}
	return defaultJobTimeout
}

// slotWait is the longest a job waits for a slot before ErrBusy.
const slotWait = 30 * time.Second

// MaxDuration bounds a call of Normalize, PDFCover or Render: a wait for
// a slot and the job, then, after a crash, the worker's check with its
// own. A handler that calls one gives its response this much more time to
// be written (httpx.AllowSlowWork): the server's WriteTimeout would cut a
// hung job's error page off, and the editor would get an empty reply.
func MaxDuration() time.Duration { return 2 * (slotWait + jobTimeout()) }

// workerPath is the worker the jobs run: IMAGES_WORKER, else the
// vestnik-images beside the running binary.
var workerPath = sync.OnceValues(func() (string, error) {
	if p := os.Getenv("IMAGES_WORKER"); p != "" {
		return p, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", ErrNoWorker
	}
	p := filepath.Join(filepath.Dir(exe), WorkerName)
	if _, err := os.Stat(p); err != nil {
		return "", ErrNoWorker
	}
	return p, nil
})

// slots bound the jobs at a time, and so the workers: one per core.
var slots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))

// acquire waits for an image slot (at most slotWait, and while ctx lives).
func acquire(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(slotWait)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, ErrBusy
	}
}

// crashError is a worker that ended without an answer: killed by a
// signal, out of memory, or failed in libvips's C code.
type crashError struct {
	err    error
	stderr string
}

// Crashed reports whether err is a worker that ended without an answer
// (a crash, or no answer in time): the server's trouble, not the file's,
// when the file is a master it made itself.
func Crashed(err error) bool {
	_, ok := errors.AsType[*crashError](err)
	return ok
}

func (e *crashError) Error() string {
	return fmt.Sprintf("images: the worker ended without an answer: %v: %s", e.err, e.stderr)
}

// result is a worker's answer and the bytes that follow it.
type result struct {
	Response
	data []byte
}

// worker is a running worker process.
type worker struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	answers chan answer // its answers, read as they come; an error at its end
	// dropped is closed when nobody will read answers any more (the
	// worker was killed or retired): the reader then stops.
	dropped  chan struct{}
	dropOnce sync.Once
	stderr   *tail
	exited   chan struct{} // closed once the process has been waited for
	err      error         // how it ended, once exited is closed
	jobs     int
	idle     *time.Timer // retires it when it has waited workerIdle
}

type answer struct {
	res result
	err error
}

// idle are the workers waiting for a job; once stopped, none wait.
var idle struct {
	sync.Mutex
	workers []*worker
	stopped bool
}

// Abilities is what a worker reports of itself.
type Abilities struct {
	PDF      bool // it renders PDFs (covers from PDF editions)
	Confined bool // its seccomp filter is in place (engine.Confine)
}

// Check starts a worker — it loads libvips — and asks what it can do:
// `vestnik serve` calls it before it listens.
func Check(ctx context.Context) (Abilities, error) {
	res, err := run(ctx, Request{Op: OpCheck}, nil)
	if err != nil {
		return Abilities{}, err
	}
	pdfSupport.Lock()
	pdfSupport.known, pdfSupport.can = true, res.PDF
	pdfSupport.Unlock()
	return Abilities{PDF: res.PDF, Confined: res.Confined}, nil
}

// Stop ends the idle workers and waits (a few seconds at most) for them
// to exit, so that none is left for another process to reap; the busy
// ones end with their jobs' contexts, or with the server.
func Stop() {
	idle.Lock()
	ws := idle.workers
	idle.workers, idle.stopped = nil, true
	idle.Unlock()
	for _, w := range ws {
		w.idle.Stop()
		w.retire()
	}
	deadline := time.NewTimer(5 * time.Second)
	defer deadline.Stop()
	for _, w := range ws {
		select {
		case <-w.exited:
		case <-deadline.C:
			return
		}
	}
}

// run does one job in a worker process, reusing an idle one. A worker
// gets no environment but what libvips needs (no database URL, no
// secrets), dies with the server (SIGKILL when its parent goes), and is
// killed when ctx ends or jobTimeout passes before its answer. A worker
// that has decoded an upload is not reused: whatever a crafted file did
// to it ends with it.
func run(ctx context.Context, req Request, data []byte) (result, error) {
	release, err := acquire(ctx)
	if err != nil {
		return result{}, err
	}
	defer release()
	jobCtx, cancel := context.WithTimeout(ctx, jobTimeout())
	defer cancel()
	w, err := takeWorker()
	if err != nil {
		return result{}, err
	}
	a, err := w.do(jobCtx, req, data)
	if _, crashed := errors.AsType[*crashError](err); crashed && w.jobs > 0 {
		// A worker that had done jobs may have died while it waited: the
		// job is tried once more in a new one, where a file that kills
		// workers kills again.
		if w, err = startWorker(); err != nil {
			return result{}, err
		}
		a, err = w.do(jobCtx, req, data)
	}
	if err != nil {
		if ctx.Err() == nil && jobCtx.Err() != nil {
			return result{}, &crashError{err: fmt.Errorf("no answer in %v", jobCtx.Err()), stderr: w.stderr.String()}
		}
		return result{}, err
	}
	if req.Op == OpNormalize || req.Op == OpPDFCover {
		w.retire()
	} else {
		putWorker(w)
	}
	res := a.res
	if res.Refused != "" {
		if r, ok := refusals[res.Refused]; ok {
			return result{}, r
		}
		return result{}, &Refused{res.Refused}
	}
	if res.Error != "" {
		return result{}, fmt.Errorf("images: %s", res.Error)
	}
	return res, nil
}

// do has the worker do a job; the error is ctx's or a *crashError.
func (w *worker) do(ctx context.Context, req Request, data []byte) (answer, error) {
	go func() {
		if err := writeRequest(w.in, req, data); err != nil {
			w.cmd.Process.Kill() // it is dead or not reading: its end is the answer
		}
	}()
	var a answer
	select {
	case a = <-w.answers:
	case <-ctx.Done():
		w.kill()
		return a, ctx.Err()
	}
	if a.err != nil {
		// No answer: the worker is dead or dying; its exit says how.
		w.kill()
		return a, &crashError{err: errors.Join(a.err, w.err), stderr: w.stderr.String()}
	}
	return a, nil
}

// kill ends the worker and waits for its exit.
func (w *worker) kill() {
	w.drop()
	w.cmd.Process.Kill()
	<-w.exited
	w.in.Close()
}

// drop says nobody reads the worker's answers any more.
func (w *worker) drop() { w.dropOnce.Do(func() { close(w.dropped) }) }

// takeWorker returns an idle worker that is still running, or starts one.
func takeWorker() (*worker, error) {
	idle.Lock()
	for len(idle.workers) > 0 {
		w := idle.workers[len(idle.workers)-1]
		idle.workers = idle.workers[:len(idle.workers)-1]
		if !w.idle.Stop() {
			continue // its idle time is up: it is being retired
		}
		select {
		case <-w.exited:
			w.retire()
			continue
		default:
			idle.Unlock()
			return w, nil
		}
	}
	idle.Unlock()
	return startWorker()
}

// putWorker hands a worker back after a job, or retires it after its
// last.
func putWorker(w *worker) {
	w.jobs++
	idle.Lock()
	defer idle.Unlock()
	if w.jobs >= workerJobs || idle.stopped {
		w.retire()
		return
	}
	w.idle = time.AfterFunc(workerIdle, func() {
		idle.Lock()
		defer idle.Unlock()
		for i, o := range idle.workers {
			if o == w {
				idle.workers = append(idle.workers[:i], idle.workers[i+1:]...)
				break
			}
		}
		w.retire()
	})
	idle.workers = append(idle.workers, w)
}

// retire closes a worker's input: it exits when it reads the end.
func (w *worker) retire() {
	w.drop()
	w.in.Close()
}

func startWorker() (*worker, error) {
	path, err := workerPath()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(path)
	cmd.Env = []string{"VIPS_BLOCK_UNTRUSTED=1"}
	if tmp := os.Getenv("TMPDIR"); tmp != "" {
		cmd.Env = append(cmd.Env, "TMPDIR="+tmp)
	}
	cmd.Dir = "/" // nothing of the server's working directory
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	cmd.WaitDelay = 5 * time.Second // were its stderr held open by another process
	w := &worker{cmd: cmd, stderr: &tail{max: 2048}, exited: make(chan struct{}),
		answers: make(chan answer, 1), dropped: make(chan struct{})}
	cmd.Stderr = w.stderr
	// Its input and output are pipes of our own (not StdoutPipe, which
	// Wait closes at the worker's exit, perhaps before its last answer is
	// read).
	out, outEnd, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer outEnd.Close() // the worker's end: once started, the worker holds it
	inEnd, in, err := os.Pipe()
	if err != nil {
		out.Close()
		return nil, err
	}
	defer inEnd.Close()
	cmd.Stdin, cmd.Stdout, w.in = inEnd, outEnd, in
	if err := cmd.Start(); err != nil {
		out.Close()
		in.Close()
		return nil, fmt.Errorf("images: start %s: %w", path, err)
	}
	go func() {
		w.err = cmd.Wait()
		close(w.exited)
	}()
	go w.read(out)
	return w, nil
}

// read passes the worker's answers on as they come, until its output
// ends; then it reports the end and closes the pipe.
func (w *worker) read(out *os.File) {
	defer out.Close()
	r := bufio.NewReaderSize(out, 64<<10)
	for {
		var a answer
		a.res.Response, a.res.data, a.err = readResponse(r)
		select {
		case w.answers <- a:
		case <-w.dropped:
			return
		}
		if a.err != nil {
			return
		}
	}
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = t.b[over:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
