/* csv.c - CSV decoding (UTF-8 / UTF-8 BOM / GB18030) and RFC 4180 records.
 *
 * The reader copies each record's unescaped fields into one scratch buffer,
 * so fields stay valid until the next dj_csv_next call. Quoted fields may
 * span lines; r->line counts physical lines so errors name the line a
 * person sees in an editor. */
#include "duijie/dj_csv.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <string.h>
#include <unicode/ucnv.h>

static int convert(char **out, size_t *out_len, const char *to, const char *from, const char *src,
                   size_t len, size_t *bad_out)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *in_cnv = ucnv_open(from, &err);
    UConverter *out_cnv = NULL;
    char *buf = NULL;
    size_t cap;
    int rc = DJ_OK;

    if (U_SUCCESS(err))
        out_cnv = ucnv_open(to, &err);
    if (U_FAILURE(err)) {
        rc = DJ_EIO;
        goto done;
    }
    /* Stop at the first bad byte instead of substituting. */
    ucnv_setToUCallBack(in_cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    ucnv_setFromUCallBack(out_cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    cap = len * 2 + 16; /* GB18030 -> UTF-8 grows at most 3/2; UTF-8 -> GB18030 shrinks */
    if (!(buf = dj_malloc(cap))) {
        rc = DJ_ENOMEM;
        goto done;
    }
    {
        char *target = buf;
        const char *source = src;
        UChar pivot[1024], *ps = pivot, *pt = pivot;
        ucnv_convertEx(out_cnv, in_cnv, &target, buf + cap - 1, &source, src + len, pivot, &ps, &pt,
                       pivot + 1024, 1, 1, &err);
        if (U_FAILURE(err)) {
            /* source points past the offending bytes; back up to a sane offset */
            size_t consumed = (size_t)(source - src);
            if (bad_out)
                *bad_out = consumed > 0 ? consumed - 1 : 0;
            rc = err == U_BUFFER_OVERFLOW_ERROR ? DJ_ELIMIT : DJ_EINVAL;
            goto done;
        }
        *target = '\0';
        *out_len = (size_t)(target - buf);
    }
    *out = buf;
    buf = NULL;
done:
    dj_free(buf);
    ucnv_close(in_cnv);
    ucnv_close(out_cnv);
    return rc;
}

/* True when raw[0..len) reads as UTF-8 with a few broken bytes rather
 * than as GBK: its well-formed multi-byte characters outnumber its broken
 * bytes four to one. GBK text forms a valid UTF-8 sequence now and then (园
 * is D4 B0, a valid two-byte sequence; so are 学 院 司 业 一), but breaks
 * most of the time: about one GBK character in twelve reads as UTF-8. */
static int mostly_utf8(const char *raw, size_t len)
{
    size_t i = 0, good = 0, broken = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = dj_utf8_next(raw, len, &i);
        if ((unsigned char)raw[at] < 0x80)
            continue;
        if (cp == 0xFFFD && i - at == 1)
            broken++;
        else
            good++;
    }
    return good > 4 * broken;
}

/* True unless the first line (the header) is broken as UTF-8: a header of
 * Chinese column names in GBK (an Excel or `--format gbk` file) almost
 * never reads as UTF-8, whatever the cells below happen to hold. */
static int first_line_utf8(const char *raw, size_t len)
{
    const char *nl = memchr(raw, '\n', len);
    return dj_utf8_valid(raw, nl ? (size_t)(nl - raw) : len, NULL);
}

int dj_csv_decode(char **out, size_t *out_len, int *encoding_out, const char *raw, size_t len,
                  dj_diag *diag)
{
    size_t bad = 0;
    int rc;

    *out = NULL;
    if (len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) {
        if (!dj_utf8_valid(raw + 3, len - 3, &bad)) {
            if (diag) {
                diag->line = dj_line_at(raw + 3, bad);
                diag->offset = bad + 3;
            }
            return dj_diag_set(diag, DJ_EINVAL, "invalid UTF-8 after a UTF-8 BOM, byte %zu",
                               bad + 3);
        }
        *encoding_out = DJ_ENC_UTF8_BOM;
        if (!(*out = dj_strndup(raw + 3, len - 3)))
            return DJ_ENOMEM;
        *out_len = len - 3;
        return DJ_OK;
    }
    if (dj_utf8_valid(raw, len, &bad) || (first_line_utf8(raw, len) && mostly_utf8(raw, len))) {
        /* Valid UTF-8, or UTF-8 with a few broken bytes (mostly_utf8).
         * Broken sequences are left in place for the cell validator, which
         * names the line and the column. */
        *encoding_out = DJ_ENC_UTF8;
        if (!(*out = dj_strndup(raw, len)))
            return DJ_ENOMEM;
        *out_len = len;
        return DJ_OK;
    }
    *encoding_out = DJ_ENC_GB18030;
    rc = convert(out, out_len, "UTF-8", "GB18030", raw, len, &bad);
    if (rc == DJ_EINVAL) {
        if (diag) {
            diag->line = dj_line_at(raw, bad);
            diag->offset = bad;
        }
        return dj_diag_set(diag, DJ_EINVAL,
                           "text is neither UTF-8 nor GB18030/GBK (bad byte 0x%02X at offset %zu)",
                           (unsigned char)raw[bad], bad);
    }
    return rc;
}

