-- Editing lessons in the browser. A lesson has a newest revision (what editors edit, and what an
-- edit must start from: optimistic locking) and, when published, the revision learners read. The
-- lesson row's searchable fields are those of the published revision (or of the newest while it
-- has never been published), so a draft in progress never shows in the catalogue.
ALTER TABLE lessons ADD COLUMN published_revision integer;
UPDATE lessons SET published_revision = current_revision WHERE status = 'published';
ALTER TABLE lessons ADD COLUMN updated_by bigint REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE lessons ADD CONSTRAINT lessons_published_has_revision CHECK ((status = 'published') = (published_revision IS NOT NULL));

-- What each revision was: imported from Content/, saved as a draft, saved and published, or a restore.
ALTER TABLE lesson_revisions ADD COLUMN action text NOT NULL DEFAULT 'imported'
    CHECK (action IN ('imported', 'saved', 'published', 'restored'));

CREATE INDEX lessons_topic ON lessons (topic) WHERE status = 'published';
