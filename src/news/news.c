/* news.c - split PDF bulletin text into articles and extract each article's
 * title, authors, place, organisations, dates and labelled quantity facts.
 *
 * Stages (docs/news.md):
 *  1. lines: raw lines, stripped; a byline tail after the last sentence end
 *     ("……亿元。 周敏") is cut off; spaces next to CJK dropped. Blank lines
 *     are noise when most gaps are blank (column PDFs), breaks otherwise.
 *  2. items: full-width lines join into paragraphs, which end at a sentence
 *     end; short unpunctuated lines (< 60 % of the median width) are
 *     headings, or bylines when they are only personal names.
 *  3. articles: a paragraph opens an article when it starts with 本报讯 (or
 *     本报记者/本报电), or follows a byline or a heading, or is the first;
 *     近日/日前 open one after a byline or heading. The trailing headings
 *     form the headline block; doubled runs are collapsed there.
 *  4. headline block entries (kicker place line + headline) are attached to
 *     the article whose text contains the kicker, else the one sharing the
 *     longest common substring.
 *  5. per article: place, orgs, quantities (dj_quant_extract) with labels.
 * Invariants: every string in the result is owned by the doc and valid
 * UTF-8; fact and date offsets lie within the article text. */
#include "duijie/dj_news.h"

#include "news/news_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

#define NEWS_MAX_INPUT ((size_t)64 << 20)

enum { IT_PARA = 1, IT_HEAD = 2, IT_BYLINE = 3 };

typedef struct item {
    int kind;
    char *text; /* cleaned text (names NUL-separated for bylines) */
    size_t len;
    size_t nnames;
} item;

typedef struct items {
    item *v;
    size_t n, cap;
} items;

