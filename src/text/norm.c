/* norm.c - text normalisation: ICU NFKC_Casefold (full-width -> half-width,
 * compatibility forms, case folding) then OpenCC t2s (traditional ->
 * simplified), keeping for every output byte the original byte offset.
 *
 * Speed: ASCII and CJK unified ideographs are normalisation-inert, so they
 * are copied (ASCII lower-cased) without calling ICU; ICU sees only the
 * short runs that start at any other code point and end before the next
 * code point with a normalisation boundary. OpenCC runs only around code
 * points that t2s changes on its own (a bitmap built once at init by
 * converting every candidate code point): on the Han run around each, with
 * up to 16 code points of context either side, so phrase rules still apply
 * while the rest of the text is copied untouched.
 *
 * Invariants: s->map has s->norm_len + 1 entries, non-decreasing, and
 * map[norm_len] = base + len; every output byte maps to the start of the
 * original code point (or run, for ICU chunks) that produced it. */
#include "text/text_int.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <opencc/opencc.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#define CHUNK_CPS 32 /* max code points handed to ICU at once */

static struct {
    const UNormalizer2 *nfkc_cf;
    opencc_t cc;
    int cc_all;              /* bitmap unusable: convert every text with Han */
    uint8_t trad[65536 / 8]; /* BMP code points t2s changes by themselves */
} n;

static int is_trad(uint32_t cp)
{
    if (cp >= 65536)
        return n.cc_all;
    return (n.trad[cp >> 3] >> (cp & 7)) & 1;
}

/* Converts each candidate code point once, separated by newlines so that no
 * phrase rule fires, and marks those whose conversion differs. */
static int build_trad_bitmap(void)
{
    static const uint32_t ranges[][2] = {
        {0x2000, 0x2070}, {0x3000, 0x3040}, {0x3400, 0xA000}, {0xFF00, 0xFFF0}};
    size_t cap = 0, len = 0, r, i;
    char *in, *out;
    uint32_t cp;

    for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        cap += (ranges[r][1] - ranges[r][0]) * 4;
    if (!(in = dj_malloc(cap + 1)))
        return DJ_ENOMEM;
    for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        for (cp = ranges[r][0]; cp < ranges[r][1]; cp++) {
            len += dj_utf8_put(in + len, cp);
            in[len++] = '\n';
        }
    }
    out = opencc_convert_utf8(n.cc, in, len);
    memset(n.trad, 0, sizeof n.trad);
    if (!out) {
        n.cc_all = 1;
        dj_free(in);
        return DJ_OK;
    }
    {
        size_t olen = strlen(out), o = 0, k = 0;
        for (r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
            for (cp = ranges[r][0]; cp < ranges[r][1]; cp++) {
                size_t ik = k, o0 = o;
                uint32_t c;
                while (ik < len && in[ik] != '\n')
                    ik++;
                while (o < olen && out[o] != '\n')
                    o++;
                c = (o - o0 == ik - k && memcmp(out + o0, in + k, ik - k) == 0) ? 0 : 1;
                if (c)
                    n.trad[cp >> 3] |= (uint8_t)(1u << (cp & 7));
                k = ik + 1;
                o++;
            }
        }
        if (o < olen || o > olen + 1) /* misaligned: trust nothing */
            n.cc_all = 1;
    }
    for (i = 0; i < 0x80; i++) /* ASCII is never converted */
        n.trad[i >> 3] &= (uint8_t) ~(1u << (i & 7));
    opencc_convert_utf8_free(out);
    dj_free(in);
    return DJ_OK;
}

int dj__text_norm_open(dj_diag *diag)
{
    UErrorCode err = U_ZERO_ERROR;
    int rc;

    n.nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
    if (U_FAILURE(err) || !n.nfkc_cf)
        return dj_diag_set(diag, DJ_EIO, "ICU NFKC_Casefold data unavailable: %s",
                           u_errorName(err));
    n.cc = opencc_open("t2s.json");
    if (n.cc == (opencc_t)-1) {
        n.cc = NULL;
        return dj_diag_set(diag, DJ_EIO, "OpenCC t2s.json unavailable: %s", opencc_error());
    }
    n.cc_all = 0;
    if ((rc = build_trad_bitmap()) < 0) {
        dj__text_norm_close();
        return dj_diag_set(diag, rc, "out of memory building the t2s table");
    }
    return DJ_OK;
}

