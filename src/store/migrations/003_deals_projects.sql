-- 003_deals_projects.sql - deals (签约) and investment projects (招商引资项目).
CREATE TABLE projects (
    id                   INTEGER PRIMARY KEY,
    code                 TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    investor_id          INTEGER REFERENCES orgs(id) ON DELETE SET NULL,
    park_id              INTEGER NOT NULL REFERENCES orgs(id) ON DELETE RESTRICT,
    industry             TEXT,
    stage                TEXT NOT NULL DEFAULT 'lead'
                         CHECK (stage IN ('lead','negotiating','signed','started','producing','terminated')),
    total_investment     INTEGER CHECK (total_investment IS NULL OR total_investment >= 0),     -- fen
    completed_investment INTEGER NOT NULL DEFAULT 0 CHECK (completed_investment >= 0),          -- fen
    land_mu              INTEGER CHECK (land_mu IS NULL OR land_mu >= 0),        -- hundredths of 亩
    floor_area           INTEGER CHECK (floor_area IS NULL OR floor_area >= 0),  -- hundredths of m²
    jobs                 INTEGER CHECK (jobs IS NULL OR jobs >= 0),
    annual_output        INTEGER CHECK (annual_output IS NULL OR annual_output >= 0),          -- fen/year
    capacity             TEXT NOT NULL DEFAULT '',
    planned_start        TEXT,
    planned_production   TEXT,
    signed_on            TEXT,
    started_on           TEXT,
    producing_on         TEXT,
    event_id             INTEGER REFERENCES events(id) ON DELETE SET NULL, -- first event where signed
    description          TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX projects_park ON projects(park_id);

-- Every dated change of a project: stage transitions, completed-investment
-- reports, capital increases, investor changes and audited corrections.
CREATE TABLE project_updates (
    id                   INTEGER PRIMARY KEY,
    project_id           INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    on_date              TEXT NOT NULL,
    kind                 TEXT NOT NULL
                         CHECK (kind IN ('stage','progress','increase','investor','correction')),
    stage                TEXT CHECK (stage IS NULL OR stage IN
                                     ('lead','negotiating','signed','started','producing','terminated')),
    amount               INTEGER,    -- fen: completed so far (progress), added (increase)
    investor_id          INTEGER REFERENCES orgs(id) ON DELETE SET NULL,
    field                TEXT,       -- correction: which field
    old_value            TEXT,
    new_value            TEXT,
    event_id             INTEGER REFERENCES events(id) ON DELETE SET NULL,
    note                 TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL
);
CREATE INDEX project_updates_project ON project_updates(project_id, on_date);

CREATE TABLE deals (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    type        TEXT NOT NULL CHECK (type IN ('tech_development','tech_transfer','tech_license',
                                              'tech_consulting','tech_service','investment',
                                              'framework','intent')),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    amount      INTEGER CHECK (amount IS NULL OR amount >= 0), -- fen
    signed_on   TEXT NOT NULL,
    event_id    INTEGER REFERENCES events(id) ON DELETE SET NULL,
    project_id  INTEGER REFERENCES projects(id) ON DELETE SET NULL,
    listings    TEXT NOT NULL DEFAULT '',  -- ';'-separated listing codes
    created_at  TEXT NOT NULL
);
CREATE INDEX deals_event ON deals(event_id);

CREATE TABLE deal_parties (
    deal_id  INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    org_id   INTEGER NOT NULL REFERENCES orgs(id) ON DELETE RESTRICT,
    role     TEXT NOT NULL DEFAULT 'party' CHECK (role IN ('a','b','party')),
    PRIMARY KEY (deal_id, org_id)
);
