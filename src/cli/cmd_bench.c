/* cmd_bench.c - `duijie bench beir`: index a BEIR-style corpus, run its
 * queries, write a TREC run file and print one JSON line of timings.
 *
 * Fixed interface (other tools depend on it):
 *   duijie bench beir --corpus corpus.jsonl --queries queries.jsonl --run OUT.txt [--k 1000]
 * corpus lines: {"_id", "text"[, "title"]}; query lines: {"_id", "text"[,
 * "exclude"]} where exclude names a document never to return for that query
 * (ids are strings; integers are read as their decimal text; an id is
 * refused, naming file and line, when empty, holding a blank or control
 * character, or used twice in its file - 7 and "7" are one id; "text",
 * "title" and "exclude" of another JSON type are refused too).
 * Run file lines: "qid Q0 docid rank score duijie", written only when every
 * query ran (through OUT.txt.tmp). The JSON line has
 * docs, queries, index_ms, index_bytes (dj_index_memory), rss_mb (peak),
 * p50_ms, p99_ms (nearest rank), mean_ms (per query: analysis + retrieval), terms_mean and
 * postings_mean (dj_index_stats, mean per query), lsa_dim, lsa_ms
 * (learning time, not in index_ms), lsa_bytes, threads. Extra tuning options:
 * --max-terms N, --prf N (feedback documents), --prf-terms N; index config
 * --k1, --b-body, --bigram-weight; latent semantic vectors (off unless
 * --lsa-dim N > 0; dj_index_lsa_config / dj_index_sem): --lsa-pool,
 * --lsa-alpha, --lsa-fb, --lsa-fb-weight, --lsa-all, --lsa-bigrams,
 * --lsa-power, --lsa-iters, --lsa-seed, --lsa-max-df, --lsa-min-df,
 * --lsa-method lsa|ppmi|lsa,ppmi (dj_index_lsa_config.method; with both,
 * --lsa-dim is per method), --lsa-ppmi-min-count N, --lsa-ppmi-shift K,
 * --lsa-max-docs N; and
 * --threads N (threads analysing the corpus, default
 * dj_index_default_threads(); the index is the same for any N);
 * --repeat N (run every query N times, latency = mean of the N, for
 * profiling with warm caches); --strategy auto|maxscore|taat forces a top-k
 * strategy (dj_index_query.strategy; same results). */
#include "cli/cli.h"

#include "duijie/dj_index.h"
#include "duijie/dj_text.h"
#include "util/alloc.h"
#include "util/array.h"
#include "util/stats.h"

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
          "                         [--threads N] [--strategy auto|maxscore|taat]\n"
          "                         [--lsa-dim N [--lsa-pool N] [--lsa-alpha X] [--lsa-fb N]\n"
          "                          [--lsa-fb-weight X] [--lsa-all] [--lsa-bigrams] [--lsa-power "
          "X]\n"
          "                          [--lsa-iters N] [--lsa-seed N] [--lsa-max-df X] [--lsa-min-df "
          "N]\n"
          "                          [--lsa-method lsa|ppmi|lsa,ppmi] [--lsa-ppmi-min-count N]\n"
          "                          [--lsa-ppmi-shift K]\n"
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

/* Ids in file order, with the line each was read from. */
typedef struct idvec {
    char **v;
    long *line;
    size_t n, cap;
} idvec;

static int idvec_push(idvec *d, const char *s, long line)
{
    if (d->n == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 1024;
        char **p = dj_realloc(d->v, nc * sizeof *p);
        long *l;
        if (!p)
            return DJ_ENOMEM;
        d->v = p;
        if (!(l = dj_realloc(d->line, nc * sizeof *l)))
            return DJ_ENOMEM;
        d->line = l;
        d->cap = nc;
    }
    if (!(d->v[d->n] = dj_strdup(s)))
        return DJ_ENOMEM;
    d->line[d->n++] = line;
    return DJ_OK;
}

static void idvec_fini(idvec *d)
{
    for (size_t i = 0; i < d->n; i++)
        dj_free(d->v[i]);
    dj_free(d->v);
    dj_free(d->line);
}

/* id string -> ordinal, by the corpus ids sorted with their ordinals */
typedef struct id_ord {
    const char *id; /* borrowed from the idvec */
    size_t ord;
} id_ord;

