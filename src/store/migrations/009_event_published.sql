-- 009_event_published.sql - when an event's timetable was sent to its
-- participants (`duijie event publish`); NULL while it is a draft. Once
-- set, re-planning keeps every scheduled meeting by default (fill unbooked
-- slots only) and cancels, rather than deletes, a meeting it drops, so
-- calendars fed the ICS remove it (docs/sched.md, "Publishing"). Written
-- only through src/app/events_publish.c, audited as 'event.publish'.
ALTER TABLE events ADD COLUMN published_at TEXT;
