-- Every instance keeps the published lessons (which revision, which neighbours) in memory and
-- listens on the channel bandup_changes (ChangeFeed); these triggers tell every instance, at
-- commit, that lessons changed, so an editor's publish reaches all of them within moments.
CREATE FUNCTION bandup_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('bandup_changes', TG_ARGV[0]);
    RETURN NULL;
END;
$$;

CREATE TRIGGER lessons_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lessons
    FOR EACH STATEMENT EXECUTE FUNCTION bandup_notify_change('lessons');
