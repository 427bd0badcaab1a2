package auth

import (
	"bytes"
	"image/png"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: TOTPPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTOTPKey(t *testing.T) {
	t.Parallel()
	key, err := NewTOTPKey("ed@example.org")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(key)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("issuer") != "Vestnik" ||
		!strings.Contains(u.Path, "ed@example.org") {
		t.Fatalf("key URL %q", key)
	}
	secret, err := TOTPSecret(key)
	if err != nil || len(secret) != 32 { // 20 bytes in base32
		t.Fatalf("secret %q %v", secret, err)
	}
	if other, _ := NewTOTPKey("ed@example.org"); other == key {
		t.Error("two keys alike")
	}
	img, err := TOTPQR(key, 200)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		t.Errorf("QR is no PNG: %v", err)
	}
}

func TestMatchTOTP(t *testing.T) {
	t.Parallel()
	key, _ := NewTOTPKey("ed@example.org")
	secret, _ := TOTPSecret(key)
	now := time.Unix(1_800_000_015, 0) // mid-step
	step := TOTPStep(now)
	tests := []struct {
		name  string
		code  string
		after int64
		want  int64 // 0: refused
	}{
		{"now", codeAt(t, secret, now), 0, step},
		{"with spaces", " " + codeAt(t, secret, now)[:3] + " " + codeAt(t, secret, now)[3:], 0, step},
		{"30 s early", codeAt(t, secret, now.Add(-30*time.Second)), 0, step - 1},
		{"30 s late", codeAt(t, secret, now.Add(30*time.Second)), 0, step + 1},
		{"60 s early", codeAt(t, secret, now.Add(-60*time.Second)), 0, 0},
		{"60 s late", codeAt(t, secret, now.Add(60*time.Second)), 0, 0},
		{"replayed", codeAt(t, secret, now), step, 0},
		{"older than the last", codeAt(t, secret, now.Add(-30*time.Second)), step, 0},
		{"later than the last", codeAt(t, secret, now.Add(30*time.Second)), step, step + 1},
		{"letters", "12a456", 0, 0},
		{"short", "12345", 0, 0},
		{"empty", "", 0, 0},
	}
	for _, tt := range tests {
		got, ok := MatchTOTP(secret, tt.code, now, tt.after)
		if ok != (tt.want != 0) || got != tt.want {
			t.Errorf("%s: step %d, %v; want %d", tt.name, got, ok, tt.want)
		}
	}
	if _, ok := MatchTOTP("not base32!", "123456", now, 0); ok {
		t.Error("a broken secret matched")
	}
}

func TestRecoveryCodes(t *testing.T) {
	t.Parallel()
	codes := NewRecoveryCodes()
	if len(codes) != RecoveryCodes {
		t.Fatalf("%d codes", len(codes))
	}
	shape := regexp.MustCompile(`^[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}$`)
	seen := map[string]bool{}
	for _, c := range codes {
		if !shape.MatchString(c) || seen[c] {
			t.Errorf("code %q", c)
		}
		seen[c] = true
		if IsTOTPCode(c) {
			t.Errorf("%q taken for a TOTP code", c)
		}
	}
	c := codes[0]
	h := HashRecoveryCode(7, c)
	if len(h) != 32 {
		t.Fatalf("hash of %d bytes", len(h))
	}
	// Typed differently, the same code.
	for _, typed := range []string{strings.ToUpper(c), strings.ReplaceAll(c, "-", ""), strings.ReplaceAll(c, "-", " ")} {
		if !bytes.Equal(HashRecoveryCode(7, typed), h) {
			t.Errorf("%q hashes differently", typed)
		}
	}
	if bytes.Equal(HashRecoveryCode(8, c), h) {
		t.Error("the user ID does not salt the hash")
	}
	if bytes.Equal(HashRecoveryCode(7, codes[1]), h) {
		t.Error("two codes hash alike")
	}
}
