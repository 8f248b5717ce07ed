/* bench_match.c - benchmark driver for the matching engine (bench/match).
 *
 *   bench_match fts5 CORPUS QUERIES RUN [K]
 *       the SQLite FTS5 anchor: trigram tokenizer, bm25(), query = OR of the
 *       query's trigrams; writes a TREC run file, prints one JSON line.
 *   bench_match scale N SEED CORPUS [NQUERIES [LSA_DIM [SNAPSHOT|- [THREADS]]]]
 *       generates N synthetic Chinese listings reproducibly from SEED by
 *       sampling sentences of the CSL corpus (titles: one sentence cut to
 *       8-30 characters; bodies: 2-8 sentences; random side/kind/region/
 *       industry/modes), indexes them with dj_index and measures build time,
 *       peak RSS, and short- and long-query latency (long = a generated
 *       8-sentence text, like a whole abstract). With LSA_DIM > 0 it also
 *       learns latent semantic vectors (sample of 50,000 listings, 50,000
 *       terms) and times long queries re-ranked by them (dj_index_search_sem:
 *       BM25 pool of 1000, vector feedback from the top 20). Prints one JSON
 *       line. With SNAPSHOT, the index is saved there (and kept) instead of
 *       a temporary file, so that two builds can be compared with cmp.
 *       THREADS >= 1 builds with dj_index_put_batch (chunks of 1,024
 *       generated listings, analysis on THREADS - 1 more threads) instead
 *       of a dj_index_put loop (THREADS 0, the default; both put the same
 *       chunks); build_wall_s is the build's wall time
 *       without the generator, build_cpu_s the CPU time of all threads.
 * run.sh calls both, plus `duijie bench beir` and the Python anchors. */
#include "duijie/dj_index.h"
#include "duijie/dj_text.h"
#include "util/stats.h"

#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this process: on a shared machine, the fair build figure. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Percentile p of v[0..n) (sorted here) by the nearest-rank rule, as
 * `duijie bench beir` reports it. */
static double pct(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    return dj_nearest_rank(v, n, p);
}

static double rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static void die(const char *msg)
{
    fprintf(stderr, "bench_match: %s\n", msg);
    exit(1);
}

/* UTF-8 length of the character starting with byte c */
static size_t u8len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* ---- FTS5 anchor ---- */

