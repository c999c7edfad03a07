-- What happened to an account that matters for its safety: sign-ins (and misses, for accounts
-- that exist), password changes and resets, a confirmed address, API tokens made and revoked,
-- roles changed, everywhere signed out. Shown to the learner ("recent activity") and to admins;
-- removed with the account.
CREATE TABLE security_events (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind      text NOT NULL,
    client    text NOT NULL DEFAULT '',
    device    text NOT NULL DEFAULT '',
    detail    text NOT NULL DEFAULT '',
    at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX security_events_by_user ON security_events (user_id, at DESC);
CREATE INDEX security_events_recent ON security_events (at DESC);
