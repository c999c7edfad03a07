-- Personal access tokens for the JSON API (/api/v1): created on the account page, shown once,
-- kept only as a SHA-256 hash (a token is 256 random bits, so a slow hash adds nothing), with a
-- name, the scopes it grants, an optional expiry, when it was last used, and when it was revoked.
CREATE TABLE access_tokens (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    -- The token's first characters, shown in the list so a learner can tell tokens apart.
    prefix        text NOT NULL,
    secret_hash   bytea NOT NULL UNIQUE,
    scopes        text[] NOT NULL CHECK (cardinality(scopes) >= 1),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

CREATE INDEX access_tokens_by_user ON access_tokens (user_id, created_at DESC);
