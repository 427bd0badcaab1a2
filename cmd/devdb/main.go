// Command devdb manages the checkout's private PostgreSQL cluster for
// development and tests (see internal/devdb).
//
//	devdb start            start it (creating it on first use); the last line printed is DATABASE_URL=...
//	devdb stop             stop it
//	devdb remove           stop it and delete it, data and all (CI's clean clone does, at the end)
//	devdb exec -- CMD ...  run CMD with DATABASE_URL set; a cluster an exec started is stopped
//	                       when the last exec running in the checkout ends
//
// When DATABASE_URL is already set, exec runs CMD against that database and
// touches no cluster.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"vestnik/internal/devdb"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		var exit childExit
		if errors.As(err, &exit) {
			os.Exit(int(exit))
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: devdb start|stop|remove|exec -- CMD")
	}
	if args[0] == "exec" && os.Getenv("DATABASE_URL") != "" {
		return execute(args[1:], "")
	}
	dir, err := os.Getwd()
	if err != nil {
		return err
	}
	c, err := devdb.New(dir, os.Stderr)
	if err != nil {
		return err
	}
	switch args[0] {
	case "start":
		started, err := c.Start()
		if err != nil {
			return err
		}
		if started {
			c.MarkStartedByUse(false) // started by hand: left running
		}
		fmt.Println("DATABASE_URL=" + c.URL())
		return nil
	case "stop":
		return c.Stop()
	case "remove":
		return c.Remove()
	case "exec":
		// Several execs may share the cluster (two make test at once): the
		// last to leave stops it, if an exec started it.
		release, err := c.Use()
		if err != nil {
			return err
		}
		started, err := c.Start()
		if err != nil {
			release()
			return err
		}
		if started {
			c.MarkStartedByUse(true)
		}
		err = execute(args[1:], c.URL())
		if last, byExec := release(); last && byExec {
			if stopErr := c.Stop(); stopErr != nil && err == nil {
				err = stopErr
			}
			c.MarkStartedByUse(false)
		}
		return err
	}
	return fmt.Errorf("devdb: unknown command %q", args[0])
}

// execute runs the command with the terminal's signals going to it alone:
// devdb waits for it to finish so it can stop the cluster afterwards.
func execute(args []string, url string) error {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return errors.New("devdb exec: no command")
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if url != "" {
		cmd.Env = append(os.Environ(), "DATABASE_URL="+url)
	}
	signal.Ignore(syscall.SIGINT, syscall.SIGQUIT)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGHUP)
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		for s := range sig {
			cmd.Process.Signal(s)
		}
	}()
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return childExit(exit.ExitCode())
		}
		return err
	}
	return nil
}

// childExit carries the exit code of the command exec ran, so devdb exits
// with it silently.
type childExit int

func (e childExit) Error() string { return fmt.Sprintf("exit status %d", int(e)) }
