/* gen.c - synthetic listings and organisations (see include/duijie/dj_gen.h).
 *
 * Determinism: all randomness comes from one xoshiro256** state seeded by
 * splitmix64(opts.seed); draws happen in a fixed order per record and use
 * only integer arithmetic, so output depends on the options alone.
 *
 * Organisations: index i in [0, norgs) maps to j = (i * ORG_MUL + off) mod
 * ORG_SPACE, a bijection since ORG_MUL is coprime to ORG_SPACE; j is split
 * in mixed radix into (industry, city, 字号1, 字号2). Every attribute of an
 * organisation (name, kind, region, industry, fake USCC) is a function of j,
 * so a name always carries the same attributes, whatever the seed; the
 * name is city + 字号1 + 字号2 + an industry suffix, and suffixes are
 * distinct across industries (vocab.c), so distinct j give distinct names.
 *
 * USCCs are checksum-valid (GB 32100-2015; the embedded organisation code
 * has a valid GB 11714 check character) but fake: the organisation-code
 * body is "DG" + six digits of j, a form never issued.
 *
 * Output is built record by record in one capped dj_buf and handed to the
 * callback whenever it exceeds FLUSH_AT bytes, so memory stays constant
 * whatever the count. */
#include "duijie/dj_gen.h"

#include "gen/gen_int.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <string.h>

#define ORG_SPACE ((uint64_t)DJ_GEN_NCITIES * DJ_GEN_NZIHAO * DJ_GEN_NZIHAO * DJ_GEN_NIND)
#define ORG_MUL   7919u /* prime, coprime to ORG_SPACE = 2^10 * 5^4 */
#define FLUSH_AT  (64u * 1024u)
#define BUF_LIMIT (1u << 20)
#define TEXT_CAP  4096 /* room for one title/body/keyword field */

_Static_assert(ORG_SPACE == DJ_GEN_MAX_ORGS, "org space matches the public bound");

/* ---- PRNG: splitmix64 seeding, xoshiro256** stream (Blackman & Vigna) ---- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static void rng_seed(rng *r, uint64_t seed)
{
    uint64_t x = seed;
    int i;

    for (i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform-enough integer in [0, n), n > 0 (Lemire's multiply-shift on the
 * high 32 bits; the bias of at most n/2^32 is irrelevant here). */
