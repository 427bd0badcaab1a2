// Package auth owns editors' credentials: argon2id password hashes in PHC
// string format, password rules, random passwords, login throttling policy
// and safe redirect targets. It knows no SQL and no HTTP handlers.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Cost is argon2id's work factor: memory in KiB and passes.
type Cost struct {
	MemoryKiB uint32
	Time      uint32
}

// OWASP is the cost of every hash the server makes: OWASP's argon2id
// parameters, m=19 MiB, t=2, p=1.
var OWASP = Cost{MemoryKiB: 19 * 1024, Time: 2}

const (
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// cost is the cost of new hashes.
var cost atomic.Pointer[Cost]

// dummy is the hash an unknown user's password is checked against, made
// at the current cost when first needed: made at start, it cost every
// command of the binary (`vestnik help` too) and every test process a
// hash at the production cost.
var dummy struct {
	mu   sync.Mutex
	cost Cost
	hash string
}

// dummyHash returns the dummy hash at the current cost; its caller holds
// a hashing slot.
func dummyHash() string {
	c := *cost.Load()
	dummy.mu.Lock()
	defer dummy.mu.Unlock()
	if dummy.hash == "" || dummy.cost != c {
		h, err := hashAt("vestnik-dummy-password-for-timing", c)
		if err != nil {
			panic(err)
		}
		dummy.cost, dummy.hash = c, h
	}
	return dummy.hash
}

func init() { UseCost(OWASP) }

// UseCost sets the cost of the hashes this process makes from now on
// (verifying reads the cost from each hash). Nothing in the server calls
// it: tests do (internal/sitetest), so that hundreds of logins under the
// race detector stay cheap — as Django's test settings swap in a fast
// hasher. internal/auth's own tests check the production cost.
func UseCost(c Cost) { cost.Store(&c) }

// Password length rules, in characters (not bytes: 64 Cyrillic letters are
// fine, unlike bcrypt's 72-byte cap).
const (
	MinPasswordLen = 12
	MaxPasswordLen = 1024
)

// Errors of password rules; their messages are message IDs.
var (
	ErrPasswordShort = errors.New("password.too_short")
	ErrPasswordLong  = errors.New("password.too_long")
	ErrPasswordWeak  = errors.New("password.too_weak")
	ErrBadHash       = errors.New("auth: malformed password hash")
)

// hashSlots allows at most two hashes at a time: each takes 19 MiB and a
// core, and the machine may have two.
var hashSlots = make(chan struct{}, 2)

// CheckPasswordRules reports whether a new password is acceptable: long
// enough, and not one of the long passwords guessed first (NIST SP
// 800-63B asks for length and a check against known ones, not for
// character classes) — among them the account's own e-mail address and
// name (about), padded, which a guesser tries before any word list.
func CheckPasswordRules(pw string, about ...string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return ErrPasswordShort
	case n > MaxPasswordLen:
		return ErrPasswordLong
	case guessable(pw, about):
		return ErrPasswordWeak
	}
	return nil
}

// commonWords are the words at the heart of the long passwords tried
// first: a password that is one of them with digits, spaces or symbols
// around it is guessed at once.
var commonWords = []string{"password", "passw", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbnm", "letmein",
	"welcome", "admin", "administrator", "iloveyou", "abc", "abcdef", "abcdefghijkl", "monkey", "dragon", "sunshine",
	"пароль", "йцукен", "qwertz", "azerty"}

