-- Search reads a lesson's prose, not its Markdown source: the raw body held the answer keys of its
-- questions blocks, and search snippets showed them (and YAML and Markdown punctuation) to learners.
-- `search_text` is the body's words as the page shows them (MarkdownRenderer.searchText), written by
-- every save and import; rows saved before this migration get their body without questions blocks
-- until their next save.
ALTER TABLE lessons ADD COLUMN search_text text NOT NULL DEFAULT '';
UPDATE lessons SET search_text = regexp_replace(body, '```questions.*?```', ' ', 'g');
ALTER TABLE lessons DROP COLUMN search;
ALTER TABLE lessons ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', summary || ' ' || topic), 'B') ||
    setweight(to_tsvector('english', search_text), 'C')) STORED;
CREATE INDEX lessons_search ON lessons USING gin (search);
