-- Accounts: learners, editors and admins. Emails are stored normalised (trimmed, lower-case) and
-- unique; the password hash is bcrypt (see docs/security.md).
CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email               text NOT NULL CHECK (email = lower(btrim(email)) AND length(email) BETWEEN 3 AND 254),
    display_name        text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 80),
    password_hash       text NOT NULL,
    role                text NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'editor', 'admin')),
    target_band         numeric(2,1) CHECK (target_band BETWEEN 1 AND 9 AND target_band * 2 = floor(target_band * 2)),
    exam_date           date,
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at     timestamptz,
    password_changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));
