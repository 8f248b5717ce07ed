/* cell.c - parsing and validating one imported cell against its column. */
#include "duijie/dj_model.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/money.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

/* Byte length of the blank character that starts at p (n bytes left), or 0:
 * ASCII white space, no-break space U+00A0, the spaces U+2000..U+200A,
 * U+202F, U+205F and U+3000, and the invisible U+200B..U+200D, U+2060 and
 * U+FEFF (a BOM pasted mid-file). A value of only these is missing. */
static size_t blank_len(const unsigned char *p, size_t n)
{
    if (n >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n'))
        return 1;
    if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (n < 3)
        return 0;
    if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] <= 0x8D || p[2] == 0xAF))
        return 3;
    if (p[0] == 0xE2 && p[1] == 0x81 && (p[2] == 0x9F || p[2] == 0xA0))
        return 3;
    if ((p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||
        (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF))
        return 3;
    return 0;
}

/* Trims blank characters (blank_len) at both ends. */
static void trim(const char **s, size_t *len)
{
    size_t k;
    while ((k = blank_len((const unsigned char *)*s, *len)) > 0)
        *s += k, *len -= k;
    for (;;) {
        const unsigned char *e = (const unsigned char *)*s + *len;
        if (*len >= 1 && blank_len(e - 1, 1) == 1)
            (*len)--;
        else if (*len >= 2 && blank_len(e - 2, 2) == 2)
            *len -= 2;
        else if (*len >= 3 && blank_len(e - 3, 3) == 3)
            *len -= 3;
        else
            break;
    }
}

/* 1 for the words a price list writes where there is no amount: 面议
 * (negotiable), 议价, 面谈, 待定. */
static int negotiable(const char *s, size_t len)
{
    static const char *const words[] = {"面议", "议价", "面谈", "待定"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (len == strlen(words[i]) && !memcmp(s, words[i], len))
            return 1;
    return 0;
}

int dj_cell_blank(const char *s, size_t len)
{
    trim(&s, &len);
    return len == 0;
}

static int bad(dj_diag *diag, const dj_column *c, int code, const char *fmt, const char *s,
               size_t len)
{
    char shown[400];
    size_t n = len < 300 ? len : 300;

    /* cut on a character boundary so the message stays valid UTF-8 */
    if (n < len)
        n = dj_utf8_floor(s, n);
    memcpy(shown, s, n);
    shown[n] = '\0';
    if (diag) {
        size_t fl = strlen(c->zh) < sizeof diag->field - 1 ? strlen(c->zh) : sizeof diag->field - 1;
        memcpy(diag->field, c->zh, fl);
        diag->field[fl] = '\0';
    }
    return dj_diag_set(diag, code, fmt, shown);
}

/* Splits a list on ; ； 、 , ， and re-joins the trimmed, non-empty items
 * with ';'. */
static int split_list(dj_buf *out, const char *s, size_t len)
{
    size_t i = 0, start = 0;
    int first = 1;

    while (i <= len) {
        size_t sep = 0;
        if (i == len)
            sep = 1;
        else if (s[i] == ';' || s[i] == ',')
            sep = 1;
        else if (len - i >= 3 &&
                 (!memcmp(s + i, "；", 3) || !memcmp(s + i, "、", 3) || !memcmp(s + i, "，", 3)))
            sep = 3;
        if (sep) {
            const char *item = s + start;
            size_t n = i - start;
            trim(&item, &n);
            if (n) {
                if (!first)
                    dj_buf_putc(out, ';');
                dj_buf_append(out, item, n);
                first = 0;
            }
            i += sep;
            start = i;
        } else
            i++;
    }
    return dj_buf_rc(out);
}

/* An industry code (GB/T 4754): a section letter A-T, then nothing or 2
 * to 4 digits (C, C39, C391, C3911). Written upper-case, full-width letters
 * and digits (Ｃ３９) as ASCII, so that c39 and C39 are one code for the
 * search filter and the match's industry factor. Writes the code to out
 * (room for 6 bytes) and returns its length, or 0 when s is no such code
 * (a Chinese name, ZZZ99, C3). */
static size_t industry_code(char *out, const char *s, size_t len)
{
    size_t i = 0, n = 0;

    while (i < len && n < 6) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xEF && len - i >= 3 && (unsigned char)s[i + 1] >= 0xBC &&
            (unsigned char)s[i + 1] <= 0xBD) { /* U+FF00..U+FF7F */
            unsigned cp =
                0xFF00u + (((unsigned char)s[i + 1] & 1u) << 6) + ((unsigned char)s[i + 2] & 0x3Fu);
            if (cp < 0xFF01 || cp > 0xFF5E)
                return 0;
            c = (unsigned char)(cp - 0xFEE0); /* its ASCII twin */
            i += 3;
        } else
            i++;
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 32);
        out[n++] = (char)c;
    }
    if (i < len || n == 0 || n == 2 || n > 5 || out[0] < 'A' || out[0] > 'T')
        return 0;
    for (i = 1; i < n; i++)
        if (out[i] < '0' || out[i] > '9')
            return 0;
    return n;
}

