// Package devdb owns the checkout's private PostgreSQL cluster: the
// database that `make run` and `make test` use when DATABASE_URL is not set.
//
// The cluster is created with initdb on first use, listens only on its own
// Unix socket (no TCP, so it never collides with a system Postgres), and is
// started and stopped with pg_ctl. PostgreSQL refuses to run as root, so
// when the caller is root the cluster runs as the unprivileged "postgres"
// user, with its files under the system temp directory (a checkout in a
// mode-700 home directory is not reachable by that user).
package devdb

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DBName and SuperUser name the database and role the cluster is created with.
const (
	DBName    = "vestnik"
	SuperUser = "vestnik"
)

// Cluster is the private cluster of one checkout.
type Cluster struct {
	Checkout string // absolute path of the checkout
	DataDir  string // PGDATA
	SockDir  string // directory of the Unix socket
	LogFile  string
	Port     int
	BinDir   string
	// cred is set when the server must run as another user (caller is root).
	cred  *syscall.Credential
	owner *user.User
	Log   io.Writer
}

// ErrNoPostgres means no PostgreSQL server binaries were found or installed.
var ErrNoPostgres = errors.New("devdb: PostgreSQL server binaries not found: install them (Debian/Ubuntu: sudo apt-get install postgresql) or set DATABASE_URL")

// New describes the cluster that belongs to the checkout at dir. It finds
// the server binaries (installing them with apt-get when root and none
// exist) but starts nothing.
func New(dir string, log io.Writer) (*Cluster, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("devdb: %w", err)
	}
	c := &Cluster{Checkout: abs, Log: log}
	sum := sha256.Sum256([]byte(abs))
	tag := hex.EncodeToString(sum[:])[:12]
	// A port of its own, derived from the checkout path: the socket file is
	// named after it, and two checkouts then never share one.
	c.Port = 20000 + int(binary.BigEndian.Uint16(sum[:2]))%10000

	// The binaries first: as root on a fresh machine, installing Debian's
	// package also creates the "postgres" user looked up below.
	if c.BinDir, err = findBinDir(); err != nil {
		return nil, err
	}
	base := filepath.Join(abs, ".data")
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, errors.New("devdb: running as root, but there is no unprivileged 'postgres' user to run the cluster as (install Debian's postgresql package, or set DATABASE_URL)")
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		c.owner = u
		base = filepath.Join(os.TempDir(), "vestnik-pg-"+tag)
	}
	c.DataDir = filepath.Join(base, "pg")
	c.LogFile = filepath.Join(base, "postgres.log")
	c.SockDir = base
	// Unix socket paths are limited to 107 bytes.
	if len(filepath.Join(c.SockDir, ".s.PGSQL.00000.lock")) > 100 {
		c.SockDir = filepath.Join(os.TempDir(), "vestnik-sock-"+tag)
	}
	return c, nil
}

// URL is the connection string of the cluster's database.
func (c *Cluster) URL() string {
	q := url.Values{}
	q.Set("host", c.SockDir)
	q.Set("port", strconv.Itoa(c.Port))
	q.Set("sslmode", "disable")
	return "postgres://" + SuperUser + "@/" + DBName + "?" + q.Encode()
}

// Running reports whether the cluster answers on its socket.
func (c *Cluster) Running() bool {
	conn, err := net.DialTimeout("unix", filepath.Join(c.SockDir, fmt.Sprintf(".s.PGSQL.%d", c.Port)), time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// Start creates the cluster if it does not exist and starts it if it is not
// running. started reports whether this call started it.
func (c *Cluster) Start() (started bool, err error) {
	unlock, err := c.lock()
	if err != nil {
		return false, err
	}
	defer unlock()
	if c.Running() {
		return false, nil
	}
	if err := c.prepareDirs(); err != nil {
		return false, err
	}
	if _, err := os.Stat(filepath.Join(c.DataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(); err != nil {
			return false, err
		}
	}
	c.removeStalePID()
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -c unix_socket_permissions=0700 -p %d -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB",
		c.SockDir, c.Port)
	if err := c.run(c.bin("pg_ctl"), "-D", c.DataDir, "-l", c.LogFile, "-o", opts, "-w", "-t", "60", "start"); err != nil {
		return false, fmt.Errorf("devdb: pg_ctl start failed (see %s): %w", c.LogFile, err)
	}
	if err := c.ensureDatabase(); err != nil {
		return true, err
	}
	return true, nil
}

// Stop stops the cluster if it runs, waiting for a clean shutdown.
func (c *Cluster) Stop() error {
	if _, err := os.Stat(filepath.Join(c.DataDir, "postmaster.pid")); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if !c.Running() {
		c.removeStalePID()
		return nil
	}
	if err := c.run(c.bin("pg_ctl"), "-D", c.DataDir, "-m", "fast", "-w", "-t", "60", "stop"); err != nil {
		return fmt.Errorf("devdb: pg_ctl stop: %w", err)
	}
	return nil
}

// Remove stops the cluster and deletes it, data and all: for a checkout
// that goes away with it (CI's clean clone), whose cluster would
// otherwise stay behind in the temporary directory.
func (c *Cluster) Remove() error {
	if err := c.Stop(); err != nil {
		return err
	}
	for _, d := range []string{filepath.Dir(c.DataDir), c.SockDir} {
		if err := os.RemoveAll(d); err != nil {
			return fmt.Errorf("devdb: %w", err)
		}
	}
	return nil
}

func (c *Cluster) bin(name string) string { return filepath.Join(c.BinDir, name) }

func (c *Cluster) prepareDirs() error {
	for _, d := range []string{filepath.Dir(c.DataDir), c.SockDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("devdb: %w", err)
		}
		if c.cred != nil {
			if err := os.Chown(d, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
				return fmt.Errorf("devdb: %w", err)
			}
		}
	}
	return nil
}

func (c *Cluster) initdb() error {
	fmt.Fprintf(c.Log, "devdb: creating the private PostgreSQL cluster in %s\n", c.DataDir)
	return c.run(c.bin("initdb"), "-D", c.DataDir, "-U", SuperUser, "--auth=trust",
		"--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
}

func (c *Cluster) ensureDatabase() error {
	// createdb fails when the database exists; check first with psql.
	out, err := c.output(c.bin("psql"), "-h", c.SockDir, "-p", strconv.Itoa(c.Port), "-U", SuperUser, "-d", "postgres",
		"-tAc", "SELECT 1 FROM pg_database WHERE datname = '"+DBName+"'")
	if err != nil {
		return fmt.Errorf("devdb: psql: %w", err)
	}
	if strings.TrimSpace(out) == "1" {
		return nil
	}
	return c.run(c.bin("createdb"), "-h", c.SockDir, "-p", strconv.Itoa(c.Port), "-U", SuperUser, DBName)
}

// removeStalePID deletes the postmaster.pid and socket lock files left by
// a crash, so that pg_ctl does not refuse to start. A lock file is stale
// when its process is gone, is a zombie, or is not a postgres process (the
// PID was reused).
func (c *Cluster) removeStalePID() {
	for _, path := range []string{
		filepath.Join(c.DataDir, "postmaster.pid"),
		filepath.Join(c.SockDir, fmt.Sprintf(".s.PGSQL.%d.lock", c.Port)),
	} {
		if staleLock(path) {
			fmt.Fprintf(c.Log, "devdb: removing stale %s\n", path)
			os.Remove(path)
		}
	}
}

func staleLock(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	sc := bufio.NewScanner(f)
	sc.Scan()
	f.Close()
	pid, err := strconv.Atoi(strings.TrimSpace(sc.Text()))
	if err != nil || pid <= 0 {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	// "pid (comm) state ...": alive when comm is postgres and not a zombie.
	s := string(stat)
	open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || closing < open || closing+2 >= len(s) {
		return true
	}
	return !strings.Contains(s[open+1:closing], "postgres") || s[closing+2] == 'Z'
}

func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "PGTZ=UTC")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
		cmd.Dir = "/"
		cmd.Env = append(cmd.Env, "HOME="+c.owner.HomeDir, "USER=postgres")
	}
	return cmd
}

