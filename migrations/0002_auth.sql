-- SPDX-License-Identifier: MIT
-- Sign-in area: users, their sessions and API tokens, and the append-only audit log with
-- its hash chain. Shared by SQLite and PostgreSQL.

-- A user belongs to one institution and sees its subtree (an admin sees everything).
-- password_hash is an argon2id string (crypto_pwhash_str); it never leaves the server.
-- failed_count / locked_until: five failed sign-ins lock the account for 15 minutes.
CREATE TABLE users (
	id TEXT PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'county', 'centre', 'clinic', 'finance',
					   'pharmacy', 'insurance', 'auditor')),
	institution_id TEXT NOT NULL REFERENCES institutions (id),
	disabled INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL,
	failed_count INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT,
	last_signin_at TEXT,
	password_changed_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX users_institution ON users (institution_id);

-- A browser session. id is the hex SHA-256 of the cookie value (the value itself is never
-- stored), so several servers can share the table. last_seen is refreshed at most once a
-- minute; a session ends 30 minutes after last_seen or 12 hours after created_at.
CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id),
	csrf TEXT NOT NULL,
	remote TEXT,
	last_seen TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen);

-- API tokens for integrations (Authorization: Bearer). Only the SHA-256 of the token is
-- kept; the token is shown once, when it is made. prefix lets a user tell tokens apart.
CREATE TABLE api_tokens (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id),
	name TEXT NOT NULL,
	prefix TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	revoked_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The audit log: append-only. seq orders the rows (internal; the public id is a UUID);
-- hash = SHA-256(prev_hash || canonical row content), so a changed, removed or inserted
-- row breaks the chain. before_value / after_value are canonical JSON text.
CREATE TABLE audit_log (
	id TEXT PRIMARY KEY,
	seq BIGINT NOT NULL UNIQUE,
	user_id TEXT,
	username TEXT,
	role TEXT,
	actor_path TEXT,
	remote TEXT,
	action TEXT NOT NULL,
	entity TEXT,
	entity_id TEXT,
	before_value TEXT,
	after_value TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log (action);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_username ON audit_log (username);

-- One row: the last seq and hash. Appends run UPDATE ... RETURNING on it first, which
-- serialises them (the row stays locked until the appending transaction ends).
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, created_at, updated_at, created_by, updated_by)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
	'1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z', 'migration', 'migration');
