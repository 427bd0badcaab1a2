-- +goose Up
-- A language's own lead image (translations.lead_image_id, migration
-- 00043) went live on every save, even while the language's text waited
-- in its working copy: a changed Russian text prepared with a new photo
-- put the photo on the public page beside the old text. The working copy
-- now holds the language's image choice too (NULL: the entry's shared
-- image), and it goes live with the copy's text: "Publish changes", the
-- copy's time, an approved review. A copy begins with the live image, so
-- it always holds the whole state it puts live.
-- The reference is added NOT VALID, as 00043's: the copies that take
-- their live image below are checked (an update is), and checking again
-- would read the table under its strongest lock. A photo a waiting copy
-- shows cannot be deleted from under it.
ALTER TABLE translation_drafts ADD COLUMN lead_image_id bigint;
ALTER TABLE translation_drafts ADD CONSTRAINT translation_drafts_lead_image_id_fkey
    FOREIGN KEY (lead_image_id) REFERENCES media ON DELETE RESTRICT NOT VALID;
-- Which copies will show a photo: its usage page lists them and a delete
-- checks the reference; only the few rows that have one.
CREATE INDEX translation_drafts_lead_image ON translation_drafts (lead_image_id) WHERE lead_image_id IS NOT NULL;
-- The copies waiting now were saved when the image went live on save:
-- the live image is the one they mean to show.
UPDATE translation_drafts w SET lead_image_id = t.lead_image_id
  FROM translations t
 WHERE t.entry_id = w.entry_id AND t.lang = w.lang AND t.lead_image_id IS NOT NULL;

-- +goose Down
-- The copies' choices are lost: each language shows its live image, as
-- before.
DROP INDEX translation_drafts_lead_image;
ALTER TABLE translation_drafts DROP COLUMN lead_image_id;
