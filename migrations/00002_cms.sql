-- The editors' CMS: sessions, login throttling, revisions, audit log.

-- +goose Up

ALTER TABLE users
    ADD COLUMN lang text NOT NULL DEFAULT 'en' REFERENCES languages ON UPDATE CASCADE,
    -- Bumped when a user is disabled or their password changes: sessions
    -- carrying an older epoch are no longer valid.
    ADD COLUMN session_epoch int NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Which revision of each other language a translation was last brought in
-- line with ({"ru": 3}): it is outdated when one of them has moved on.
ALTER TABLE translations
    DROP COLUMN source_lang,
    DROP COLUMN source_revision,
    ADD COLUMN synced jsonb NOT NULL DEFAULT '{}';

-- alexedwards/scs pgxstore; tokens are stored hashed (HashTokenInStore).
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

-- Failed logins, per account (lower-cased e-mail) and per client address.
CREATE TABLE login_failures (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text NOT NULL,
    ip         inet NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (email, created_at);
CREATE INDEX login_failures_ip ON login_failures (ip, created_at);

-- Every save keeps the whole entry as it was saved.
CREATE TABLE revisions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id   bigint NOT NULL REFERENCES entries ON DELETE CASCADE,
    version    int NOT NULL,
    author_id  bigint REFERENCES users,
    snapshot   jsonb NOT NULL,
    note       text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (entry_id, version)
);

-- Append-only: written in the same transaction as the change it records.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint REFERENCES users,
    action      text NOT NULL,
    object_type text NOT NULL,
    object_id   bigint,
    summary     text NOT NULL DEFAULT '',
    ip          inet,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_user ON audit_log (user_id, id DESC);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, id DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log, revisions, login_failures, sessions;
DROP FUNCTION audit_log_append_only();
ALTER TABLE users DROP COLUMN lang, DROP COLUMN session_epoch, DROP COLUMN updated_at;
ALTER TABLE translations DROP COLUMN synced, ADD COLUMN source_lang text REFERENCES languages, ADD COLUMN source_revision int;
