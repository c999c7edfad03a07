-- Practice tests (Content/tests/) and learners' attempts at them. A test's revisions are kept, and
-- an attempt is pinned to the revision it started on, so editing a test never re-marks (or breaks)
-- an attempt in progress or a result already given.
CREATE TABLE practice_tests (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug              text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    kind              text NOT NULL CHECK (kind IN ('academic-reading', 'general-reading', 'listening')),
    title             text NOT NULL,
    minutes           integer NOT NULL CHECK (minutes BETWEEN 1 AND 240),
    current_revision  integer NOT NULL DEFAULT 1,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE practice_test_revisions (
    test_id     bigint NOT NULL REFERENCES practice_tests (id) ON DELETE CASCADE,
    number      integer NOT NULL,
    source      text NOT NULL,
    checksum    text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (test_id, number)
);

CREATE TABLE test_attempts (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    test_id         bigint NOT NULL REFERENCES practice_tests (id) ON DELETE CASCADE,
    revision        integer NOT NULL,
    mode            text NOT NULL CHECK (mode IN ('exam', 'practice')),
    -- NULL: the whole test; otherwise the one section (0-based) practised.
    section         integer CHECK (section >= 0),
    started_at      timestamptz NOT NULL DEFAULT now(),
    -- The server's deadline (exam mode); practice is untimed.
    deadline        timestamptz,
    saved_at        timestamptz,
    submitted_at    timestamptz,
    -- {"12": ["B"], "13": ["fish"]}: the learner's values by question number.
    answers         jsonb NOT NULL DEFAULT '{}',
    flags           jsonb NOT NULL DEFAULT '[]',
    -- Passage highlights by section: {"0": [[start, end], ...]} (character offsets in the passage text).
    highlights      jsonb NOT NULL DEFAULT '{}',
    -- Listening parts whose recording has started (exam mode plays each once).
    played          jsonb NOT NULL DEFAULT '[]',
    current_section integer NOT NULL DEFAULT 0,
    raw_score       integer,
    max_score       integer,
    band            numeric(2,1),
    -- Per question: number, type, marks, out of, verdict.
    results         jsonb,
    CHECK ((submitted_at IS NULL) = (raw_score IS NULL)),
    FOREIGN KEY (test_id, revision) REFERENCES practice_test_revisions (test_id, number)
);

CREATE INDEX test_attempts_by_learner ON test_attempts (user_id, started_at DESC);
