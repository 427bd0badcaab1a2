-- +goose Up
-- Who has an entry open: the editor page records the user when it opens
-- and every minute while it stays open, so another editor opening the
-- same entry is told who else is working on it.
CREATE TABLE entry_presence (
    entry_id bigint NOT NULL REFERENCES entries ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entry_id, user_id)
);

-- +goose Down
DROP TABLE entry_presence;
