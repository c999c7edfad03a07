-- Writing and Speaking: the prompts (Content/prompts/), learners' answers and the feedback on them.
-- An answer is stored here before its job reaches the Redis queue: `enqueued_at IS NULL` on a
-- submitted answer is the outbox that `bandup serve` drains, so a crash between the two loses nothing.
CREATE TABLE task_prompts (
    slug        text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    skill       text NOT NULL CHECK (skill IN ('writing', 'speaking')),
    task        text NOT NULL,
    title       text NOT NULL,
    topic       text NOT NULL,
    source      text NOT NULL,
    checksum    text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feedback_attempts (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    prompt_slug    text NOT NULL REFERENCES task_prompts (slug),
    task           text NOT NULL,
    -- What the learner answered, as they read it then (editing a prompt never changes an answer's context).
    prompt_title   text NOT NULL,
    prompt_text    text NOT NULL,
    keywords       jsonb NOT NULL DEFAULT '[]',
    mode           text NOT NULL DEFAULT 'timed' CHECK (mode IN ('timed', 'practice')),
    state          text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'queued', 'complete', 'failed')),
    answer         text NOT NULL DEFAULT '',
    -- Speaking: the answer's length and its recording in Storage.
    seconds        double precision CHECK (seconds >= 0),
    audio_key      text,
    audio_type     text,
    started_at     timestamptz NOT NULL DEFAULT now(),
    saved_at       timestamptz NOT NULL DEFAULT now(),
    submitted_at   timestamptz,
    enqueued_at    timestamptz,
    -- Whether a paid provider may assess it (false past the learner's daily limit).
    paid_allowed   boolean NOT NULL DEFAULT true,
    -- Told at submission that feedback is delayed (the queue was deep).
    delayed        boolean NOT NULL DEFAULT false,
    deliveries     integer NOT NULL DEFAULT 0,
    completed_at   timestamptz,
    provider       text,
    feedback       text,
    result         jsonb,
    input_tokens   integer,
    output_tokens  integer,
    first_text_ms  integer,
    total_ms       integer,
    failure        text,
    CHECK ((state IN ('draft')) = (submitted_at IS NULL)),
    CHECK ((state = 'complete') = (result IS NOT NULL))
);

CREATE UNIQUE INDEX feedback_one_draft_per_prompt ON feedback_attempts (user_id, prompt_slug) WHERE state = 'draft';
CREATE INDEX feedback_attempts_by_learner ON feedback_attempts (user_id, started_at DESC);
CREATE INDEX feedback_outbox ON feedback_attempts (submitted_at) WHERE state = 'queued' AND enqueued_at IS NULL;
