/* dj_csv.h - CSV text: encoding detection and an RFC 4180 record reader.
 *
 * Excel on Chinese Windows writes GBK; elsewhere UTF-8 with or without a
 * BOM. dj_csv_decode turns any of these into UTF-8 (GB18030, a superset of
 * GBK, via ICU). dj_csv_next then reads records from UTF-8 text. Pure: no
 * I/O. */
#ifndef DJ_CSV_H
#define DJ_CSV_H

#include "duijie/dj_error.h"

#include <stddef.h>

enum dj_encoding { DJ_ENC_UTF8 = 0, DJ_ENC_UTF8_BOM = 1, DJ_ENC_GB18030 = 2 };

/* Detects the encoding of raw[0..len) and returns its text as UTF-8 in
 * *out (dj_malloc'd, NUL-terminated; caller frees). A UTF-8 BOM means
 * UTF-8; else valid UTF-8 is UTF-8; else text whose valid prefix already
 * holds multi-byte UTF-8 is UTF-8 with broken bytes (returned as is, for
 * the cell validator to report with line and column); else GB18030. Bytes
 * valid in neither give DJ_EINVAL with diag->line and diag->offset. */
int dj_csv_decode(char **out, size_t *out_len, int *encoding_out, const char *raw, size_t len,
                  dj_diag *diag);

/* Encodes UTF-8 text as GB18030 (for exports meant for old Excel).
 * *out is dj_malloc'd. */
int dj_csv_encode_gb18030(char **out, size_t *out_len, const char *utf8, size_t len);

#define DJ_CSV_MAX_FIELDS 128

typedef struct dj_csv_field {
    const char *ptr; /* into the reader's scratch buffer; valid until next call */
    size_t len;
} dj_csv_field;

typedef struct dj_csv {
    const char *text; /* private */
    size_t len, pos;  /* private */
    long line;        /* private: physical line at pos, 1-based */
    char *scratch;    /* private */
    size_t scratch_alloc;
} dj_csv;

void dj_csv_init(dj_csv *r, const char *text, size_t len);
void dj_csv_fini(dj_csv *r);

/* Reads the next record into fields (at most DJ_CSV_MAX_FIELDS); *line_out
 * gets the physical line the record starts on. Returns 1 for a record, 0
 * at the end, DJ_EPARSE for a malformed quote (diag names the line), or
 * DJ_ELIMIT / DJ_ENOMEM. Blank lines are skipped. */
int dj_csv_next(dj_csv *r, dj_csv_field *fields, int *nfields_out, long *line_out, dj_diag *diag);

/* Bytes of the text read so far (for progress reports). */
size_t dj_csv_offset(const dj_csv *r);

/* Appends s as one CSV field (quoted when it holds , " CR or LF). A value
 * a spreadsheet would run as a formula (=, +, -, @, TAB or CR first, after
 * any apostrophes) gets one more apostrophe in front: opened in Excel it
 * is text, not =HYPERLINK(...). dj_csv_field_unguard takes it off again. */
struct dj_buf;
int dj_csv_put_field(struct dj_buf *b, const char *s, size_t len);

/* Drops the apostrophe dj_csv_put_field put before a formula-like value
 * from a field read back (s[0..*len) -> (*s)[0..*len)), so an export
 * imports as the values it was written from. */
void dj_csv_field_unguard(const char **s, size_t *len);

#endif
