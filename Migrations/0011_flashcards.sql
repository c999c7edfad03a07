-- Flashcards: a learner's decks, their cards with each card's FSRS schedule (Practice.FSRS), and
-- every review. Cards come from lessons' word lists, words flagged in essays, CSV files, the
-- learner's own typing, and card sets proposed by a queued job (card_generations, on the same
-- queue and event streams as feedback).
CREATE TABLE decks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, name)
);

CREATE TABLE cards (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deck_id         bigint NOT NULL REFERENCES decks (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    term            text NOT NULL CHECK (length(term) BETWEEN 1 AND 120),
    part_of_speech  text CHECK (length(part_of_speech) <= 40),
    definition      text NOT NULL CHECK (length(definition) BETWEEN 1 AND 500),
    example         text CHECK (length(example) <= 500),
    collocation     text CHECK (length(collocation) <= 120),
    topic           text CHECK (length(topic) <= 80),
    -- Where it came from: own, import, lesson:<slug>, essay:<answer id>, generated.
    source          text NOT NULL DEFAULT 'own',
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- The schedule: FSRS state (1 learning, 2 review, 3 relearning), step, memory, due.
    state           smallint NOT NULL DEFAULT 1 CHECK (state BETWEEN 1 AND 3),
    step            smallint,
    stability       double precision,
    difficulty      double precision,
    due             timestamptz NOT NULL DEFAULT now(),
    last_review     timestamptz,
    reviews         integer NOT NULL DEFAULT 0,
    lapses          integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX cards_one_term_per_deck ON cards (deck_id, lower(term));
CREATE INDEX cards_due ON cards (user_id, due);

CREATE TABLE card_reviews (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    card_id     bigint NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating      smallint NOT NULL CHECK (rating BETWEEN 1 AND 4),
    reviewed_at timestamptz NOT NULL,
    -- The card's first review (the daily limit counts new cards).
    was_new     boolean NOT NULL,
    -- The schedule after the review.
    state       smallint NOT NULL,
    stability   double precision NOT NULL,
    difficulty  double precision NOT NULL,
    due         timestamptz NOT NULL
);
CREATE INDEX card_reviews_by_learner ON card_reviews (user_id, reviewed_at);

CREATE TABLE card_generations (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- What the cards are about: a lesson (slug), a topic, or an essay (an answer's id).
    source        text NOT NULL CHECK (source IN ('lesson', 'topic', 'essay')),
    source_ref    text NOT NULL,
    title         text NOT NULL,
    -- What the generator reads: the lesson's word list and text, the topic's lessons, the essay.
    material      jsonb NOT NULL,
    paid_allowed  boolean NOT NULL DEFAULT true,
    state         text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'complete', 'failed')),
    proposals     jsonb NOT NULL DEFAULT '[]',
    provider      text,
    failure       text,
    deliveries    integer NOT NULL DEFAULT 0,
    lease_until   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    enqueued_at   timestamptz,
    completed_at  timestamptz,
    -- When the learner kept cards from it, and into which deck.
    kept_at       timestamptz,
    kept_deck_id  bigint REFERENCES decks (id) ON DELETE SET NULL
);
CREATE INDEX card_generations_by_learner ON card_generations (user_id, created_at DESC);
CREATE INDEX card_generations_outbox ON card_generations (created_at) WHERE state = 'queued' AND enqueued_at IS NULL;

-- Dictation: sentences from the listening scripts (Content/dictation/sentences.tsv, each with its
-- own recording), sessions of ten at a level, and each answer marked word by word.
CREATE TABLE dictation_sentences (
    id        text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$'),
    level     text NOT NULL CHECK (level IN ('easy', 'medium', 'hard')),
    text      text NOT NULL,
    audio     text NOT NULL,
    source    text NOT NULL,
    active    boolean NOT NULL DEFAULT true
);

CREATE TABLE dictation_sessions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    level        text NOT NULL CHECK (level IN ('easy', 'medium', 'hard')),
    sentences    text[] NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX dictation_sessions_by_learner ON dictation_sessions (user_id, started_at DESC);

CREATE TABLE dictation_answers (
    session_id   uuid NOT NULL REFERENCES dictation_sessions (id) ON DELETE CASCADE,
    position     integer NOT NULL CHECK (position >= 0),
    sentence_id  text NOT NULL REFERENCES dictation_sentences (id),
    typed        text NOT NULL,
    plays        integer NOT NULL DEFAULT 1,
    accuracy     double precision NOT NULL CHECK (accuracy BETWEEN 0 AND 1),
    answered_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, position)
);
