/* clean.c - character classes, byline names, doubled-run collapse and the
 * whole-text cleanup (dj_news_clean) for PDF-extracted bulletin text.
 *
 * Invariants: functions read only s[0..len) and write within the stated
 * capacity; outputs are valid UTF-8 whenever the input is. */
#include "duijie/dj_news.h"

#include "news/news_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <string.h>

int dj__news_decode(dj__news_cp **out, size_t *n_out, const char *s, size_t len)
{
    dj__news_cp *t = dj_malloc((len + 1) * sizeof *t);
    size_t i = 0, n = 0;

    if (!t)
        return DJ_ENOMEM;
    while (i < len) {
        size_t b = i;
        t[n].c = dj_utf8_next(s, len, &i);
        t[n].b = b;
        n++;
    }
    t[n].c = 0;
    t[n].b = len;
    *out = t;
    *n_out = n;
    return DJ_OK;
}

int dj__news_is_cjk_text(uint32_t c)
{
    return dj_is_cjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2026 || c == 0x2014 ||
           c == 0x00B7;
}

int dj__news_is_final_punct(uint32_t c)
{
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == '!' || c == '?' ||
           c == 0x2026;
}

int dj__news_is_clause_punct(uint32_t c)
{
    return dj__news_is_final_punct(c) || c == 0xFF0C || c == 0x3001 || c == 0xFF1A || c == ',' ||
           c == ';' || c == ':' || c == '\n' || c == 0xFF08 || c == 0xFF09 || c == '(' ||
           c == ')' || c == 0x201C || c == 0x201D;
}

int dj__news_is_ascii_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int dj__news_match(const dj__news_cp *t, size_t n, size_t i, const char *w)
{
    size_t wl = strlen(w), wi = 0, k = i;
    while (wi < wl) {
        uint32_t c = dj_utf8_next(w, wl, &wi);
        if (k >= n || t[k].c != c)
            return 0;
        k++;
    }
    return 1;
}

/* The common surnames (single-character ones cover the vast majority of
 * bylines; 欧阳, 司马 and the like start with one of these too or are
 * accepted by the compound list below). */
