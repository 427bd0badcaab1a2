package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// TOTPSecret returns the TOTP secret of an account with two-factor login on
// and the last time step a code was accepted for; ErrNotFound when it is off.
func (s *Store) TOTPSecret(ctx context.Context, id int64) (secret string, lastStep int64, err error) {
	err = s.db.QueryRow(ctx, `SELECT totp_secret, totp_last_step FROM users
		WHERE id = $1 AND totp_secret IS NOT NULL`, id).Scan(&secret, &lastStep)
	return secret, lastStep, mapErr("totp secret", err)
}

// UseTOTPStep records that a code for step was accepted, when step is
// later than the last one; false when it is not (a replay, or a code
// raced by another request with the same one) or two-factor is off.
func (s *Store) UseTOTPStep(ctx context.Context, id, step int64) (bool, error) {
	tag, err := s.db.Exec(ctx, `UPDATE users SET totp_last_step = $2
		WHERE id = $1 AND totp_secret IS NOT NULL AND totp_last_step < $2`, id, step)
	if err != nil {
		return false, mapErr("use totp step", err)
	}
	return tag.RowsAffected() == 1, nil
}

// EnableTOTP turns two-factor login on with secret, whose first code was
// for step, and ends the account's sessions (their epoch moves on; it
// returns the new one). Already on: ErrConflict. Recovery codes are set
// apart (SetRecoveryCodes), in the same transaction.
func (s *Store) EnableTOTP(ctx context.Context, id int64, secret string, step int64) (int, error) {
	var epoch int
	err := s.db.QueryRow(ctx, `UPDATE users SET totp_secret = $2, totp_enabled_at = now(), totp_last_step = $3,
		session_epoch = session_epoch + 1, updated_at = now()
		WHERE id = $1 AND totp_secret IS NULL RETURNING session_epoch`, id, secret, step).Scan(&epoch)
	if errors.Is(err, pgx.ErrNoRows) {
		var exists bool
		if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)`, id).Scan(&exists); err != nil {
			return 0, mapErr("enable totp", err)
		}
		if exists {
			return 0, mapErr("enable totp", ErrConflict)
		}
	}
	return epoch, mapErr("enable totp", err)
}

// DisableTOTP turns two-factor login off and forgets the secret and the
// recovery codes.
func (s *Store) DisableTOTP(ctx context.Context, id int64) error {
	tag, err := s.db.Exec(ctx, `UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = 0,
		updated_at = now() WHERE id = $1 AND totp_secret IS NOT NULL`, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return mapErr("disable totp", err)
	}
	_, err = s.db.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, id)
	return mapErr("disable totp", err)
}

// SetRecoveryCodes replaces an account's recovery codes with these hashes.
func (s *Store) SetRecoveryCodes(ctx context.Context, id int64, hashes [][]byte) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, id); err != nil {
		return mapErr("set recovery codes", err)
	}
	_, err := s.db.Exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, h FROM unnest($2::bytea[]) AS h`,
		id, hashes)
	return mapErr("set recovery codes", err)
}

// UseRecoveryCode marks the unused recovery code with this hash as used;
// false when the account has none such (wrong, or used already).
func (s *Store) UseRecoveryCode(ctx context.Context, id int64, hash []byte) (bool, error) {
	tag, err := s.db.Exec(ctx, `UPDATE recovery_codes SET used_at = now()
		WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, id, hash)
	if err != nil {
		return false, mapErr("use recovery code", err)
	}
	return tag.RowsAffected() == 1, nil
}

// RecoveryCodesLeft counts an account's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, id int64) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, id).Scan(&n)
	return n, mapErr("recovery codes left", err)
}

// SetTOTPRequired sets whether an account must log in with a second factor.
func (s *Store) SetTOTPRequired(ctx context.Context, id int64, required bool) error {
	tag, err := s.db.Exec(ctx, `UPDATE users SET totp_required = $2, updated_at = now() WHERE id = $1`, id, required)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr("set totp required", err)
}
