-- 006_news_drafts.sql - draft events, deals and projects proposed from
-- bulletin text by `duijie news import` (src/app/news.c), waiting for a
-- person to accept or reject them. Nothing here is a real record: accepting
-- a draft creates the event/deal/project through the normal validated path
-- and records which one in record_type/record_id.
--
-- payload is the draft as JSON (src/app/news.c describes it key by key):
-- counts, date, completed investment, land, the evidence span and text, and
-- the article's title, place and an excerpt.
-- fingerprint identifies "the same draft" (kind, name, place, amount,
-- article title and evidence text): importing a file again adds nothing,
-- whatever state its drafts are in.
-- record_id has no foreign key because it points into one of three tables.
CREATE TABLE news_drafts (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('event','deal','project')),
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending','accepted','rejected')),
    name         TEXT NOT NULL,
    place        TEXT NOT NULL DEFAULT '',
    amount       INTEGER CHECK (amount IS NULL OR amount >= 0),   -- fen
    payload      TEXT NOT NULL DEFAULT '{}',                      -- JSON
    source       TEXT NOT NULL DEFAULT '',                        -- file name
    article      INTEGER NOT NULL DEFAULT 0 CHECK (article >= 0), -- 0-based
    fingerprint  TEXT NOT NULL UNIQUE,
    record_type  TEXT CHECK (record_type IS NULL OR record_type IN ('events','deals','projects')),
    record_id    INTEGER,
    created_at   TEXT NOT NULL,
    reviewed_at  TEXT,
    reviewer     TEXT,
    CHECK ((status = 'accepted') = (record_type IS NOT NULL AND record_id IS NOT NULL)),
    CHECK ((status = 'pending') = (reviewed_at IS NULL))
);
CREATE INDEX news_drafts_status ON news_drafts(status, id);
