-- Changing the address an account signs in with: a link to the new address confirms it (48 hours);
-- then the old address is told, with a link that undoes the change for 7 days (an account taken
-- over cannot be kept by changing its address). Only the links' SHA-256 is kept; single use.
CREATE TABLE email_changes (
    token_hash  bytea PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('confirm', 'undo')),
    old_email   text NOT NULL,
    new_email   text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE INDEX email_changes_by_user ON email_changes (user_id, created_at DESC);
