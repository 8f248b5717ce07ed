-- 007_settings.sql - a deployment's settings, one row per name, written only
-- through src/app/settings.c, which knows every name, checks each value and
-- stores it in canonical form (e.g. name 'match.weights', value
-- 'text=0.55,tags=0.15,...,semantic=0.5'). A name without a row has its
-- built-in default. Changes are audited (audit_log entity 'settings').
CREATE TABLE settings (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);