func (c *Cluster) run(name string, args ...string) error {
	cmd := c.command(name, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", filepath.Base(name), err, out)
	}
	return nil
}

func (c *Cluster) output(name string, args ...string) (string, error) {
	cmd := c.command(name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s: %w: %s", filepath.Base(name), err, stderr.String())
	}
	return string(out), nil
}

// lock serialises Start between processes (go test runs packages in
// parallel, and each may ask for the cluster).
func (c *Cluster) lock() (func(), error) {
	dir := filepath.Join(c.Checkout, ".data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("devdb: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("devdb: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("devdb: lock: %w", err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

// Use marks the cluster as in use by the caller until release: several
// `devdb exec` may run at once in one checkout (two make test side by
// side), and only the last to leave may stop a cluster that one of them
// started. release reports whether the caller was the last, and then
// whether an exec had started the cluster (startedByUse).
func (c *Cluster) Use() (release func() (last, startedByUse bool), err error) {
	dir := filepath.Join(c.Checkout, ".data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("devdb: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "users.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("devdb: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil, fmt.Errorf("devdb: lock: %w", err)
	}
	marker := filepath.Join(dir, "started-by-exec")
	return func() (bool, bool) {
		defer f.Close()
		// Last out: nobody else holds the lock in shared mode.
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
			syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			return false, false
		}
		_, err := os.Stat(marker)
		return true, err == nil
	}, nil
}

// MarkStartedByUse records that an exec started the cluster (started
// false: that it was started by hand, and is to be left running).
func (c *Cluster) MarkStartedByUse(started bool) {
	marker := filepath.Join(c.Checkout, ".data", "started-by-exec")
	if started {
		os.WriteFile(marker, nil, 0o600)
	} else {
		os.Remove(marker)
	}
}

// findBinDir finds the directory holding initdb, pg_ctl and postgres: on
// PATH, through pg_config --bindir, or under /usr/lib/postgresql/*/bin
// (newest first). As root on Debian/Ubuntu it installs postgresql when
// none is found.
func findBinDir() (string, error) {
	if dir := lookBinDir(); dir != "" {
		return dir, nil
	}
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("apt-get"); err == nil {
			fmt.Fprintln(os.Stderr, "devdb: PostgreSQL not found; installing Debian's postgresql package")
			for _, args := range [][]string{{"update", "-q"}, {"install", "-y", "-q", "--no-install-recommends", "postgresql"}} {
				cmd := exec.Command("apt-get", args...)
				cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
				cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
				if err := cmd.Run(); err != nil {
					return "", fmt.Errorf("devdb: apt-get %s: %w", args[0], err)
				}
			}
			if dir := lookBinDir(); dir != "" {
				return dir, nil
			}
		}
	}
	return "", ErrNoPostgres
}

func hasServer(dir string) bool {
	for _, b := range []string{"initdb", "pg_ctl", "postgres"} {
		if fi, err := os.Stat(filepath.Join(dir, b)); err != nil || fi.IsDir() {
			return false
		}
	}
	return true
}

func lookBinDir() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil && hasServer(filepath.Dir(real)) {
			return filepath.Dir(real)
		}
		if hasServer(filepath.Dir(p)) {
			return filepath.Dir(p)
		}
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); hasServer(dir) {
			return dir
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if hasServer(d) {
			return d
		}
	}
	return ""
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}
