-- +goose Up
-- A photo whose file an editor replaced keeps its uses (they name its id)
-- and its old addresses: the old content hash leads to the current file.
CREATE TABLE media_aliases (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_id   bigint NOT NULL REFERENCES media ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_aliases_media ON media_aliases (media_id);

-- +goose Down
DROP TABLE media_aliases;
