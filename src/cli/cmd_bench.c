/* cmd_bench.c - `duijie bench beir`: index a BEIR-style corpus, run its
 * queries, write a TREC run file and print one JSON line of timings.
 *
 * Fixed interface (other tools depend on it):
 *   duijie bench beir --corpus corpus.jsonl --queries queries.jsonl --run OUT.txt [--k 1000]
 * corpus lines: {"_id", "text"[, "title"]}; query lines: {"_id", "text"[,
 * "exclude"]} where exclude names a document never to return for that query.
 * Run file lines: "qid Q0 docid rank score duijie". The JSON line has
 * docs, queries, index_ms, index_bytes (dj_index_memory), rss_mb (peak),
 * p50_ms, p99_ms, mean_ms (per query: analysis + retrieval), terms_mean and
 * postings_mean (dj_index_stats, mean per query), lsa_dim, lsa_ms
 * (learning time, not in index_ms), lsa_bytes. Extra tuning options:
 * --max-terms N, --prf N (feedback documents), --prf-terms N; index config
 * --k1, --b-body, --bigram-weight; latent semantic vectors (off unless
 * --lsa-dim N > 0; dj_index_lsa_config / dj_index_sem): --lsa-pool,
 * --lsa-alpha, --lsa-fb, --lsa-fb-weight, --lsa-all, --lsa-bigrams,
 * --lsa-power, --lsa-iters, --lsa-seed, --lsa-max-df, --lsa-min-df,
 * --lsa-method lsa|ppmi|lsa,ppmi (dj_index_lsa_config.method; with both,
 * --lsa-dim is per method), --lsa-ppmi-min-count N, --lsa-max-docs N; and
 * --repeat N (run every query N times, latency = mean of the N, for
 * profiling with warm caches); --strategy auto|maxscore|taat forces a top-k
 * strategy (dj_index_query.strategy; same results). */
#include "cli/cli.h"

#include "duijie/dj_index.h"
#include "duijie/dj_text.h"
#include "util/alloc.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

const char dj_cmd_bench_summary[] = "benchmarks over external data";

static void usage(FILE *fp)
{
    fputs("usage: duijie bench beir --corpus corpus.jsonl --queries queries.jsonl --run OUT.txt\n"
          "                         [--k 1000] [--max-terms N] [--prf N] [--prf-terms N]\n"
          "                         [--k1 X] [--b-body X] [--bigram-weight X] [--repeat N]\n"
          "                         [--strategy auto|maxscore|taat]\n"
          "                         [--lsa-dim N [--lsa-pool N] [--lsa-alpha X] [--lsa-fb N]\n"
          "                          [--lsa-fb-weight X] [--lsa-all] [--lsa-bigrams] [--lsa-power "
          "X]\n"
          "                          [--lsa-iters N] [--lsa-seed N] [--lsa-max-df X] [--lsa-min-df "
          "N]\n"
          "                          [--lsa-method lsa|ppmi|lsa,ppmi] [--lsa-ppmi-min-count N]\n"
          "                          [--lsa-max-docs N]]\n"
          "Indexes the corpus (_id, text, optional title), runs every query (skipping the\n"
          "document named in its exclude), writes a TREC run file and prints one JSON line:\n"
          "index time, index memory, query latency p50/p99 in milliseconds. --lsa-dim N learns\n"
          "N-dimensional latent semantic vectors from the corpus and re-ranks by cosine\n"
          "(--lsa-method: LSA, PPMI word vectors, or both fused, N dimensions each).\n",
          fp);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef struct idvec {
    char **v;
    size_t n, cap;
} idvec;

static int idvec_push(idvec *d, const char *s)
{
    if (d->n == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 1024;
        char **p = dj_realloc(d->v, nc * sizeof *p);
        if (!p)
            return DJ_ENOMEM;
        d->v = p;
        d->cap = nc;
    }
    if (!(d->v[d->n] = dj_strdup(s)))
        return DJ_ENOMEM;
    d->n++;
    return DJ_OK;
}

static void idvec_fini(idvec *d)
{
    for (size_t i = 0; i < d->n; i++)
        dj_free(d->v[i]);
    dj_free(d->v);
}

/* id string -> ordinal, by a sorted index over the corpus ids */
typedef struct sorted_ids {
    const idvec *ids;
    size_t *ord;
} sorted_ids;

static const idvec *g_ids; /* only for qsort's comparator, single-threaded CLI */

static int cmp_ord(const void *a, const void *b)
{
    return strcmp(g_ids->v[*(const size_t *)a], g_ids->v[*(const size_t *)b]);
}

static long find_id(const sorted_ids *s, const char *id)
{
    size_t lo = 0, hi = s->ids->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s->ids->v[s->ord[mid]], id);
        if (c == 0)
            return (long)s->ord[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static const char *jstr(json_t *o, const char *key, size_t *len)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) {
        *len = 0;
        return NULL;
    }
    *len = json_string_length(v);
    return json_string_value(v);
}