void dj__text_norm_close(void)
{
    if (n.cc)
        opencc_close(n.cc);
    n.cc = NULL;
}

void dj__text_scratch_fini(dj__text_scratch *s)
{
    DJ_FREE(s->norm);
    DJ_FREE(s->map);
    DJ_FREE(s->tmp);
    DJ_FREE(s->tmap);
    DJ_FREE(s->cps);
    DJ_FREE(s->noff);
    DJ_FREE(s->cls);
    DJ_FREE(s->route);
    DJ_FREE(s->nxt);
    DJ_FREE(s->wkind);
    DJ_FREE(s->doff);
    DJ_FREE(s->dn);
    DJ_FREE(s->dend);
    DJ_FREE(s->dlp);
    DJ_FREE(s->wk);
    DJ_FREE(s->wnode);
    DJ_FREE(s->rk);
    DJ_FREE(s->rend);
    DJ_FREE(s->rnode);
    s->dend_len = s->dend_cap = s->raw_cap = 0;
    s->norm_len = s->norm_cap = s->tmp_cap = s->nchars = s->char_cap = 0;
}

static int grow(char **buf, size_t **map, size_t *cap, size_t need)
{
    size_t c = *cap ? *cap : 256;
    char *b;
    size_t *m;

    if (need <= *cap)
        return DJ_OK;
    while (c < need)
        c *= 2;
    if (!(b = dj_realloc(*buf, c)))
        return DJ_ENOMEM;
    *buf = b;
    if (!(m = dj_realloc(*map, (c + 1) * sizeof *m)))
        return DJ_ENOMEM;
    *map = m;
    *cap = c;
    return DJ_OK;
}

static int boundary_before(uint32_t cp)
{
    if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF))
        return 1;
    return unorm2_hasBoundaryBefore(n.nfkc_cf, (UChar32)cp);
}

/* Normalises the run text[i..k) through ICU, appending to s->norm. */
static int icu_run(dj__text_scratch *s, const char *text, size_t i, size_t k, size_t base)
{
    UChar src[CHUNK_CPS * 2 + 2], dst[CHUNK_CPS * 2 * 18 + 8];
    int32_t slen = 0, dlen, need = 0, m;
    UErrorCode err = U_ZERO_ERROR;
    int rc;

    u_strFromUTF8WithSub(src, (int32_t)(sizeof src / sizeof src[0]), &slen, text + i,
                         (int32_t)(k - i), 0xFFFD, NULL, &err);
    if (U_FAILURE(err))
        goto copy;
    dlen = unorm2_normalize(n.nfkc_cf, src, slen, dst, (int32_t)(sizeof dst / sizeof dst[0]), &err);
    if (U_FAILURE(err))
        goto copy;
    u_strToUTF8WithSub(NULL, 0, &need, dst, dlen, 0xFFFD, NULL, &err);
    err = U_ZERO_ERROR;
    if ((rc = grow(&s->norm, &s->map, &s->norm_cap, s->norm_len + (size_t)need + 1)) < 0)
        return rc;
    u_strToUTF8WithSub(s->norm + s->norm_len, need + 1, &need, dst, dlen, 0xFFFD, NULL, &err);
    if (U_FAILURE(err))
        goto copy;
    for (m = 0; m < need; m++)
        s->map[s->norm_len + (size_t)m] = base + i;
    s->norm_len += (size_t)need;
    return DJ_OK;
copy: /* ICU refused (cannot happen with valid input): keep the bytes */
    if ((rc = grow(&s->norm, &s->map, &s->norm_cap, s->norm_len + (k - i) + 1)) < 0)
        return rc;
    memcpy(s->norm + s->norm_len, text + i, k - i);
    for (m = 0; m < (int32_t)(k - i); m++)
        s->map[s->norm_len + (size_t)m] = base + i;
    s->norm_len += k - i;
    return DJ_OK;
}

/* dj_utf8_next with the common cases inline (same results): ASCII, and a
 * well-formed 3-byte sequence of U+4000..U+9FFF (lead byte E4..E9, where
 * no overlong form or surrogate can occur). */
