package main

import (
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vestnik/internal/sitetest"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
	buildOut  []byte
)

// TestMain removes the binary the tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// binary builds the vestnik command (and its images worker) once for all
// the tests of the package, or uses the one VESTNIK_TEST_BIN names: `make
// test` passes the binary it has just built from the same sources, and
// saves the suite a link.
func binary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("VESTNIK_TEST_BIN"); bin != "" {
		return bin
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vestnik-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "vestnik")
		// The server finds its images worker beside it.
		buildOut, buildErr = exec.Command("go", "build", "-o", dir+"/", ".", "../vestnik-images").CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("build: %v\n%s", buildErr, buildOut)
	}
	return builtBin
}

// publicSite is the environment of a public https site's production
// settings: SECRET_KEY and an SMTP server (which the tests' servers never
// reach: nothing they do mails anyone).
var publicSite = []string{"BASE_URL=https://example.org", "SECRET_KEY=" + strings.Repeat("k", 32), "SMTP_URL=smtp://127.0.0.1:1?tls=none"}

// freeAddr is a loopback address no one listens on, with a port below the
// kernel's ephemeral range: tests restart their server on the same
// address, and in between a port of that range may be handed to another
// test's listener on port 0 or to an outgoing connection's local end.
func freeAddr(t *testing.T) string {
	t.Helper()
	low := 32768
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil {
				low = n
			}
		}
	}
	for range 100 {
		port := 10000 + rand.IntN(max(1, low-10000))
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			l.Close()
			return l.Addr().String()
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// server is a `vestnik serve` process of a test.
type server struct {
	cmd  *exec.Cmd
	done chan error // its exit, once
}

// startServer starts `vestnik serve` with env and waits until it is ready on
// addr. The process is killed when the test ends, if it still runs: no
// test leaves a server behind.
func startServer(t *testing.T, bin, addr string, env []string, stderr *syncBuffer) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	if stderr == nil {
		stderr = &syncBuffer{} // kept for the message if it does not start
	}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.done
		s.done <- nil // for anyone who waits after the cleanup
	})
	// Generous: only a server that never starts reaches it.
	sitetest.Eventually(t, time.Minute, "the server becomes ready", func() bool {
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("the server exited before it was ready: %v\n%s", err, stderr.String())
		default:
		}
		res, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	return s
}

// signal sends sig and waits for the exit, which it returns.
func (s *server) signal(t *testing.T, sig os.Signal) error {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		s.done <- err
		return err
	case <-time.After(time.Minute):
		t.Fatalf("no exit a minute after %v", sig)
		return nil
	}
}

// syncBuffer is a buffer a process writes and a test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b = append(b.b, p...)
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.b)
}