static int bench_beir(int argc, char **argv)
{
    static const struct option opts[] = {{"corpus", required_argument, NULL, 'c'},
                                         {"queries", required_argument, NULL, 'q'},
                                         {"run", required_argument, NULL, 'r'},
                                         {"k", required_argument, NULL, 'k'},
                                         {"max-terms", required_argument, NULL, 'm'},
                                         {"prf", required_argument, NULL, 'p'},
                                         {"prf-terms", required_argument, NULL, 't'},
                                         {"lsa-dim", required_argument, NULL, 'D'},
                                         {"lsa-pool", required_argument, NULL, 'P'},
                                         {"lsa-alpha", required_argument, NULL, 'A'},
                                         {"lsa-fb", required_argument, NULL, 'F'},
                                         {"lsa-fb-weight", required_argument, NULL, 'W'},
                                         {"lsa-all", no_argument, NULL, 'L'},
                                         {"lsa-bigrams", no_argument, NULL, 'B'},
                                         {"lsa-power", required_argument, NULL, 'S'},
                                         {"lsa-iters", required_argument, NULL, 'I'},
                                         {"lsa-seed", required_argument, NULL, 'E'},
                                         {"lsa-max-df", required_argument, NULL, 'X'},
                                         {"lsa-min-df", required_argument, NULL, 'N'},
                                         {"lsa-method", required_argument, NULL, 'M'},
                                         {"lsa-ppmi-min-count", required_argument, NULL, 'K'},
                                         {"lsa-max-docs", required_argument, NULL, 'Y'},
                                         {"repeat", required_argument, NULL, 'R'},
                                         {"strategy", required_argument, NULL, 'G'},
                                         {"k1", required_argument, NULL, '1'},
                                         {"b-body", required_argument, NULL, '2'},
                                         {"bigram-weight", required_argument, NULL, '3'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *corpus = NULL, *queries = NULL, *runpath = NULL;
    long k = 1000, max_terms = 0, prf = 0, prf_terms = 0;
    dj_index_lsa_config lcfg;
    dj_index_config icfg;
    dj_index_sem sem = {0};
    dj_index_lsa *lsa = NULL;
    double lsa_ms = 0;
    long repeat = 1;
    int strategy = DJ_INDEX_STRATEGY_AUTO;
    double sum_terms = 0, sum_post = 0; /* per query, for terms_mean / postings_mean */
    int c, rc, exit_code = DJ_EXIT_FAIL;
    dj_diag diag = {0};
    dj_index *idx = NULL;
    idvec ids = {0};
    sorted_ids sids = {&ids, NULL};
    double *lat = NULL;
    size_t nlat = 0, latcap = 0;
    FILE *in = NULL, *out = NULL;
    char *line = NULL;
    size_t linecap = 0;

    dj_index_lsa_config_default(&lcfg);
    dj_index_config_default(&icfg);
    lcfg.dim = 0; /* off unless --lsa-dim */
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'c':
            corpus = optarg;
            break;
        case 'q':
            queries = optarg;
            break;
        case 'r':
            runpath = optarg;
            break;
        case 'k':
        case 'm':
        case 'p':
        case 't': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 1000000 || (c == 'k' && v == 0))
                return dj_cli_usage_error("bench", "bad number for --%s: %s",
                                          c == 'k'   ? "k"
                                          : c == 'm' ? "max-terms"
                                          : c == 'p' ? "prf"
                                                     : "prf-terms",
                                          optarg);
            if (c == 'k')
                k = v;
            else if (c == 'm')
                max_terms = v;
            else if (c == 'p')
                prf = v;
            else
                prf_terms = v;
            break;
        }
        case 'D':
        case 'P':
        case 'F':
        case 'I':
        case 'N':
        case 'K':
        case 'Y':
        case 'R':
        case 'E': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 1000000)
                return dj_cli_usage_error("bench", "bad number: %s", optarg);
            if (c == 'D')
                lcfg.dim = (unsigned)v;
            else if (c == 'P')
                sem.pool = (unsigned)v;
            else if (c == 'F')
                sem.fb_docs = (unsigned)v;
            else if (c == 'I')
                lcfg.power_iters = (unsigned)v;
            else if (c == 'N')
                lcfg.min_df = (unsigned)v;
            else if (c == 'R')
                repeat = v > 0 ? v : 1;
            else if (c == 'K')
                lcfg.ppmi_min_count = (unsigned)v;
            else if (c == 'Y')
                lcfg.max_docs = (unsigned)v;
            else
                lcfg.seed = (uint64_t)v;
            break;
        }
        case 'A':
        case 'W':
        case 'X':
        case '1':
        case '2':
        case '3':
        case 'S': {
            double v = strtod(optarg, &end);
            if (*end || !(v >= -2 && v <= 100))
                return dj_cli_usage_error("bench", "bad number: %s", optarg);
            if (c == 'A')
                sem.alpha = (float)v;
            else if (c == 'W')
                sem.fb_weight = (float)v;
            else if (c == 'X')
                lcfg.max_df_share = (float)v;
            else if (c == '1')
                icfg.k1 = (float)v;
            else if (c == '2')
                icfg.b[DJ_FIELD_BODY] = (float)v;
            else if (c == '3')
                icfg.bigram_weight = (float)v;
            else
                lcfg.sv_power = (float)v;
            break;
        }
        case 'L':
            sem.all_docs = 1;
            break;
        case 'G':
            if (strcmp(optarg, "auto") == 0)
                strategy = DJ_INDEX_STRATEGY_AUTO;
            else if (strcmp(optarg, "maxscore") == 0)
                strategy = DJ_INDEX_STRATEGY_MAXSCORE;
            else if (strcmp(optarg, "taat") == 0)
                strategy = DJ_INDEX_STRATEGY_TAAT;
            else
                return dj_cli_usage_error("bench", "bad --strategy: %s", optarg);
            break;
        case 'B':
            lcfg.bigrams = 1;
            break;
        case 'M': { /* comma-separated methods */
            const char *p = optarg;
            lcfg.method = 0;
            for (;;) {
                size_t n = strcspn(p, ",");
                if (n == 3 && memcmp(p, "lsa", 3) == 0)
                    lcfg.method |= DJ_INDEX_SEM_LSA;
                else if (n == 4 && memcmp(p, "ppmi", 4) == 0)
                    lcfg.method |= DJ_INDEX_SEM_PPMI;
                else
                    return dj_cli_usage_error("bench", "bad --lsa-method: %s", optarg);
                if (!p[n])
                    break;
                p += n + 1;
            }
            break;
        }
        case 'h':
            usage(stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_usage_error("bench", "unknown option");
        }
    }
    if (!corpus || !queries || !runpath)
        return dj_cli_usage_error("bench", "beir needs --corpus, --queries and --run");

    if ((rc = dj_text_init(NULL, &diag)) < 0)
        return dj_cli_fail("bench", rc, &diag);
    if ((rc = dj_index_new(&idx, &icfg)) < 0)
        goto fail;

    /* index */
    if (!(in = fopen(corpus, "r"))) {
        rc = dj_diag_set(&diag, DJ_EIO, "cannot open %s", corpus);
        goto fail;
    }
    double t0 = now_ms();
    long lineno = 0;
    ssize_t got;
    while ((got = getline(&line, &linecap, in)) > 0) {
        lineno++;
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)got, 0, &jerr);
        size_t idlen, tlen, tilen;
        const char *id, *text, *title;
        if (!o || !(id = jstr(o, "_id", &idlen))) {
            json_decref(o);
            if (got <= 1)
                continue; /* blank line */
            rc =
                dj_diag_set(&diag, DJ_EPARSE, "%s:%ld: not a JSON object with _id", corpus, lineno);
            goto fail;
        }
        text = jstr(o, "text", &tlen);
        title = jstr(o, "title", &tilen);
        dj_index_doc d = {0};
        d.id = (int64_t)ids.n;
        d.title = title;
        d.title_len = tilen;
        d.body = text;
        d.body_len = tlen;
        if ((rc = idvec_push(&ids, id)) < 0 || (rc = dj_index_put(idx, &d)) < 0) {
            json_decref(o);
            goto fail;
        }
        json_decref(o);
    }
    double index_ms = now_ms() - t0;
    if (lcfg.dim) {
        double t2 = now_ms();
        if ((rc = dj_index_lsa_learn(&lsa, idx, &lcfg)) < 0)
            goto fail;
        lsa_ms = now_ms() - t2;
        sem.lsa = lsa;
    }
    fclose(in);
    in = NULL;

    sids.ord = dj_malloc((ids.n ? ids.n : 1) * sizeof *sids.ord);
    if (!sids.ord) {
        rc = DJ_ENOMEM;
        goto fail;
    }
    for (size_t i = 0; i < ids.n; i++)
        sids.ord[i] = i;
    g_ids = &ids;
    qsort(sids.ord, ids.n, sizeof *sids.ord, cmp_ord);

    /* queries */
    if (!(in = fopen(queries, "r"))) {
        rc = dj_diag_set(&diag, DJ_EIO, "cannot open %s", queries);
        goto fail;
    }
    if (!(out = fopen(runpath, "w"))) {
        rc = dj_diag_set(&diag, DJ_EIO, "cannot create %s", runpath);
        goto fail;
    }
    lineno = 0;
    while ((got = getline(&line, &linecap, in)) > 0) {
        lineno++;
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)got, 0, &jerr);
        size_t qidlen, qlen, exlen;
        const char *qid, *text, *ex;
        if (!o || !(qid = jstr(o, "_id", &qidlen))) {
            json_decref(o);
            if (got <= 1)
                continue;
            rc = dj_diag_set(&diag, DJ_EPARSE, "%s:%ld: not a JSON object with _id", queries,
                             lineno);
            goto fail;
        }
        text = jstr(o, "text", &qlen);
        ex = jstr(o, "exclude", &exlen);
        dj_index_filter f = {0};
        if (ex) {
            long e = find_id(&sids, ex);
            if (e >= 0) {
                f.has_exclude = 1;
                f.exclude_id = e;
            }
        }
        dj_index_query q = {0};
        q.text = text ? text : "";
        q.len = qlen;
        q.k = (size_t)k;
        q.filter = &f;
        q.max_terms = (unsigned)max_terms;
        q.prf_docs = (unsigned)prf;
        q.prf_terms = (unsigned)prf_terms;
        q.strategy = strategy;
        dj_index_hit *hits = NULL;
        size_t nh = 0;
        double t1 = now_ms();
        for (long r = 0; r < repeat; r++) { /* --repeat: the same query again, for profiling */
            if (r) {
                dj_free(hits);
                hits = NULL;
            }
            dj_index_stats st;
            rc = lsa ? dj_index_search_sem(&hits, &nh, idx, &q, &sem, &st)
                     : dj_index_search(&hits, &nh, idx, &q, &st);
            if (rc >= 0 && r == 0) {
                sum_terms += (double)st.terms;
                sum_post += (double)st.postings;
            }
            if (rc < 0)
                break;
        }
        double dt = (now_ms() - t1) / (double)repeat;
        if (rc < 0) {
            json_decref(o);
            goto fail;
        }
        if (nlat == latcap) {
            size_t nc = latcap ? latcap * 2 : 1024;
            double *p = dj_realloc(lat, nc * sizeof *p);
            if (!p) {
                dj_free(hits);
                json_decref(o);
                rc = DJ_ENOMEM;
                goto fail;
            }
            lat = p;
            latcap = nc;
        }
        lat[nlat++] = dt;
        for (size_t i = 0; i < nh; i++)
            fprintf(out, "%s Q0 %s %zu %.6f duijie\n", qid, ids.v[hits[i].id], i + 1,
                    (double)hits[i].score);
        dj_free(hits);
        json_decref(o);
    }
    if (fclose(out) != 0) {
        out = NULL;
        rc = dj_diag_set(&diag, DJ_EIO, "cannot write %s", runpath);
        goto fail;
    }
    out = NULL;
    if (nlat > 1)
        qsort(lat, nlat, sizeof *lat, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < nlat; i++)
        sum += lat[i];
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("{\"docs\":%zu,\"queries\":%zu,\"index_ms\":%.1f,\"index_bytes\":%zu,"
           "\"rss_mb\":%.1f,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"mean_ms\":%.4f,\"lsa_dim\":%u,"
           "\"lsa_ms\":%.1f,\"lsa_bytes\":%zu,\"terms_mean\":%.1f,\"postings_mean\":%.0f}\n",
           dj_index_count(idx), nlat, index_ms, dj_index_memory(idx), (double)ru.ru_maxrss / 1024.0,
           nlat ? lat[nlat / 2] : 0.0, nlat ? lat[(size_t)((double)(nlat - 1) * 0.99)] : 0.0,
           nlat ? sum / (double)nlat : 0.0, dj_index_lsa_dim(lsa), lsa_ms, dj_index_lsa_memory(lsa),
           nlat ? sum_terms / (double)nlat : 0.0, nlat ? sum_post / (double)nlat : 0.0);
    exit_code = DJ_EXIT_OK;
    goto done;
fail:
    diag.code = rc;
    exit_code = dj_cli_fail("bench", rc, &diag);
done:
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    free(line);
    dj_free(lat);
    dj_free(sids.ord);
    idvec_fini(&ids);
    dj_index_lsa_free(lsa);
    dj_index_free(idx);
    return exit_code;
}

int dj_cmd_bench(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? DJ_EXIT_USAGE : DJ_EXIT_OK;
    }
    if (strcmp(argv[1], "beir") == 0)
        return bench_beir(argc - 1, argv + 1);
    return dj_cli_usage_error("bench", "unknown benchmark '%s' (known: beir)", argv[1]);
}
