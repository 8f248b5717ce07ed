/* weights.c - the match weights as text: the defaults, a spec such as
 * "text=0.4,地区=0.2,semantic=0.3" read on top of them, and the canonical
 * form written back (what a database keeps as its setting).
 *
 * Names: each factor's English name (the JSON keys) or its Chinese label
 * (what the CLI prints), and "semantic" / "语义" for the blend of latent
 * vectors into the text value. Items are separated by commas, semicolons
 * or spaces (ASCII or full-width). A factor weight lies in [0, 100] (only
 * ratios matter: ranking divides them by their sum, so scores lie in
 * [0, 1] whatever the scale);
 * semantic in [0, 1]. Invariant: a spec that parses leaves at least one
 * factor weight above 0, and nothing is changed by a spec that fails. */
#include "duijie/dj_match.h"

#include "util/buf.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEMANTIC   (-1) /* name_code for "semantic" */
#define FACTOR_MAX 100.0
/* Room for a value and its NUL: the parser takes up to 63 characters and
 * the writer writes at most 52 ("0." and DECIMALS_MAX - 1 decimals, or 39
 * digits for the largest float). */
#define VALUE_MAX    64
#define DECIMALS_MAX 50

static const char *const labels[DJ_NFACTORS] = {"文本",   "标签", "行业",    "地区",
                                                "成熟度", "预算", "合作方式"};

const char *dj_match_factor_label(int f)
{
    return f >= 0 && f < DJ_NFACTORS ? labels[f] : "?";
}

void dj_match_weights_default(dj_match_weights *w)
{
    static const float def[DJ_NFACTORS] = {0.55f, 0.15f, 0.10f, 0.05f, 0.05f, 0.05f, 0.05f};
    memset(w, 0, sizeof *w);
    memcpy(w->w, def, sizeof def);
    w->candidates = 200;
    w->opposite_side = 1;
    w->published_only = 1;
    w->prf_docs = 0;
    w->semantic = 0.5f;
}

static int is_name(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && memcmp(s, name, n) == 0;
}

/* A factor index, SEMANTIC, or -2 for an unknown name. */
static int name_code(const char *s, size_t n)
{
    for (int f = 0; f < DJ_NFACTORS; f++)
        if (is_name(s, n, dj_match_factor_name(f)) || is_name(s, n, labels[f]))
            return f;
    if (is_name(s, n, "semantic") || is_name(s, n, "语义"))
        return SEMANTIC;
    return -2;
}

/* Length of the separator at s (0 if none): , ; space tab, or full-width
 * ， ； and the ideographic space. */
static size_t separator(const char *s)
{
    static const char *const wide[] = {"\xef\xbc\x8c", "\xef\xbc\x9b", "\xe3\x80\x80"};
    if (*s == ',' || *s == ';' || *s == ' ' || *s == '\t')
        return 1;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (strncmp(s, wide[i], 3) == 0)
            return 3;
    return 0;
}

/* Names the field of a failed spec in diag; returns rc. */
static int in_weights(dj_diag *diag, int rc)
{
    if (diag)
        snprintf(diag->field, sizeof diag->field, "weights");
    return rc;
}

/* A plain decimal: digits with at most one point (no sign, exponent,
 * "inf" or hex, which strtod would take). dj_match_weights_write writes
 * only this form. */
static int is_decimal(const char *s, size_t n)
{
    size_t digits = 0, points = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.')
            points++;
        else
            return 0;
    }
    return digits > 0 && points <= 1;
}

