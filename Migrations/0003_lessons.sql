-- Lessons and their revisions. Every import or save of a changed lesson adds a revision; the
-- lesson row carries the current revision's fields for listing and full-text search.
CREATE TABLE lessons (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    title               text NOT NULL,
    skill               text NOT NULL CHECK (skill IN ('reading', 'listening', 'writing', 'speaking', 'vocabulary', 'grammar')),
    level_min           numeric(2,1) NOT NULL,
    level_max           numeric(2,1) NOT NULL,
    topic               text NOT NULL,
    summary             text NOT NULL,
    minutes             integer NOT NULL,
    tags                text[] NOT NULL DEFAULT '{}',
    body                text NOT NULL,
    current_revision    integer NOT NULL DEFAULT 1,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    search              tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', summary || ' ' || topic), 'B') ||
        setweight(to_tsvector('english', body), 'C')) STORED
);

CREATE INDEX lessons_search ON lessons USING gin (search);
CREATE INDEX lessons_skill ON lessons (skill, status);

CREATE TABLE lesson_revisions (
    lesson_id   bigint NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    number      integer NOT NULL,
    source      text NOT NULL,
    checksum    text NOT NULL,
    author_id   bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lesson_id, number)
);
