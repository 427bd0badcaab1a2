-- +goose Up
-- The revision of the live text when its working copy began: when the
-- working copy is given up (the live text typed back), the languages in
-- line with that revision before are in line again
-- (internal/store/editing.go, dropCopy). Working copies begun before this
-- have none, and give up nothing of the kind.
ALTER TABLE translation_drafts ADD COLUMN base_revision int;

-- +goose Down
ALTER TABLE translation_drafts DROP COLUMN base_revision;