/* Reads one NAME=VALUE item of n bytes into w (seen: names given so far). */
static int read_item(dj_match_weights *w, unsigned *seen, const char *item, size_t n, dj_diag *diag)
{
    const char *eq = memchr(item, '=', n);
    const char *val;
    size_t vlen;
    char num[VALUE_MAX];
    double v;
    int code, len = (int)n;

    if (!eq)
        return in_weights(diag, dj_diag_set(diag, DJ_EINVAL,
                                            "'%.*s' is not NAME=VALUE (e.g. text=0.5, 地区=0.2)",
                                            len, item));
    if ((code = name_code(item, (size_t)(eq - item))) == -2)
        return in_weights(diag, dj_diag_set(diag, DJ_EINVAL,
                                            "unknown factor in '%.*s' (text 文本, tags 标签, "
                                            "industry 行业, region 地区, maturity 成熟度, "
                                            "budget 预算, modes 合作方式, semantic 语义)",
                                            len, item));
    if (*seen & (1u << (code + 1)))
        return in_weights(
            diag, dj_diag_set(diag, DJ_EINVAL, "'%.*s': this factor is given twice", len, item));
    *seen |= 1u << (code + 1);
    val = eq + 1;
    vlen = n - (size_t)(val - item);
    if (vlen > 1 && val[0] == '-' && is_decimal(val + 1, vlen - 1))
        return in_weights(diag,
                          dj_diag_set(diag, DJ_EINVAL,
                                      code == SEMANTIC ? "'%.*s': a weight cannot be negative "
                                                         "(semantic lies in 0..1)"
                                                       : "'%.*s': a weight cannot be negative "
                                                         "(a factor weight lies in 0..100)",
                                      len, item));
    if (!is_decimal(val, vlen))
        return in_weights(diag, dj_diag_set(diag, DJ_EINVAL,
                                            "'%.*s': the value is not a number (a plain "
                                            "decimal such as 0.25, without exponent)",
                                            len, item));
    if (vlen >= sizeof num)
        return in_weights(diag,
                          dj_diag_set(diag, DJ_EINVAL, "'%.*s': the value is too long", len, item));
    memcpy(num, val, vlen);
    num[vlen] = '\0';
    v = strtod(num, NULL);
    if (code == SEMANTIC ? v > 1.0 : v > FACTOR_MAX)
        return in_weights(diag, dj_diag_set(diag, DJ_EINVAL,
                                            code == SEMANTIC
                                                ? "'%.*s': semantic must lie in 0..1"
                                                : "'%.*s': a factor weight must lie in 0..100",
                                            len, item));
    if (code == SEMANTIC)
        w->semantic = (float)v;
    else
        w->w[code] = (float)v;
    return DJ_OK;
}

int dj_match_weights_parse(dj_match_weights *w, const char *spec, dj_diag *diag)
{
    dj_match_weights t = *w;
    unsigned seen = 0;
    const char *s = spec ? spec : "";
    float sum = 0;
    int rc, items = 0;

    while (*s) {
        size_t n = 0, k;
        if ((k = separator(s))) {
            s += k;
            continue;
        }
        while (s[n] && !separator(s + n))
            n++;
        if ((rc = read_item(&t, &seen, s, n, diag)) < 0)
            return rc;
        items++;
        s += n;
    }
    if (items == 0)
        return in_weights(
            diag, dj_diag_set(diag, DJ_EINVAL, "no weights given (e.g. text=0.5,地区=0.2)"));
    for (int f = 0; f < DJ_NFACTORS; f++)
        sum += t.w[f];
    if (!(sum > 0))
        return in_weights(
            diag,
            dj_diag_set(diag, DJ_EINVAL, "every factor weight is 0: at least one must be above 0"));
    *w = t;
    return DJ_OK;
}

/* Writes v as the shortest fixed-point decimal (no exponent, which the
 * parser refuses) that reads back as the same float: "%.*f" with 0, 1, 2,
 * ... decimals, so no trailing zeros (0.00001, not 1e-05). Fewer than
 * DECIMALS_MAX decimals read back every finite float (those near the
 * smallest normal one need 38 + 9). */
static void write_value(dj_buf *out, float v)
{
    char num[VALUE_MAX];
    int d;

    assert(isfinite(v) && v >= 0);
    for (d = 0; d < DECIMALS_MAX; d++) {
        snprintf(num, sizeof num, "%.*f", d, (double)v);
        if ((float)strtod(num, NULL) == v)
            break;
    }
    dj_buf_puts(out, num);
}

int dj_match_weights_write(dj_buf *out, const dj_match_weights *w)
{
    for (int f = 0; f < DJ_NFACTORS; f++) {
        dj_buf_printf(out, "%s%s=", f ? "," : "", dj_match_factor_name(f));
        write_value(out, w->w[f]);
    }
    dj_buf_puts(out, ",semantic=");
    write_value(out, w->semantic);
    return dj_buf_rc(out);
}
