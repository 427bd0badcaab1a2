-- +goose Up
-- A confirmation link subscribes only while the message that carried it
-- is on record (erasing the address deletes it): the public confirm page
-- looks it up by address.
CREATE INDEX mail_queue_confirm_to ON mail_queue (lower(to_addr)) WHERE kind = 'confirm';

-- +goose Down
DROP INDEX mail_queue_confirm_to;
