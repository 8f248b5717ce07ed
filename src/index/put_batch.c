/* put_batch.c - dj_index_put_batch: bulk puts with the analysis of later
 * documents on other threads.
 *
 * A put is two halves (index_put.c): the analysis of the document into a
 * dj__build (its distinct terms and counts; reads only the index's config)
 * and the apply (dictionary, posting lists, document table; must run alone
 * and in document order). Here worker threads analyse documents into a
 * ring of RING builds, taking them in order from `next`, while the calling
 * thread applies them in order; when the next document is not ready yet the
 * calling thread analyses one itself instead of waiting, so no thread count
 * is slower than a loop of dj_index_put.
 *
 * Invariants (all under mu):
 *  - next <= applied + RING: document i is analysed into ring[i % RING]
 *    only once document i - RING has been applied and its build reset.
 *  - ring[i % RING].ready is set once document i's analysis ended (rc is
 *    its result) and cleared when the caller has applied it.
 *  - Documents are applied in order 0, 1, ..., so the index is the one a
 *    loop of dj_index_put gives, whatever the threads' timing. */
#include "duijie/dj_index.h"

#include "index/index_int.h"
#include "util/alloc.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#define RING        16
#define MAX_THREADS 64

typedef struct slot {
    dj__build *b;
    int rc;    /* the analysis' result */
    int ready; /* analysed, not yet applied */
} slot;

typedef struct batch {
    dj_index *idx;
    const dj_index_doc *docs;
    size_t n;
    pthread_mutex_t mu;
    pthread_cond_t ready_cv; /* a slot became ready */
    pthread_cond_t free_cv;  /* a slot was applied, or stop */
    size_t next;             /* next document to analyse */
    size_t applied;          /* documents applied */
    int stop;                /* the caller stopped: workers leave */
    slot ring[RING];
} batch;

/* Analyses document i (taken by this thread under mu) with buffers tb; mu
 * is released meanwhile and held again on return. */
static void analyse_one(batch *bt, size_t i, dj_text_buf *tb)
{
    slot *s = &bt->ring[i % RING];
    int rc;

    pthread_mutex_unlock(&bt->mu);
    if (!bt->idx->cfg.analyze && !tb)
        rc = DJ_ENOMEM; /* the thread's buffers could not be made */
    else
        rc = dj__index_analyse(bt->idx, s->b, tb, &bt->docs[i]);
    pthread_mutex_lock(&bt->mu);
    s->rc = rc;
    s->ready = 1;
    pthread_cond_signal(&bt->ready_cv);
}

/* Can a thread take the next document for analysis? (under mu) */
static int can_take(const batch *bt)
{
    return !bt->stop && bt->next < bt->n && bt->next < bt->applied + RING;
}

static void *worker(void *arg)
{
    batch *bt = arg;
    dj_text_buf *tb = NULL;

    if (!bt->idx->cfg.analyze)
        (void)dj_text_buf_new(&tb); /* NULL: analyse_one reports DJ_ENOMEM */
    pthread_mutex_lock(&bt->mu);
    for (;;) {
        while (!bt->stop && bt->next < bt->n && bt->next >= bt->applied + RING)
            pthread_cond_wait(&bt->free_cv, &bt->mu); /* the ring is full */
        if (!can_take(bt))
            break;
        analyse_one(bt, bt->next++, tb);
    }
    pthread_mutex_unlock(&bt->mu);
    dj_text_buf_free(tb);
    return NULL;
}

/* The calling thread: applies documents in order, analysing one itself
 * whenever the next is not ready. Returns the first error (bt->applied
 * documents are in) or DJ_OK. */
static int apply_all(batch *bt, dj_text_buf *tb)
{
    int rc = DJ_OK;

    pthread_mutex_lock(&bt->mu);
    while (bt->applied < bt->n) {
        slot *s = &bt->ring[bt->applied % RING];
        while (!s->ready) {
            if (can_take(bt))
                analyse_one(bt, bt->next++, tb);
            else
                pthread_cond_wait(&bt->ready_cv, &bt->mu);
        }
        pthread_mutex_unlock(&bt->mu);
        rc = dj__index_apply(bt->idx, s->b, &bt->docs[bt->applied], s->rc);
        pthread_mutex_lock(&bt->mu);
        s->ready = 0;
        if (rc < 0)
            break;
        bt->applied++;
        pthread_cond_broadcast(&bt->free_cv);
    }
    bt->stop = 1;
    pthread_cond_broadcast(&bt->free_cv);
    pthread_mutex_unlock(&bt->mu);
    return rc;
}

int dj_index_put_batch(dj_index *idx, const dj_index_doc *docs, size_t n, unsigned threads,
                       size_t *nput)
{
    batch *bt;
    pthread_t tid[MAX_THREADS];
    unsigned nw = 0, want = threads > 1 ? threads - 1 : 0;
    dj_text_buf *tb = NULL;
    int rc = DJ_OK;

    if (nput)
        *nput = 0;
    if (!n)
        return DJ_OK;
    if (want > MAX_THREADS)
        want = MAX_THREADS;
    if (want > n - 1)
        want = (unsigned)(n - 1); /* the caller analyses too */
    if (!(bt = dj_calloc(1, sizeof *bt)))
        return DJ_ENOMEM;
    bt->idx = idx;
    bt->docs = docs;
    bt->n = n;
    for (int i = 0; i < RING; i++)
        if (!(bt->ring[i].b = dj__build_new()))
            rc = DJ_ENOMEM;
    if (rc == DJ_OK && !idx->cfg.analyze)
        rc = dj_text_buf_new(&tb);
    if (rc < 0)
        goto out;
    pthread_mutex_init(&bt->mu, NULL);
    pthread_cond_init(&bt->ready_cv, NULL);
    pthread_cond_init(&bt->free_cv, NULL);
    while (nw < want && pthread_create(&tid[nw], NULL, worker, bt) == 0)
        nw++; /* a thread that cannot start leaves its share to the others */
    rc = apply_all(bt, tb);
    for (unsigned i = 0; i < nw; i++)
        pthread_join(tid[i], NULL);
    /* an analysed document the caller did not get to apply: forget it */
    for (int i = 0; i < RING; i++)
        dj__build_reset(bt->ring[i].b);
    if (nput)
        *nput = bt->applied;
    pthread_cond_destroy(&bt->free_cv);
    pthread_cond_destroy(&bt->ready_cv);
    pthread_mutex_destroy(&bt->mu);
out:
    dj_text_buf_free(tb);
    for (int i = 0; i < RING; i++)
        dj__build_free(bt->ring[i].b);
    dj_free(bt);
    return rc;
}

unsigned dj_index_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 4 ? 4 : (unsigned)n;
}
