-- "Delete my account": the learner asks (password and the word DELETE), every session ends, and
-- after a grace period of 7 days everything of theirs is removed (AccountDeletion.purgeDue).
-- deletion_due_at is when that happens; NULL means nobody asked (or the learner cancelled).
ALTER TABLE users ADD COLUMN deletion_due_at timestamptz;

CREATE INDEX users_deletion_due ON users (deletion_due_at) WHERE deletion_due_at IS NOT NULL;

-- Deleting a user must work. Every learner's own table already cascades (ON DELETE CASCADE on
-- user_id: lesson_progress, test_attempts, feedback_attempts, decks, cards, card_reviews,
-- card_generations, dictation_sessions (and dictation_answers through them), access_tokens,
-- mail_outbox, password_resets, email_verifications, security_events, email_changes, two_factor,
-- recovery_codes), and lessons.updated_by is SET NULL. The one reference that blocked it is a
-- lesson revision's author: what an editor wrote stays for learners, without their name.
ALTER TABLE lesson_revisions DROP CONSTRAINT lesson_revisions_author_id_fkey;
ALTER TABLE lesson_revisions ADD CONSTRAINT lesson_revisions_author_id_fkey
    FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL;
