/* dj_model.h - the domain vocabulary: validation of the values that enter
 * the database (region codes, 统一社会信用代码, enumerations, dates, money),
 * and the column descriptors of every importable record type.
 *
 * Pure: no I/O, no database. The import layer (src/app/) parses cells with
 * these descriptors; the store never sees an unvalidated value. */
#ifndef DJ_MODEL_H
#define DJ_MODEL_H

#include "duijie/dj_error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Regions (GB/T 2260) ---- */

/* Normalises a region code: two or four digits are padded with zeros
 * ("4502" -> "450200"); the result must exist in the table. out: 7 bytes.
 * Returns DJ_OK or DJ_EINVAL. */
int dj_region_normalize(char *out, const char *s, size_t len);

/* A region as people give it: a code (as dj_region_normalize) or a name
 * from the table (南宁市), also without its suffix when that leaves one
 * region (南宁 -> 南宁市, 广西 -> 广西壮族自治区). out: 7 bytes. On DJ_EINVAL
 * why (cap bytes) says what is wrong: unknown, or which regions a name could
 * be (朝阳区: 110105 北京, 220104 长春). */
int dj_region_find(char *out, const char *s, size_t len, char *why, size_t cap);

/* The prefix of a normalised code that covers it and the codes below it:
 * 450000 -> 2 (广西), 450100 -> 4, 450103 -> 6. */
size_t dj_region_prefix_len(const char *code6);
/* The region's name ("柳州市"), or NULL when the code is unknown. */
const char *dj_region_name(const char *code6);

/* ---- 统一社会信用代码 (GB 32100-2015) ---- */

/* Checks length, alphabet (digits and upper-case letters except I O Z S V)
 * and the check character. Returns DJ_OK or DJ_EINVAL (diag says why). */
int dj_uscc_check(const char *s, size_t len, dj_diag *diag);
/* Computes the check character for the first 17 characters; '\0' if they
 * are not in the alphabet. */
char dj_uscc_check_char(const char *s17);

/* ---- Dates ---- */

/* Parses YYYY-MM-DD, YYYY/MM/DD, YYYY.M.D, YYYY年M月D日 or YYYYMMDD, the
 * first three also followed by a midnight time (2024/3/5 0:00, as a
 * spreadsheet writes a date cell), into "YYYY-MM-DD" (out: 11 bytes),
 * checking the calendar. Returns DJ_OK or DJ_EINVAL. */
int dj_date_parse(char *out, const char *s, size_t len);

/* The day after `date` (a "YYYY-MM-DD" from dj_date_parse) into out (11
 * bytes; may be date itself). Returns DJ_OK or DJ_EINVAL (not such a date). */
int dj_date_next(char *out, const char *date);

/* ---- Enumerations ---- */

typedef struct dj_enum_item {
    const char *en; /* stored name */
    const char *zh; /* display name; also accepted on input */
} dj_enum_item;

typedef struct dj_enum {
    const char *name; /* e.g. "listing side" */
    const dj_enum_item *items;
    int nitems;
} dj_enum;

extern const dj_enum dj_enum_org_kind, dj_enum_side, dj_enum_listing_kind, dj_enum_mode,
    dj_enum_status, dj_enum_event_kind, dj_enum_role, dj_enum_preference, dj_enum_request_status,
    dj_enum_meeting_status, dj_enum_stage, dj_enum_update_kind, dj_enum_deal_type, dj_enum_bool,
    dj_enum_session;

/* Index of the item whose en or zh equals s (English case-insensitively),
 * or -1. */
int dj_enum_find(const dj_enum *e, const char *s, size_t len);
/* Chinese display name for a stored English name, or the name itself. */
const char *dj_enum_zh(const dj_enum *e, const char *en);
/* The Chinese names of e's items joined by ", " into out (cap bytes, cut
 * on an item when they do not fit), for errors that say what is allowed. */
void dj_enum_zh_list(const dj_enum *e, char *out, size_t cap);

/* ---- Record types and their columns ---- */

enum dj_col_type {
    DJ_COL_TEXT,       /* max = character limit */
    DJ_COL_INT,        /* min..max */
    DJ_COL_MONEY,      /* -> int64 fen, non-negative */
    DJ_COL_HUNDREDTHS, /* decimal with two places (亩, m²); 万 suffix allowed */
    DJ_COL_DATE,       /* -> "YYYY-MM-DD" */
    DJ_COL_ENUM,       /* -> stored English name */
    DJ_COL_MODES,      /* list of dj_enum_mode -> bit set */
    DJ_COL_REGION,     /* -> six-digit code */
    DJ_COL_USCC,
    DJ_COL_LIST, /* -> ';'-joined, trimmed, max = character limit */
    DJ_COL_BOOL, /* -> 0/1 */
    DJ_COL_REF   /* a natural key of another record (text) */
};

typedef struct dj_column {
    const char *en; /* English header and JSON key */
    const char *zh; /* Chinese header */
    int type;       /* enum dj_col_type */
    bool required;
    int64_t min, max;      /* INT range; TEXT/LIST character limit */
    const dj_enum *values; /* ENUM */
    const char *ref;       /* REF: record type referred to, e.g. "orgs" */
} dj_column;

typedef struct dj_record_type {
    const char *name; /* "orgs", "listings", ... = file name */
    const char *zh;
    const dj_column *cols;
    int ncols;
} dj_record_type;

/* In load order (orgs first). */
extern const dj_record_type *const dj_record_types[];
extern const int dj_nrecord_types;

/* The record type called name, in English or Chinese ("listings" or
 * "供需"), or NULL. */
const dj_record_type *dj_record_type_find(const char *name);
/* Index of the column whose en (case-insensitive) or zh header is h, or -1. */
int dj_record_column(const dj_record_type *t, const char *h, size_t len);

/* A parsed cell. */
typedef struct dj_cell {
    int present; /* 0: empty cell (NULL) */
    int64_t i;   /* INT, MONEY, HUNDREDTHS, MODES, BOOL */
    char *s;     /* TEXT, DATE, ENUM, REGION, USCC, LIST, REF: dj_malloc'd */
} dj_cell;

/* 1 when s[0..len) is empty once trimmed as every cell is (docs/import.md,
 * Blanks): a cell a spreadsheet left empty. */
int dj_cell_blank(const char *s, size_t len);

/* Parses and validates one cell of column c from raw text. On error fills
 * diag (field = column's zh name, message = reason) and returns DJ_EINVAL,
 * DJ_ELIMIT or DJ_ENOMEM. The caller frees out->s with dj_free. */
int dj_cell_parse(dj_cell *out, const dj_column *c, const char *s, size_t len, dj_diag *diag);

#endif
