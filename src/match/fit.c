/* fit.c - the structured factors of a match (match_rank.c's header comment
 * gives their definitions): tag and keyword overlap, industry, region,
 * maturity, budget and cooperation modes, each a value in [0, 1]. Pure
 * functions. */
#include "match/match_int.h"

#include <math.h>
#include <string.h>

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static unsigned char fold(char c)
{
    unsigned char u = (unsigned char)c;
    return u >= 'A' && u <= 'Z' ? (unsigned char)(u + 32) : u;
}

/* FNV-1a over the ASCII case fold: equal items hash equal; unequal ones
 * that collide are told apart by fold_cmp. */
static uint64_t fold_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ fold(s[i])) * 0x100000001b3ull;
    return h;
}

static int fold_cmp(const char *a, size_t na, const char *b, size_t nb)
{
    size_t n = na < nb ? na : nb;
    for (size_t i = 0; i < n; i++)
        if (fold(a[i]) != fold(b[i]))
            return fold(a[i]) < fold(b[i]) ? -1 : 1;
    return na < nb ? -1 : na > nb;
}

static int key_cmp(const dj__tagkey *a, const dj__tagkey *b)
{
    if (a->h != b->h)
        return a->h < b->h ? -1 : 1;
    return fold_cmp(a->p, a->len, b->p, b->len);
}

/* Inserts k into the sorted, duplicate-free out[0..n) unless it is there
 * already; returns the new count. A binary search, not a scan per item (a
 * list cell may hold 500 items), and out never holds more than the
 * distinct items: copy_listing sizes the stored set by a first count. */
static size_t insert_key(dj__tagkey *out, size_t n, const dj__tagkey *k)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(&out[mid], k);
        if (c == 0)
            return n;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (n == DJ__MAX_TAGS) /* never for a stored listing (match_int.h) */
        return n;
    memmove(out + lo + 1, out + lo, (n - lo) * sizeof *out);
    out[lo] = *k;
    return n + 1;
}

/* Adds the items of s (split on ';' ',' and full-width '；' '，', trimmed)
 * to the sorted set out[0..n); returns the new count. */
static size_t add_items(dj__tagkey *out, size_t n, const char *s, size_t len)
{
    size_t i = 0;
    while (i <= len) {
        size_t j = i, adv = 1;
        while (j < len) {
            if (s[j] == ';' || s[j] == ',') {
                adv = 1;
                break;
            }
            if (j + 2 < len && (unsigned char)s[j] == 0xEF && (unsigned char)s[j + 1] == 0xBC &&
                ((unsigned char)s[j + 2] == 0x9B || (unsigned char)s[j + 2] == 0x8C)) {
                adv = 3;
                break;
            }
            j++;
        }
        size_t a = i, b = j;
        while (a < b && is_space((unsigned char)s[a]))
            a++;
        while (b > a && is_space((unsigned char)s[b - 1]))
            b--;
        if (b > a) {
            dj__tagkey k = {fold_hash(s + a, b - a), s + a, (uint32_t)(b - a)};
            n = insert_key(out, n, &k);
        }
        if (j >= len)
            break;
        i = j + adv;
    }
    return n;
}

size_t dj__tagset_keys(dj__tagkey out[DJ__MAX_TAGS], const dj_match_listing *l)
{
    size_t n = add_items(out, 0, l->tags, l->tags_len);
    return add_items(out, n, l->keywords, l->keywords_len);
}

/* Jaccard index of two sorted, duplicate-free key sets: one merge. */
static float jaccard(const dj__tagset *a, const dj__tagset *b)
{
    size_t i = 0, j = 0, inter = 0;
    if (!a->n || !b->n)
        return 0;
    while (i < a->n && j < b->n) {
        int c = key_cmp(&a->key[i], &b->key[j]);
        inter += c == 0;
        i += c <= 0;
        j += c >= 0;
    }
    return (float)inter / (float)(a->n + b->n - inter);
}

static float region_fit(uint32_t a, uint32_t b)
{
    if (!a || !b)
        return 0.25f;
    if (a == b)
        return 1.0f;
    if (a / 100 == b / 100)
        return 0.75f;
    if (a / 10000 == b / 10000)
        return 0.5f;
    return 0;
}

static float maturity_fit(const dj_match_listing *q, const dj_match_listing *c)
{
    const dj_match_listing *sup = q->side == DJ_SIDE_DEMAND ? c : q;
    const dj_match_listing *dem = q->side == DJ_SIDE_DEMAND ? q : c;
    if (!sup->trl || !dem->trl)
        return 0.5f;
    if (sup->trl >= dem->trl)
        return 1.0f;
    float v = 1.0f - 0.25f * (float)(dem->trl - sup->trl);
    return v > 0 ? v : 0;
}

static float budget_fit(const dj_match_listing *a, const dj_match_listing *b)
{
    if ((a->price_min < 0 && a->price_max < 0) || (b->price_min < 0 && b->price_max < 0))
        return 0.5f;
    double alo = a->price_min >= 0 ? (double)a->price_min : 0;
    double ahi = a->price_max >= 0 ? (double)a->price_max : INFINITY;
    double blo = b->price_min >= 0 ? (double)b->price_min : 0;
    double bhi = b->price_max >= 0 ? (double)b->price_max : INFINITY;
    if (alo <= bhi && blo <= ahi)
        return 1.0f;
    /* relative gap between the ranges */
    double gap = alo > bhi ? (alo - bhi) / alo : (blo - ahi) / blo;
    double v = 1.0 - 2.0 * gap;
    return v > 0 ? (float)v : 0;
}

static float modes_fit(uint32_t a, uint32_t b)
{
    if (!a || !b)
        return 0.5f;
    return (a & b) ? 1.0f : 0;
}

void dj__match_fit(float value[DJ_NFACTORS], const dj_match_listing *q, const dj__tagset *qtags,
                   const dj_match_listing *c, const dj__tagset *ctags)
{
    value[DJ_FACTOR_TAGS] = jaccard(qtags, ctags);
    /* codes are stored upper-cased (C39); folded too for rows stored before */
    value[DJ_FACTOR_INDUSTRY] =
        q->industry_len && fold_cmp(q->industry, q->industry_len, c->industry, c->industry_len) == 0
            ? 1.0f
            : 0;
    value[DJ_FACTOR_REGION] = region_fit(q->region, c->region);
    value[DJ_FACTOR_MATURITY] = maturity_fit(q, c);
    value[DJ_FACTOR_BUDGET] = budget_fit(q, c);
    value[DJ_FACTOR_MODES] = modes_fit(q->modes, c->modes);
}
