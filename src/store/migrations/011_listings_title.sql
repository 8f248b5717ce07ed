-- 011_listings_title.sql - an import row without 编号 finds its listing by
-- organisation, side and title (docs/import.md, listings); this index keeps
-- that lookup from scanning every listing of a large organisation.
CREATE INDEX listings_org_title ON listings(org_id, title);
