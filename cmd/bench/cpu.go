package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// CPU per request is the user+system time the serving processes spent
// during a wrk run, divided by the requests served: unlike req/s it
// barely moves when neighbours steal the machine's CPU. Vestnik's is its
// process's; Postgres's, the backends connected to the bench database.

// clockTicks is the unit of /proc/PID/stat's times (getconf CLK_TCK).
var clockTicks = func() float64 {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if n, perr := strconv.Atoi(strings.TrimSpace(string(out))); err == nil && perr == nil && n > 0 {
		return float64(n)
	}
	return 100
}()

// cpuTime is a process's user+system CPU time so far (0 once it is gone).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count fields
	// after its closing one. utime and stime are fields 14 and 15.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(float64(utime+stime) / clockTicks * float64(time.Second))
}

// cpuMeter reads the CPU time of one serving process and of the Postgres
// backends of the bench database.
type cpuMeter struct {
	conn *pgx.Conn // to the bench database, for its backends' PIDs
}

// snapshot is the CPU time of the server and of each backend.
type snapshot struct {
	server   time.Duration
	backends map[int]time.Duration
}

func (m cpuMeter) snapshot(ctx context.Context, server int) (snapshot, error) {
	s := snapshot{server: cpuTime(server), backends: map[int]time.Duration{}}
	rows, err := m.conn.Query(ctx, `SELECT pid FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`)
	if err != nil {
		return s, err
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	for _, pid := range pids {
		s.backends[int(pid)] = cpuTime(int(pid))
	}
	return s, err
}

// used is the CPU time spent between two snapshots: the server's, and
// the backends' (a backend that appeared meanwhile counts from zero; one
// that ended meanwhile is lost, which a pool rarely does).
func used(before, after snapshot) (server, postgres time.Duration) {
	for pid, t := range after.backends {
		postgres += t - before.backends[pid]
	}
	return after.server - before.server, postgres
}

// bareHandler is the floor each ratio is taken against: a separate Go
// process serving the same bytes from memory with http.ServeContent.
type bareHandler struct {
	cmd  *exec.Cmd
	base string
}

// startBare runs this binary as the bare handler of body.
func startBare(body []byte) (*bareHandler, error) {
	f, err := os.CreateTemp("", "vestnik-bench-bare-*.html")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name()) // the child has read it once it answers
	if _, err := f.Write(body); err != nil {
		f.Close()
		return nil, err
	}
	f.Close()
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "-bare-child", f.Name())
	cmd.Env = append(os.Environ(), "GOMAXPROCS=2")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("bare handler: %w", err)
	}
	return &bareHandler{cmd: cmd, base: "http://" + strings.TrimSpace(addr)}, nil
}

func (b *bareHandler) stop() {
	b.cmd.Process.Kill()
	b.cmd.Wait()
}

// runBareChild serves file's bytes on a loopback port it prints.
func runBareChild(file string) error {
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(l.Addr().String())
	mod := time.Now()
	return http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "", mod, bytes.NewReader(body))
	}))
}

