-- 001_core.sql - organisations and the supply/demand catalog.
-- Money is INTEGER fen (分); areas INTEGER hundredths; dates 'YYYY-MM-DD';
-- timestamps 'YYYY-MM-DDTHH:MM:SSZ' (UTC). Enumerations are stored as their
-- English names and checked here as well as in src/model/.
CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    kind        TEXT NOT NULL CHECK (kind IN ('enterprise','university','institute','park',
                                              'government','finance','service')),
    uscc        TEXT UNIQUE CHECK (uscc IS NULL OR length(uscc) = 18),
    region      TEXT NOT NULL CHECK (length(region) = 6),
    industry    TEXT,
    park_id     INTEGER REFERENCES orgs(id) ON DELETE SET NULL,
    description TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX orgs_park ON orgs(park_id);

CREATE TABLE listings (
    id          INTEGER PRIMARY KEY,
    code        TEXT UNIQUE,
    org_id      INTEGER NOT NULL REFERENCES orgs(id) ON DELETE RESTRICT,
    side        TEXT NOT NULL CHECK (side IN ('supply','demand')),
    kind        TEXT NOT NULL CHECK (kind IN ('technology','patent','product','solution',
                                              'capability','scenario','investment','talent')),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body        TEXT NOT NULL DEFAULT '',
    keywords    TEXT NOT NULL DEFAULT '',   -- ';'-separated
    industry    TEXT,
    tags        TEXT NOT NULL DEFAULT '',   -- ';'-separated
    trl         INTEGER CHECK (trl IS NULL OR trl BETWEEN 1 AND 9),
    modes       INTEGER NOT NULL DEFAULT 0, -- bit set of cooperation modes (src/model)
    price_min   INTEGER CHECK (price_min IS NULL OR price_min >= 0),
    price_max   INTEGER CHECK (price_max IS NULL OR price_max >= 0),
    region      TEXT,
    status      TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft','published','closed')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (price_min IS NULL OR price_max IS NULL OR price_min <= price_max)
);
CREATE INDEX listings_org ON listings(org_id);
CREATE INDEX listings_side_status ON listings(side, status);
