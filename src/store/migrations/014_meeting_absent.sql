-- 014_meeting_absent.sql - who did not come to a no-show meeting (缺席方):
-- one of its two participants, or NULL (not recorded, or both stayed
-- away). Only a no-show meeting names one: a meetings row or `event mark`
-- gives it with 状态 缺席, and a row that gives another status clears it
-- (src/app/apply_events.c).
ALTER TABLE meetings ADD COLUMN absent_id INTEGER REFERENCES participants(id) ON DELETE SET NULL;

DROP VIEW v_meetings;
CREATE VIEW v_meetings AS
SELECT m.id, e.code AS event, ao.name AS a, bo.name AS b, s.seq AS slot, t.label AS "table",
       m.locked, m.status, m.rating, xo.name AS absent, m.event_id, s.starts_at, s.ends_at
FROM meetings m
JOIN events e ON e.id = m.event_id
JOIN participants ap ON ap.id = m.a_id JOIN orgs ao ON ao.id = ap.org_id
JOIN participants bp ON bp.id = m.b_id JOIN orgs bo ON bo.id = bp.org_id
JOIN event_slots s ON s.id = m.slot_id
LEFT JOIN event_tables t ON t.id = m.table_id
LEFT JOIN participants xp ON xp.id = m.absent_id LEFT JOIN orgs xo ON xo.id = xp.org_id;
