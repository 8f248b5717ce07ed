-- 004_users_audit.sql - accounts, sessions and the audit log. Roles follow
-- DESIGN.md: admin, staff (park staff), organiser, member (enterprise or
-- researcher), viewer (leadership dashboards).
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL CHECK (role IN ('admin','staff','organiser','member','viewer')),
    org_id      INTEGER REFERENCES orgs(id) ON DELETE SET NULL,
    pw_hash     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at  TEXT NOT NULL
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,           -- login, or 'cli'
    action      TEXT NOT NULL,           -- e.g. 'import', 'project.correct'
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    detail      TEXT NOT NULL DEFAULT '' -- JSON
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
