package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters: RFC 6238's defaults, the only ones every authenticator
// app takes (SHA-1, six digits, 30 seconds).
const (
	TOTPIssuer = "Vestnik"
	TOTPPeriod = 30
	// TOTPSkew is how many steps before and after now a code may be for:
	// one each way forgives a phone clock 30 s off and a slow typist.
	TOTPSkew   = 1
	totpDigits = otp.DigitsSix
)

// Recovery codes: RecoveryCodes of them per account, each of
// recoveryCodeLen characters from recoveryAlphabet.
const (
	RecoveryCodes    = 10
	recoveryCodeLen  = 12
	recoveryAlphabet = "abcdefghijkmnpqrstuvwxyz23456789" // 32 symbols, no look-alikes
)

// NewTOTPKey makes a new secret for an account (its e-mail) and returns it
// as an otpauth:// URL: what the QR code holds and the session keeps while
// the user proves they have set it up.
func NewTOTPKey(account string) (string, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: account, Period: TOTPPeriod,
		Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", err
	}
	return k.URL(), nil
}

// TOTPSecret returns the base32 secret of an otpauth:// URL.
func TOTPSecret(keyURL string) (string, error) {
	k, err := otp.NewKeyFromURL(keyURL)
	if err != nil {
		return "", err
	}
	return k.Secret(), nil
}

// TOTPQR draws an otpauth:// URL as a PNG QR code of size×size pixels.
func TOTPQR(keyURL string, size int) ([]byte, error) {
	k, err := otp.NewKeyFromURL(keyURL)
	if err != nil {
		return nil, err
	}
	img, err := k.Image(size, size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TOTPStep is the time step t falls in.
func TOTPStep(t time.Time) int64 { return t.Unix() / TOTPPeriod }

// IsTOTPCode reports whether s looks like an authenticator's code (six
// digits, spaces allowed) rather than a recovery code.
func IsTOTPCode(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) != totpDigits.Length() {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// MatchTOTP returns the time step, within TOTPSkew steps of now and later
// than after, whose code is code. A caller records the step and passes it
// as after next time, so that a code works once: the same code again, or
// an older one, no longer matches.
func MatchTOTP(secret, code string, now time.Time, after int64) (int64, bool) {
	if !IsTOTPCode(code) {
		return 0, false
	}
	code = strings.ReplaceAll(code, " ", "")
	cur := TOTPStep(now)
	for step := cur - TOTPSkew; step <= cur+TOTPSkew; step++ {
		if step <= after || step < 0 {
			continue
		}
		ok, err := hotp.ValidateCustom(code, uint64(step), secret, hotp.ValidateOpts{ // #nosec G115 -- step >= 0 checked above
			Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
		if err == nil && ok {
			return step, true
		}
	}
	return 0, false
}

// NewRecoveryCodes makes RecoveryCodes random codes, written in groups of
// four ("abcd-efgh-jkmn") to be easier to copy.
func NewRecoveryCodes() []string {
	codes := make([]string, RecoveryCodes)
	raw := make([]byte, recoveryCodeLen)
	for i := range codes {
		if _, err := rand.Read(raw); err != nil {
			panic(err) // crypto/rand does not fail on supported systems
		}
		var b strings.Builder
		for j, x := range raw {
			if j > 0 && j%4 == 0 {
				b.WriteByte('-')
			}
			// 256 is a multiple of 32: every symbol is equally likely.
			b.WriteByte(recoveryAlphabet[int(x)%len(recoveryAlphabet)])
		}
		codes[i] = b.String()
	}
	return codes
}

// NormalizeRecoveryCode is a code as typed, without case, spaces or dashes.
func NormalizeRecoveryCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// HashRecoveryCode is what is stored of a user's recovery code: SHA-256 of
// the user's ID and the normalized code.
//
// Why a fast hash, not argon2id as for passwords: a recovery code is 12
// symbols of 32 chosen by crypto/rand, 60 bits, not a human choice, so no
// dictionary helps and online guessing meets the login throttle after four
// tries. Offline, someone holding a copy of the database also holds the
// TOTP secret next to it (see migrations/00006_totp.sql), which is worth
// more than any recovery code: a slow hash would protect nothing more,
// while checking a code against ten argon2id hashes (19 MiB and ~50 ms
// each, two at a time) would make every login attempt a cheap denial of
// service. The user ID salts the hash, so equal codes of two users differ
// and a lookup by hash needs no loop.
func HashRecoveryCode(userID int64, code string) []byte {
	h := sha256.New()
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], uint64(userID)) // #nosec G115 -- an ID's bits, not a quantity
	h.Write([]byte("vestnik recovery code\x00"))
	h.Write(id[:])
	h.Write([]byte(NormalizeRecoveryCode(code)))
	return h.Sum(nil)
}