static int dup_to(dj_cell *out, const char *s, size_t len)
{
    if (!(out->s = dj_strndup(s, len)))
        return DJ_ENOMEM;
    return DJ_OK;
}

int dj_cell_parse(dj_cell *out, const dj_column *c, const char *s, size_t len, dj_diag *diag)
{
    size_t bad_at;
    int64_t v;
    int rc, k;

    memset(out, 0, sizeof *out);
    if (!dj_utf8_valid(s, len, &bad_at)) {
        if (diag)
            diag->offset = bad_at;
        return bad(diag, c, DJ_EINVAL, "invalid UTF-8%s", "", 0);
    }
    /* control characters (but tab and line ends) would reach terminals, ICS
     * and XLSX as they are: an escape sequence in a title could rewrite
     * the screen of whoever searches */
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7F) {
            char cp[40];
            if (diag)
                diag->offset = i;
            snprintf(cp, sizeof cp, "U+%04X at byte %zu", ch, i + 1);
            return bad(diag, c, DJ_EINVAL, "contains the control character %s", cp, strlen(cp));
        }
    }
    trim(&s, &len);
    if (c->type == DJ_COL_MONEY && negotiable(s, len))
        len = 0; /* 面议: no amount given, as a blank cell */
    if (len == 0) {
        if (c->required)
            return bad(diag, c, DJ_EINVAL, "required value is missing%s", "", 0);
        return DJ_OK;
    }
    out->present = 1;
    /* numbers, dates and codes as a full-width input method types them
     * (２０２４年３月５日, Ｃ３６) are read as their ASCII forms; errors quote
     * the value as written */
    char narrow[128];
    const char *ns = s;
    size_t nlen = len;
    if (c->type == DJ_COL_INT || c->type == DJ_COL_HUNDREDTHS || c->type == DJ_COL_DATE ||
        c->type == DJ_COL_REGION || (c->type == DJ_COL_TEXT && !strcmp(c->en, "industry"))) {
        size_t n = dj_utf8_halfwidth(narrow, sizeof narrow, s, len);
        if (n != SIZE_MAX)
            ns = narrow, nlen = n;
        trim(&ns, &nlen);
    }
    switch (c->type) {
    case DJ_COL_TEXT:
    case DJ_COL_REF:
        if ((int64_t)dj_utf8_nchars(s, len) > c->max)
            return bad(diag, c, DJ_ELIMIT, "text longer than its limit: '%s…'", s, len);
        if (c->type == DJ_COL_TEXT && !strcmp(c->en, "industry")) { /* orgs, listings, projects */
            char code[6];
            size_t n = industry_code(code, ns, nlen);
            if (!n)
                return bad(diag, c, DJ_EINVAL,
                           "not a GB/T 4754 industry code (a letter A-T, alone or followed by 2 to "
                           "4 digits, e.g. C39): '%s'",
                           s, len);
            return dup_to(out, code, n);
        }
        return dup_to(out, s, len);
    case DJ_COL_LIST: {
        dj_buf b;
        dj_buf_init(&b, 0);
        if ((rc = split_list(&b, s, len)) == DJ_OK &&
            (int64_t)dj_utf8_nchars(dj_buf_cstr(&b), dj_buf_len(&b)) > c->max)
            rc = bad(diag, c, DJ_ELIMIT, "list longer than its limit: '%s…'", s, len);
        if (rc == DJ_OK && !(out->s = dj_buf_detach(&b)))
            rc = DJ_ENOMEM;
        dj_buf_fini(&b);
        return rc;
    }
    case DJ_COL_INT: {
        size_t i = 0;
        int neg = 0;
        v = 0;
        if (ns[0] == '-')
            neg = 1, i = 1;
        if (i == nlen)
            return bad(diag, c, DJ_EINVAL, "not a whole number: '%s'", s, len);
        for (; i < nlen; i++) {
            if (ns[i] < '0' || ns[i] > '9' || v > 100000000000LL)
                return bad(diag, c, DJ_EINVAL, "not a whole number: '%s'", s, len);
            v = v * 10 + (ns[i] - '0');
        }
        v = neg ? -v : v;
        if (v < c->min || v > c->max) {
            char fmt[96]; /* the range, then the value as written */
            if (c->max == INT64_MAX)
                snprintf(fmt, sizeof fmt, "number out of range (at least %lld): '%%s'",
                         (long long)c->min);
            else
                snprintf(fmt, sizeof fmt, "number out of range (%lld to %lld): '%%s'",
                         (long long)c->min, (long long)c->max);
            return bad(diag, c, DJ_EINVAL, fmt, s, len);
        }
        out->i = v;
        return DJ_OK;
    }
    case DJ_COL_MONEY:
        rc = dj_money_parse(&v, s, len);
        if (rc == DJ_ELIMIT)
            return bad(diag, c, DJ_ELIMIT, "amount too large: '%s'", s, len);
        if (rc < 0)
            return bad(diag, c, DJ_EINVAL,
                       "not an amount of money (1500万, 52.62亿, 1,000.50, 500元): '%s'", s, len);
        if (v < 0)
            return bad(diag, c, DJ_EINVAL, "negative amount of money: '%s'", s, len);
        out->i = v;
        return DJ_OK;
    case DJ_COL_HUNDREDTHS: {
        int scale = 2;
        size_t n = nlen;
        if (n >= 3 && !memcmp(ns + n - 3, "万", 3))
            n -= 3, scale = 6;
        rc = dj_decimal_parse(&v, ns, n, scale);
        if (rc < 0 || v < 0)
            return bad(diag, c, DJ_EINVAL, "not a non-negative number with two decimals: '%s'", s,
                       len);
        out->i = v;
        return DJ_OK;
    }
    case DJ_COL_DATE: {
        char d[11];
        if (dj_date_parse(d, ns, nlen) < 0)
            return bad(
                diag, c, DJ_EINVAL,
                "not a date (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or 20240305): '%s'", s,
                len);
        return dup_to(out, d, 10);
    }
    case DJ_COL_ENUM:
        if ((k = dj_enum_find(c->values, s, len)) < 0) {
            char names[300], fmt[400]; /* the value as written, then what it may be */
            dj_enum_zh_list(c->values, names, sizeof names);
            snprintf(fmt, sizeof fmt, "unknown value '%%s' (one of %s)", names);
            return bad(diag, c, DJ_EINVAL, fmt, s, len);
        }
        return dup_to(out, c->values->items[k].en, strlen(c->values->items[k].en));
    case DJ_COL_BOOL:
        if (len == 1 && (s[0] == '0' || s[0] == '1')) {
            out->i = s[0] - '0';
            return DJ_OK;
        }
        if ((k = dj_enum_find(c->values, s, len)) < 0)
            return bad(diag, c, DJ_EINVAL, "not yes/no (是/否): '%s'", s, len);
        out->i = k;
        return DJ_OK;
    case DJ_COL_MODES: {
        dj_buf b;
        const char *p;
        dj_buf_init(&b, 0);
        if ((rc = split_list(&b, s, len)) < 0) {
            dj_buf_fini(&b);
            return rc;
        }
        p = dj_buf_cstr(&b);
        out->i = 0;
        while (*p) {
            size_t n = strcspn(p, ";");
            if ((k = dj_enum_find(c->values, p, n)) < 0) {
                rc = bad(diag, c, DJ_EINVAL, "unknown cooperation mode '%s'", p, n);
                break;
            }
            out->i |= (int64_t)1 << k;
            p += n + (p[n] == ';');
        }
        dj_buf_fini(&b);
        return rc;
    }
    case DJ_COL_REGION: {
        char code[7], why[300];
        if (dj_region_find(code, ns, nlen, why, sizeof why) < 0)
            return bad(diag, c, DJ_EINVAL, "%s", why, strlen(why));
        return dup_to(out, code, 6);
    }
    case DJ_COL_USCC:
        if ((rc = dj_uscc_check(s, len, diag)) < 0) {
            char why[sizeof diag->message];
            if (!diag)
                return rc;
            memcpy(why, diag->message, sizeof why);
            return bad(diag, c, rc, "%s", why, strlen(why));
        }
        return dup_to(out, s, len);
    }
    return bad(diag, c, DJ_EINVAL, "unsupported column type%s", "", 0);
}
