-- Email subscriptions: confirmed subscribers, sign-up throttling, the mail
-- queue the background sender works through, the development outbox, and
-- settings Vestnik keeps for itself.

-- +goose Up

-- Values Vestnik makes and keeps for itself, such as the secret key that
-- signs subscription links when SECRET_KEY is not set.
CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Double opt-in: a row exists only once its owner clicked the signed
-- confirmation link. Unsubscribing keeps the row (so a stale confirmation
-- link cannot resubscribe); erasing deletes it.
CREATE TABLE subscribers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text NOT NULL CHECK (email <> '' AND length(email) <= 254),
    lang            text NOT NULL REFERENCES languages ON UPDATE CASCADE,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'unsubscribed')),
    confirmed_at    timestamptz NOT NULL DEFAULT now(),
    unsubscribed_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'unsubscribed' OR unsubscribed_at IS NOT NULL)
);
CREATE UNIQUE INDEX subscribers_email ON subscribers (lower(email));
CREATE INDEX subscribers_active ON subscribers (lang, id) WHERE status = 'active';

-- Sign-up requests, to throttle confirmation mail per address (kept as a
-- hash) and per client address.
CREATE TABLE subscribe_requests (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_hash text NOT NULL,
    ip         inet NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscribe_requests_email ON subscribe_requests (email_hash, created_at);
CREATE INDEX subscribe_requests_ip ON subscribe_requests (ip, created_at);

-- Every message Vestnik sends, claimed by senders with FOR UPDATE SKIP
-- LOCKED. An issue reaches a subscriber at most once: (entry_id,
-- subscriber_id) is unique. Confirmations and tests carry their address;
-- an issue's comes from its subscriber, so erasing a subscriber erases
-- their rows too.
CREATE TABLE mail_queue (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('confirm', 'issue', 'test')),
    priority        smallint NOT NULL DEFAULT 1, -- 0 goes first: a sign-up does not wait behind an issue
    entry_id        bigint REFERENCES newsletter_issues ON DELETE CASCADE,
    subscriber_id   bigint REFERENCES subscribers ON DELETE CASCADE,
    to_addr         text,
    lang            text NOT NULL REFERENCES languages ON UPDATE CASCADE,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text NOT NULL DEFAULT '',
    message_id      text NOT NULL DEFAULT '',
    requested_by    bigint REFERENCES users ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    UNIQUE (entry_id, subscriber_id),
    CHECK (CASE kind
        WHEN 'issue' THEN entry_id IS NOT NULL AND subscriber_id IS NOT NULL AND to_addr IS NULL
        WHEN 'test' THEN entry_id IS NOT NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
        ELSE entry_id IS NULL AND subscriber_id IS NULL AND to_addr IS NOT NULL
    END)
);
CREATE INDEX mail_queue_due ON mail_queue (priority, next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX mail_queue_done ON mail_queue (updated_at) WHERE kind <> 'issue' AND status <> 'pending';

-- Without SMTP_URL, messages land here for the admins to read.
CREATE TABLE mail_outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id text NOT NULL,
    to_addr    text NOT NULL,
    subject    text NOT NULL,
    text_body  text NOT NULL,
    html_body  text NOT NULL,
    raw        bytea NOT NULL, -- the message exactly as SMTP would carry it
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE mail_outbox, mail_queue, subscribe_requests, subscribers, settings;
