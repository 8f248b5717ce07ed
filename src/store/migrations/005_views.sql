-- 005_views.sql - export views: each record type as docs/import.md names
-- its columns, with references shown by natural key (org name, event code…)
-- instead of ids. Exports and `show`/`list` read these; imports write the
-- tables. (group_concat is SQLite's; the PostgreSQL migration spells it
-- string_agg.)
CREATE VIEW v_orgs AS
SELECT o.id, o.name, o.kind, o.uscc, o.region, o.industry, p.name AS park,
       o.description, o.contact
FROM orgs o LEFT JOIN orgs p ON p.id = o.park_id;

CREATE VIEW v_listings AS
SELECT l.id, l.code, o.name AS org, l.side, l.kind, l.title, l.body, l.keywords, l.industry,
       l.tags, l.trl, l.modes, l.price_min, l.price_max, l.region, l.status, l.org_id,
       l.created_at, l.updated_at
FROM listings l JOIN orgs o ON o.id = l.org_id;

CREATE VIEW v_events AS
SELECT e.id, e.code, e.name, e.kind, p.name AS park, e.venue, e.start_date, e.end_date,
       (SELECT count(*) FROM event_slots s WHERE s.event_id = e.id AND s.session = 'morning')
           AS morning_slots,
       (SELECT count(*) FROM event_slots s WHERE s.event_id = e.id AND s.session = 'afternoon')
           AS afternoon_slots,
       e.slot_minutes,
       (SELECT count(*) FROM event_tables t WHERE t.event_id = e.id AND t.booth_org IS NULL)
           AS tables,
       e.description, e.park_id
FROM events e LEFT JOIN orgs p ON p.id = e.park_id;

CREATE VIEW v_participants AS
SELECT pa.id, e.code AS event, o.name AS org, pa.person, pa.role, pa.max_meetings,
       pa.unavailable, pa.checked_in, pa.event_id, pa.org_id
FROM participants pa JOIN events e ON e.id = pa.event_id JOIN orgs o ON o.id = pa.org_id;

CREATE VIEW v_requests AS
SELECT r.id, e.code AS event, fo.name AS "from", tor.name AS "to", r.preference, r.status,
       l.code AS listing, r.event_id
FROM meeting_requests r
JOIN events e ON e.id = r.event_id
JOIN participants fp ON fp.id = r.from_id JOIN orgs fo ON fo.id = fp.org_id
JOIN participants tp ON tp.id = r.to_id JOIN orgs tor ON tor.id = tp.org_id
LEFT JOIN listings l ON l.id = r.listing_id;

CREATE VIEW v_meetings AS
SELECT m.id, e.code AS event, ao.name AS a, bo.name AS b, s.seq AS slot, t.label AS "table",
       m.locked, m.status, m.rating, m.event_id, s.starts_at, s.ends_at
FROM meetings m
JOIN events e ON e.id = m.event_id
JOIN participants ap ON ap.id = m.a_id JOIN orgs ao ON ao.id = ap.org_id
JOIN participants bp ON bp.id = m.b_id JOIN orgs bo ON bo.id = bp.org_id
JOIN event_slots s ON s.id = m.slot_id
LEFT JOIN event_tables t ON t.id = m.table_id;

CREATE VIEW v_projects AS
SELECT pr.id, pr.code, pr.name, io.name AS investor, po.name AS park, pr.industry, pr.stage,
       pr.total_investment, pr.completed_investment, pr.land_mu, pr.floor_area, pr.jobs,
       pr.annual_output, pr.capacity, pr.planned_start, pr.planned_production, pr.signed_on,
       pr.started_on, pr.producing_on, e.code AS event, pr.description, pr.park_id,
       pr.investor_id, pr.event_id
FROM projects pr
LEFT JOIN orgs io ON io.id = pr.investor_id
JOIN orgs po ON po.id = pr.park_id
LEFT JOIN events e ON e.id = pr.event_id;

CREATE VIEW v_project_updates AS
SELECT u.id, pr.code AS project, u.on_date AS date, u.kind, u.stage, u.amount,
       io.name AS investor, e.code AS event, u.note, u.project_id, u.field, u.old_value,
       u.new_value
FROM project_updates u
JOIN projects pr ON pr.id = u.project_id
LEFT JOIN orgs io ON io.id = u.investor_id
LEFT JOIN events e ON e.id = u.event_id;

CREATE VIEW v_deals AS
SELECT d.id, d.code, d.type, d.title, d.amount, d.signed_on, e.code AS event,
       pr.code AS project,
       (SELECT o.name FROM deal_parties dp JOIN orgs o ON o.id = dp.org_id
        WHERE dp.deal_id = d.id AND dp.role = 'a') AS party_a,
       (SELECT o.name FROM deal_parties dp JOIN orgs o ON o.id = dp.org_id
        WHERE dp.deal_id = d.id AND dp.role = 'b') AS party_b,
       (SELECT group_concat(o.name, ';') FROM deal_parties dp JOIN orgs o ON o.id = dp.org_id
        WHERE dp.deal_id = d.id AND dp.role = 'party') AS parties,
       d.listings, d.event_id, d.project_id
FROM deals d
LEFT JOIN events e ON e.id = d.event_id
LEFT JOIN projects pr ON pr.id = d.project_id;