static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Index drawn from cumulative-free weights w[0..n). */
static int rng_weighted(rng *r, const unsigned char *w, int n)
{
    unsigned total = 0, x;
    int i;

    for (i = 0; i < n; i++)
        total += w[i];
    x = rng_below(r, total);
    for (i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* ---- small fixed-capacity text builder (no allocation per record) ---- */

typedef struct text {
    char s[TEXT_CAP];
    size_t len;
    int over; /* set when an append did not fit; the record is then rejected */
} text;

static void t_reset(text *t)
{
    t->len = 0;
    t->over = 0;
    t->s[0] = '\0';
}

static void t_add(text *t, const char *s)
{
    size_t n = strlen(s);

    if (t->len + n >= TEXT_CAP) {
        t->over = 1;
        return;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void t_u64(text *t, uint64_t v)
{
    char d[24];
    int n = 0;
    char out[24];
    int i;

    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (i = 0; i < n; i++)
        out[i] = d[n - 1 - i];
    out[n] = '\0';
    t_add(t, out);
}

/* Money given in units of 0.1 万元 (1,000 元): "35万", "2.5万", "1.25亿". */
static void t_money(text *t, uint64_t tenth_wan)
{
    if (tenth_wan >= 100000 && tenth_wan % 1000 == 0) {
        uint64_t yi = tenth_wan / 100000, frac = (tenth_wan % 100000) / 1000;
        t_u64(t, yi);
        if (frac) {
            t_add(t, ".");
            if (frac % 10) {
                t_add(t, frac < 10 ? "0" : "");
                t_u64(t, frac);
            } else {
                t_u64(t, frac / 10);
            }
        }
        t_add(t, "亿");
        return;
    }
    t_u64(t, tenth_wan / 10);
    if (tenth_wan % 10) {
        t_add(t, ".");
        t_u64(t, tenth_wan % 10);
    }
    t_add(t, "万");
}

/* ---- record emitter: CSV (Chinese headers) or JSONL (English keys) ---- */

typedef struct emitter {
    dj_buf out;
    int format;
    int nfield; /* fields written in the current record */
    dj_gen_write_fn write;
    void *ctx;
} emitter;

static int csv_needs_quotes(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ',' || c == '"' || c == '\n' || c == '\r')
            return 1;
    }
    return len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
}

static void emit_begin(emitter *e)
{
    e->nfield = 0;
    if (e->format == DJ_GEN_JSONL)
        dj_buf_putc(&e->out, '{');
}

/* Appends one field; empty values are omitted in JSONL and left empty in
 * CSV. number: JSONL writes the value unquoted (it must be digits). */
static void emit_field(emitter *e, const char *key, const char *val, size_t len, int number)
{
    if (e->format == DJ_GEN_JSONL) {
        if (len == 0)
            return;
        if (e->nfield++)
            dj_buf_putc(&e->out, ',');
        dj_buf_json_str(&e->out, key, strlen(key));
        dj_buf_putc(&e->out, ':');
        if (number)
            dj_buf_append(&e->out, val, len);
        else
            dj_buf_json_str(&e->out, val, len);
        return;
    }
    if (e->nfield++)
        dj_buf_putc(&e->out, ',');
    if (csv_needs_quotes(val, len)) {
        size_t i, start = 0;
        dj_buf_putc(&e->out, '"');
        for (i = 0; i < len; i++) {
            if (val[i] == '"') {
                dj_buf_append(&e->out, val + start, i + 1 - start);
                dj_buf_putc(&e->out, '"');
                start = i + 1;
            }
        }
        dj_buf_append(&e->out, val + start, len - start);
        dj_buf_putc(&e->out, '"');
    } else {
        dj_buf_append(&e->out, val, len);
    }
}

static void emit_str(emitter *e, const char *key, const char *val)
{
    emit_field(e, key, val, strlen(val), 0);
}

static int emit_flush(emitter *e)
{
    int rc;

    if ((rc = dj_buf_rc(&e->out)) < 0)
        return rc;
    if (dj_buf_len(&e->out) == 0)
        return DJ_OK;
    rc = e->write(dj_buf_cstr(&e->out), dj_buf_len(&e->out), e->ctx);
    dj_buf_reset(&e->out);
    return rc < 0 ? rc : DJ_OK;
}

static int emit_end(emitter *e)
{
    if (e->format == DJ_GEN_JSONL)
        dj_buf_putc(&e->out, '}');
    dj_buf_putc(&e->out, '\n');
    if (dj_buf_rc(&e->out) < 0)
        return dj_buf_rc(&e->out);
    if (dj_buf_len(&e->out) >= FLUSH_AT)
        return emit_flush(e);
    return DJ_OK;
}

static void emit_header(emitter *e, const char *const *cols, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        if (i)
            dj_buf_putc(&e->out, ',');
        dj_buf_puts(&e->out, cols[i]);
    }
    dj_buf_putc(&e->out, '\n');
}

/* ---- organisations ---- */

typedef struct org {
    const dj__gen_city *city;
    const char *z1, *z2;
    const dj__gen_industry *ind;
    int variant; /* 0..2 enterprise suffixes, 3 institute */
    uint64_t j;  /* position in the name space */
} org;

static uint64_t mix64(uint64_t x)
{
    return splitmix64(&x);
}

static uint64_t org_offset(uint64_t seed)
{
    return mix64(seed ^ 0x6F7267u) % ORG_SPACE;
}

static void org_at(org *o, uint64_t i, uint64_t off)
{
    uint64_t j = ((i % ORG_SPACE) * ORG_MUL + off) % ORG_SPACE, k = j;

    /* Industry is the lowest digit so that even a handful of consecutive
     * indices (a small --orgs) spans every industry. */
    o->j = j;
    o->ind = &dj__gen_industries[k % DJ_GEN_NIND];
    k /= DJ_GEN_NIND;
    o->city = &dj__gen_cities[k % DJ_GEN_NCITIES];
    k /= DJ_GEN_NCITIES;
    o->z1 = dj__gen_zihao1[k % DJ_GEN_NZIHAO];
    k /= DJ_GEN_NZIHAO;
    o->z2 = dj__gen_zihao2[k % DJ_GEN_NZIHAO];
    /* 1 in 10 organisations is a research institute. */
    k = mix64(j) % 10;
    o->variant = k == 9 ? 3 : (int)(k % 3);
}

static void org_short(text *t, const org *o)
{
    t_add(t, o->city->name);
    t_add(t, o->z1);
    t_add(t, o->z2);
}

static void org_name(text *t, const org *o)
{
    org_short(t, o);
    t_add(t, o->ind->suffix[o->variant]);
}

/* GB 32100-2015 code with a fake "DG" organisation-code body. out: 19 bytes. */
static void org_uscc(char *out, const org *o)
{
    static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w9[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    char body[9];
    uint64_t v = o->j;
    int i, sum = 0, c, w = 1;

    body[0] = 'D';
    body[1] = 'G';
    for (i = 7; i >= 2; i--) {
        body[i] = (char)('0' + v % 10);
        v /= 10;
    }
    for (i = 0; i < 8; i++) {
        int val = body[i] >= 'A' ? body[i] - 'A' + 10 : body[i] - '0';
        sum += val * w9[i];
    }
    c = 11 - sum % 11;
    /* 9 = registered by market regulation, 1 = enterprise (synthetic
     * institutes are modelled as company-registered research institutes). */
    out[0] = '9';
    out[1] = '1';
    memcpy(out + 2, o->city->code, 6);
    memcpy(out + 8, body, 8);
    out[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
    sum = 0;
    for (i = 0; i < 17; i++) {
        const char *p = strchr(cs, out[i]);
        sum += (int)(p - cs) * w;
        w = w * 3 % 31;
    }
    out[17] = cs[(31 - sum % 31) % 31];
    out[18] = '\0';
}

/* ---- listings vocabulary that does not depend on the industry ---- */

enum { SIDE_SUPPLY, SIDE_DEMAND };
enum { K_TECH, K_PATENT, K_PRODUCT, K_SOLUTION, K_CAPABILITY, K_SCENARIO, K_INVEST, K_TALENT };
enum { M_TRANSFER, M_LICENSE, M_CODEV, M_SERVICE, M_EQUITY, M_INVEST };

static const char *const side_zh[] = {"供给", "需求"};
static const char *const side_en[] = {"supply", "demand"};
static const char *const kind_zh[] = {"技术成果", "专利",     "产品",   "解决方案",
                                      "能力",     "应用场景", "投融资", "人才"};
static const char *const kind_en[] = {"technology", "patent",   "product",    "solution",
                                      "capability", "scenario", "investment", "talent"};
static const char *const mode_zh[] = {"转让", "许可", "合作开发", "技术服务", "入股", "投资"};
static const char *const mode_en[] = {"transfer", "license", "co-development",
                                      "service",  "equity",  "investment"};
static const char *const status_zh[] = {"发布", "草稿", "关闭"};
static const char *const status_en[] = {"published", "draft", "closed"};
static const unsigned char status_w[] = {92, 5, 3};

/* Kind weights per side (indexed by K_*). */
static const unsigned char kind_w[2][8] = {
    {35, 15, 20, 12, 12, 0, 0, 6}, /* supply */
    {40, 0, 8, 12, 0, 25, 10, 5},  /* demand */
};

/* Allowed cooperation modes per kind, as bit sets of M_*. */
static const unsigned char kind_modes[8] = {
    (1 << M_TRANSFER) | (1 << M_LICENSE) | (1 << M_CODEV) | (1 << M_SERVICE),
    (1 << M_TRANSFER) | (1 << M_LICENSE),
    (1 << M_SERVICE),
    (1 << M_SERVICE) | (1 << M_CODEV),
    (1 << M_SERVICE) | (1 << M_CODEV),
    (1 << M_SERVICE) | (1 << M_CODEV),
    (1 << M_INVEST) | (1 << M_EQUITY),
    (1 << M_SERVICE),
};

static const char *const tags_extra[] = {"专精特新", "高新技术企业", "首台套",     "产学研合作",
                                         "国产替代", "绿色低碳",     "数字化转型", "揭榜挂帅"};
static const char *const stage_by_trl[] = {
    "",         "实验室原理验证", "实验室原理验证", "实验室原理验证", "小试样机",
    "小试样机", "中试验证",       "中试验证",       "示范应用",       "规模化量产"};
static const unsigned price_steps[] = {50,  80,   100,  150,  200,  300, 500,
                                       800, 1000, 1500, 2000, 3000, 5000};

typedef struct gen {
    rng r;
    emitter e;
    uint64_t seed, norgs, off;
    text title, body, kw, tags, tmp;
} gen;

/* Picks k distinct indices below n (k <= 4) into out. */
static void pick_distinct(rng *r, int *out, int k, int n)
{
    int i, j;

    for (i = 0; i < k; i++) {
        int x;
        do {
            x = (int)rng_below(r, (uint32_t)n);
            for (j = 0; j < i && out[j] != x; j++)
                ;
        } while (j < i);
        out[i] = x;
    }
}

static void build_title(gen *g, int side, int kind, const dj__gen_industry *ind, const int *tk,
                        const char *scene, const char *problem)
{
    text *t = &g->title;
    const char *tech = ind->tech[tk[0]], *tech2 = ind->tech[tk[1]];
    uint32_t v = rng_below(&g->r, 3);

    t_reset(t);
    if (side == SIDE_SUPPLY) {
        switch (kind) {
        case K_TECH:
            if (v == 0) {
                t_add(t, tech);
                t_add(t, "关键技术及产业化");
            } else if (v == 1) {
                t_add(t, "基于");
                t_add(t, tech2);
                t_add(t, "的");
                t_add(t, tech);
                t_add(t, "技术");
            } else {
                t_add(t, "高效");
                t_add(t, tech);
                t_add(t, "新工艺");
            }
            break;
        case K_PATENT:
            if (v == 0) {
                t_add(t, "一种");
                t_add(t, tech);
                t_add(t, "装置及方法（发明专利）");
            } else {
                t_add(t, tech);
                t_add(t, "相关发明专利");
                t_u64(t, 2 + rng_below(&g->r, 9));
                t_add(t, "项打包转让");
            }
            break;
        case K_PRODUCT:
            t_add(t, tech);
            t_add(t, v == 0 ? "系列产品" : v == 1 ? "模组" : "成套设备");
            break;
        case K_SOLUTION:
            t_add(t, scene);
            t_add(t, tech);
            t_add(t, "整体解决方案");
            break;
        case K_CAPABILITY:
            t_add(t, tech);
            t_add(t, v == 0 ? "研发与测试能力" : "中试验证平台");
            break;
        default: /* K_TALENT */
            t_add(t, tech);
            t_add(t, "方向专家团队技术顾问服务");
            break;
        }
        return;
    }
    switch (kind) {
    case K_TECH:
        if (v == 0) {
            t_add(t, "寻求");
            t_add(t, tech);
            t_add(t, "技术合作");
        } else {
            t_add(t, tech);
            t_add(t, "技术需求");
        }
        break;
    case K_SCENARIO:
        t_add(t, scene);
        t_add(t, "环节");
        t_add(t, problem);
        t_add(t, "问题征集解决方案");
        break;
    case K_SOLUTION:
        t_add(t, scene);
        t_add(t, tech);
        t_add(t, "解决方案征集");
        break;
    case K_PRODUCT:
        t_add(t, "采购");
        t_add(t, tech);
        t_add(t, v == 0 ? "设备" : "产品");
        break;
    case K_INVEST:
        t_add(t, tech);
        t_add(t, v == 0 ? "产业化项目寻求投资" : "项目融资需求");
        break;
    default: /* K_TALENT */
        t_add(t, "招聘");
        t_add(t, tech);
        t_add(t, "方向研发人才");
        break;
    }
}

static void build_body(gen *g, int side, int kind, const org *o, const int *tk, int trl,
                       const char *scene, const char *problem, const char *metric, unsigned modes)
{
    text *t = &g->body;
    const dj__gen_industry *ind = o->ind;
    int m, first = 1;

    t_reset(t);
    org_short(t, o);
    if (side == SIDE_SUPPLY) {
        t_add(t, "长期从事");
        t_add(t, ind->name);
        t_add(t, "领域研发，围绕");
        t_add(t, ind->tech[tk[0]]);
        t_add(t, "与");
        t_add(t, ind->tech[tk[1]]);
        t_add(t, "形成了自主知识产权，拥有发明专利");
        t_u64(t, 1 + rng_below(&g->r, 20));
        t_add(t, "项。");
        t_add(t, "经第三方测试，");
        t_add(t, metric);
        t_add(t, "较行业平均水平提升");
        t_u64(t, 5 + rng_below(&g->r, 46));
        t_add(t, "%");
        if (trl > 0) {
            t_add(t, "，目前已完成");
            t_add(t, stage_by_trl[trl]);
        }
        t_add(t, "。可应用于");
        t_add(t, scene);
        t_add(t, "等场景，");
        if (kind == K_TALENT)
            t_add(t, "团队可提供技术顾问、联合攻关与人才培养服务。");
        else
            t_add(t, "可提供样品测试与技术对接。");
    } else {
        t_add(t, "主营");
        t_add(t, ind->name);
        t_add(t, "相关业务，目前在");
        t_add(t, scene);
        t_add(t, "环节面临");
        t_add(t, problem);
        t_add(t, "等问题。");
        if (kind == K_INVEST) {
            t_add(t, "拟投资建设");
            t_add(t, ind->tech[tk[0]]);
            t_add(t, "产业化项目，预计达产后年产值");
            t_u64(t, 1 + rng_below(&g->r, 30));
            t_add(t, "亿元，现寻求股权投资或银行授信。");
        } else {
            t_add(t, "希望引进");
            t_add(t, ind->tech[tk[0]]);
            t_add(t, "相关技术，目标");
            t_add(t, metric);
            t_add(t, "提升");
            t_u64(t, 10 + rng_below(&g->r, 41));
            t_add(t, "%以上，计划");
            t_u64(t, 3 + rng_below(&g->r, 16));
            t_add(t, "个月内完成验证。");
        }
    }
    for (m = 0; m < 6; m++) {
        if (!(modes & (1u << m)))
            continue;
        t_add(t, first ? "合作方式：" : "、");
        t_add(t, mode_zh[m]);
        first = 0;
    }
    if (!first)
        t_add(t, "。");
    t_add(t, "欢迎高校、科研院所和企业联系洽谈。");
}

/* What one listing is made of, drawn before its texts are written. */
typedef struct draw {
    org o;
    int side, kind, status, trl, tk[4];
    unsigned modes;
    uint64_t pmin, pmax; /* 0.1 万元; 0 = not stated */
    const char *scene, *problem, *metric;
} draw;

/* TRL: supply offers state their maturity; half of the technology demands
 * state the maturity they want. */
static int draw_trl(gen *g, int side, int kind)
{
    static const unsigned char lo[8] = {3, 3, 7, 6, 5, 0, 0, 0};
    static const unsigned char hi[8] = {7, 7, 9, 9, 9, 0, 0, 0};
    if (side == SIDE_SUPPLY && kind != K_TALENT)
        return lo[kind] + (int)rng_below(&g->r, (uint32_t)(hi[kind] - lo[kind] + 1));
    if (side == SIDE_DEMAND && kind == K_TECH && rng_below(&g->r, 2))
        return 4 + (int)rng_below(&g->r, 5);
    return 0;
}

/* Modes: a non-empty subset of those that fit the kind (products may have none). */
static unsigned draw_modes(gen *g, int kind)
{
    unsigned allowed = kind_modes[kind], modes = 0;
    int i;
    for (i = 0; i < 6; i++)
        if ((allowed & (1u << i)) && rng_below(&g->r, 2))
            modes |= 1u << i;
    if (!modes && kind != K_PRODUCT) {
        int nth = (int)rng_below(&g->r, 6), seen = 0;
        for (i = 0;; i = (i + 1) % 6) {
            if ((allowed & (1u << i)) && seen++ >= nth) {
                modes = 1u << i;
                break;
            }
        }
    }
    return modes;
}

/* Prices in 0.1 万元: investment needs 500万..2亿, others 5万..500万;
 * some state only an upper bound, some none (面议). */
static void draw_prices(gen *g, draw *d)
{
    uint32_t p;
    if (d->kind == K_TALENT)
        return;
    p = rng_below(&g->r, 10);
    if (d->kind == K_INVEST) {
        d->pmin = (uint64_t)(5 + rng_below(&g->r, 196)) * 1000; /* 500万..2亿, step 100万 */
        d->pmax = d->pmin * (3 + rng_below(&g->r, 3)) / 2;
    } else {
        d->pmin = price_steps[rng_below(&g->r, sizeof price_steps / sizeof price_steps[0])];
        d->pmax = d->pmin * (3 + rng_below(&g->r, 6)) / 2;
    }
    if (p == 7)
        d->pmin = 0; /* only an upper bound */
    else if (p >= 8)
        d->pmin = d->pmax = 0; /* price open (面议) */
}

static void draw_listing(gen *g, draw *d)
{
    memset(d, 0, sizeof *d);
    org_at(&d->o, rng_below(&g->r, (uint32_t)g->norgs), g->off);
    d->side = rng_below(&g->r, 100) < 55 ? SIDE_SUPPLY : SIDE_DEMAND;
    d->kind = rng_weighted(&g->r, kind_w[d->side], 8);
    d->status = rng_weighted(&g->r, status_w, 3);
    pick_distinct(&g->r, d->tk, 4, DJ_GEN_NTECH);
    d->scene = d->o.ind->scene[rng_below(&g->r, DJ_GEN_NSCENE)];
    d->problem = d->o.ind->problem[rng_below(&g->r, DJ_GEN_NPROB)];
    d->metric = d->o.ind->metric[rng_below(&g->r, DJ_GEN_NMETRIC)];
    d->trl = draw_trl(g, d->side, d->kind);
    d->modes = draw_modes(g, d->kind);
    draw_prices(g, d);
}

/* Title, body, keywords (three technologies and the industry) and tags. */
static int write_texts(gen *g, const draw *d)
{
    int i;
    build_title(g, d->side, d->kind, d->o.ind, d->tk, d->scene, d->problem);
    build_body(g, d->side, d->kind, &d->o, d->tk, d->trl, d->scene, d->problem, d->metric,
               d->modes);
    t_reset(&g->kw);
    for (i = 0; i < 3; i++) {
        if (i)
            t_add(&g->kw, ";");
        t_add(&g->kw, d->o.ind->tech[d->tk[i]]);
    }
    t_add(&g->kw, ";");
    t_add(&g->kw, d->o.ind->name);
    t_reset(&g->tags);
    t_add(&g->tags, d->o.ind->name);
    if (rng_below(&g->r, 2)) {
        t_add(&g->tags, ";");
        t_add(&g->tags, tags_extra[rng_below(&g->r, sizeof tags_extra / sizeof tags_extra[0])]);
    }
    if (g->title.over || g->body.over || g->kw.over || g->tags.over)
        return DJ_ELIMIT; /* cannot happen with the shipped vocabulary */
    return DJ_OK;
}

/* One record in the import columns (Chinese headers in CSV, English keys
 * and enum names in JSONL). */
static int emit_listing(gen *g, const draw *d, uint64_t n)
{
    emitter *e = &g->e;
    int jsonl = e->format == DJ_GEN_JSONL, i;
    char trlbuf[2];

    emit_begin(e);
    t_reset(&g->tmp);
    t_add(&g->tmp, "GEN-");
    t_u64(&g->tmp, g->seed);
    t_add(&g->tmp, "-");
    t_u64(&g->tmp, n + 1);
    emit_field(e, jsonl ? "code" : "编号", g->tmp.s, g->tmp.len, 0);
    t_reset(&g->tmp);
    org_name(&g->tmp, &d->o);
    emit_field(e, jsonl ? "org" : "机构", g->tmp.s, g->tmp.len, 0);
    emit_str(e, jsonl ? "side" : "供需", jsonl ? side_en[d->side] : side_zh[d->side]);
    emit_str(e, jsonl ? "kind" : "类别", jsonl ? kind_en[d->kind] : kind_zh[d->kind]);
    emit_field(e, jsonl ? "title" : "标题", g->title.s, g->title.len, 0);
    emit_field(e, jsonl ? "body" : "内容", g->body.s, g->body.len, 0);
    emit_field(e, jsonl ? "keywords" : "关键词", g->kw.s, g->kw.len, 0);
    emit_str(e, jsonl ? "industry" : "行业", d->o.ind->code);
    emit_field(e, jsonl ? "tags" : "标签", g->tags.s, g->tags.len, 0);
    trlbuf[0] = d->trl ? (char)('0' + d->trl) : '\0';
    trlbuf[1] = '\0';
    emit_field(e, jsonl ? "trl" : "成熟度", trlbuf, d->trl ? 1 : 0, 1);
    t_reset(&g->tmp);
    for (i = 0; i < 6; i++) {
        if (!(d->modes & (1u << i)))
            continue;
        if (g->tmp.len)
            t_add(&g->tmp, ";");
        t_add(&g->tmp, jsonl ? mode_en[i] : mode_zh[i]);
    }
    emit_field(e, jsonl ? "modes" : "合作方式", g->tmp.s, g->tmp.len, 0);
    t_reset(&g->tmp);
    if (d->pmin)
        t_money(&g->tmp, d->pmin);
    emit_field(e, jsonl ? "price_min" : "价格下限", g->tmp.s, g->tmp.len, 0);
    t_reset(&g->tmp);
    if (d->pmax)
        t_money(&g->tmp, d->pmax);
    emit_field(e, jsonl ? "price_max" : "价格上限", g->tmp.s, g->tmp.len, 0);
    emit_str(e, jsonl ? "region" : "地区", d->o.city->code);
    emit_str(e, jsonl ? "status" : "状态", jsonl ? status_en[d->status] : status_zh[d->status]);
    return emit_end(e);
}

static int gen_listing(gen *g, uint64_t n)
{
    draw d;
    int rc;
    draw_listing(g, &d);
    if ((rc = write_texts(g, &d)) < 0)
        return rc;
    return emit_listing(g, &d, n);
}

static int check_opts(const dj_gen_opts *o, dj_diag *diag)
{
    if (o->format != DJ_GEN_JSONL && o->format != DJ_GEN_CSV)
        return dj_diag_set(diag, DJ_EINVAL, "unknown format %d", o->format);
    if (o->count > DJ_GEN_MAX_COUNT)
        return dj_diag_set(diag, DJ_EINVAL, "count must be at most %llu",
                           (unsigned long long)DJ_GEN_MAX_COUNT);
    if (o->norgs > DJ_GEN_MAX_ORGS)
        return dj_diag_set(diag, DJ_EINVAL, "norgs must be at most %u", DJ_GEN_MAX_ORGS);
    return DJ_OK;
}

void dj_gen_opts_init(dj_gen_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->count = 1000;
    o->format = DJ_GEN_JSONL;
    o->header = 1;
}

uint64_t dj_gen_norgs(const dj_gen_opts *o)
{
    uint64_t n = o->norgs ? o->norgs : o->count / 50;

    if (!o->norgs && n < 20)
        n = 20;
    if (n < 1)
        n = 1;
    return n > DJ_GEN_MAX_ORGS ? DJ_GEN_MAX_ORGS : n;
}

static void gen_init(gen *g, const dj_gen_opts *o, dj_gen_write_fn write, void *ctx)
{
    memset(g, 0, sizeof *g);
    rng_seed(&g->r, o->seed);
    g->seed = o->seed;
    g->norgs = dj_gen_norgs(o);
    g->off = org_offset(o->seed);
    dj_buf_init(&g->e.out, BUF_LIMIT);
    g->e.format = o->format;
    g->e.write = write;
    g->e.ctx = ctx;
}

static const char *const listing_cols_zh[] = {"编号",     "机构",     "供需",     "类别", "标题",
                                              "内容",     "关键词",   "行业",     "标签", "成熟度",
                                              "合作方式", "价格下限", "价格上限", "地区", "状态"};

int dj_gen_listings(const dj_gen_opts *o, dj_gen_write_fn write, void *ctx, dj_diag *diag)
{
    gen *g;
    uint64_t n;
    int rc;

    if ((rc = check_opts(o, diag)) < 0)
        return rc;
    g = dj_malloc(sizeof *g);
    if (!g)
        return dj_diag_set(diag, DJ_ENOMEM, "out of memory");
    gen_init(g, o, write, ctx);
    if (o->format == DJ_GEN_CSV && o->header)
        emit_header(&g->e, listing_cols_zh, 15);
    for (n = 0, rc = DJ_OK; n < o->count && rc == DJ_OK; n++)
        rc = gen_listing(g, n);
    if (rc == DJ_OK)
        rc = emit_flush(&g->e);
    if (rc < 0)
        dj_diag_set(diag, rc, "generating listings: %s", dj_err_message(rc));
    dj_buf_fini(&g->e.out);
    dj_free(g);
    return rc;
}

static const char *const org_cols_zh[] = {"名称", "类型", "统一社会信用代码",
                                          "地区", "行业", "简介"};

int dj_gen_orgs(const dj_gen_opts *o, dj_gen_write_fn write, void *ctx, dj_diag *diag)
{
    gen *g;
    uint64_t i;
    int rc = DJ_OK;

    if ((rc = check_opts(o, diag)) < 0)
        return rc;
    g = dj_malloc(sizeof *g);
    if (!g)
        return dj_diag_set(diag, DJ_ENOMEM, "out of memory");
    gen_init(g, o, write, ctx);
    if (o->format == DJ_GEN_CSV && o->header)
        emit_header(&g->e, org_cols_zh, 6);
    for (i = 0; i < g->norgs && rc == DJ_OK; i++) {
        int jsonl = o->format == DJ_GEN_JSONL;
        int inst;
        char uscc[19];
        org og;

        org_at(&og, i, g->off);
        inst = og.variant == 3;
        emit_begin(&g->e);
        t_reset(&g->tmp);
        org_name(&g->tmp, &og);
        emit_field(&g->e, jsonl ? "name" : "名称", g->tmp.s, g->tmp.len, 0);
        emit_str(&g->e, jsonl ? "kind" : "类型",
                 jsonl ? (inst ? "institute" : "enterprise") : (inst ? "科研院所" : "企业"));
        org_uscc(uscc, &og);
        emit_str(&g->e, jsonl ? "uscc" : "统一社会信用代码", uscc);
        emit_str(&g->e, jsonl ? "region" : "地区", og.city->code);
        emit_str(&g->e, jsonl ? "industry" : "行业", og.ind->code);
        t_reset(&g->tmp);
        t_add(&g->tmp, "（合成数据）");
        t_add(&g->tmp, og.city->name);
        t_add(&g->tmp, "的");
        t_add(&g->tmp, og.ind->name);
        t_add(&g->tmp, inst ? "研究机构。" : "企业。");
        emit_field(&g->e, jsonl ? "description" : "简介", g->tmp.s, g->tmp.len, 0);
        rc = emit_end(&g->e);
    }
    if (rc == DJ_OK)
        rc = emit_flush(&g->e);
    if (rc < 0)
        dj_diag_set(diag, rc, "generating organisations: %s", dj_err_message(rc));
    dj_buf_fini(&g->e.out);
    dj_free(g);
    return rc;
}