typedef struct sorted_ids {
    id_ord *v;
    size_t n;
} sorted_ids;

static int cmp_id_then_ord(const void *a, const void *b)
{
    const id_ord *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->ord > y->ord) - (x->ord < y->ord);
}

/* Sorts the ids of d into s (s->v allocated here). A run file names
 * documents and queries by id, so two lines with one id are an error: it
 * names path, the later line and the earlier one. */
static int sort_unique_ids(sorted_ids *s, const idvec *d, const char *path, const char *what,
                           dj_diag *diag)
{
    s->n = d->n;
    if (!(s->v = dj_malloc((d->n ? d->n : 1) * sizeof *s->v)))
        return DJ_ENOMEM;
    for (size_t i = 0; i < d->n; i++) {
        s->v[i].id = d->v[i];
        s->v[i].ord = i;
    }
    qsort(s->v, s->n, sizeof *s->v, cmp_id_then_ord);
    for (size_t i = 1; i < s->n; i++)
        if (strcmp(s->v[i - 1].id, s->v[i].id) == 0)
            return dj_diag_set(diag, DJ_EPARSE, "%s:%ld: %s _id '%s' again (first on line %ld)",
                               path, d->line[s->v[i].ord], what, s->v[i].id,
                               d->line[s->v[i - 1].ord]);
    return DJ_OK;
}

static long find_id(const sorted_ids *s, const char *id)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s->v[mid].id, id);
        if (c == 0)
            return (long)s->v[mid].ord;
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

/* An identifier ("_id", "exclude"): a string, or an integer written in
 * decimal into buf (some converters write numeric ids as numbers); NULL
 * when absent or of another type. */
static const char *jid(json_t *o, const char *key, char *buf, size_t cap)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    return json_string_value(v);
}

/* One `bench beir` run: its options, the index and what the run measured. */
typedef struct beir {
    const char *corpus, *queries, *runpath;
    long k, max_terms, prf, prf_terms, repeat;
    unsigned threads; /* analysing the corpus (--threads) */
    int strategy;
    dj_index_config icfg;
    dj_index_lsa_config lcfg;
    dj_index_sem sem;
    dj_index *idx;
    dj_index_lsa *lsa;
    idvec ids;       /* corpus ids by document number */
    sorted_ids sids; /* id -> document number, for "exclude" */
    double index_ms, lsa_ms;
    double *lat; /* per-query latency, ms */
    size_t nlat, latcap;
    double sum_terms, sum_post; /* per query, for terms_mean / postings_mean */
    char *line;                 /* getline buffer */
    char idbuf[32], exbuf[32];  /* integer ids as text (jid) */
    size_t linecap;
} beir;