int dj_csv_encode_gb18030(char **out, size_t *out_len, const char *utf8, size_t len)
{
    return convert(out, out_len, "GB18030", "UTF-8", utf8, len, NULL);
}

void dj_csv_init(dj_csv *r, const char *text, size_t len)
{
    memset(r, 0, sizeof *r);
    r->text = text;
    r->len = len;
    r->line = 1;
}

void dj_csv_fini(dj_csv *r)
{
    DJ_FREE(r->scratch);
}

size_t dj_csv_offset(const dj_csv *r)
{
    return r->pos;
}

/* 1 when t[pos] ends a line: LF, or a CR not followed by LF (CR LF is one
 * break; a lone CR is one too, as old Mac Excel writes them). */
static int ends_line(const char *t, size_t pos, size_t len)
{
    return t[pos] == '\n' || (t[pos] == '\r' && (pos + 1 >= len || t[pos + 1] != '\n'));
}

int dj_csv_next(dj_csv *r, dj_csv_field *fields, int *nfields_out, long *line_out, dj_diag *diag)
{
    size_t need, w = 0, starts[DJ_CSV_MAX_FIELDS];
    int n = 0;
    const char *t = r->text;

    /* skip blank lines */
    while (r->pos < r->len && (t[r->pos] == '\n' || t[r->pos] == '\r')) {
        r->line += ends_line(t, r->pos, r->len);
        r->pos++;
    }
    if (r->pos >= r->len)
        return 0;
    *line_out = r->line;
    need = r->len - r->pos + 1;
    if (need > r->scratch_alloc) {
        char *p = dj_realloc(r->scratch, need);
        if (!p)
            return DJ_ENOMEM;
        r->scratch = p;
        r->scratch_alloc = need;
    }
    starts[0] = 0;
    for (;;) {
        int quoted = 0;
        if (r->pos < r->len && t[r->pos] == '"') {
            quoted = 1;
            r->pos++;
            for (;;) {
                if (r->pos >= r->len) {
                    if (diag)
                        diag->line = *line_out;
                    return dj_diag_set(diag, DJ_EPARSE, "unterminated quoted field");
                }
                if (t[r->pos] == '"') {
                    if (r->pos + 1 < r->len && t[r->pos + 1] == '"') {
                        r->scratch[w++] = '"';
                        r->pos += 2;
                        continue;
                    }
                    r->pos++;
                    break;
                }
                r->line += ends_line(t, r->pos, r->len);
                r->scratch[w++] = t[r->pos++];
            }
        }
        while (r->pos < r->len && t[r->pos] != ',' && t[r->pos] != '\n' && t[r->pos] != '\r') {
            if (quoted || t[r->pos] == '"') {
                if (diag)
                    diag->line = r->line;
                return dj_diag_set(diag, DJ_EPARSE, "stray quote character in field %d", n + 1);
            }
            r->scratch[w++] = t[r->pos++];
        }
        fields[n].ptr = r->scratch + starts[n];
        fields[n].len = w - starts[n];
        n++;
        if (r->pos < r->len && t[r->pos] == ',') {
            r->pos++;
            if (n == DJ_CSV_MAX_FIELDS) {
                if (diag)
                    diag->line = *line_out;
                return dj_diag_set(diag, DJ_ELIMIT, "more than %d fields", DJ_CSV_MAX_FIELDS);
            }
            starts[n] = w;
            continue;
        }
        break;
    }
    if (r->pos < r->len && (t[r->pos] == '\r' || t[r->pos] == '\n')) { /* LF, CR LF or CR */
        r->pos += t[r->pos] == '\r' && r->pos + 1 < r->len && t[r->pos + 1] == '\n' ? 2 : 1;
        r->line++;
    }
    *nfields_out = n;
    return 1;
}

/* 1 when s[0..len) is apostrophes and then a character a spreadsheet
 * reads as the start of a formula. */
static int formula_like(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] == '\'')
        i++;
    return i < len && strchr("=+-@\t\r", s[i]) && s[i] != '\0';
}

void dj_csv_field_unguard(const char **s, size_t *len)
{
    if (*len > 1 && (*s)[0] == '\'' && formula_like(*s + 1, *len - 1)) {
        (*s)++;
        (*len)--;
    }
}

int dj_csv_put_field(struct dj_buf *b, const char *s, size_t len)
{
    size_t i;
    int needs = 0;

    for (i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            needs = 1;
    if (needs)
        dj_buf_putc(b, '"');
    if (formula_like(s, len)) /* inside the quotes: it is part of the value */
        dj_buf_putc(b, '\'');
    if (!needs)
        return dj_buf_append(b, s, len);
    for (i = 0; i < len; i++) {
        if (s[i] == '"')
            dj_buf_putc(b, '"');
        dj_buf_putc(b, s[i]);
    }
    return dj_buf_putc(b, '"');
}
