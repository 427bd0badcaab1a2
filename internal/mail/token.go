package mail

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// ConfirmTTL is how long a confirmation link works.
const ConfirmTTL = 48 * time.Hour

// Token errors.
var (
	ErrBadToken     = errors.New("mail: invalid link")
	ErrExpiredToken = errors.New("mail: expired link")
)

// Signer makes and checks the links of subscription mail: HMAC-SHA256
// over what the link stands for, so nothing needs storing until a person
// confirms, and a manage link works without logging in.
type Signer struct{ key []byte }

// NewSigner returns a signer with a secret key.
func NewSigner(secret []byte) (*Signer, error) {
	if len(secret) < 32 {
		return nil, errors.New("mail: the secret key needs at least 32 bytes")
	}
	// A key of its own, so the secret may serve other purposes later.
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("vestnik subscription links"))
	return &Signer{key: mac.Sum(nil)}, nil
}

// Settings is where SignerFor keeps a generated key.
type Settings interface {
	EnsureSetting(ctx context.Context, key string, generate func() (string, error)) (string, error)
}

// SecretSetting names the generated secret key among the settings.
const SecretSetting = "secret_key"

// SignerFor returns a signer with the configured secret, or, when none is
// configured, with a random key generated once and kept in the settings,
// so every instance and restart agrees. generated tells which.
func SignerFor(ctx context.Context, settings Settings, secret string) (s *Signer, generated bool, err error) {
	if secret != "" {
		s, err = NewSigner([]byte(secret))
		return s, false, err
	}
	v, err := settings.EnsureSetting(ctx, SecretSetting, func() (string, error) {
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		return hex.EncodeToString(b[:]), nil
	})
	if err != nil {
		return nil, false, err
	}
	s, err = NewSigner([]byte(v))
	return s, true, err
}

// The purposes a token is signed for; a token for one is worthless for
// another.
const (
	purposeConfirm = "c"
	purposeManage  = "m"
)

var b64 = base64.RawURLEncoding

func (s *Signer) sign(payload string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(payload))
	// 128 bits of the MAC keep links short and are plenty for HMAC.
	return b64.EncodeToString([]byte(payload)) + "." + b64.EncodeToString(mac.Sum(nil)[:16])
}

func (s *Signer) open(token, purpose string, fields int) ([]string, error) {
	if len(token) > 1024 {
		return nil, ErrBadToken
	}
	p, sig, ok := strings.Cut(token, ".")
	if !ok {
		return nil, ErrBadToken
	}
	payload, err1 := b64.DecodeString(p)
	got, err2 := b64.DecodeString(sig)
	if err1 != nil || err2 != nil {
		return nil, ErrBadToken
	}
	mac := hmac.New(sha256.New, s.key)
	mac.Write(payload)
	if !hmac.Equal(got, mac.Sum(nil)[:16]) {
		return nil, ErrBadToken
	}
	parts := strings.Split(string(payload), "\n")
	if len(parts) != fields+1 || parts[0] != purpose {
		return nil, ErrBadToken
	}
	return parts[1:], nil
}

// Confirmation is what a confirmation link stands for: this address asked
// for the newsletter in this language at this time.
type Confirmation struct {
	Email  string
	Lang   string
	Issued time.Time
}

// ConfirmToken signs a confirmation.
func (s *Signer) ConfirmToken(c Confirmation) string {
	return s.sign(strings.Join([]string{purposeConfirm, strconv.FormatInt(c.Issued.Unix(), 10), c.Lang, c.Email}, "\n"))
}

// ParseConfirm checks a confirmation token: ErrBadToken when it was not
// signed by this key, ErrExpiredToken (with the confirmation) when it is
// older than ConfirmTTL.
func (s *Signer) ParseConfirm(token string, now time.Time) (Confirmation, error) {
	f, err := s.open(token, purposeConfirm, 3)
	if err != nil {
		return Confirmation{}, err
	}
	sec, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		return Confirmation{}, ErrBadToken
	}
	c := Confirmation{Issued: time.Unix(sec, 0), Lang: f[1], Email: f[2]}
	if now.Sub(c.Issued) > ConfirmTTL || c.Issued.After(now.Add(time.Minute)) {
		return c, ErrExpiredToken
	}
	return c, nil
}

// ManageToken signs a subscriber's manage and unsubscribe links. They do
// not expire: a message read a year later still unsubscribes. Erasing the
// subscriber makes them worthless.
func (s *Signer) ManageToken(subscriberID int64) string {
	return s.sign(purposeManage + "\n" + strconv.FormatInt(subscriberID, 10))
}

// ParseManage returns the subscriber a manage token was signed for.
func (s *Signer) ParseManage(token string) (int64, error) {
	f, err := s.open(token, purposeManage, 1)
	if err != nil {
		return 0, err
	}
	id, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || id < 1 {
		return 0, ErrBadToken
	}
	return id, nil
}
