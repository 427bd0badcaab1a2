-- +goose Up
-- An issue can be mailed to its subscribers by itself when it goes live,
-- language by language: issue_mailings records each language mailed, so
-- that it happens once, whichever instance gets there first, and a
-- subscriber who signs up later is not sent an old issue.
ALTER TABLE newsletter_issues ADD COLUMN send_on_publish boolean NOT NULL DEFAULT false;
CREATE TABLE issue_mailings (
    entry_id  bigint NOT NULL REFERENCES entries ON DELETE CASCADE,
    lang      text NOT NULL REFERENCES languages ON UPDATE CASCADE,
    mailed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entry_id, lang)
);

-- +goose Down
DROP TABLE issue_mailings;
ALTER TABLE newsletter_issues DROP COLUMN send_on_publish;
