package auth

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("пароль", 20) // 120 Cyrillic letters, 240 bytes
	for _, pw := range []string{"correct horse battery", long} {
		h, err := HashPassword(pw)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Errorf("hash format %q", h)
		}
		if !VerifyPassword(pw, h) {
			t.Errorf("%q does not verify", pw)
		}
		if VerifyPassword(pw+"x", h) || VerifyPassword(pw[:len(pw)-2], h) {
			t.Errorf("wrong password verified")
		}
	}
	h1, _ := HashPassword("same password!")
	h2, _ := HashPassword("same password!")
	if h1 == h2 {
		t.Error("no salt")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", "$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAA"} {
		if VerifyPassword("x", bad) {
			t.Errorf("%q verified", bad)
		}
	}
}

func TestPasswordRules(t *testing.T) {
	t.Parallel()
	if CheckPasswordRules("short") != ErrPasswordShort || CheckPasswordRules(strings.Repeat("съешь ещё булок ", 4)) != nil ||
		CheckPasswordRules(strings.Repeat("x", MaxPasswordLen+1)) != ErrPasswordLong {
		t.Error("rules")
	}
	for _, pw := range []string{strings.Repeat(" ", 12), strings.Repeat("я", 64), "121212121212", "password1234", "Password!2024",
		"123456789012", "qwertyuiopas", "P@ssw0rd 2025", "Пароль123456", "abcdefghijkl"} {
		if err := CheckPasswordRules(pw); err != ErrPasswordWeak {
			t.Errorf("%q: %v, want ErrPasswordWeak", pw, err)
		}
	}
	for _, pw := range []string{"correct horse battery staple", "Mary hotline 2011 counsellors", "ёлка-палка 1987 Мары"} {
		if err := CheckPasswordRules(pw); err != nil {
			t.Errorf("%q: %v", pw, err)
		}
	}
	// The account's own address and name, padded, are guessed first.
	about := []string{"ed@example.org", "Editor Dmitrievna"}
	for _, pw := range []string{"ed@example.org12", "Example2025!!", "dmitrievna 1990", "EDEXAMPLEORG"} {
		if err := CheckPasswordRules(pw, about...); err != ErrPasswordWeak {
			t.Errorf("%q for %v: %v, want ErrPasswordWeak", pw, about, err)
		}
		if err := CheckPasswordRules(pw); err != nil && pw != "EDEXAMPLEORG" {
			t.Errorf("%q with nothing known about the account: %v", pw, err)
		}
	}
	if err := CheckPasswordRules("example of a long passphrase", about...); err != nil {
		t.Errorf("a passphrase with a word of the address in it: %v", err)
	}
	if p := RandomPassword(20); len(p) != 20 || CheckPasswordRules(p) != nil {
		t.Errorf("random %q", p)
	}
}

func TestWait(t *testing.T) {
	t.Parallel()
	tests := []struct {
		failures int
		want     time.Duration
	}{{0, 0}, {3, 0}, {4, 10 * time.Minute}, {5, 20 * time.Minute}, {6, 40 * time.Minute}, {50, MaxWait}}
	for _, tt := range tests {
		if got := Wait(tt.failures, FreeFailuresPerPair); got != tt.want {
			t.Errorf("Wait(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}

func TestLocalRedirect(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"":                         "/admin/",
		"/admin/entries/5":         "/admin/entries/5",
		"/admin/entries?kind=news": "/admin/entries?kind=news",
		"/admin":                   "/admin",
		"//evil.example":           "/admin/",
		"/\\evil.example":          "/admin/",
		"https://evil.example":     "/admin/",
		"https:evil.example":       "/admin/",
		"javascript:alert(1)":      "/admin/",
		"/admin/%2F%2Fevil":        "/admin/%2F%2Fevil",
		"/admin%2F..%2F..%2Fevil":  "/admin/",
		"/%2F%2Fevil.example":      "/admin/",
		"/%5Cevil.example":         "/admin/",
		"/admin/../evil":           "/admin/",
		"/adminx":                  "/admin/",
		"/en/news/":                "/admin/",
		"/admin/\r\nSet-Cookie:x":  "/admin/",
		"\\\\evil":                 "/admin/",
	}
	for in, want := range tests {
		if got := LocalRedirect(in); got != want {
			t.Errorf("LocalRedirect(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCheckPasswordBusy: when the hashing slots stay taken, checks are
// turned away instead of queueing for ever, and a cancelled request gives
// up. It takes the package's hashing slots, so it never runs in parallel.
func TestCheckPasswordBusy(t *testing.T) {
	h, _ := HashPassword("correct horse battery")
	if ok, err := CheckPassword(context.Background(), "correct horse battery", h); !ok || err != nil {
		t.Fatalf("free slots: %v %v", ok, err)
	}
	for i := 0; i < cap(hashSlots); i++ {
		hashSlots <- struct{}{}
	}
	defer func() {
		for i := 0; i < cap(hashSlots); i++ {
			<-hashSlots
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CheckPassword(ctx, "x", h); err != ErrBusy {
		t.Errorf("cancelled: %v", err)
	}
	waiting.Store(maxWaiting)
	if _, err := CheckPassword(context.Background(), "x", h); err != ErrBusy {
		t.Errorf("full queue: %v", err)
	}
	waiting.Store(0)
}

// TestFailuresWait: the pair and the client wait as Wait says; the account
// as a whole only after a burst from many clients, and only until the
// oldest failure of the burst leaves AccountWindow.
func TestFailuresWait(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	tests := []struct {
		name string
		f    Failures
		want time.Duration
	}{
		{"nothing", Failures{}, 0},
		{"three from this client", Failures{Pair: Count{3, ago(time.Minute)}}, 0},
		{"four from this client", Failures{Pair: Count{4, ago(time.Minute)}}, 9 * time.Minute},
		{"four, long ago", Failures{Pair: Count{4, ago(time.Hour)}}, 0},
		{"a thousand from this client", Failures{Pair: Count{1000, ago(time.Minute)}}, MaxWait - time.Minute},
		{"many accounts from this client", Failures{Client: Count{20, ago(time.Minute)}}, 9 * time.Minute},
		// Failures of the account from elsewhere: the owner's client goes on.
		{"the account failed elsewhere", Failures{Account: Count{99, ago(time.Second)}, AccountOldest: ago(5 * time.Minute)}, 0},
		{"a burst from many clients", Failures{Account: Count{100, ago(time.Second)}, AccountOldest: ago(5 * time.Minute)}, 10 * time.Minute},
		// Wrong codes (the password was right) count from anywhere.
		{"three wrong codes", Failures{Codes: Count{3, ago(time.Minute)}}, 0},
		{"four wrong codes", Failures{Codes: Count{4, ago(time.Minute)}}, 9 * time.Minute},
	}
	for _, tt := range tests {
		if got := tt.f.Wait(now); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if !(Failures{Pair: Count{N: 3}}).LocksOut(false) || (Failures{Pair: Count{N: 4}}).LocksOut(false) ||
		!(Failures{Codes: Count{N: 3}}).LocksOut(true) || (Failures{Codes: Count{N: 3}}).LocksOut(false) {
		t.Error("LocksOut is not the moment the fourth failure starts the wait")
	}
}
