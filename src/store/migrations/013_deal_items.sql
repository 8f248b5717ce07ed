-- 013_deal_items.sql - a deal row may stand for several contracts or
-- agreements of a batch signing whose deals are not named one by one
-- (签约项目5个，签约金额10亿元), as projects.items does for projects: items
-- (份数) is how many it counts as in the report's contract counts.
ALTER TABLE deals ADD COLUMN items INTEGER NOT NULL DEFAULT 1 CHECK (items >= 1);

DROP VIEW v_deals;
CREATE VIEW v_deals AS
SELECT d.id, d.code, d.type, d.title, d.amount, d.signed_on, e.code AS event,
       pr.code AS project,
       (SELECT o.name FROM deal_parties dp JOIN orgs o ON o.id = dp.org_id
        WHERE dp.deal_id = d.id AND dp.role = 'a') AS party_a,
       (SELECT o.name FROM deal_parties dp JOIN orgs o ON o.id = dp.org_id
        WHERE dp.deal_id = d.id AND dp.role = 'b') AS party_b,
       (SELECT group_concat(o.name, ';') FROM deal_parties dp JOIN orgs o ON o.id = dp.org_id
        WHERE dp.deal_id = d.id AND dp.role = 'party') AS parties,
       d.listings, d.items, d.event_id, d.project_id
FROM deals d
LEFT JOIN events e ON e.id = d.event_id
LEFT JOIN projects pr ON pr.id = d.project_id;
