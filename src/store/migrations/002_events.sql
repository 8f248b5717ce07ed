-- 002_events.sql - brokerage events (对接会): slots, tables, participants,
-- meeting requests and meetings.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind         TEXT NOT NULL DEFAULT 'brokerage'
                 CHECK (kind IN ('brokerage','conference','fair','promotion','other')),
    park_id      INTEGER REFERENCES orgs(id) ON DELETE SET NULL,
    venue        TEXT NOT NULL DEFAULT '',
    start_date   TEXT NOT NULL,
    end_date     TEXT NOT NULL,
    tz           TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    slot_minutes INTEGER NOT NULL DEFAULT 20 CHECK (slot_minutes BETWEEN 5 AND 240),
    description  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);

CREATE TABLE event_slots (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,            -- 1-based order within the event
    starts_at TEXT NOT NULL,               -- local time 'YYYY-MM-DDTHH:MM'
    ends_at   TEXT NOT NULL,
    session   TEXT NOT NULL DEFAULT 'morning' CHECK (session IN ('morning','afternoon','evening')),
    UNIQUE (event_id, seq)
);

CREATE TABLE event_tables (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    label     TEXT NOT NULL,
    booth_org INTEGER REFERENCES orgs(id) ON DELETE SET NULL, -- NULL = pool table
    UNIQUE (event_id, label)
);

CREATE TABLE participants (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    org_id       INTEGER NOT NULL REFERENCES orgs(id) ON DELETE RESTRICT,
    person       TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT 'visitor'
                 CHECK (role IN ('visitor','exhibitor','presenter','organiser','finance')),
    max_meetings INTEGER CHECK (max_meetings IS NULL OR max_meetings >= 0),
    unavailable  TEXT NOT NULL DEFAULT '',   -- ';'-separated slot seqs
    table_id     INTEGER REFERENCES event_tables(id) ON DELETE SET NULL, -- booth
    checked_in   INTEGER NOT NULL DEFAULT 0 CHECK (checked_in IN (0,1)),
    UNIQUE (event_id, org_id)
);

CREATE TABLE meeting_requests (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    from_id     INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    to_id       INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    preference  TEXT NOT NULL DEFAULT 'want' CHECK (preference IN ('must','want','no')),
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending','accepted','declined','cancelled')),
    listing_id  INTEGER REFERENCES listings(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    CHECK (from_id <> to_id),
    UNIQUE (event_id, from_id, to_id)
);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    request_id  INTEGER REFERENCES meeting_requests(id) ON DELETE SET NULL,
    a_id        INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    b_id        INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    slot_id     INTEGER NOT NULL REFERENCES event_slots(id) ON DELETE CASCADE,
    table_id    INTEGER REFERENCES event_tables(id) ON DELETE SET NULL,
    locked      INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0,1)),
    status      TEXT NOT NULL DEFAULT 'scheduled'
                CHECK (status IN ('scheduled','held','no-show','cancelled')),
    rating      INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    CHECK (a_id <> b_id)
);
CREATE INDEX meetings_event_slot ON meetings(event_id, slot_id);
