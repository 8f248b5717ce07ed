/* fit.c - the structured factors of a match (match.c's header comment gives
 * their definitions): tag and keyword overlap, industry, region, maturity,
 * budget and cooperation modes, each a value in [0, 1]. Pure functions. */
#include "match/match_int.h"

#include "util/alloc.h"

#include <math.h>
#include <string.h>

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits s on ';' (and full-width '；', ',' '，') into trimmed items, ASCII case
 * folded into `fold` storage. Returns the count (capped at cap). */
static size_t split_tags(dj__span *out, size_t cap, char *fold, const char *s, size_t len)
{
    size_t n = 0, i = 0;
    for (size_t j = 0; j < len; j++) {
        unsigned char c = (unsigned char)s[j];
        fold[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    while (i <= len && n < cap) {
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
            int dup = 0;
            for (size_t k = 0; k < n; k++)
                dup |= out[k].len == b - a && memcmp(out[k].p, fold + a, b - a) == 0;
            if (!dup) {
                out[n].p = fold + a;
                out[n].len = b - a;
                n++;
            }
        }
        if (j >= len)
            break;
        i = j + adv;
    }
    return n;
}

int dj__tagset_init(dj__tagset *t, const dj_match_listing *l)
{
    t->n = 0;
    t->fold = dj_malloc(l->tags_len + l->keywords_len + 2);
    if (!t->fold)
        return DJ_ENOMEM;
    t->n = split_tags(t->item, DJ__MAX_TAGS, t->fold, l->tags, l->tags_len);
    t->n += split_tags(t->item + t->n, DJ__MAX_TAGS - t->n, t->fold + l->tags_len + 1, l->keywords,
                       l->keywords_len);
    return DJ_OK;
}

static float jaccard(const dj__tagset *a, const dj__tagset *b)
{
    size_t inter = 0;
    if (!a->n || !b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (a->item[i].len == b->item[j].len &&
                memcmp(a->item[i].p, b->item[j].p, a->item[i].len) == 0) {
                inter++;
                break;
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

void dj__tagset_fini(dj__tagset *t)
{
    DJ_FREE(t->fold);
    t->n = 0;
}

void dj__match_fit(float value[DJ_NFACTORS], const dj_match_listing *q, const dj__tagset *qtags,
                   const dj_match_listing *c, const dj__tagset *ctags)
{
    value[DJ_FACTOR_TAGS] = jaccard(qtags, ctags);
    value[DJ_FACTOR_INDUSTRY] = q->industry_len && q->industry_len == c->industry_len &&
                                        memcmp(q->industry, c->industry, q->industry_len) == 0
                                    ? 1.0f
                                    : 0;
    value[DJ_FACTOR_REGION] = region_fit(q->region, c->region);
    value[DJ_FACTOR_MATURITY] = maturity_fit(q, c);
    value[DJ_FACTOR_BUDGET] = budget_fit(q, c);
    value[DJ_FACTOR_MODES] = modes_fit(q->modes, c->modes);
}
