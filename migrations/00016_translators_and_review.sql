-- +goose Up
-- Translators: a third role, limited to the languages an admin assigns.
-- They edit only those texts and submit them for review; an editor or an
-- admin publishes them (approves) or sends them back with a comment.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'editor', 'translator'));

CREATE TABLE user_languages (
    user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    lang    text NOT NULL REFERENCES languages ON UPDATE CASCADE ON DELETE CASCADE,
    PRIMARY KEY (user_id, lang)
);

-- One language's text waiting for review, or sent back with a comment.
-- Approval publishes it and removes the row.
CREATE TABLE reviews (
    entry_id     bigint NOT NULL,
    lang         text NOT NULL,
    state        text NOT NULL CHECK (state IN ('waiting', 'returned')),
    submitted_by bigint REFERENCES users ON DELETE SET NULL,
    submitted_at timestamptz NOT NULL DEFAULT now(),
    comment      text NOT NULL DEFAULT '',
    commented_by bigint REFERENCES users ON DELETE SET NULL,
    commented_at timestamptz,
    PRIMARY KEY (entry_id, lang),
    FOREIGN KEY (entry_id, lang) REFERENCES translations (entry_id, lang) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX reviews_waiting ON reviews (submitted_at) WHERE state = 'waiting';

-- +goose Down
DROP TABLE reviews;
DROP TABLE user_languages;
UPDATE users SET role = 'editor' WHERE role = 'translator';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'editor'));
