-- +goose Up
-- A failed second-factor code: only someone who had the password can
-- cause one, so these are counted for the account as a whole (a
-- stranger's wrong passwords are counted per client: internal/auth).
ALTER TABLE login_failures ADD COLUMN second_factor boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE login_failures DROP COLUMN second_factor;
