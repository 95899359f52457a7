-- 001_foundation: settings, users and their scope, sessions, login
-- throttling, and the hash-chained audit log (R-AUTH-1, R-ROLE-1, R-AUD-1).
--
-- Written in the SQLite dialect; a backend may rewrite types. Sections
-- marked "-- @sqlite" or "-- @postgres" apply to that backend only,
-- "-- @all" returns to common SQL. Times are UTC epoch milliseconds.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
	id                  INTEGER PRIMARY KEY,
	username            TEXT NOT NULL UNIQUE,
	display_name        TEXT NOT NULL,
	role                TEXT NOT NULL,
	password_hash       TEXT NOT NULL,
	disabled            INTEGER NOT NULL DEFAULT 0,
	password_changed_at INTEGER NOT NULL,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	last_login_at       INTEGER,
	-- the login before the last: shown at sign-in so that a user notices
	-- a login that was not theirs
	previous_login_at   INTEGER
) STRICT;

-- What an account may see (R-ROLE-1): division codes (a subtree each),
-- organisation ids or station ids, depending on the role.
CREATE TABLE user_scope (
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind    TEXT NOT NULL CHECK (kind IN ('division', 'org', 'station')),
	ref     TEXT NOT NULL,
	PRIMARY KEY (user_id, kind, ref)
) STRICT;

-- Only a hash of the session token is stored: a copy of the database does
-- not let anyone log in.
CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY,
	token_hash   TEXT NOT NULL UNIQUE,
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	ip           TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

-- Consecutive login failures per key ("user:<name>" or "ip:<address>").
CREATE TABLE login_throttle (
	key          TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	locked_until INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
) STRICT;

-- Append-only; each entry's hash covers the previous entry's hash and its
-- own canonical form, so editing, deleting or reordering breaks the chain.
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	at          INTEGER NOT NULL,
	actor_id    INTEGER,
	actor       TEXT NOT NULL,
	ip          TEXT NOT NULL,
	action      TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id   TEXT NOT NULL,
	old_value   TEXT,
	new_value   TEXT,
	outcome     TEXT NOT NULL,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE INDEX audit_log_actor ON audit_log(actor, id);

-- The newest entry, so that cutting entries off the end is detected too.
CREATE TABLE audit_head (
	one       INTEGER PRIMARY KEY CHECK (one = 1),
	last_id   INTEGER NOT NULL,
	last_hash TEXT NOT NULL
) STRICT;
INSERT INTO audit_head (one, last_id, last_hash) VALUES (1, 0, '');

-- @sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END;
-- @postgres
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();
-- The application role may only add to the log; even its owner's rights
-- to change it are withdrawn (they would have to be granted back first).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC, CURRENT_USER;
-- @all
