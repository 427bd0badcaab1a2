-- Two-factor login for editors: a TOTP secret per account, the last time
-- step a code was accepted for (a code works once), recovery codes stored
-- hashed, and a flag by which an admin requires a second factor.

-- +goose Up
ALTER TABLE users
    -- Base32, as authenticator apps take it; set while two-factor is on.
    -- Stored as is: an encryption key would live in the same database
    -- (there is no secret in the configuration), so it would hide nothing.
    ADD COLUMN totp_secret text,
    ADD COLUMN totp_enabled_at timestamptz,
    -- The time step (Unix time / 30 s) of the last code accepted: a code
    -- for this step or an earlier one is a replay.
    ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0,
    ADD COLUMN totp_required boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT users_totp_enabled CHECK ((totp_secret IS NULL) = (totp_enabled_at IS NULL));

-- One-time codes for when the authenticator is lost: SHA-256 of the user
-- ID and the code (see internal/auth/totp.go for why not argon2id).
CREATE TABLE recovery_codes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    code_hash  bytea NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, code_hash)
);

-- +goose Down
DROP TABLE recovery_codes;
ALTER TABLE users
    DROP CONSTRAINT users_totp_enabled,
    DROP COLUMN totp_secret,
    DROP COLUMN totp_enabled_at,
    DROP COLUMN totp_last_step,
    DROP COLUMN totp_required;
