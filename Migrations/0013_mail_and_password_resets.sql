-- Mail waits here until the worker has handed it to the SMTP server: a message is written in the
-- same transaction as what caused it (a reset link with its token), so none is lost or sent for
-- something that did not happen. Retried with growing delays, dead after MAIL_MAX_ATTEMPTS.
CREATE TABLE mail_outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL,
    recipient        text NOT NULL,
    subject          text NOT NULL,
    text_body        text NOT NULL,
    html_body        text NOT NULL,
    user_id          bigint REFERENCES users (id) ON DELETE CASCADE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    -- A sender that took the message and has until then to say how it went (a crashed sender's
    -- message is taken again afterwards).
    claimed_until    timestamptz,
    sent_at          timestamptz,
    dead_at          timestamptz,
    last_error       text
);

CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX mail_outbox_recent ON mail_outbox (created_at DESC);

-- Password reset links: 256 random bits mailed, only their SHA-256 kept; single use, 30 minutes.
CREATE TABLE password_resets (
    token_hash  bytea PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE INDEX password_resets_by_user ON password_resets (user_id);
