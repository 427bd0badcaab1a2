-- +goose Up
-- The latest issue (the home page's box) is the first visible one by
-- period: walked in this order it is read at once, where the statement
-- read every issue to sort them by period (a site with an issue a month
-- has hundreds after some years).
CREATE INDEX newsletter_issues_period ON newsletter_issues (period DESC, entry_id DESC);

-- +goose Down
DROP INDEX newsletter_issues_period;