static const struct option beir_opts[] = {{"corpus", required_argument, NULL, 'c'},
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
                                          {"lsa-ppmi-shift", required_argument, NULL, 'H'},
                                          {"lsa-max-docs", required_argument, NULL, 'Y'},
                                          {"repeat", required_argument, NULL, 'R'},
                                          {"threads", required_argument, NULL, 'T'},
                                          {"strategy", required_argument, NULL, 'G'},
                                          {"k1", required_argument, NULL, '1'},
                                          {"b-body", required_argument, NULL, '2'},
                                          {"bigram-weight", required_argument, NULL, '3'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};

/* The long name of option letter c of beir_opts. */
static const char *option_name(int c)
{
    const struct option *o;
    for (o = beir_opts; o->name; o++)
        if (o->val == c)
            return o->name;
    return "?";
}

/* An integer option (its letter c, value v). */
static int set_long_option(beir *b, int c, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    long lo = c == 'k' || c == 'R' || c == 'T' ? 1 : 0, hi = c == 'T' ? 64 : 1000000;
    if (end == arg || *end || *arg < '0' || *arg > '9' || v < lo || v > hi)
        return dj_cli_usage_error("bench", "bad --%s '%s' (a whole number %ld..%ld)",
                                  option_name(c), arg, lo, hi);
    switch (c) {
    case 'k':
        b->k = v;
        break;
    case 'm':
        b->max_terms = v;
        break;
    case 'p':
        b->prf = v;
        break;
    case 't':
        b->prf_terms = v;
        break;
    case 'D':
        b->lcfg.dim = (unsigned)v;
        break;
    case 'P':
        b->sem.pool = (unsigned)v;
        break;
    case 'F':
        b->sem.fb_docs = (unsigned)v;
        break;
    case 'I':
        b->lcfg.power_iters = (unsigned)v;
        break;
    case 'N':
        b->lcfg.min_df = (unsigned)v;
        break;
    case 'R':
        b->repeat = v;
        break;
    case 'K':
        b->lcfg.ppmi_min_count = (unsigned)v;
        break;
    case 'Y':
        b->lcfg.max_docs = (unsigned)v;
        break;
    case 'T':
        b->threads = (unsigned)v;
        break;
    default:
        b->lcfg.seed = (uint64_t)v;
        break; /* 'E' */
    }
    return -1;
}

/* A real-valued option. */
static int set_real_option(beir *b, int c, const char *arg)
{
    static const struct {
        char c;
        const char *name;
        double lo, hi;
    } range[] = {{'A', "lsa-alpha", 0, 1},
                 {'W', "lsa-fb-weight", 0, 100},
                 {'X', "lsa-max-df", 0, 1},
                 {'1', "k1", 0, 100},
                 {'2', "b-body", 0, 1},
                 {'3', "bigram-weight", 0, 100},
                 {'H', "lsa-ppmi-shift", 1, 1000},
                 {'S', "lsa-power", -2, 4}};
    size_t i = 0;
    double v;

    while (range[i].c != c && i + 1 < sizeof range / sizeof range[0])
        i++;
    if (dj_cli_number(&v, arg, range[i].lo, range[i].hi) < 0)
        return dj_cli_usage_error("bench", "bad --%s '%s' (a decimal %g..%g)", range[i].name, arg,
                                  range[i].lo, range[i].hi);
    switch (c) {
    case 'A':
        b->sem.alpha = (float)v;
        break;
    case 'W':
        b->sem.fb_weight = (float)v;
        break;
    case 'X':
        b->lcfg.max_df_share = (float)v;
        break;
    case '1':
        b->icfg.k1 = (float)v;
        break;
    case '2':
        b->icfg.b[DJ_FIELD_BODY] = (float)v;
        break;
    case '3':
        b->icfg.bigram_weight = (float)v;
        break;
    case 'H':
        b->lcfg.ppmi_shift = (float)v;
        break;
    default:
        b->lcfg.sv_power = (float)v;
        break; /* 'S' */
    }
    return -1;
}

/* --lsa-method: comma-separated methods. */
static int set_methods(beir *b, const char *arg)
{
    const char *p = arg;
    b->lcfg.method = 0;
    for (;;) {
        size_t n = strcspn(p, ",");
        if (n == 3 && memcmp(p, "lsa", 3) == 0)
            b->lcfg.method |= DJ_INDEX_SEM_LSA;
        else if (n == 4 && memcmp(p, "ppmi", 4) == 0)
            b->lcfg.method |= DJ_INDEX_SEM_PPMI;
        else
            return dj_cli_usage_error("bench", "bad --lsa-method '%s' (lsa, ppmi or lsa,ppmi)",
                                      arg);
        if (!p[n])
            return -1;
        p += n + 1;
    }
}

/* Parses the command line into b: -1 to go on, else the exit code. */
static int parse_options(beir *b, int argc, char **argv)
{
    int c, ec = -1;

    dj_index_lsa_config_default(&b->lcfg);
    dj_index_config_default(&b->icfg);
    b->lcfg.dim = 0; /* off unless --lsa-dim */
    b->k = 1000;
    b->repeat = 1;
    b->threads = dj_index_default_threads();
    b->strategy = DJ_INDEX_STRATEGY_AUTO;
    dj_cli_getopt_reset();
    while (ec < 0 && (c = getopt_long(argc, argv, "", beir_opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            b->corpus = optarg;
            break;
        case 'q':
            b->queries = optarg;
            break;
        case 'r':
            b->runpath = optarg;
            break;
        case 'k':
        case 'm':
        case 'p':
        case 't':
        case 'D':
        case 'P':
        case 'F':
        case 'I':
        case 'N':
        case 'K':
        case 'Y':
        case 'R':
        case 'T':
        case 'E':
            ec = set_long_option(b, c, optarg);
            break;
        case 'A':
        case 'W':
        case 'X':
        case '1':
        case '2':
        case '3':
        case 'H':
        case 'S':
            ec = set_real_option(b, c, optarg);
            break;
        case 'L':
            b->sem.all_docs = 1;
            break;
        case 'B':
            b->lcfg.bigrams = 1;
            break;
        case 'M':
            ec = set_methods(b, optarg);
            break;
        case 'G':
            if (strcmp(optarg, "auto") == 0)
                b->strategy = DJ_INDEX_STRATEGY_AUTO;
            else if (strcmp(optarg, "maxscore") == 0)
                b->strategy = DJ_INDEX_STRATEGY_MAXSCORE;
            else if (strcmp(optarg, "taat") == 0)
                b->strategy = DJ_INDEX_STRATEGY_TAAT;
            else
                ec = dj_cli_usage_error("bench", "bad --strategy '%s' (auto, maxscore or taat)",
                                        optarg);
            break;
        case 'h':
            usage(stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("bench", argc, argv);
        }
    }
    if (ec < 0 && (!b->corpus || !b->queries || !b->runpath))
        ec = dj_cli_usage_error("bench", "beir needs --corpus, --queries and --run");
    if (ec < 0 && optind < argc)
        ec = dj_cli_usage_error("bench", "unexpected argument '%s'", argv[optind]);
    return ec;
}

/* Whether id can stand as one field of a run file line. */
static int usable_id(const char *id)
{
    const unsigned char *p = (const unsigned char *)id;
    if (!*p)
        return 0;
    for (; *p; p++)
        if (*p <= ' ' || *p == 0x7f ||
            (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))) /* U+2028/9 */
            return 0;
    return 1;
}

/* The first of keys[] present in o with a value that is not a string (or,
 * for "exclude", an integer), or NULL. */
static const char *wrong_type(json_t *o, const char *const *keys)
{
    for (; *keys; keys++) {
        json_t *v = json_object_get(o, *keys);
        if (v && !json_is_string(v) && !(json_is_integer(v) && !strcmp(*keys, "exclude")))
            return *keys;
    }
    return NULL;
}

/* Reads one JSONL line of path into *o with its "_id": 1 = got one, 0 =
 * end of file, < 0 = error (in diag). Blank lines are skipped. */
static int next_object(beir *b, FILE *in, const char *path, long *lineno, json_t **o,
                       const char **id, dj_diag *diag)
{
    ssize_t got;
    while ((got = getline(&b->line, &b->linecap, in)) > 0) {
        json_error_t jerr;
        (*lineno)++;
        *o = json_loadb(b->line, (size_t)got, 0, &jerr);
        if (*o && (*id = jid(*o, "_id", b->idbuf, sizeof b->idbuf))) {
            static const char *const keys[] = {"text", "title", "exclude", NULL};
            const char *bad = wrong_type(*o, keys);
            if (usable_id(*id) && !bad)
                return 1;
            json_decref(*o);
            *o = NULL;
            if (bad)
                return dj_diag_set(diag, DJ_EPARSE, "%s:%ld: \"%s\" is not a string", path, *lineno,
                                   bad);
            return dj_diag_set(diag, DJ_EPARSE,
                               "%s:%ld: the \"_id\" is empty or holds a blank or control "
                               "character (run file lines are split on blanks)",
                               path, *lineno);
        }
        json_decref(*o);
        *o = NULL;
        if (got > 1)
            return dj_diag_set(diag, DJ_EPARSE,
                               "%s:%ld: not a JSON object with an \"_id\" (a string or an "
                               "integer)",
                               path, *lineno);
    }
    return 0;
}

/* Puts the chunk's documents in one dj_index_put_batch and lets go of
 * their JSON objects (the documents point into them). */
static int put_chunk(beir *b, dj_index_doc *docs, json_t **objs, size_t *n)
{
    int rc = dj_index_put_batch(b->idx, docs, *n, b->threads, NULL);
    for (size_t i = 0; i < *n; i++)
        json_decref(objs[i]);
    *n = 0;
    return rc;
}

/* Indexes the corpus in chunks of CHUNK documents, analysed on b->threads
 * threads (the index is the one a put loop would make), and learns
 * semantic vectors when asked. */
static int index_corpus(beir *b, dj_diag *diag)
{
    enum { CHUNK = 1024 };
    FILE *in = fopen(b->corpus, "r");
    long lineno = 0;
    double t0 = now_ms();
    json_t *o = NULL, **objs = dj_malloc(CHUNK * sizeof *objs);
    dj_index_doc *docs = dj_malloc(CHUNK * sizeof *docs);
    const char *id;
    size_t n = 0;
    int rc = DJ_ENOMEM;

    if (!in || !objs || !docs) {
        if (in)
            fclose(in);
        dj_free(objs);
        dj_free(docs);
        return in ? rc : dj_diag_set(diag, DJ_EIO, "cannot open %s", b->corpus);
    }
    while ((rc = next_object(b, in, b->corpus, &lineno, &o, &id, diag)) > 0) {
        dj_index_doc *d = &docs[n];
        memset(d, 0, sizeof *d);
        d->id = (int64_t)b->ids.n;
        d->title = jstr(o, "title", &d->title_len);
        d->body = jstr(o, "text", &d->body_len);
        objs[n++] = o;
        if ((rc = idvec_push(&b->ids, id, lineno)) < 0 ||
            (n == CHUNK && (rc = put_chunk(b, docs, objs, &n)) < 0))
            break;
    }
    if (n && rc >= 0)
        rc = put_chunk(b, docs, objs, &n);
    for (size_t i = 0; i < n; i++) /* after an error */
        json_decref(objs[i]);
    dj_free(objs);
    dj_free(docs);
    b->index_ms = now_ms() - t0;
    if (rc >= 0 && b->lcfg.dim) {
        double t2 = now_ms();
        if ((rc = dj_index_lsa_learn(&b->lsa, b->idx, &b->lcfg)) >= 0)
            b->sem.lsa = b->lsa;
        b->lsa_ms = now_ms() - t2;
    }
    fclose(in);
    if (rc < 0)
        return rc;
    /* id -> document number, for the queries' "exclude" */
    return sort_unique_ids(&b->sids, &b->ids, b->corpus, "document", diag);
}

/* Runs one query (--repeat times), records its latency, writes its hits. */
static int run_query(beir *b, json_t *o, const char *qid, FILE *out)
{
    size_t qlen, nh = 0;
    const char *text = jstr(o, "text", &qlen);
    const char *ex = jid(o, "exclude", b->exbuf, sizeof b->exbuf);
    dj_index_filter f = {0};
    dj_index_query q = {0};
    dj_index_hit *hits = NULL;
    double t1, dt;
    int rc = DJ_OK;

    if (ex) {
        long e = find_id(&b->sids, ex);
        if (e >= 0) {
            f.has_exclude = 1;
            f.exclude_id = e;
        }
    }
    q.text = text ? text : "";
    q.len = qlen;
    q.k = (size_t)b->k;
    q.filter = &f;
    q.max_terms = (unsigned)b->max_terms;
    q.prf_docs = (unsigned)b->prf;
    q.prf_terms = (unsigned)b->prf_terms;
    q.strategy = b->strategy;
    t1 = now_ms();
    for (long r = 0; r < b->repeat; r++) { /* --repeat: the same query again, for profiling */
        dj_index_stats st;
        if (r) {
            dj_free(hits);
            hits = NULL;
        }
        rc = b->lsa ? dj_index_search_sem(&hits, &nh, b->idx, &q, &b->sem, &st)
                    : dj_index_search(&hits, &nh, b->idx, &q, &st);
        if (rc < 0)
            break;
        if (r == 0) {
            b->sum_terms += (double)st.terms;
            b->sum_post += (double)st.postings;
        }
    }
    dt = (now_ms() - t1) / (double)b->repeat;
    if (rc >= 0)
        DJ_ARRAY_GROW(rc, b->lat, b->latcap, b->nlat);
    if (rc >= 0) {
        b->lat[b->nlat++] = dt;
        for (size_t i = 0; i < nh; i++)
            fprintf(out, "%s Q0 %s %zu %.6f duijie\n", qid, b->ids.v[hits[i].id], i + 1,
                    (double)hits[i].score);
    }
    dj_free(hits);
    return rc;
}

/* Runs every query and writes the run file: into PATH.tmp, renamed to
 * PATH only when every query ran, so a failed run leaves no partial file
 * (and an earlier run file as it was). */
static int run_queries(beir *b, dj_diag *diag)
{
    FILE *in = fopen(b->queries, "r"), *out = NULL;
    long lineno = 0;
    json_t *o = NULL;
    const char *qid;
    idvec qids = {0};
    sorted_ids sq = {0};
    char tmp[4096];
    int rc;

    if (!in)
        return dj_diag_set(diag, DJ_EIO, "cannot open %s", b->queries);
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", b->runpath) >= sizeof tmp ||
        !(out = fopen(tmp, "w"))) {
        fclose(in);
        return dj_diag_set(diag, DJ_EIO, "cannot create %s.tmp", b->runpath);
    }
    while ((rc = next_object(b, in, b->queries, &lineno, &o, &qid, diag)) > 0) {
        rc = idvec_push(&qids, qid, lineno);
        if (rc >= 0)
            rc = run_query(b, o, qid, out);
        json_decref(o);
        if (rc < 0)
            break;
    }
    fclose(in);
    if (rc >= 0)
        rc = sort_unique_ids(&sq, &qids, b->queries, "query", diag);
    if (fclose(out) != 0 && rc >= 0)
        rc = dj_diag_set(diag, DJ_EIO, "cannot write %s", tmp);
    if (rc >= 0 && rename(tmp, b->runpath) != 0)
        rc = dj_diag_set(diag, DJ_EIO, "cannot rename %s to %s", tmp, b->runpath);
    if (rc < 0)
        remove(tmp);
    dj_free(sq.v);
    idvec_fini(&qids);
    return rc;
}

/* The one JSON line of figures. */
static void print_summary(beir *b)
{
    size_t n = b->nlat;
    double sum = 0;
    struct rusage ru;

    if (n > 1)
        qsort(b->lat, n, sizeof *b->lat, cmp_double);
    for (size_t i = 0; i < n; i++)
        sum += b->lat[i];
    getrusage(RUSAGE_SELF, &ru);
    printf("{\"docs\":%zu,\"queries\":%zu,\"index_ms\":%.1f,\"index_bytes\":%zu,"
           "\"rss_mb\":%.1f,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"mean_ms\":%.4f,\"lsa_dim\":%u,"
           "\"lsa_ms\":%.1f,\"lsa_bytes\":%zu,\"terms_mean\":%.1f,\"postings_mean\":%.0f,"
           "\"threads\":%u}\n",
           dj_index_count(b->idx), n, b->index_ms, dj_index_memory(b->idx),
           (double)ru.ru_maxrss / 1024.0, dj_nearest_rank(b->lat, n, 0.50),
           dj_nearest_rank(b->lat, n, 0.99), n ? sum / (double)n : 0.0, dj_index_lsa_dim(b->lsa),
           b->lsa_ms, dj_index_lsa_memory(b->lsa), n ? b->sum_terms / (double)n : 0.0,
           n ? b->sum_post / (double)n : 0.0, b->threads);
}

static int bench_beir(int argc, char **argv)
{
    beir b;
    dj_diag diag = {0};
    int rc, ec;

    memset(&b, 0, sizeof b);
    if ((ec = parse_options(&b, argc, argv)) >= 0)
        return ec;
    if ((rc = dj_text_init(NULL, &diag)) < 0)
        return dj_cli_fail("bench", rc, &diag);
    if ((rc = dj_index_new(&b.idx, &b.icfg)) >= 0 && (rc = index_corpus(&b, &diag)) >= 0 &&
        (rc = run_queries(&b, &diag)) >= 0)
        print_summary(&b);
    if (rc < 0) {
        diag.code = rc;
        ec = dj_cli_fail("bench", rc, &diag);
    } else
        ec = DJ_EXIT_OK;
    free(b.line);
    dj_free(b.lat);
    dj_free(b.sids.v);
    idvec_fini(&b.ids);
    dj_index_lsa_free(b.lsa);
    dj_index_free(b.idx);
    return ec;
}

int dj_cmd_bench(int argc, char **argv)
{
    static const dj_cli_sub benchmarks[] = {{"beir", bench_beir, "", beir_opts}};

    return dj_cli_subcommands("bench", argc, argv, benchmarks, 1, "benchmark", "known: beir",
                              usage);
}
