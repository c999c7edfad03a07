-- The four parts of the IELTS test, as BandUp presents them. Lessons, tests and prompts refer
-- to a skill by its slug.
CREATE TABLE skills (
    slug        text PRIMARY KEY CHECK (slug ~ '^[a-z]+$'),
    position    integer NOT NULL UNIQUE,
    name        text NOT NULL,
    minutes     text NOT NULL,
    format      text NOT NULL,
    summary     text NOT NULL
);

INSERT INTO skills (slug, position, name, minutes, format, summary) VALUES
    ('listening', 1, 'Listening', '30 minutes', '4 parts, 40 questions',
     'Four recordings, from an everyday conversation to a university lecture. You hear each recording once and answer as you listen.'),
    ('reading', 2, 'Reading', '60 minutes', '3 passages, 40 questions',
     'Three long texts (Academic: from books, journals and newspapers; General Training: from notices, workplace documents and magazines) with question types from True/False/Not Given to matching headings.'),
    ('writing', 3, 'Writing', '60 minutes', '2 tasks',
     'Task 1: describe a chart, table, process or map (Academic) or write a letter (General Training), at least 150 words. Task 2: an essay of at least 250 words, which counts double.'),
    ('speaking', 4, 'Speaking', '11 to 14 minutes', '3 parts',
     'A face-to-face conversation with an examiner: questions about familiar topics, a two-minute talk from a cue card, then a discussion of wider issues.');
