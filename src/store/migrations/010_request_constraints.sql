-- 010_request_constraints.sql - when a requested meeting may take place:
-- session (场次: morning/afternoon/evening, any day; NULL = any), slot
-- (指定时段: the event's slot number, 1-based, as event_slots.seq; NULL =
-- any) and before_id (先于: the requester's meeting with this participant
-- comes after this one; NULL = no order). A pair's meeting keeps the
-- constraints of its first request row that names each (docs/sched.md,
-- "Requests with a session, a slot or an order"). The slot is a number,
-- not a reference: it must exist when the row is imported, and a re-plan
-- refuses a pair whose slot the event no longer has.
ALTER TABLE meeting_requests ADD COLUMN session TEXT
    CHECK (session IS NULL OR session IN ('morning','afternoon','evening'));
ALTER TABLE meeting_requests ADD COLUMN slot INTEGER CHECK (slot IS NULL OR slot >= 1);
ALTER TABLE meeting_requests ADD COLUMN before_id INTEGER
    REFERENCES participants(id) ON DELETE SET NULL;

DROP VIEW v_requests;
CREATE VIEW v_requests AS
SELECT r.id, e.code AS event, fo.name AS "from", tor.name AS "to", r.preference, r.status,
       l.code AS listing, r.session, r.slot, bfo.name AS "before", r.event_id
FROM meeting_requests r
JOIN events e ON e.id = r.event_id
JOIN participants fp ON fp.id = r.from_id JOIN orgs fo ON fo.id = fp.org_id
JOIN participants tp ON tp.id = r.to_id JOIN orgs tor ON tor.id = tp.org_id
LEFT JOIN participants bfp ON bfp.id = r.before_id LEFT JOIN orgs bfo ON bfo.id = bfp.org_id
LEFT JOIN listings l ON l.id = r.listing_id;
