/* news_facts.c - stage 5 of dj_news_extract (see news.c and docs/news.md):
 * an article's place, organisations and labelled quantity facts, and the
 * place-name test used to find headline-block kickers.
 *
 * Facts are the dj_quant_extract quantities other than dates, ordinals and
 * unit-less numbers (but 成交额1.2万亿 is money: money_without_yuan), each
 * with a label from the words of its clause.
 * Invariants: every string set on the article is owned by it (dj_free);
 * fact and date offsets lie within the article text. */
#include "duijie/dj_news.h"

#include "news/news_int.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <string.h>

/* ------------------------------------------------------------- article */

char *dj__news_dupstr(const char *s, size_t len)
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

/* A digit or a Chinese numeral (第三届, 2026年). */
static int numeral(uint32_t c)
{
    static const char cn[] = "〇零一二三四五六七八九十百千两";
    size_t i = 0, l = sizeof cn - 1;
    if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19))
        return 1;
    while (i < l)
        if (dj_utf8_next(cn, l, &i) == c)
            return 1;
    return 0;
}

/* Past what opens a run but names nothing (callers drop a name left shorter
 * than they accept): the unit of a date whose number stopped the scan
 * (2026年桂林高新区: 6 is no CJK, so the run starts at 年), an ordinal (第三届,
 * 第5期), and the connective 其中 (其 is a stop, so the run starts at 中) or
 * 包括 / 分别 / 其余 / 另有 of an enumeration. */
static size_t skip_opener(const dj__news_cp *t, size_t n, size_t k, size_t s)
{
    static const char *const openers[] = {"包括", "分别", "其余", "另有"};
    size_t j = k, o;
    if (j < s && k > 0 && numeral(t[k - 1].c) &&
        (t[j].c == 0x5E74 || t[j].c == 0x6708 || t[j].c == 0x65E5 || t[j].c == 0x5C4A ||
         t[j].c == 0x671F)) /* 年 月 日 届 期 */
        j++;
    else if (j < s && t[j].c == 0x7B2C) { /* 第 */
        size_t d = j + 1;
        while (d < s && numeral(t[d].c))
            d++;
        if (d > j + 1 && d < s && (t[d].c == 0x5C4A || t[d].c == 0x671F)) /* 届 期 */
            j = d + 1;
    }
    if (j < s && t[j].c == 0x4E2D && j > 0 && t[j - 1].c == 0x5176) /* 其中 */
        j++;
    for (o = 0; o < sizeof openers / sizeof openers[0]; o++)
        if (j + 2 <= s && dj__news_match(t, n, j, openers[o])) {
            j += 2;
            break;
        }
    return j;
}

/* The name ending at index e (exclusive) whose suffix starts at index s:
 * scans back over up to maxc CJK characters. Returns the start index. */
static size_t name_start(const dj__news_cp *t, size_t n, size_t s, size_t maxc)
{
    size_t k = s;
    while (k > 0 && s - k < maxc && !name_stop(t[k - 1].c) && !verb_before(t, n, k - 1))
        k--;
    k = skip_opener(t, n, k, s);
    /* 某市X / 某X: an anonymised place; the name is what follows */
    if (k < s && t[k].c == 0x67D0) { /* 某 */
        size_t j = k + 1;
        if (j < s && (t[j].c == 0x5E02 || t[j].c == 0x53BF || t[j].c == 0x7701 || t[j].c == 0x533A))
            j++;
        k = j;
    }
    return k;
}

int dj__news_find_place(char **out, const char *text, size_t len)
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
    *out = dj__news_dupstr(text + t[best_s].b, t[best_e].b - t[best_s].b);
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
    p[*n] = dj__news_dupstr(s, len);
    if (!p[*n])
        return DJ_ENOMEM;
    (*n)++;
    return DJ_OK;
}

int dj__news_find_orgs(dj_news_article *a)
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
    "总投资额", "投资总额",     "计划总投资", "计划投资", "总投资",     "合同金额", "合同额",
    "签约金额", "签约总额",     "协议金额",   "成交金额", "成交额",     "交易额",   "主营业务收入",
    "营业收入", "营收",         "工业总产值", "总产值",   "年产值",     "产值",     "年销售额",
    "销售额",   "销售收入",     "税收",       "利税",     "净利润",     "利润",     "融资额",
    "融资",     "固定资产投资", "到位资金",   "注册资本", "合同投资额", "投资额",   "用地面积",
    "用地",     "占地面积",     "占地",       "建筑面积", "就业岗位",   "新增就业", "年产能",
    "年产",     "产能",         "同比增长",   "同比下降", "同比增加",   "环比增长", "增长",
    "下降",     "增幅",         "占比",       "合作项目", "招商项目",   "项目",     "企业",
    "高校",     "团队",         "专家",       "人才",     "专利",       "成果"};

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
    /* a colon right before the number (合同金额：286.5万元) introduces it */
    if (cs > lo && (t[cs - 1].c == 0xFF1A || t[cs - 1].c == ':')) {
        size_t g = cs;
        while (g < qs && t[g].c == ' ')
            g++;
        if (g == qs) {
            cs--;
            while (cs > lo && !dj__news_is_clause_punct(t[cs - 1].c))
                cs--;
        }
    }
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
            static const char fillers[] = "约达为近超逾共计累了将可：: 突破过到";
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

/* Labels that name an amount of money (a subset of label_words). */
static const char *const money_labels[] = {
    "总投资额", "投资总额", "计划总投资", "总投资",   "合同金额",   "合同额",       "签约金额",
    "签约总额", "协议金额", "成交金额",   "成交额",   "交易额",     "主营业务收入", "营业收入",
    "营收",     "年产值",   "产值",       "年销售额", "销售额",     "销售收入",     "税收",
    "利税",     "净利润",   "利润",       "融资额",   "融资",       "固定资产投资", "到位资金",
    "注册资本", "投资额",   "工业总产值", "总产值",   "合同投资额", "计划投资"};

/* A unit-less number scaled by 万 or 亿 (成交额1.2万亿, 营收2.5亿) whose
 * label starts with a money label is money in 元: bulletins often drop the
 * 元 after such amounts. */
static int money_without_yuan(const dj_quant *q, const char *text, const char *label)
{
    size_t m;
    if (q->num_end < 3 || (memcmp(text + q->num_end - 3, "万", 3) != 0 &&
                           memcmp(text + q->num_end - 3, "亿", 3) != 0))
        return 0;
    for (m = 0; m < sizeof money_labels / sizeof money_labels[0]; m++) {
        if (strncmp(label, money_labels[m], strlen(money_labels[m])) == 0)
            return 1;
    }
    return 0;
}

int dj__news_extract_facts(dj_news_article *a)
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
        {
            dj_news_fact *f = &a->facts[a->nfacts];
            size_t lo = i > 0 ? qe[i - 1] : 0, hi = i + 1 < l.n ? qs[i + 1] : n;
            f->q = *q;
            make_label(f->label, sizeof f->label, a->text, t, n, qs[i], qe[i], q->kind, lo, hi,
                       a->nfacts > 0 ? a->facts[a->nfacts - 1].label : NULL);
            if (q->kind == DJ_QUANT_NUMBER) {
                if (!money_without_yuan(q, a->text, f->label)) {
                    memset(f, 0, sizeof *f);
                    continue; /* a figure without a unit is not a fact */
                }
                f->q.kind = DJ_QUANT_MONEY;
                memcpy(f->q.unit, "元", sizeof "元");
            }
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

int dj__news_is_place_line(const char *s, size_t len)
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
