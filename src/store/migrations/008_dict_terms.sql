-- 008_dict_terms.sql - the deployment's domain terms (领域词典): words the
-- segmenter keeps whole (多天线认知无线, 装配式建筑), loaded as its user
-- dictionary before any text is analysed (src/app/terms.c). freq NULL: the
-- word gets a probability just above its best split. Written only through
-- src/app/terms.c, which checks each word; changes are audited (audit_log
-- entity 'dict_terms'). A change re-indexes the catalog on the next search
-- (the saved index is keyed by the dictionaries' fingerprint).
CREATE TABLE dict_terms (
    id          INTEGER PRIMARY KEY,
    word        TEXT NOT NULL UNIQUE,
    freq        INTEGER CHECK (freq IS NULL OR freq > 0),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
