package devdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"vestnik/internal/poll"

	"github.com/jackc/pgx/v5"
)

func query(t *testing.T, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT 41 + 1").Scan(&n); err != nil || n != 42 {
		t.Fatalf("query: %d %v", n, err)
	}
}

// TestLifecycle creates a cluster for a throwaway checkout as the current
// user (as root it runs as "postgres" with its data under the temp dir),
// reuses it, recovers from a crash's stale pid file, and stops it.
func TestLifecycle(t *testing.T) {
	t.Parallel()
	checkout := t.TempDir() // mode 700, like a home directory: unreachable for other users
	c, err := New(checkout, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Stop()
		os.RemoveAll(filepath.Dir(c.DataDir))
		os.RemoveAll(c.SockDir)
	})
	if os.Geteuid() == 0 && strings.HasPrefix(c.DataDir, checkout) {
		t.Fatalf("as root the data must live outside the checkout: %s", c.DataDir)
	}
	if os.Geteuid() != 0 && !strings.HasPrefix(c.DataDir, filepath.Join(checkout, ".data")) {
		t.Fatalf("data must live under .data/: %s", c.DataDir)
	}
	started, err := c.Start()
	if err != nil || !started {
		t.Fatalf("first start: %v %v", started, err)
	}
	query(t, c.URL())

	// A second start reuses the running cluster.
	if started, err := c.Start(); err != nil || started {
		t.Fatalf("second start: %v %v", started, err)
	}

	// A crash: kill -9 the postmaster and its children; the stale pid file
	// must not block the next start, which reuses the data.
	pidFile, err := os.ReadFile(filepath.Join(c.DataDir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.SplitN(string(pidFile), "\n", 2)[0])
	// Children first (they hold the shared memory a new postmaster checks),
	// then the postmaster, and wait until all are gone.
	exec.Command("pkill", "-9", "-P", strconv.Itoa(pid)).Run()
	syscall.Kill(pid, syscall.SIGKILL)
	poll.Until(time.Minute, func() bool {
		children := exec.Command("pgrep", "-P", strconv.Itoa(pid)).Run() == nil
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err != nil && !children {
			return true
		}
		exec.Command("pkill", "-9", "-P", strconv.Itoa(pid)).Run()
		return false
	})
	if started, err := c.Start(); err != nil || !started {
		t.Fatalf("start after crash: %v %v", started, err)
	}
	query(t, c.URL())

	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if c.Running() {
		t.Fatal("still running after Stop")
	}
	if err := c.Stop(); err != nil {
		t.Fatalf("second stop: %v", err)
	}
	// Remove deletes a stopped cluster, data and all.
	if err := c.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(c.DataDir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the cluster's directory is still there: %v", err)
	}
}

// TestAsOrdinaryUser runs the devdb command as an unprivileged user on a
// checkout that user owns: the cluster lives under the checkout's .data/.
// As root (CI) the command runs as the "postgres" user; as an ordinary
// user it runs as that user — both are the unprivileged case.
func TestAsOrdinaryUser(t *testing.T) {
	t.Parallel()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		if u, err = user.Lookup("postgres"); err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	dir, err := os.MkdirTemp("", "devdb-user-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "devdb")
	build := exec.Command("go", "build", "-o", bin, "vestnik/cmd/devdb")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	checkout := filepath.Join(dir, "checkout")
	os.Mkdir(checkout, 0o700)
	if cred != nil {
		os.Chown(checkout, int(cred.Uid), int(cred.Gid))
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = checkout
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + u.HomeDir, "TMPDIR=" + dir}
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("devdb %v as %s: %v\n%s", args, u.Username, err, out)
		}
		return string(out)
	}
	t.Cleanup(func() { run("stop") })
	out := strings.TrimSpace(run("start"))
	lines := strings.Split(out, "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "DATABASE_URL=") {
		t.Fatalf("last line %q", last)
	}
	if _, err := os.Stat(filepath.Join(checkout, ".data", "pg", "PG_VERSION")); err != nil {
		t.Fatalf("cluster not under .data/: %v", err)
	}
	query(t, strings.TrimPrefix(last, "DATABASE_URL="))
	run("stop")
}
