-- Sign in with Google (OpenID Connect): the Google account's stable subject identifier, once a
-- BandUp account is linked to it (on creation from Google, or confirmed with the BandUp password).
ALTER TABLE users ADD COLUMN google_subject text UNIQUE;