static inline uint32_t next_cp(const char *text, size_t len, size_t *i)
{
    const unsigned char *b = (const unsigned char *)text + *i;
    if (b[0] < 0x80) {
        (*i)++;
        return b[0];
    }
    if (b[0] >= 0xE4 && b[0] <= 0xE9 && *i + 2 < len && (b[1] & 0xC0) == 0x80 &&
        (b[2] & 0xC0) == 0x80) {
        *i += 3;
        return (uint32_t)(b[0] & 0x0F) << 12 | (uint32_t)(b[1] & 0x3F) << 6 | (b[2] & 0x3F);
    }
    return dj_utf8_next(text, len, i);
}

static int nfkc_cf(dj__text_scratch *s, const char *text, size_t len, size_t base)
{
    size_t i = 0;
    int rc;

    s->norm_len = 0;
    if ((rc = grow(&s->norm, &s->map, &s->norm_cap, len + 16)) < 0)
        return rc;
    while (i < len) {
        unsigned char b = (unsigned char)text[i];
        size_t j = i, k, ncp = 1;
        uint32_t cp;

        if (b < 0x80 && (i + 1 == len || (unsigned char)text[i + 1] < 0x80)) {
            if (s->norm_len + 1 >= s->norm_cap &&
                (rc = grow(&s->norm, &s->map, &s->norm_cap, s->norm_len + 2)) < 0)
                return rc;
            s->norm[s->norm_len] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
            s->map[s->norm_len++] = base + i;
            i++;
            continue;
        }
        cp = next_cp(text, len, &j);
        k = j;
        while (k < len && ncp < CHUNK_CPS) {
            size_t k2 = k;
            uint32_t c2 = next_cp(text, len, &k2);
            if (boundary_before(c2))
                break;
            k = k2;
            ncp++;
        }
        if (k == j && cp != 0xFFFD &&
            (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF) ||
             unorm2_isInert(n.nfkc_cf, (UChar32)cp))) {
            if (s->norm_len + (j - i) >= s->norm_cap &&
                (rc = grow(&s->norm, &s->map, &s->norm_cap, s->norm_len + (j - i) + 1)) < 0)
                return rc;
            if (cp < 0x80) {
                s->norm[s->norm_len] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
                s->map[s->norm_len++] = base + i;
            } else {
                size_t m;
                for (m = i; m < j; m++) {
                    s->norm[s->norm_len] = text[m];
                    s->map[s->norm_len++] = base + i;
                }
            }
        } else if ((rc = icu_run(s, text, i, k, base)) < 0) {
            return rc;
        }
        i = k;
    }
    s->map[s->norm_len] = base + len;
    return DJ_OK;
}

/* Appends src[0..len) to s->tmp with every byte mapped to at. */
static int tmp_put(dj__text_scratch *s, size_t *tlen, const char *src, size_t len, size_t at)
{
    size_t m;
    int rc;

    if ((rc = grow(&s->tmp, &s->tmap, &s->tmp_cap, *tlen + len + 1)) < 0)
        return rc;
    memcpy(s->tmp + *tlen, src, len);
    for (m = 0; m < len; m++)
        s->tmap[*tlen + m] = at;
    *tlen += len;
    return DJ_OK;
}

/* Appends s->norm[from..to) with its own map entries to s->tmp. */
static int tmp_copy(dj__text_scratch *s, size_t *tlen, size_t from, size_t to)
{
    int rc;

    if ((rc = grow(&s->tmp, &s->tmap, &s->tmp_cap, *tlen + (to - from) + 1)) < 0)
        return rc;
    memcpy(s->tmp + *tlen, s->norm + from, to - from);
    memcpy(s->tmap + *tlen, s->map + from, (to - from) * sizeof *s->map);
    *tlen += to - from;
    return DJ_OK;
}

/* Converts the window s->norm[ws..we) with OpenCC into s->tmp. */
static int convert_window(dj__text_scratch *s, size_t *tlen, size_t ws, size_t we)
{
    size_t i = ws, o = 0, olen;
    char *out = opencc_convert_utf8(n.cc, s->norm + ws, we - ws);
    int rc = DJ_OK;

    if (!out)
        return DJ_ENOMEM;
    olen = strlen(out);
    if (dj_utf8_nchars(out, olen) == dj_utf8_nchars(s->norm + ws, we - ws)) {
        /* One output code point per input code point: map them in order. */
        while (i < we && rc == DJ_OK) {
            size_t i0 = i, o0 = o;
            (void)dj_utf8_next(s->norm, we, &i);
            (void)dj_utf8_next(out, olen, &o);
            rc = tmp_put(s, tlen, out + o0, o - o0, s->map[i0]);
        }
    } else {
        /* A phrase rule changed the length: convert code point by code
         * point, which keeps offsets exact at the cost of phrase context. */
        while (i < we && rc == DJ_OK) {
            size_t i0 = i;
            uint32_t cp = dj_utf8_next(s->norm, we, &i);
            char *one;
            if (!is_trad(cp)) {
                rc = tmp_copy(s, tlen, i0, i);
                continue;
            }
            if (!(one = opencc_convert_utf8(n.cc, s->norm + i0, i - i0))) {
                rc = DJ_ENOMEM;
                break;
            }
            rc = tmp_put(s, tlen, one, strlen(one), s->map[i0]);
            opencc_convert_utf8_free(one);
        }
    }
    opencc_convert_utf8_free(out);
    return rc;
}