static int items_push(items *it, int kind, const char *s, size_t len, size_t nnames)
{
    item *x;
    if (it->n == it->cap) {
        size_t nc = it->cap ? it->cap * 2 : 32;
        item *p = dj_realloc(it->v, nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        it->v = p;
        it->cap = nc;
    }
    x = &it->v[it->n];
    x->text = dj_strndup(s, len);
    if (!x->text)
        return DJ_ENOMEM;
    x->kind = kind;
    x->len = len;
    x->nnames = nnames;
    it->n++;
    return DJ_OK;
}

static void items_free(items *it)
{
    size_t i;
    for (i = 0; i < it->n; i++)
        dj_free(it->v[i].text);
    dj_free(it->v);
}

/* ------------------------------------------------------------- cleanup */

/* Drops spaces next to CJK text, keeps one space between Latin/digits. */
static int clean_line(dj_buf *b, const char *s, size_t len)
{
    size_t i = 0;
    uint32_t prev = 0;
    int pending_space = 0;

    while (i < len) {
        uint32_t c = dj_utf8_next(s, len, &i);
        char enc[4];
        if (c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '\r') {
            pending_space = prev != 0;
            continue;
        }
        if (pending_space && !dj__news_is_cjk_text(prev) && !dj__news_is_cjk_text(c))
            dj_buf_putc(b, ' ');
        pending_space = 0;
        dj_buf_append(b, enc, dj_utf8_put(enc, c));
        prev = c;
    }
    return dj_buf_rc(b);
}

static int line_width(const char *s, size_t len)
{
    size_t i = 0;
    int w = 0;
    while (i < len) {
        uint32_t c = dj_utf8_next(s, len, &i);
        w += dj__news_is_cjk_text(c) ? 2 : 1;
    }
    return w;
}

static uint32_t last_cp(const char *s, size_t len, uint32_t *before)
{
    size_t i = 0;
    uint32_t c = 0, p = 0;
    while (i < len) {
        p = c;
        c = dj_utf8_next(s, len, &i);
    }
    if (before)
        *before = p;
    return c;
}

static int ends_sentence(const char *s, size_t len)
{
    uint32_t p, c = last_cp(s, len, &p);
    if (dj__news_is_final_punct(c))
        return 1;
    return (c == 0x201D || c == 0x2019 || c == 0xFF09 || c == ')') && dj__news_is_final_punct(p);
}

static int starts_with(const char *s, size_t len, const char *w)
{
    size_t l = strlen(w);
    return len >= l && memcmp(s, w, l) == 0;
}

static int opens_always(const char *s, size_t len)
{
    return starts_with(s, len, "本报讯") || starts_with(s, len, "本报记者") ||
           starts_with(s, len, "本报电") || starts_with(s, len, "讯 ") ||
           starts_with(s, len, "【本报讯】");
}

static int opens_after_break(const char *s, size_t len)
{
    return opens_always(s, len) || starts_with(s, len, "近日") || starts_with(s, len, "日前") ||
           starts_with(s, len, "日前");
}

typedef struct rawline {
    const char *s;
    size_t len;
    int blank_before;
} rawline;

/* Finds a byline tail after the last sentence end of a raw line: returns the
 * byte offset where it starts (the sentence part is s[0..off)), or len. */
static size_t byline_tail(const char *s, size_t len, char *names, size_t cap, size_t *count)
{
    size_t i = 0, cut = 0;
    int found = 0;
    while (i < len) {
        uint32_t c = dj_utf8_next(s, len, &i);
        if (dj__news_is_final_punct(c) || c == 0x201D) {
            cut = i;
            found = 1;
        }
    }
    if (!found || cut >= len)
        return len;
    if (dj__news_byline(s + cut, len - cut, names, cap, count))
        return cut;
    return len;
}

/* True when the whole line is made of doubled runs (a bold headline). */
static int is_doubled(const char *s, size_t len)
{
    char *u = dj_malloc(len + 1);
    int r;
    if (!u)
        return 0;
    r = dj_news_undouble(u, s, len) < len;
    dj_free(u);
    return r;
}

static int build_items(items *out, const char *s, size_t len)
{
    rawline *lines = NULL;
    size_t nl = 0, cap = 0, i = 0, gaps = 0, blank_gaps = 0;
    int *widths = NULL, median = 0, rc = DJ_OK, blank_is_break;
    dj_buf para, tmp, nxt;
    char names[512];

    dj_buf_init(&para, 0);
    dj_buf_init(&tmp, 0);
    dj_buf_init(&nxt, 0);
    /* raw lines */
    while (i <= len) {
        size_t e = i, a, z;
        int blank = 0;
        while (e < len && s[e] != '\n')
            e++;
        a = i;
        z = e;
        while (a < z && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
            a++;
        while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r'))
            z--;
        /* U+3000 ideographic spaces at the edges */
        while (z - a >= 3 && memcmp(s + a, "\xe3\x80\x80", 3) == 0)
            a += 3;
        while (z - a >= 3 && memcmp(s + z - 3, "\xe3\x80\x80", 3) == 0)
            z -= 3;
        if (z == a) {
            blank = 1;
        } else {
            if (nl == cap) {
                size_t nc = cap ? cap * 2 : 64;
                rawline *p = dj_realloc(lines, nc * sizeof *p);
                if (!p) {
                    rc = DJ_ENOMEM;
                    goto done;
                }
                lines = p;
                cap = nc;
            }
            lines[nl].s = s + a;
            lines[nl].len = z - a;
            lines[nl].blank_before = 0;
            nl++;
        }
        if (blank && nl > 0)
            lines[nl - 1].blank_before = 1; /* marks a blank after line nl-1 */
        i = e + 1;
    }
    if (nl == 0)
        goto done;
    for (i = 0; i + 1 < nl; i++) {
        gaps++;
        blank_gaps += lines[i].blank_before != 0;
    }
    /* most gaps blank: the PDF puts a blank line after every line */
    blank_is_break = !(gaps > 0 && blank_gaps * 10 >= gaps * 6);
    /* median cleaned width */
    widths = dj_malloc(nl * sizeof *widths);
    if (!widths) {
        rc = DJ_ENOMEM;
        goto done;
    }
    for (i = 0; i < nl; i++) {
        dj_buf_reset(&tmp);
        if ((rc = clean_line(&tmp, lines[i].s, lines[i].len)) < 0)
            goto done;
        widths[i] = line_width(dj_buf_cstr(&tmp), dj_buf_len(&tmp));
    }
    {
        int *sorted = dj_malloc(nl * sizeof *sorted);
        size_t a, b2;
        if (!sorted) {
            rc = DJ_ENOMEM;
            goto done;
        }
        memcpy(sorted, widths, nl * sizeof *sorted);
        for (a = 1; a < nl; a++) {
            int v = sorted[a];
            for (b2 = a; b2 > 0 && sorted[b2 - 1] > v; b2--)
                sorted[b2] = sorted[b2 - 1];
            sorted[b2] = v;
        }
        median = sorted[(nl * 3) / 4]; /* the column width: most lines are full */
        dj_free(sorted);
    }
    for (i = 0; i < nl; i++) {
        const char *ls = lines[i].s;
        size_t ll = lines[i].len, nnames = 0, cut;
        const char *cs;
        size_t cl;
        int is_short;

        cut = byline_tail(ls, ll, names, sizeof names, &nnames);
        dj_buf_reset(&tmp);
        if ((rc = clean_line(&tmp, ls, cut)) < 0)
            goto done;
        cs = dj_buf_cstr(&tmp);
        cl = dj_buf_len(&tmp);
        is_short = widths[i] * 10 < median * 6 && !ends_sentence(cs, cl);
        if (!is_short && cut == ll && !ends_sentence(cs, cl) && dj_buf_len(&para) == 0) {
            /* a wide unpunctuated line starting a paragraph is a headline
             * when it is doubled, or when a heading or the end follows */
            int next_head = i + 1 == nl;
            if (!next_head) {
                char nn2[512];
                size_t c2, k2;
                c2 = byline_tail(lines[i + 1].s, lines[i + 1].len, nn2, sizeof nn2, &k2);
                dj_buf_reset(&nxt);
                if ((rc = clean_line(&nxt, lines[i + 1].s, c2)) < 0)
                    goto done;
                next_head = c2 == lines[i + 1].len && widths[i + 1] * 10 < median * 6 &&
                            !ends_sentence(dj_buf_cstr(&nxt), dj_buf_len(&nxt));
            }
            if (next_head || is_doubled(cs, cl))
                is_short = 1;
        }
        if (opens_always(cs, cl) && dj_buf_len(&para) > 0) {
            if ((rc = items_push(out, IT_PARA, dj_buf_cstr(&para), dj_buf_len(&para), 0)) < 0)
                goto done;
            dj_buf_reset(&para);
        }
        if (is_short && cut == ll) {
            size_t nn = 0;
            if (dj_buf_len(&para) > 0) {
                if ((rc = items_push(out, IT_PARA, dj_buf_cstr(&para), dj_buf_len(&para), 0)) < 0)
                    goto done;
                dj_buf_reset(&para);
            }
            if (dj__news_byline(ls, ll, names, sizeof names, &nn) && nn > 0)
                rc = items_push(out, IT_BYLINE, names, sizeof names, nn);
            else
                rc = items_push(out, IT_HEAD, cs, cl, 0);
            if (rc < 0)
                goto done;
            continue;
        }
        /* join: a space only between two Latin/digit characters */
        if (dj_buf_len(&para) > 0 && cl > 0) {
            uint32_t pc = last_cp(dj_buf_cstr(&para), dj_buf_len(&para), NULL);
            size_t z = 0;
            uint32_t fc = dj_utf8_next(cs, cl, &z);
            if (dj__news_is_ascii_alnum(pc) && dj__news_is_ascii_alnum(fc))
                dj_buf_putc(&para, ' ');
        }
        dj_buf_append(&para, cs, cl);
        if ((rc = dj_buf_rc(&para)) < 0)
            goto done;
        if (ends_sentence(cs, cl) || cut < ll || (blank_is_break && lines[i].blank_before) ||
            i + 1 == nl) {
            if (dj_buf_len(&para) > 0 &&
                (rc = items_push(out, IT_PARA, dj_buf_cstr(&para), dj_buf_len(&para), 0)) < 0)
                goto done;
            dj_buf_reset(&para);
            if (cut < ll && (rc = items_push(out, IT_BYLINE, names, sizeof names, nnames)) < 0)
                goto done;
        }
    }
    if (dj_buf_len(&para) > 0)
        rc = items_push(out, IT_PARA, dj_buf_cstr(&para), dj_buf_len(&para), 0);
done:
    dj_buf_fini(&para);
    dj_buf_fini(&tmp);
    dj_buf_fini(&nxt);
    dj_free(lines);
    dj_free(widths);
    return rc;
}

/* ------------------------------------------------------------- article */

typedef struct art_build {
    dj_buf text;
    dj_buf heading;
    char names[512];
    size_t nnames;
    int ended;
} art_build;

static char *dupstr(const char *s, size_t len)
{
    return dj_strndup(s, len);
}

/* Place suffixes, most specific first. */
static const char *const place_suffixes[] = {"高新技术产业开发区",
                                             "经济技术开发区",
                                             "高新区",
                                             "经开区",
                                             "开发区",
                                             "产业园区",
                                             "产业园",
                                             "工业园区",
                                             "工业园",
                                             "科技园",
                                             "科学城",
                                             "自贸区",
                                             "保税区",
                                             "示范区",
                                             "新区",
                                             "科创城",
                                             "创新港"};

/* Characters that end a name run when scanning backwards. */
static int name_stop(uint32_t c)
{
    static const char stops[] =
        "在于的和与及等到是了由为将对向从把被让使给自该其全各本我此每这那讯日前近";
    size_t i = 0, l = sizeof stops - 1;
    if (!dj_is_cjk(c))
        return 1;
    while (i < l) {
        if (dj_utf8_next(stops, l, &i) == c)
            return 1;
    }
    return 0;
}

/* Verbs that end a name run (举办, 召开 ...) when scanning backwards. */
static int verb_before(const dj__news_cp *t, size_t n, size_t k)
{
    static const char *const verbs[] = {"举办", "召开", "签约", "集聚", "落户", "入驻", "引进",
                                        "推动", "促成", "完成", "开工", "投产", "建设", "打造",
                                        "支持", "联合", "发布", "组织", "承办", "主办", "位于"};
    size_t v;
    for (v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
        size_t l = dj_utf8_nchars(verbs[v], strlen(verbs[v]));
        if (k + 1 >= l && dj__news_match(t, n, k + 1 - l, verbs[v]))
            return (int)l;
    }
    return 0;
}

/* The name ending at index e (exclusive) whose suffix starts at index s:
 * scans back over up to maxc CJK characters. Returns the start index. */
static size_t name_start(const dj__news_cp *t, size_t n, size_t s, size_t maxc)
{
    size_t k = s;
    while (k > 0 && s - k < maxc && !name_stop(t[k - 1].c) && !verb_before(t, n, k - 1))
        k--;
    /* 某市X / 某X: an anonymised place; the name is what follows */
    if (k < s && t[k].c == 0x67D0) { /* 某 */
        size_t j = k + 1;
        if (j < s && (t[j].c == 0x5E02 || t[j].c == 0x53BF || t[j].c == 0x7701 || t[j].c == 0x533A))
            j++;
        k = j;
    }
    return k;
}

static int find_place(char **out, const char *text, size_t len)
{
    dj__news_cp *t = NULL;
    size_t n, i, best_s = 0, best_e = 0;
    int rc;

    if ((rc = dj__news_decode(&t, &n, text, len)) < 0)
        return rc;
    for (i = 0; i < n && best_e == 0; i++) {
        size_t p;
        for (p = 0; p < sizeof place_suffixes / sizeof place_suffixes[0]; p++) {
            if (dj__news_match(t, n, i, place_suffixes[p])) {
                size_t sl = dj_utf8_nchars(place_suffixes[p], strlen(place_suffixes[p]));
                size_t st = name_start(t, n, i, 8);
                if (i - st >= 2) {
                    best_s = st;
                    best_e = i + sl;
                }
                break;
            }
        }
    }
    *out = dupstr(text + t[best_s].b, t[best_e].b - t[best_s].b);
    dj_free(t);
    return *out ? DJ_OK : DJ_ENOMEM;
}

static const char *const org_suffixes[] = {
    "股份有限公司", "有限责任公司", "有限公司", "集团",   "研究院", "研究所", "研究中心",
    "实验室",       "大学",         "学院",     "医院",   "银行",   "协会",   "商会",
    "联盟",         "高新区",       "经开区",   "开发区", "产业园"};

static int add_str(char ***v, size_t *n, const char *s, size_t len)
{
    size_t i;
    char **p;
    for (i = 0; i < *n; i++) {
        if (strlen((*v)[i]) == len && memcmp((*v)[i], s, len) == 0)
            return DJ_OK;
    }
    p = dj_realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return DJ_ENOMEM;
    *v = p;
    p[*n] = dupstr(s, len);
    if (!p[*n])
        return DJ_ENOMEM;
    (*n)++;
    return DJ_OK;
}

static int find_orgs(dj_news_article *a)
{
    dj__news_cp *t = NULL;
    size_t n, i;
    int rc;

    if ((rc = dj__news_decode(&t, &n, a->text, a->text_len)) < 0)
        return rc;
    for (i = 0; i < n && rc == DJ_OK; i++) {
        size_t p;
        for (p = 0; p < sizeof org_suffixes / sizeof org_suffixes[0]; p++) {
            if (dj__news_match(t, n, i, org_suffixes[p])) {
                size_t sl = dj_utf8_nchars(org_suffixes[p], strlen(org_suffixes[p]));
                size_t st = name_start(t, n, i, 12);
                size_t bs = t[st].b, be = t[i + sl].b;
                if (i - st >= 2 && t[st].c != 0x67D0 &&
                    !(strlen(a->place) == be - bs && memcmp(a->place, a->text + bs, be - bs) == 0))
                    rc = add_str(&a->orgs, &a->norgs, a->text + bs, be - bs);
                i += sl - 1;
                break;
            }
        }
    }
    dj_free(t);
    return rc;
}

/* --------------------------------------------------------------- labels */

static const char *const label_words[] = {
    "总投资额", "投资总额", "计划总投资", "总投资",   "合同金额", "合同额",       "签约金额",
    "签约总额", "协议金额", "成交金额",   "成交额",   "交易额",   "主营业务收入", "营业收入",
    "营收",     "年产值",   "产值",       "年销售额", "销售额",   "销售收入",     "税收",
    "利税",     "净利润",   "利润",       "融资额",   "融资",     "固定资产投资", "到位资金",
    "注册资本", "投资额",   "用地面积",   "用地",     "占地面积", "占地",         "建筑面积",
    "就业岗位", "新增就业", "年产能",     "年产",     "产能",     "同比增长",     "同比下降",
    "同比增加", "环比增长", "增长",       "下降",     "增幅",     "占比",         "合作项目",
    "招商项目", "项目",     "企业",       "高校",     "团队",     "专家",         "人才",
    "专利",     "成果"};

static const char *const label_verbs[] = {"签约", "开工", "投产", "落地", "竣工", "参会",
                                          "参展", "入驻", "引进", "路演", "对接", "达成",
                                          "建成", "发布", "转化", "新增"};

static const char *const head_nouns[] = {"服务商", "企业", "高校", "团队", "项目", "机构", "单位",
                                         "人才",   "专家", "成果", "专利", "岗位", "园区", "平台",
                                         "院所",   "客商", "嘉宾", "代表", "学生", "产品"};

static int is_generic_noun(const char *w)
{
    return strcmp(w, "项目") == 0 || strcmp(w, "企业") == 0 || strcmp(w, "高校") == 0 ||
           strcmp(w, "团队") == 0 || strcmp(w, "专家") == 0 || strcmp(w, "人才") == 0 ||
           strcmp(w, "成果") == 0 || strcmp(w, "专利") == 0;
}

/* Index of the last verb occurrence inside t[a..b) or -1; *which = verb. */
static long last_verb(const dj__news_cp *t, size_t n, size_t a, size_t b, const char **which)
{
    long best = -1;
    size_t k, v;
    for (k = a; k < b; k++) {
        for (v = 0; v < sizeof label_verbs / sizeof label_verbs[0]; v++) {
            size_t l = dj_utf8_nchars(label_verbs[v], strlen(label_verbs[v]));
            if (k + l <= b && dj__news_match(t, n, k, label_verbs[v])) {
                best = (long)k;
                *which = label_verbs[v];
            }
        }
    }
    return best;
}

/* out = a + s[from..to) (bytes) + c, or "" when it does not fit. */
static void put_label(char *out, size_t cap, const char *a, const char *s, size_t from, size_t to,
                      const char *c)
{
    size_t al = strlen(a), cl = strlen(c), bl = to - from;
    if (al + bl + cl + 1 > cap) {
        out[0] = 0;
        return;
    }
    memcpy(out, a, al);
    memcpy(out + al, s + from, bl);
    memcpy(out + al + bl, c, cl);
    out[al + bl + cl] = 0;
}

/* Label of the quantity at character span [qs, qe) of text s (decoded as
 * t), looking within [lo, hi) (the neighbouring facts bound the search). */
static void make_label(char *out, size_t cap, const char *s, const dj__news_cp *t, size_t n,
                       size_t qs, size_t qe, int kind, size_t lo, size_t hi, const char *prev_label)
{
    size_t cs = qs, ce = qe, k, w;
    const char *best = NULL, *verb = NULL;
    size_t best_end = 0, best_len = 0;

    out[0] = 0;
    while (cs > lo && !dj__news_is_clause_punct(t[cs - 1].c))
        cs--;
    while (ce < hi && !dj__news_is_clause_punct(t[ce].c))
        ce++;
    /* 1. a known label word before the number: nearest end, then longest */
    for (k = cs; k < qs; k++) {
        for (w = 0; w < sizeof label_words / sizeof label_words[0]; w++) {
            size_t l = dj_utf8_nchars(label_words[w], strlen(label_words[w]));
            if (k + l <= qs && dj__news_match(t, n, k, label_words[w]) &&
                (!best || k + l > best_end || (k + l == best_end && l > best_len))) {
                best = label_words[w];
                best_end = k + l;
                best_len = l;
            }
        }
    }
    /* a count whose measure word is followed by its noun: the noun wins */
    if (kind == DJ_QUANT_COUNT && qe < ce && dj_is_cjk(t[qe].c) && !name_stop(t[qe].c))
        best = NULL;
    if (best && best_end + 8 >= qs) {
        size_t bs = best_end - best_len, g;
        int filler_only = 1;
        for (g = best_end; g < qs; g++) {
            static const char fillers[] = "约达为近超逾共计累了将可";
            size_t fi = 0, fl = sizeof fillers - 1;
            int hit = 0;
            while (fi < fl && !hit)
                hit = dj_utf8_next(fillers, fl, &fi) == t[g].c;
            if (!hit)
                filler_only = 0;
        }
        if (is_generic_noun(best)) {
            long v = last_verb(t, n, cs, bs, &verb);
            size_t st;
            if (v >= 0) {
                put_label(out, cap, verb, best, 0, strlen(best), "");
                return;
            }
            /* extend back over the modifiers: 数字经济企业 */
            st = name_start(t, n, bs, 4);
            while (st < bs && verb_before(t, n, st))
                st++;
            put_label(out, cap, "", s, t[st].b, t[best_end].b, "");
            return;
        }
        if (filler_only || best_end + 6 < qs)
            put_label(out, cap, best, "", 0, 0, "");
        else /* 年产电驱总成 30 万套: keep the object named between */
            put_label(out, cap, "", s, t[bs].b, t[qs].b, "");
        if (!filler_only && best_end + 6 >= qs) {
            size_t ol = strlen(out);
            while (ol > 0 && (out[ol - 1] == ' '))
                out[--ol] = 0;
        }
        return;
    }
    /* 2. a count followed by its noun: 5 家企业与高校团队签约 -> 签约企业 */
    if (kind == DJ_QUANT_COUNT && qe < ce && dj_is_cjk(t[qe].c)) {
        size_t e = qe, h, he = 0;
        while (e < ce && e - qe < 8 && dj_is_cjk(t[e].c) && !name_stop(t[e].c))
            e++;
        for (k = qe; k < e; k++) {
            for (h = 0; h < sizeof head_nouns / sizeof head_nouns[0]; h++) {
                size_t l = dj_utf8_nchars(head_nouns[h], strlen(head_nouns[h]));
                if (k + l <= e && dj__news_match(t, n, k, head_nouns[h]) && k + l > he)
                    he = k + l;
            }
        }
        if (he == 0)
            he = e - qe > 2 ? qe + 2 : e;
        if (he > qe) {
            long v = last_verb(t, n, he, ce, &verb);
            put_label(out, cap, v >= 0 ? verb : "", s, t[qe].b, t[he].b, "");
            return;
        }
    }
    /* 3. a verb before: 已开工 14 个 -> 开工 + the previous fact's noun */
    {
        long v = last_verb(t, n, cs, qs, &verb);
        if (v >= 0) {
            const char *noun = "";
            size_t pl = prev_label ? strlen(prev_label) : 0;
            if (pl >= 6 && strcmp(prev_label + pl - 6, "项目") == 0)
                noun = "项目";
            else if (pl >= 6 && strcmp(prev_label + pl - 6, "企业") == 0)
                noun = "企业";
            put_label(out, cap, verb, noun, 0, strlen(noun), "");
            return;
        }
    }
    /* 4. the words just before the number, without adverbs */
    if (cs < qs) {
        size_t st = qs > cs + 4 ? qs - 4 : cs;
        size_t en = qs;
        while (en > st && !dj_is_cjk(t[en - 1].c))
            en--;
        if (en > st)
            put_label(out, cap, "", s, t[st].b, t[en].b, "");
    }
}

/* ---------------------------------------------------------------- facts */

static int extract_facts(dj_news_article *a)
{
    dj_quant_list l;
    dj__news_cp *t = NULL;
    size_t n, i, ci = 0;
    size_t *qs = NULL, *qe = NULL;
    int rc;

    dj_quant_list_init(&l);
    if ((rc = dj_quant_extract(&l, a->text, a->text_len)) < 0)
        goto done;
    if ((rc = dj__news_decode(&t, &n, a->text, a->text_len)) < 0)
        goto done;
    a->facts = dj_calloc(l.n ? l.n : 1, sizeof *a->facts);
    a->dates = dj_calloc(l.n ? l.n : 1, sizeof *a->dates);
    qs = dj_calloc(l.n ? l.n : 1, sizeof *qs);
    qe = dj_calloc(l.n ? l.n : 1, sizeof *qe);
    if (!a->facts || !a->dates || !qs || !qe) {
        rc = DJ_ENOMEM;
        goto done;
    }
    /* byte offsets -> character indices */
    for (i = 0; i < l.n; i++) {
        while (ci < n && t[ci].b < l.items[i].start)
            ci++;
        qs[i] = ci;
        {
            size_t cj = ci;
            while (cj < n && t[cj].b < l.items[i].end)
                cj++;
            qe[i] = cj;
        }
    }
    for (i = 0; i < l.n; i++) {
        const dj_quant *q = &l.items[i];
        if (q->kind == DJ_QUANT_DATE || q->kind == DJ_QUANT_ORDINAL) {
            a->dates[a->ndates++] = *q;
            continue;
        }
        if (q->kind == DJ_QUANT_NUMBER)
            continue; /* a figure without a unit is not a fact */
        {
            dj_news_fact *f = &a->facts[a->nfacts];
            size_t lo = i > 0 ? qe[i - 1] : 0, hi = i + 1 < l.n ? qs[i + 1] : n;
            f->q = *q;
            make_label(f->label, sizeof f->label, a->text, t, n, qs[i], qe[i], q->kind, lo, hi,
                       a->nfacts > 0 ? a->facts[a->nfacts - 1].label : NULL);
            a->nfacts++;
        }
    }
done:
    dj_free(qs);
    dj_free(qe);
    dj_free(t);
    dj_quant_list_fini(&l);
    return rc;
}

/* -------------------------------------------------------- headline block */

/* Length in bytes of the longest common substring of a and b made of whole
 * characters (at least 2 characters counted by the caller). */
static size_t common_run(const char *a, size_t al, const char *b, size_t bl)
{
    size_t i, best = 0;
    for (i = 0; i < al; i++) {
        size_t j;
        if (((unsigned char)a[i] & 0xC0) == 0x80)
            continue;
        for (j = 0; j < bl; j++) {
            size_t k = 0;
            if (((unsigned char)b[j] & 0xC0) == 0x80)
                continue;
            while (i + k < al && j + k < bl && a[i + k] == b[j + k])
                k++;
            while (k > 0 && i + k < al && ((unsigned char)a[i + k] & 0xC0) == 0x80)
                k--;
            if (k > best)
                best = k;
        }
    }
    return best;
}

static int is_place_line(const char *s, size_t len)
{
    size_t p;
    if (dj_utf8_nchars(s, len) > 12)
        return 0;
    for (p = 0; p < sizeof place_suffixes / sizeof place_suffixes[0]; p++) {
        size_t l = strlen(place_suffixes[p]);
        if (len > l && memcmp(s + len - l, place_suffixes[p], l) == 0)
            return 1;
    }
    {
        static const char *const admin[] = {"市", "县", "省", "区", "镇", "园"};
        size_t nch = dj_utf8_nchars(s, len);
        for (p = 0; p < sizeof admin / sizeof admin[0]; p++) {
            size_t l = strlen(admin[p]);
            if (nch >= 3 && nch <= 8 && len > l && memcmp(s + len - l, admin[p], l) == 0)
                return 1;
        }
    }
    return 0;
}

typedef struct block_entry {
    const char *kicker;
    size_t klen;
    dj_buf head;
} block_entry;

static int attach_block(dj_news_doc *d, const items *it, size_t from, int *has_title)
{
    block_entry *e = NULL;
    size_t ne = 0, i, k;
    int rc = DJ_OK;
    char *ud = NULL;

    e = dj_calloc(it->n - from + 1, sizeof *e);
    if (!e)
        return DJ_ENOMEM;
    for (i = from; i < it->n; i++) {
        const item *x = &it->v[i];
        if (x->kind != IT_HEAD)
            continue;
        if (is_place_line(x->text, x->len) &&
            (ne == 0 || dj_buf_len(&e[ne - 1].head) > 0 || e[ne - 1].kicker == NULL)) {
            dj_buf_init(&e[ne].head, 4096);
            e[ne].kicker = x->text;
            e[ne].klen = x->len;
            ne++;
            continue;
        }
        if (ne == 0 || dj_buf_len(&e[ne - 1].head) > 0) {
            dj_buf_init(&e[ne].head, 4096);
            ne++;
        }
        ud = dj_malloc(x->len + 1);
        if (!ud) {
            rc = DJ_ENOMEM;
            goto done;
        }
        dj_buf_append(&e[ne - 1].head, ud, dj_news_undouble(ud, x->text, x->len));
        DJ_FREE(ud);
    }
    for (k = 0; k < ne; k++) {
        size_t best = (size_t)-1, best_score = 0;
        const char *h = dj_buf_cstr(&e[k].head);
        size_t hl = dj_buf_len(&e[k].head);
        if ((rc = dj_buf_rc(&e[k].head)) < 0)
            goto done;
        if (hl == 0)
            continue;
        for (i = 0; i < d->narticles; i++) {
            const dj_news_article *a = &d->articles[i];
            size_t score = 0;
            if (has_title[i])
                continue;
            if (e[k].kicker) {
                char *z = dj_strndup(e[k].kicker, e[k].klen);
                if (!z) {
                    rc = DJ_ENOMEM;
                    goto done;
                }
                if (strstr(a->text, z) || strcmp(a->place, z) == 0)
                    score = 1000 + e[k].klen;
                else if (a->place[0] && (strstr(z, a->place) || strstr(a->place, z)))
                    score = 900;
                dj_free(z);
            }
            if (score == 0) {
                size_t c = common_run(h, hl, a->text, a->text_len);
                if (e[k].kicker) {
                    size_t c2 = common_run(e[k].kicker, e[k].klen, a->text, a->text_len);
                    if (c2 > c)
                        c = c2;
                }
                if (c >= 6) /* at least two CJK characters */
                    score = c;
            }
            if (score > best_score) {
                best_score = score;
                best = i;
            }
        }
        if (best != (size_t)-1) {
            dj_news_article *a = &d->articles[best];
            char *title = dj_strndup(h, hl);
            if (!title) {
                rc = DJ_ENOMEM;
                goto done;
            }
            if (a->title[0] && !a->subtitle[0]) {
                dj_free(a->subtitle);
                a->subtitle = a->title;
            } else {
                dj_free(a->title);
            }
            a->title = title;
            has_title[best] = 1;
        }
    }
done:
    for (k = 0; k < ne; k++)
        dj_buf_fini(&e[k].head);
    dj_free(e);
    dj_free(ud);
    return rc;
}

/* ----------------------------------------------------------------- main */

static void article_fini(dj_news_article *a)
{
    size_t i;
    dj_free(a->title);
    dj_free(a->subtitle);
    dj_free(a->place);
    for (i = 0; i < a->nauthors; i++)
        dj_free(a->authors[i]);
    dj_free(a->authors);
    dj_free(a->text);
    dj_free(a->facts);
    dj_free(a->dates);
    for (i = 0; i < a->norgs; i++)
        dj_free(a->orgs[i]);
    dj_free(a->orgs);
}

void dj_news_doc_free(dj_news_doc *d)
{
    size_t i;
    if (!d)
        return;
    for (i = 0; i < d->narticles; i++)
        article_fini(&d->articles[i]);
    dj_free(d->articles);
    dj_free(d);
}

/* Appends an article from its builder to d. */
static int finish_article(dj_news_doc *d, art_build *ab)
{
    dj_news_article *a, *p;
    size_t k, off = 0;
    int rc;

    if (dj_buf_len(&ab->text) == 0 && dj_buf_len(&ab->heading) == 0)
        return DJ_OK;
    if ((rc = dj_buf_rc(&ab->text)) < 0 || (rc = dj_buf_rc(&ab->heading)) < 0)
        return rc;
    if (dj_buf_len(&ab->text) == 0)
        return DJ_OK; /* a heading with no body is kept for the block pass */
    p = dj_realloc(d->articles, (d->narticles + 1) * sizeof *p);
    if (!p)
        return DJ_ENOMEM;
    d->articles = p;
    a = &d->articles[d->narticles];
    memset(a, 0, sizeof *a);
    d->narticles++;
    {
        size_t hl = dj_buf_len(&ab->heading);
        char *ud = dj_malloc(hl + 1);
        if (!ud)
            return DJ_ENOMEM;
        hl = dj_news_undouble(ud, dj_buf_cstr(&ab->heading), hl);
        a->title = dupstr(ud, hl);
        a->subtitle = dupstr(ud, hl);
        dj_free(ud);
    }
    a->text_len = dj_buf_len(&ab->text);
    a->text = dupstr(dj_buf_cstr(&ab->text), a->text_len);
    if (!a->title || !a->subtitle || !a->text)
        return DJ_ENOMEM;
    if (ab->nnames) {
        a->authors = dj_calloc(ab->nnames, sizeof *a->authors);
        if (!a->authors)
            return DJ_ENOMEM;
        for (k = 0; k < ab->nnames; k++) {
            size_t l = strlen(ab->names + off);
            a->authors[k] = dupstr(ab->names + off, l);
            if (!a->authors[k])
                return DJ_ENOMEM;
            a->nauthors++;
            off += l + 1;
        }
    }
    if ((rc = find_place(&a->place, a->text, a->text_len)) < 0)
        return rc;
    if ((rc = find_orgs(a)) < 0)
        return rc;
    return extract_facts(a);
}

int dj_news_extract(dj_news_doc **out, const char *s, size_t len, dj_diag *diag)
{
    items it = {0};
    dj_news_doc *d = NULL;
    art_build ab;
    size_t i, block = 0, bad;
    int rc, *has_title = NULL;

    *out = NULL;
    memset(&ab, 0, sizeof ab);
    dj_buf_init(&ab.text, 0);
    dj_buf_init(&ab.heading, 4096);
    if (len > NEWS_MAX_INPUT) {
        rc = dj_diag_set(diag, DJ_ELIMIT, "news text over %zu bytes", NEWS_MAX_INPUT);
        goto done;
    }
    if (!dj_utf8_valid(s, len, &bad)) {
        rc = dj_diag_set(diag, DJ_EINVAL, "invalid UTF-8");
        if (diag)
            diag->offset = bad;
        goto done;
    }
    d = dj_calloc(1, sizeof *d);
    if (!d) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if ((rc = build_items(&it, s, len)) < 0)
        goto done;
    /* the headline block: trailing headings after the last paragraph/byline */
    block = it.n;
    while (block > 0 && it.v[block - 1].kind == IT_HEAD)
        block--;
    if (block == 0)
        block = it.n; /* only headings: no block */
    for (i = 0; i < block; i++) {
        const item *x = &it.v[i];
        if (x->kind == IT_HEAD) {
            if (dj_buf_len(&ab.text) > 0 && (ab.ended || 1)) {
                /* a heading after body text opens the next article only if
                 * a paragraph that can open one follows */
                size_t j = i + 1;
                while (j < block && it.v[j].kind == IT_HEAD)
                    j++;
                if (ab.ended || (j < block && it.v[j].kind == IT_PARA &&
                                 opens_after_break(it.v[j].text, it.v[j].len))) {
                    if ((rc = finish_article(d, &ab)) < 0)
                        goto done;
                    dj_buf_reset(&ab.text);
                    dj_buf_reset(&ab.heading);
                    ab.nnames = 0;
                    ab.ended = 0;
                } else {
                    continue; /* an in-article subheading */
                }
            }
            dj_buf_append(&ab.heading, x->text, x->len);
            continue;
        }
        if (x->kind == IT_BYLINE) {
            if (ab.nnames == 0) {
                memcpy(ab.names, x->text, sizeof ab.names);
                ab.nnames = x->nnames;
            }
            ab.ended = 1;
            continue;
        }
        /* paragraph */
        if (dj_buf_len(&ab.text) > 0 && (ab.ended || opens_always(x->text, x->len))) {
            if ((rc = finish_article(d, &ab)) < 0)
                goto done;
            dj_buf_reset(&ab.text);
            dj_buf_reset(&ab.heading);
            ab.nnames = 0;
            ab.ended = 0;
        }
        if (dj_buf_len(&ab.text) > 0)
            dj_buf_putc(&ab.text, '\n');
        {
            const char *p = x->text;
            size_t l = x->len;
            if (dj_buf_len(&ab.text) == 0) {
                /* drop the 本报讯 dateline marker from the body */
                static const char *const marks[] = {"【本报讯】", "本报讯", "本报电"};
                size_t m;
                for (m = 0; m < sizeof marks / sizeof marks[0]; m++) {
                    size_t ml = strlen(marks[m]);
                    if (l >= ml && memcmp(p, marks[m], ml) == 0) {
                        p += ml;
                        l -= ml;
                        while (l > 0 && (*p == ' ' || *p == ':'))
                            p++, l--;
                        break;
                    }
                }
            }
            dj_buf_append(&ab.text, p, l);
        }
    }
    if ((rc = finish_article(d, &ab)) < 0)
        goto done;
    has_title = dj_calloc(d->narticles + 1, sizeof *has_title);
    if (!has_title) {
        rc = DJ_ENOMEM;
        goto done;
    }
    if (block < it.n && (rc = attach_block(d, &it, block, has_title)) < 0)
        goto done;
    *out = d;
    d = NULL;
    rc = DJ_OK;
done:
    if (rc < 0 && diag && diag->code == 0)
        dj_diag_set(diag, rc, "news extraction failed");
    dj_buf_fini(&ab.text);
    dj_buf_fini(&ab.heading);
    items_free(&it);
    dj_free(has_title);
    dj_news_doc_free(d);
    return rc;
}

/* ----------------------------------------------------------------- JSON */

static void json_strz(dj_buf *b, const char *s)
{
    dj_buf_json_str(b, s, strlen(s));
}

int dj_news_to_json(dj_buf *b, const dj_news_doc *d)
{
    size_t i, k;
    dj_buf_puts(b, "{\"articles\": [");
    for (i = 0; i < d->narticles; i++) {
        const dj_news_article *a = &d->articles[i];
        dj_buf_puts(b, i ? ",\n  {" : "\n  {");
        dj_buf_puts(b, "\"title\": ");
        json_strz(b, a->title);
        dj_buf_puts(b, ", \"subtitle\": ");
        json_strz(b, a->subtitle);
        dj_buf_puts(b, ", \"place\": ");
        json_strz(b, a->place);
        dj_buf_puts(b, ", \"authors\": [");
        for (k = 0; k < a->nauthors; k++) {
            if (k)
                dj_buf_puts(b, ", ");
            json_strz(b, a->authors[k]);
        }
        dj_buf_puts(b, "], \"text\": ");
        dj_buf_json_str(b, a->text, a->text_len);
        dj_buf_puts(b, ",\n   \"facts\": [");
        for (k = 0; k < a->nfacts; k++) {
            const dj_news_fact *f = &a->facts[k];
            char v[64];
            dj_quant_format_value(v, sizeof v, &f->q);
            dj_buf_puts(b, k ? ",\n     {" : "\n     {");
            dj_buf_puts(b, "\"label\": ");
            json_strz(b, f->label);
            dj_buf_printf(b, ", \"value\": %s, \"unit\": ", v);
            json_strz(b, f->q.unit);
            dj_buf_printf(b, ", \"approx\": %s, \"text\": ", f->q.approx ? "true" : "false");
            dj_buf_json_str(b, a->text + f->q.start, f->q.end - f->q.start);
            dj_buf_printf(b, ", \"start\": %zu, \"end\": %zu, \"kind\": \"%s\"}", f->q.start,
                          f->q.end, dj_quant_kind_name(f->q.kind));
        }
        dj_buf_puts(b, "],\n   \"dates\": [");
        for (k = 0; k < a->ndates; k++) {
            if (k)
                dj_buf_puts(b, ", ");
            dj_buf_json_str(b, a->text + a->dates[k].start, a->dates[k].end - a->dates[k].start);
        }
        dj_buf_puts(b, "], \"orgs\": [");
        for (k = 0; k < a->norgs; k++) {
            if (k)
                dj_buf_puts(b, ", ");
            json_strz(b, a->orgs[k]);
        }
        dj_buf_puts(b, "]}");
    }
    dj_buf_puts(b, "\n]}\n");
    return dj_buf_rc(b);
}
