package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"vestnik/internal/testdb"
)

// TestHelpNeedsNoDatabase: help, --help and every command's --help print
// usage and exit 0 without DATABASE_URL.
func TestHelpNeedsNoDatabase(t *testing.T) {
	t.Parallel()
	bin := binary(t)
	env := slices.DeleteFunc(os.Environ(), func(v string) bool { return strings.HasPrefix(v, "DATABASE_URL=") })
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		for _, c := range commands {
			if !strings.Contains(string(out), "vestnik "+c.name) {
				t.Errorf("%v does not list %s:\n%s", args, c.name, out)
			}
		}
	}
	for _, c := range commands {
		cmd := exec.Command(bin, c.name, "--help")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.HasPrefix(string(out), "usage: vestnik "+c.name) || strings.Contains(string(out), "DATABASE_URL is not set") {
			t.Errorf("%s --help: %v\n%s", c.name, err, out)
		}
	}
	cmd := exec.Command(bin, "bogus")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), `unknown command "bogus"`) || !strings.Contains(string(out), "vestnik migrate") {
		t.Errorf("bogus: %v\n%s", err, out)
	}
}

// TestCommandErrorsAreSentences: a refused account change says why in
// words, not as a message ID.
func TestCommandErrorsAreSentences(t *testing.T) {
	t.Parallel()
	_, dbURL := testdb.NewWithURL(t)
	cmd := exec.Command(binary(t), "user", "create", "--email", "t@example.org", "--role", "publisher")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL)
	cmd.Stdin = strings.NewReader("a long enough password\n")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "vestnik: Choose a role") || strings.Contains(string(out), "user.role_invalid") {
		t.Errorf("%v\n%s", err, out)
	}
}

// TestDevOutsideCheckout: dev mode reads templates, static files and
// locales from the working directory; started elsewhere it says so before
// anything else, instead of failing on a locale file deep in the start.
func TestDevOutsideCheckout(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary(t), "serve")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "DEV=true", "DATABASE_URL=postgres://nobody@127.0.0.1:1/none")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "run it from the checkout") {
		t.Errorf("%v\n%s", err, out)
	}
}
