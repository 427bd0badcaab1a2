-- +goose Up
-- Erasing an address (a subscriber's, or a deleted account's) deletes the
-- mail queued and kept for it by address: that read every row of the
-- queue, where each issue sent leaves a row per subscriber. The queue's
-- addressed rows (every kind but an issue's, whose address is its
-- subscriber's) are found by address now, confirmations among them.
CREATE INDEX mail_queue_to ON mail_queue (lower(to_addr)) WHERE to_addr IS NOT NULL;
DROP INDEX mail_queue_confirm_to;
CREATE INDEX mail_outbox_to ON mail_outbox (lower(to_addr));

-- +goose Down
DROP INDEX mail_outbox_to;
CREATE INDEX mail_queue_confirm_to ON mail_queue (lower(to_addr)) WHERE kind = 'confirm';
DROP INDEX mail_queue_to;