// sequences are runs of keys typed in order: any stretch of one is guessed
// at once.
var sequences = []string{"012345678901234567890", "098765432109876543210", "abcdefghijklmnopqrstuvwxyz",
	"qwertyuiopasdfghjklzxcvbnm", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"}

// guessable reports a password made of few different characters (twelve
// spaces, "aaaa…", "121212…"), a run of keys in order, or a common word
// padded with digits and symbols.
func guessable(pw string, about []string) bool {
	lower := strings.ToLower(pw)
	distinct := map[rune]bool{}
	for _, r := range lower {
		if !unicode.IsSpace(r) {
			distinct[r] = true
		}
	}
	if len(distinct) < 5 {
		return true
	}
	for _, s := range sequences {
		if strings.Contains(s, lower) {
			return true
		}
	}
	for _, text := range []string{lower, leet.Replace(lower)} {
		letters := []rune(lettersOf(text))
		for _, w := range append(aboutWords(about), commonWords...) {
			// The word with at most three more letters around it.
			if strings.Contains(string(letters), w) && len(letters)-utf8.RuneCountInString(w) < 4 {
				return true
			}
		}
	}
	return false
}

// aboutWords are the letters of what is known about an account (an
// e-mail address, a name), whole and of each part of three letters or
// more, lower-case: "ed@example.org" gives "edexampleorg" and "example".
func aboutWords(about []string) []string {
	var words []string
	for _, a := range about {
		words = append(words, lettersOf(strings.ToLower(a)))
		for _, part := range strings.FieldsFunc(a, func(r rune) bool { return !unicode.IsLetter(r) }) {
			words = append(words, lettersOf(strings.ToLower(part)))
		}
	}
	return slices.DeleteFunc(words, func(w string) bool { return utf8.RuneCountInString(w) < 3 })
}

// lettersOf is s without what is not a letter.
func lettersOf(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, s)
}

// leet undoes the usual letter-for-symbol swaps (p@ssw0rd).
var leet = strings.NewReplacer("@", "a", "4", "a", "0", "o", "1", "l", "3", "e", "$", "s", "5", "s", "7", "t", "!", "i")

// HashPassword returns an argon2id PHC string:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(pw string) (string, error) {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return hashAt(pw, *cost.Load())
}

// hashAt is HashPassword at a cost, for a caller that holds a hashing slot.
func hashAt(pw string, c Cost) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, c.Time, c.MemoryKiB, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.MemoryKiB, c.Time, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks pw against a PHC hash. An empty hash (no such user,
// or no password set) is checked against a dummy so it costs the same, and
// is never a match. It waits as long as it takes for a hashing slot: use
// CheckPassword where a request is waiting.
func VerifyPassword(pw, phc string) bool {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return verifyHeld(pw, phc)
}

// verifyHeld is VerifyPassword for a caller that holds a hashing slot.
func verifyHeld(pw, phc string) bool {
	if phc == "" {
		// Compared against a dummy made at the same cost, so the time a
		// login takes does not tell who has an account.
		verify(pw, dummyHash())
		return false
	}
	ok, err := verify(pw, phc)
	return err == nil && ok
}

// ErrBusy means too many password checks are waiting for a hashing slot:
// the caller should answer "try again shortly" rather than queue more work.
var ErrBusy = errors.New("auth: too many password checks waiting")

// Bounds of the queue for hashing slots: a flood of logins from many
// addresses is turned away instead of piling up memory and time.
const (
	maxWaiting = 32
	maxWait    = 5 * time.Second
)

var waiting atomic.Int32

// CheckPassword is VerifyPassword for a request: when maxWaiting checks are
// already queued, or no slot frees up within maxWait or before ctx ends, it
// returns ErrBusy without hashing.
func CheckPassword(ctx context.Context, pw, phc string) (bool, error) {
	if waiting.Add(1) > maxWaiting {
		waiting.Add(-1)
		return false, ErrBusy
	}
	timer := time.NewTimer(maxWait)
	defer timer.Stop()
	select {
	case hashSlots <- struct{}{}:
		waiting.Add(-1)
	case <-timer.C:
		waiting.Add(-1)
		return false, ErrBusy
	case <-ctx.Done():
		waiting.Add(-1)
		return false, ErrBusy
	}
	defer func() { <-hashSlots }()
	return verifyHeld(pw, phc), nil
}

// verify hashes pw as phc says and compares; the caller holds a slot.
func verify(pw, phc string) (bool, error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 16 || p == 0 {
		return false, ErrBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, ErrBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false, ErrBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// RandomPassword makes a password of n characters from an alphabet without
// look-alike characters.
func RandomPassword(n int) string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	var b strings.Builder
	for i := 0; i < n; i++ {
		k, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err)
		}
		b.WriteByte(alphabet[k.Int64()])
	}
	return b.String()
}
