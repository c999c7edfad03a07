-- Two-step verification with an authenticator app (TOTP, RFC 6238). The secret is kept while it is
-- being set up (confirmed_at NULL) and from the first right code on; last_step is the 30-second step
-- of the last code accepted, so a code cannot be used twice. Recovery codes are shown once and kept
-- as SHA-256 hashes, each usable once. Both go with the account.
CREATE TABLE two_factor (
    user_id       bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret        bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    confirmed_at  timestamptz,
    last_step     bigint NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
