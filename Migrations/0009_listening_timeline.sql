-- Exam-mode Listening plays as one recording, as in the real test: the learner starts it once and
-- the server owns its clock (the parts back to back, a pause to read before each, two minutes to
-- check at the end). Every page plays from where the recording is now, so a reload or another
-- device resumes it; it cannot be replayed. This replaces the per-part "played" list.
ALTER TABLE test_attempts ADD COLUMN recording_started_at timestamptz;
ALTER TABLE test_attempts DROP COLUMN played;