static int fts5(const char *corpus, const char *queries, const char *runpath, int k)
{
    sqlite3 *db;
    sqlite3_stmt *ins, *sel;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    FILE *in, *out;
    double *lat = NULL;
    size_t nlat = 0, latcap = 0, ndocs = 0;
    char *q = NULL;
    size_t qcap = 0;

    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        die("sqlite open");
    if (sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, text, tokenize='trigram')",
                     NULL, NULL, NULL) != SQLITE_OK)
        die(sqlite3_errmsg(db));
    sqlite3_prepare_v2(db, "INSERT INTO d(id, text) VALUES (?, ?)", -1, &ins, NULL);
    sqlite3_prepare_v2(db,
                       "SELECT id, bm25(d) FROM d WHERE d MATCH ? AND id != ? ORDER BY bm25(d) "
                       "LIMIT ?",
                       -1, &sel, NULL);
    if (!(in = fopen(corpus, "r")))
        die("cannot open corpus");
    double t0 = now_ms();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    while ((got = getline(&line, &cap, in)) > 0) {
        json_t *o = json_loadb(line, (size_t)got, 0, NULL);
        if (!o)
            continue;
        const char *id = json_string_value(json_object_get(o, "_id"));
        const char *text = json_string_value(json_object_get(o, "text"));
        const char *title = json_string_value(json_object_get(o, "title"));
        char *both = NULL;
        if (title && text) {
            size_t n = strlen(title) + strlen(text) + 2;
            both = malloc(n);
            snprintf(both, n, "%s %s", title, text);
        }
        sqlite3_bind_text(ins, 1, id ? id : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, both ? both : text ? text : "", -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die(sqlite3_errmsg(db));
        sqlite3_reset(ins);
        free(both);
        json_decref(o);
        ndocs++;
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    double index_ms = now_ms() - t0;
    fclose(in);
    if (!(in = fopen(queries, "r")) || !(out = fopen(runpath, "w")))
        die("cannot open queries or run file");
    while ((got = getline(&line, &cap, in)) > 0) {
        json_t *o = json_loadb(line, (size_t)got, 0, NULL);
        if (!o)
            continue;
        const char *qid = json_string_value(json_object_get(o, "_id"));
        const char *text = json_string_value(json_object_get(o, "text"));
        const char *ex = json_string_value(json_object_get(o, "exclude"));
        size_t tl = text ? strlen(text) : 0, ql = 0;
        if (qcap < tl * 24 + 16) {
            qcap = tl * 24 + 16;
            q = realloc(q, qcap);
        }
        double t1 = now_ms();
        /* OR of every trigram of the query, each as a quoted phrase */
        for (size_t i = 0; i < tl;) {
            size_t a = u8len((unsigned char)text[i]);
            size_t b = i + a < tl ? u8len((unsigned char)text[i + a]) : 0;
            size_t c = i + a + b < tl ? u8len((unsigned char)text[i + a + b]) : 0;
            if (!b || !c || i + a + b + c > tl)
                break;
            if (ql)
                memcpy(q + ql, " OR ", 4), ql += 4;
            q[ql++] = '"';
            for (size_t j = i; j < i + a + b + c; j++) {
                if (text[j] == '"')
                    q[ql++] = '"';
                q[ql++] = text[j];
            }
            q[ql++] = '"';
            i += a;
        }
        q[ql] = '\0';
        size_t rank = 0;
        if (ql) {
            sqlite3_bind_text(sel, 1, q, (int)ql, SQLITE_STATIC);
            sqlite3_bind_text(sel, 2, ex ? ex : "", -1, SQLITE_STATIC);
            sqlite3_bind_int(sel, 3, k);
            while (sqlite3_step(sel) == SQLITE_ROW)
                fprintf(out, "%s Q0 %s %zu %.6f fts5\n", qid,
                        (const char *)sqlite3_column_text(sel, 0), ++rank,
                        -sqlite3_column_double(sel, 1));
            sqlite3_reset(sel);
        }
        double dt = now_ms() - t1;
        if (nlat == latcap) {
            latcap = latcap ? latcap * 2 : 1024;
            lat = realloc(lat, latcap * sizeof *lat);
        }
        lat[nlat++] = dt;
        json_decref(o);
    }
    fclose(in);
    fclose(out);
    printf("{\"docs\":%zu,\"queries\":%zu,\"index_ms\":%.1f,\"p50_ms\":%.4f,\"p99_ms\":%.4f}\n",
           ndocs, nlat, index_ms, pct(lat, nlat, 0.5), pct(lat, nlat, 0.99));
    sqlite3_finalize(ins);
    sqlite3_finalize(sel);
    sqlite3_close(db);
    free(lat);
    free(q);
    free(line);
    return 0;
}

/* ---- scale run ---- */

static uint64_t rng_state;

static uint32_t rnd(void) /* xorshift64*, reproducible by seed */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

typedef struct sent {
    const char *p;
    size_t len;
} sent;

/* Splits the corpus texts into sentences at 。；！？ (kept in the sentence). */
static sent *load_sentences(const char *corpus, size_t *n_out, char **store_out)
{
    FILE *in = fopen(corpus, "r");
    char *line = NULL, *store = NULL;
    size_t cap = 0, slen = 0, scap = 0, n = 0, ncap = 0;
    ssize_t got;
    sent *v = NULL;
    size_t *offs = NULL;
    if (!in)
        die("cannot open corpus");
    while ((got = getline(&line, &cap, in)) > 0) {
        json_t *o = json_loadb(line, (size_t)got, 0, NULL);
        const char *t = o ? json_string_value(json_object_get(o, "text")) : NULL;
        size_t tl = t ? strlen(t) : 0;
        if (slen + tl + 1 > scap) {
            scap = (slen + tl + 1) * 2;
            store = realloc(store, scap);
        }
        size_t start = slen;
        if (tl)
            memcpy(store + slen, t, tl);
        for (size_t i = 0; i < tl;) {
            size_t a = u8len((unsigned char)t[i]);
            int end = a == 3 && ((unsigned char)t[i] == 0xE3 && (unsigned char)t[i + 1] == 0x80 &&
                                 (unsigned char)t[i + 2] == 0x82); /* 。 */
            end |= a == 3 && (unsigned char)t[i] == 0xEF && (unsigned char)t[i + 1] == 0xBC &&
                   ((unsigned char)t[i + 2] == 0x9B || (unsigned char)t[i + 2] == 0x81 ||
                    (unsigned char)t[i + 2] == 0x9F); /* ；！？ */
            i += a;
            if (end || i >= tl) {
                if (slen + i - start > 6) {
                    if (n == ncap) {
                        ncap = ncap ? ncap * 2 : 4096;
                        offs = realloc(offs, ncap * 2 * sizeof *offs);
                    }
                    offs[2 * n] = start;
                    offs[2 * n + 1] = slen + i - start;
                    n++;
                }
                start = slen + i;
            }
        }
        slen += tl;
        json_decref(o);
    }
    fclose(in);
    free(line);
    v = malloc(n * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        v[i].p = store + offs[2 * i];
        v[i].len = offs[2 * i + 1];
    }
    free(offs);
    *n_out = n;
    *store_out = store;
    return v;
}

/* Appends up to maxchars characters of s to buf. */
static size_t put_chars(char *buf, size_t at, size_t cap, const sent *s, size_t maxchars)
{
    size_t i = 0, c = 0;
    while (i < s->len && c < maxchars) {
        size_t a = u8len((unsigned char)s->p[i]);
        if (at + i + a >= cap)
            break;
        i += a;
        c++;
    }
    memcpy(buf + at, s->p, i);
    return at + i;
}

static size_t gen_text(char *buf, size_t cap, const sent *ss, size_t ns, int nsent)
{
    size_t at = 0;
    for (int i = 0; i < nsent; i++)
        at = put_chars(buf, at, cap, &ss[rnd() % ns], 400);
    buf[at] = '\0';
    return at;
}

/* The text of one generated listing (the scale run's queries reuse it). */
typedef struct gen_buf {
    char title[512], body[8192], kw[512];
} gen_buf;

/* Generated listing i: title, keywords and body from random CSL sentences
 * (written into b), filters drawn from the lists below; returns its bytes of
 * text. The same random-number state gives the same listing. */
static size_t gen_doc(dj_index_doc *doc, gen_buf *b, long i, const sent *ss, size_t ns)
{
    static const char *const industries[] = {"新材料",   "生物医药", "智能制造", "新能源",
                                             "电子信息", "节能环保", "现代农业", "航空航天"};
    static const uint32_t regions[] = {450203, 450100, 440300, 110108, 320500, 510100, 330100};
    size_t tl = put_chars(b->title, 0, sizeof b->title, &ss[rnd() % ns], 8 + rnd() % 23);
    b->title[tl] = '\0';
    size_t kl = put_chars(b->kw, 0, sizeof b->kw, &ss[rnd() % ns], 4);
    b->kw[kl++] = ';';
    kl = put_chars(b->kw, kl, sizeof b->kw, &ss[rnd() % ns], 4);
    size_t bl = gen_text(b->body, sizeof b->body, ss, ns, 2 + (int)(rnd() % 7));
    memset(doc, 0, sizeof *doc);
    doc->id = i;
    doc->title = b->title;
    doc->title_len = tl;
    doc->keywords = b->kw;
    doc->keywords_len = kl;
    doc->body = b->body;
    doc->body_len = bl;
    const char *ind = industries[rnd() % 8];
    doc->industry = ind;
    doc->industry_len = strlen(ind);
    doc->region = regions[rnd() % 7];
    doc->modes = 1u << (rnd() % 5);
    doc->side = (uint8_t)(1 + rnd() % 2);
    doc->kind = (uint8_t)(1 + rnd() % 8);
    doc->status = 2;
    return tl + kl + bl;
}

#define GEN_CHUNK 1024 /* listings generated per dj_index_put_batch call */

static int scale(long n, unsigned long seed, const char *corpus, long nq, unsigned lsa_dim,
                 const char *keep, unsigned threads)
{
    size_t ns;
    char *store;
    sent *ss = load_sentences(corpus, &ns, &store);
    dj_diag d = {0};
    dj_index *idx;
    static gen_buf gb;
    dj_index_doc doc;

    if (dj_text_init(NULL, &d) < 0)
        die(d.message);
    if (dj_index_new(&idx, NULL) < 0)
        die("index");
    /* the generator alone, timed so that build_cpu_s counts the index only
     * (the build below draws the same listings again) */
    rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
    double g0 = cpu_ms();
    size_t gen_bytes = 0;
    for (long i = 0; i < n; i++)
        gen_bytes += gen_doc(&doc, &gb, i, ss, ns);
    double gen_cpu_ms = cpu_ms() - g0;
    rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
    double rss0 = rss_mb();
    double t0 = now_ms(), c0 = cpu_ms(), gen_ms = 0;
    size_t bytes = 0;
    gen_buf *chunk_buf = malloc(GEN_CHUNK * sizeof *chunk_buf);
    dj_index_doc *chunk = malloc(GEN_CHUNK * sizeof *chunk);
    if (!chunk_buf || !chunk)
        die("out of memory");
    for (long i = 0; i < n;) { /* GEN_CHUNK listings generated, then put */
        long m = n - i > GEN_CHUNK ? GEN_CHUNK : n - i;
        double g1 = now_ms();
        for (long j = 0; j < m; j++)
            bytes += gen_doc(&chunk[j], &chunk_buf[j], i + j, ss, ns);
        gen_ms += now_ms() - g1;
        if (threads > 0 && dj_index_put_batch(idx, chunk, (size_t)m, threads, NULL) < 0)
            die("put failed");
        for (long j = 0; threads == 0 && j < m; j++)
            if (dj_index_put(idx, &chunk[j]) < 0)
                die("put failed");
        if (i / 100000 != (i + m) / 100000 && i + m < n)
            fprintf(stderr, "  %ld listings, %.1f s\n", i + m, (now_ms() - t0) / 1e3);
        i += m;
    }
    free(chunk);
    free(chunk_buf);
    if (bytes != gen_bytes)
        die("the generator is not deterministic");
    double build_ms = now_ms() - t0, build_cpu_ms = cpu_ms() - c0 - gen_cpu_ms;
    double rss_index = rss_mb(); /* peak before the semantic vectors */
    dj_index_lsa *lsa = NULL;
    double lsa_ms = 0;
    if (lsa_dim) {
        dj_index_lsa_config lc;
        dj_index_lsa_config_default(&lc);
        lc.dim = lsa_dim;
        lc.max_docs = 50000;
        lc.max_vocab = 50000;
        double t2 = now_ms();
        if (dj_index_lsa_learn(&lsa, idx, &lc) < 0)
            die("lsa learn");
        lsa_ms = now_ms() - t2;
    }
    double *sem = calloc((size_t)nq, sizeof *sem);
    dj_index_sem sp = {0};
    sp.lsa = lsa;
    sp.pool = 1000;
    sp.alpha = 0.1f;
    sp.fb_docs = 20;
    sp.fb_weight = 2;
    double *ll = malloc((size_t)nq * sizeof *ll), *sl = malloc((size_t)nq * sizeof *sl);
    double *fl = malloc((size_t)nq * sizeof *fl);
    /* the same queries with the top-k strategy forced: MaxScore, term-at-a-time */
    double *lm = malloc((size_t)nq * sizeof *lm), *lt = malloc((size_t)nq * sizeof *lt);
    double *sm = malloc((size_t)nq * sizeof *sm), *st = malloc((size_t)nq * sizeof *st);
    double long_terms = 0, long_post = 0, short_terms = 0, short_post = 0; /* means */
    dj_index_stats stt;
    dj_index_filter f = {0};
    f.side_mask = 1u << 1;
    f.region_prefix = 45;
    f.region_digits = 2;
    for (long i = 0; i < nq; i++) {
        dj_index_hit *h;
        size_t nh;
        dj_index_query q = {0};
        size_t bl = gen_text(gb.body, sizeof gb.body, ss, ns, 8);
        q.text = gb.body;
        q.len = bl;
        q.k = 10;
        double t1 = now_ms();
        if (dj_index_search(&h, &nh, idx, &q, NULL) < 0)
            die("search");
        ll[i] = now_ms() - t1;
        free(h);
        for (int g = 0; g < 2; g++) { /* each forced strategy (same hits) */
            q.strategy = g ? DJ_INDEX_STRATEGY_TAAT : DJ_INDEX_STRATEGY_MAXSCORE;
            t1 = now_ms();
            if (dj_index_search(&h, &nh, idx, &q, &stt) < 0)
                die("search");
            (g ? lt : lm)[i] = now_ms() - t1;
            if (g) {
                long_terms += (double)stt.terms / (double)nq;
                long_post += (double)stt.postings / (double)nq;
            }
            free(h);
        }
        q.strategy = DJ_INDEX_STRATEGY_AUTO;
        q.filter = &f;
        t1 = now_ms();
        if (dj_index_search(&h, &nh, idx, &q, NULL) < 0)
            die("search");
        fl[i] = now_ms() - t1;
        free(h);
        if (lsa) {
            q.filter = NULL;
            t1 = now_ms();
            if (dj_index_search_sem(&h, &nh, idx, &q, &sp, NULL) < 0)
                die("search_sem");
            sem[i] = now_ms() - t1;
            free(h);
        }
        size_t tl = put_chars(gb.title, 0, sizeof gb.title, &ss[rnd() % ns], 12);
        q.text = gb.title;
        q.len = tl;
        q.filter = NULL;
        t1 = now_ms();
        if (dj_index_search(&h, &nh, idx, &q, NULL) < 0)
            die("search");
        sl[i] = now_ms() - t1;
        free(h);
        for (int g = 0; g < 2; g++) {
            q.strategy = g ? DJ_INDEX_STRATEGY_TAAT : DJ_INDEX_STRATEGY_MAXSCORE;
            t1 = now_ms();
            if (dj_index_search(&h, &nh, idx, &q, &stt) < 0)
                die("search");
            (g ? st : sm)[i] = now_ms() - t1;
            if (g) {
                short_terms += (double)stt.terms / (double)nq;
                short_post += (double)stt.postings / (double)nq;
            }
            free(h);
        }
        q.strategy = DJ_INDEX_STRATEGY_AUTO;
    }
    /* peak RSS of build + queries, before the snapshot reload below (which
     * holds a second copy of the index while the first is still alive) */
    double rss_end = rss_mb();
    /* snapshot save and load (fast start), into $TMPDIR */
    double save_ms = 0, load_ms = 0;
    {
        char snap[512];
        const char *tmp = getenv("TMPDIR");
        dj_index *back = NULL;
        if (keep)
            snprintf(snap, sizeof snap, "%s", keep);
        else
            snprintf(snap, sizeof snap, "%s/dj_bench_snapshot_%ld.idx", tmp && *tmp ? tmp : "/tmp",
                     (long)getpid());
        double t3 = now_ms();
        if (dj_index_save(idx, snap, &d) < 0)
            die(d.message);
        save_ms = now_ms() - t3;
        t3 = now_ms();
        if (dj_index_load(&back, snap, NULL, &d) < 0)
            die(d.message);
        load_ms = now_ms() - t3;
        if (dj_index_count(back) != dj_index_count(idx))
            die("snapshot lost documents");
        dj_index_free(back);
        if (!keep)
            remove(snap);
    }
    printf(
        "{\"listings\":%ld,\"seed\":%lu,\"threads\":%u,\"text_mb\":%.1f,\"build_s\":%.1f,"
        "\"build_wall_s\":%.1f,"
        "\"build_cpu_s\":%.1f,\"gen_cpu_s\":%.1f,\"save_s\":%.1f,\"load_s\":%.1f,\"index_mb\":%.1f,"
        "\"rss_mb\":%.1f,\"rss_index_mb\":%.1f,\"rss_before_mb\":%.1f,\"long_p50_ms\":%.3f,"
        "\"long_p99_ms\":%.3f,"
        "\"long_filtered_p99_ms\":%.3f,\"short_p50_ms\":%.4f,\"short_p99_ms\":%.4f,"
        "\"lsa_dim\":%u,\"lsa_s\":%.1f,\"lsa_mb\":%.1f,\"long_sem_p50_ms\":%.3f,"
        "\"long_sem_p99_ms\":%.3f,\"long_maxscore_p50_ms\":%.3f,\"long_taat_p50_ms\":%.3f,"
        "\"short_maxscore_p50_ms\":%.4f,\"short_taat_p50_ms\":%.4f,\"long_terms\":%.1f,"
        "\"long_postings\":%.0f,\"short_terms\":%.1f,\"short_postings\":%.0f}\n",
        n, seed, threads, (double)bytes / 1e6, build_ms / 1e3, (build_ms - gen_ms) / 1e3,
        build_cpu_ms / 1e3, gen_cpu_ms / 1e3, save_ms / 1e3, load_ms / 1e3,
        (double)dj_index_memory(idx) / 1e6, rss_end, rss_index, rss0, pct(ll, (size_t)nq, 0.5),
        pct(ll, (size_t)nq, 0.99), pct(fl, (size_t)nq, 0.99), pct(sl, (size_t)nq, 0.5),
        pct(sl, (size_t)nq, 0.99), dj_index_lsa_dim(lsa), lsa_ms / 1e3,
        (double)dj_index_lsa_memory(lsa) / 1e6, lsa ? pct(sem, (size_t)nq, 0.5) : 0.0,
        lsa ? pct(sem, (size_t)nq, 0.99) : 0.0, pct(lm, (size_t)nq, 0.5), pct(lt, (size_t)nq, 0.5),
        pct(sm, (size_t)nq, 0.5), pct(st, (size_t)nq, 0.5), long_terms, long_post, short_terms,
        short_post);
    free(lm);
    free(lt);
    free(sm);
    free(st);
    free(sem);
    dj_index_lsa_free(lsa);
    free(ll);
    free(sl);
    free(fl);
    free(ss);
    free(store);
    dj_index_free(idx);
    dj_text_shutdown();
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 5 && strcmp(argv[1], "fts5") == 0)
        return fts5(argv[2], argv[3], argv[4], argc > 5 ? (int)strtol(argv[5], NULL, 10) : 1000);
    if (argc >= 5 && strcmp(argv[1], "scale") == 0)
        return scale(strtol(argv[2], NULL, 10), strtoul(argv[3], NULL, 10), argv[4],
                     argc > 5 ? strtol(argv[5], NULL, 10) : 200,
                     argc > 6 ? (unsigned)strtoul(argv[6], NULL, 10) : 0,
                     argc > 7 && strcmp(argv[7], "-") ? argv[7] : NULL,
                     argc > 8 ? (unsigned)strtoul(argv[8], NULL, 10) : 0);
    fprintf(stderr,
            "usage: bench_match fts5 CORPUS QUERIES RUN [K]\n"
            "       bench_match scale N SEED CORPUS [NQUERIES [LSA_DIM [SNAPSHOT|- [THREADS]]]]\n");
    return 2;
}
