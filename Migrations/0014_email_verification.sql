-- Whether a learner reads mail at their address: set when they follow the link mailed at sign-up
-- (or later, from the account page). Accounts made by an operator (`bandup user create`) start
-- verified. Links: 256 random bits mailed, only their SHA-256 kept, single use, 48 hours, and
-- only for the address they were sent to.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;

CREATE TABLE email_verifications (
    token_hash  bytea PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE INDEX email_verifications_by_user ON email_verifications (user_id, created_at DESC);