static int flagged(uint32_t cp)
{
    return is_trad(cp) || (n.cc_all && dj_is_cjk(cp));
}

#define WINDOW 16 /* Han code points of context on each side of a change */

/* Runs t2s only on windows around code points that t2s changes: the Han run
 * around each, up to WINDOW code points beyond the last changed one, so that
 * phrase rules see their context while the rest is copied untouched. */
static int t2s(dj__text_scratch *s)
{
    size_t i = 0, pos = 0, tlen = 0;
    int rc = DJ_OK, any = 0;

    if (!n.cc)
        return DJ_OK;
    while (i < s->norm_len) {
        size_t f = i, ws, we, k, cnt;
        uint32_t cp;
        if ((unsigned char)s->norm[i] < 0x80) {
            i++;
            continue;
        }
        cp = next_cp(s->norm, s->norm_len, &i);
        if (!flagged(cp))
            continue;
        any = 1;
        /* back over the Han run, at most WINDOW code points, not before pos */
        ws = f;
        for (cnt = 0; cnt < WINDOW && ws > pos; cnt++) {
            size_t b = ws - 1, t;
            while (b > pos && ((unsigned char)s->norm[b] & 0xC0) == 0x80)
                b--;
            t = b;
            if (!dj_is_cjk(dj_utf8_next(s->norm, s->norm_len, &t)))
                break;
            ws = b;
        }
        /* forward while Han, WINDOW code points past the last changed one */
        we = i;
        for (cnt = 0; cnt < WINDOW && we < s->norm_len;) {
            k = we;
            cp = dj_utf8_next(s->norm, s->norm_len, &k);
            if (!dj_is_cjk(cp))
                break;
            cnt = flagged(cp) ? 0 : cnt + 1;
            we = k;
        }
        if ((rc = tmp_copy(s, &tlen, pos, ws)) < 0 || (rc = convert_window(s, &tlen, ws, we)) < 0)
            return rc;
        pos = i = we;
    }
    if (!any)
        return DJ_OK;
    if ((rc = tmp_copy(s, &tlen, pos, s->norm_len)) < 0)
        return rc;
    s->tmap[tlen] = s->map[s->norm_len];
    {
        char *tb = s->norm;
        size_t *tm = s->map, tc = s->norm_cap;
        s->norm = s->tmp;
        s->map = s->tmap;
        s->norm_cap = s->tmp_cap;
        s->norm_len = tlen;
        s->tmp = tb;
        s->tmap = tm;
        s->tmp_cap = tc;
    }
    return DJ_OK;
}

int dj__text_norm_chunk(dj__text_scratch *s, const char *text, size_t len, size_t base)
{
    int rc;

    if ((rc = nfkc_cf(s, text, len, base)) < 0)
        return rc;
    return t2s(s);
}

int dj_text_normalize(char **out, size_t *out_len, size_t **map_out, const char *text, size_t len)
{
    dj__text_scratch s;
    int rc;

    *out = NULL;
    *out_len = 0;
    if (map_out)
        *map_out = NULL;
    if (!dj__text_is_ready())
        return DJ_EINVAL;
    memset(&s, 0, sizeof s);
    if ((rc = dj__text_norm_chunk(&s, text, len, 0)) < 0) {
        dj__text_scratch_fini(&s);
        return rc;
    }
    s.norm[s.norm_len] = '\0';
    *out = s.norm;
    *out_len = s.norm_len;
    s.norm = NULL;
    if (map_out) {
        *map_out = s.map;
        s.map = NULL;
    }
    dj__text_scratch_fini(&s);
    return DJ_OK;
}
