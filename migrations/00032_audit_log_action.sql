-- +goose Up
-- The audit page shows one action's lines, newest first, a page at a time
-- (internal/store/audit.go, AuditLog): by this index, the older pages of
-- a rare action cost what the first does.
CREATE INDEX audit_log_action ON audit_log (action, id DESC);

-- +goose Down
DROP INDEX audit_log_action;
