-- 012_project_items.sql - a project row may stand for several projects:
-- a batch signing whose projects are not named one by one (集中签约项目8个，
-- 总投资46.2亿元), entered as one record or accepted as a news draft. items
-- (项目个数) is how many it counts as in the report's project counts and
-- rates; its money, land and jobs are the batch's totals.
ALTER TABLE projects ADD COLUMN items INTEGER NOT NULL DEFAULT 1 CHECK (items >= 1);

DROP VIEW v_projects;
CREATE VIEW v_projects AS
SELECT pr.id, pr.code, pr.name, io.name AS investor, po.name AS park, pr.industry, pr.stage,
       pr.total_investment, pr.completed_investment, pr.land_mu, pr.floor_area, pr.jobs,
       pr.annual_output, pr.capacity, pr.planned_start, pr.planned_production, pr.signed_on,
       pr.started_on, pr.producing_on, e.code AS event, pr.description, pr.items, pr.park_id,
       pr.investor_id, pr.event_id
FROM projects pr
LEFT JOIN orgs io ON io.id = pr.investor_id
JOIN orgs po ON po.id = pr.park_id
LEFT JOIN events e ON e.id = pr.event_id;
