-- Lessons a learner has marked as done.
CREATE TABLE lesson_progress (
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id     bigint NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    completed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, lesson_id)
);