// throughput runs wrk against each case and prints req/s, latency and CPU
// per request beside the bare handler's, as a ratio. The servers write
// their access log (to a file) as in production. The cases run in rounds,
// one round of every case after another, and each case's median round is
// shown: a neighbour busy for a while moves one round of a case, not its
// figure.
func throughput(ctx context.Context, benchURL string, body []byte, article string, cached, uncached *server) error {
	bare, err := startBare(body)
	if err != nil {
		return err
	}
	defer bare.stop()
	conn, err := pgx.Connect(ctx, benchURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	meter := cpuMeter{conn: conn}
	n := max(*rounds, 1)
	each := max(time.Second, (*duration / time.Duration(n)).Round(time.Second))
	section(fmt.Sprintf("Throughput and CPU per request: wrk, %d connections, 2 threads, %d rounds of %v each", *conns, n, each))
	fmt.Println("CPU per request: user+system time of the serving process (/proc/PID/stat) and of the bench database's")
	fmt.Println("Postgres backends over the run, divided by the requests served. Every case runs once per round, the")
	fmt.Println("rounds one after another, and its median round is shown; the ratio is to the median of all the bare")
	fmt.Println("Go handler's runs (three per round: first, between the cases, last).")
	search := "/ru/search?q=" + url.QueryEscape("горячая линия")
	bareRun := struct {
		name string
		srv  *server
		path string
		goal float64
	}{"bare Go handler, same bytes", nil, "/", 0}
	runs := []struct {
		name string
		srv  *server // nil: the bare handler
		path string
		goal float64 // the ratio to stay under (0: none)
	}{
		bareRun,
		{"article, cached", cached, article, 1.5},
		{"article, cache off", uncached, article, 15},
		{"home, cached", cached, "/en/", 1.5},
		{"home, cache off", uncached, "/en/", 25},
		bareRun,
		{"feed /en/rss.xml, cached", cached, "/en/rss.xml", 0},
		{"search (ru), cached", cached, search, 1.5},
		{"search (ru), cache off", uncached, search, 100},
		{"search (en), cache off", uncached, "/en/search?q=trafficking", 0},
		{"404, a bot's probe", cached, "/en/wp-login.php", 0},
		bareRun,
	}
	type row struct {
		res                wrkResult
		vestnik, pg, total float64
	}
	measured := make([][]row, len(runs)) // each case's rounds
	var bares []float64
	for range n {
		for i, r := range runs {
			base, pid := bare.base, bare.cmd.Process.Pid
			if r.srv != nil {
				base, pid = r.srv.base, r.srv.cmd.Process.Pid
			}
			before, err := meter.snapshot(ctx, pid)
			if err != nil {
				return err
			}
			res, err := wrk(base+r.path, each, r.srv == uncached && strings.Contains(r.path, "/search"))
			if err != nil {
				return err
			}
			after, err := meter.snapshot(ctx, pid)
			if err != nil {
				return err
			}
			srvCPU, pgCPU := used(before, after)
			per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(max(res.requests, 1)) }
			x := row{res: res, vestnik: per(srvCPU), pg: per(pgCPU), total: per(srvCPU) + per(pgCPU)}
			measured[i] = append(measured[i], x)
			if r.srv == nil {
				bares = append(bares, x.total)
			}
		}
	}
	// A median of an even count is the higher of the middle two: the
	// worse figure for the cases, the higher floor for the bare handler.
	slices.Sort(bares)
	floor := bares[len(bares)/2]
	fmt.Printf("%-30s %9s %9s %9s %11s %11s %11s %8s\n", "what", "req/s", "p50", "p99", "Vestnik µs", "Postgres µs", "total µs", "× bare")
	for i, r := range runs {
		rs := slices.Clone(measured[i])
		slices.SortFunc(rs, func(a, b row) int { return cmp.Compare(a.total, b.total) })
		x := rs[len(rs)/2]
		// Every round's answers are checked: a round of failures is
		// cheaper per request, and would hide below the median.
		failed, requests := 0, 0
		for _, m := range rs {
			failed, requests = failed+m.res.failed, requests+m.res.requests
		}
		mark := ""
		if notFound := strings.HasPrefix(r.name, "404"); failed > 0 && !notFound || notFound && failed < requests {
			mark = fmt.Sprintf("%d of %d answers not 2xx/3xx! ", failed, requests)
		}
		if r.goal > 0 {
			if x.total/floor > r.goal {
				mark += fmt.Sprintf("OVER the goal of %g×", r.goal)
			} else {
				mark += fmt.Sprintf("(goal ≤ %g×)", r.goal)
			}
		}
		if n > 1 { // the spread of its rounds
			mark += fmt.Sprintf(" [rounds %.1f–%.1f×]", rs[0].total/floor, rs[len(rs)-1].total/floor)
		}
		fmt.Printf("%-30s %9.0f %9s %9s %11.1f %11.1f %11.1f %7.1f× %s\n", r.name, x.res.rps, x.res.p50, x.res.p99,
			x.vestnik, x.pg, x.total, x.total/floor, mark)
	}
	fmt.Printf("the ratios are to %.1f µs, the median of the bare handler's %d runs\n", floor, len(bares))
	return nil
}