static const char surnames[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
    "严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁"
    "尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时"
    "穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾"
    "隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

static int is_surname(uint32_t c)
{
    size_t i = 0, l = sizeof surnames - 1;
    while (i < l) {
        if (dj_utf8_next(surnames, l, &i) == c)
            return 1;
    }
    return 0;
}

int dj__news_byline(const char *s, size_t len, char *names, size_t cap, size_t *count)
{
    static const char *const prefixes[] = {"本报记者", "记者", "通讯员", "文/", "文／", "撰稿"};
    size_t i = 0, w = 0, nn = 0, p;

    *count = 0;
    if (cap)
        names[0] = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    for (p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++) {
        size_t pl = strlen(prefixes[p]);
        if (len - i >= pl && memcmp(s + i, prefixes[p], pl) == 0) {
            i += pl;
            break;
        }
    }
    while (i < len) {
        size_t tok = i, nch = 0, j = i;
        uint32_t first = 0;
        while (j < len) {
            size_t k = j;
            uint32_t c = dj_utf8_next(s, len, &k);
            if (c == ' ' || c == 0x3000 || c == 0x3001 || c == 0xFF0C || c == '\t')
                break;
            if (!dj_is_cjk(c))
                return 0;
            if (nch == 0)
                first = c;
            nch++;
            j = k;
        }
        if (nch > 0) {
            if (nch < 2 || nch > 4 || !is_surname(first) || nn >= 6)
                return 0;
            if (w + (j - tok) + 1 > cap)
                return 0;
            memcpy(names + w, s + tok, j - tok);
            w += j - tok;
            names[w++] = 0;
            nn++;
        }
        i = j;
        while (i < len) {
            size_t k = i;
            uint32_t c = dj_utf8_next(s, len, &k);
            if (!(c == ' ' || c == 0x3000 || c == 0x3001 || c == 0xFF0C || c == '\t'))
                break;
            i = k;
        }
    }
    *count = nn;
    return nn > 0;
}

/* The names in s[open..close) (the inside of a parenthesis), role words
 * (记者, 通讯员, 摄 ...) read as separators; as dj__news_byline. */
static int paren_names(const char *s, size_t open, size_t close, char *names, size_t cap,
                       size_t *count)
{
    /* longest first: 本报记者 before 记者 */
    static const char *const roles[] = {"本报记者", "见习记者", "实习记者", "特约记者", "记者",
                                        "通讯员",   "实习生",   "摄影",     "摄"};
    char buf[256];
    size_t k, r, n = close - open;

    if (n == 0 || n > sizeof buf)
        return 0;
    memcpy(buf, s + open, n);
    for (k = 0; k < n;) { /* role words become blanks; names stay */
        for (r = 0; r < sizeof roles / sizeof roles[0]; r++) {
            size_t rl = strlen(roles[r]);
            if (n - k >= rl && memcmp(buf + k, roles[r], rl) == 0) {
                memset(buf + k, ' ', rl);
                k += rl;
                break;
            }
        }
        if (r == sizeof roles / sizeof roles[0])
            k++;
    }
    return dj__news_byline(buf, n, names, cap, count);
}

int dj__news_lead_byline(const char *s, size_t len, char *names, size_t cap, size_t *count)
{
    size_t i = 0, open = 0, close = 0, nch = 0, k;
    uint32_t prev = 0;

    *count = 0;
    if (cap)
        names[0] = 0;
    /* the parenthesis opening the text or right after the dateline's 讯 or 电,
     * within 24 characters */
    while (i < len && nch < 24 && !open) {
        uint32_t c = dj_utf8_next(s, len, &i);
        if ((c == 0xFF08 || c == '(') && (nch == 0 || prev == 0x8BAF || prev == 0x7535))
            open = i; /* （ first (本报讯 is cut from the text) or after 讯 电 */
        else if (c == 0x3002 || c == 0xFF0C) /* 。 ， : past the dateline */
            return 0;
        prev = c;
        nch++;
    }
    for (k = open; open && k < len && k - open < 256; k++)
        if (s[k] == ')' || (len - k >= 3 && memcmp(s + k, "\xef\xbc\x89", 3) == 0)) { /* ） */
            close = k;
            break;
        }
    return close ? paren_names(s, open, close, names, cap, count) : 0;
}

int dj__news_tail_byline(const char *s, size_t len, char *names, size_t cap, size_t *count)
{
    size_t e = len, open = 0, k;

    *count = 0;
    if (cap)
        names[0] = 0;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\r'))
        e--;
    if (e >= 3 && memcmp(s + e - 3, "\xef\xbc\x89", 3) == 0) /* ） */
        e -= 3;
    else if (e >= 1 && s[e - 1] == ')')
        e -= 1;
    else
        return 0;
    for (k = e; k > 0 && e - k < 120; k--) { /* its （, a few names back */
        if (s[k - 1] == '(') {
            open = k;
            break;
        }
        if (k >= 3 && memcmp(s + k - 3, "\xef\xbc\x88", 3) == 0) {
            open = k;
            break;
        }
    }
    return open ? paren_names(s, open, e, names, cap, count) : 0;
}

size_t dj_news_undouble(char *out, const char *s, size_t len)
{
    dj__news_cp *t = NULL;
    size_t n, i, w = 0;
    int *best = NULL;
    char *can = NULL;

    if (len == 0 || dj__news_decode(&t, &n, s, len) < 0 || n < 4 || n > 400)
        goto copy;
    best = dj_malloc((n + 1) * sizeof *best);
    can = dj_malloc(n + 1);
    if (!best || !can)
        goto copy;
    /* can[p]: s[p..] is a concatenation of doubled runs XX; best[p] = the
     * longest such |X| (longest first keeps a real "33" inside "3333"). */
    can[n] = 1;
    for (i = n; i-- > 0;) {
        size_t l;
        can[i] = 0;
        best[i] = 0;
        for (l = (n - i) / 2; l >= 1; l--) {
            size_t k;
            for (k = 0; k < l && t[i + k].c == t[i + l + k].c; k++)
                ;
            if (k == l && can[i + 2 * l]) {
                can[i] = 1;
                best[i] = (int)l;
                break;
            }
        }
    }
    if (!can[0])
        goto copy;
    for (i = 0; i < n;) {
        size_t l = (size_t)best[i];
        memcpy(out + w, s + t[i].b, t[i + l].b - t[i].b);
        w += t[i + l].b - t[i].b;
        i += 2 * l;
    }
    out[w] = 0;
    dj_free(t);
    dj_free(best);
    dj_free(can);
    return w;
copy:
    dj_free(t);
    dj_free(best);
    dj_free(can);
    memcpy(out, s, len);
    out[len] = 0;
    return len;
}

int dj_news_clean(char **out, size_t *out_len, const char *s, size_t len, dj_diag *diag)
{
    dj_news_doc *d = NULL;
    dj_buf b;
    size_t i;
    int rc;

    *out = NULL;
    *out_len = 0;
    if ((rc = dj_news_extract(&d, s, len, diag)) < 0)
        return rc;
    dj_buf_init(&b, 0);
    for (i = 0; i < d->narticles; i++) {
        const dj_news_article *a = &d->articles[i];
        size_t k;
        if (a->title[0]) {
            dj_buf_puts(&b, a->title);
            dj_buf_putc(&b, '\n');
        }
        if (a->subtitle[0] && strcmp(a->subtitle, a->title) != 0) {
            dj_buf_puts(&b, a->subtitle);
            dj_buf_putc(&b, '\n');
        }
        dj_buf_append(&b, a->text, a->text_len);
        dj_buf_putc(&b, '\n');
        for (k = 0; k < a->nauthors; k++) {
            dj_buf_puts(&b, a->authors[k]);
            dj_buf_putc(&b, k + 1 < a->nauthors ? ' ' : '\n');
        }
    }
    dj_news_doc_free(d);
    if ((rc = dj_buf_rc(&b)) < 0) {
        dj_buf_fini(&b);
        return rc;
    }
    *out_len = dj_buf_len(&b);
    *out = dj_buf_detach(&b);
    if (!*out) {
        dj_buf_fini(&b);
        return DJ_ENOMEM;
    }
    return DJ_OK;
}
