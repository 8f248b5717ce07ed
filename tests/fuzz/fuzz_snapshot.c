/* fuzz_snapshot.c - libFuzzer target for index snapshots (dj_index_load):
 * any bytes must either be rejected with DJ_EPARSE (or DJ_ENOMEM) or load
 * an index that every later operation accepts without crashing: searches
 * with each top-k strategy and with feedback must agree with exhaustive
 * scoring and return sorted hits within k; puts, deletes and a compaction
 * must keep the document count consistent; the content check
 * (dj_index_doc_agrees) must not crash on a loaded document and must
 * accept one just put; the index must save again.
 * The bytes go through a temporary file because the loader reads a path.
 * Violations trap so that the fuzzer (or replay) reports them. */
#include "duijie/dj_index.h"
#include "duijie/dj_text.h"
#include "fuzz_tmpfile.h"
#include "util/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const queries[] = {"石墨烯导热膜", "机器视觉 抓取 汽车", "锂电池回收 Li-ion",
                                      "茶园病虫害生物防治技术，减少农药使用50%。"};

static void search_all(const dj_index *idx)
{
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        for (int strategy = 0; strategy <= DJ_INDEX_STRATEGY_TAAT; strategy++) {
            dj_index_query q = {0};
            dj_index_hit *a = NULL, *b = NULL;
            size_t na = 0, nb = 0;

            q.text = queries[i];
            q.len = strlen(queries[i]);
            q.k = 3;
            q.strategy = strategy;
            q.prf_docs = (unsigned)(i & 1) * 2;
            if (dj_index_search(&a, &na, idx, &q, NULL) != DJ_OK)
                __builtin_trap();
            q.exhaustive = 1;
            if (dj_index_search(&b, &nb, idx, &q, NULL) != DJ_OK)
                __builtin_trap();
            if (na != nb || na > q.k)
                __builtin_trap();
            for (size_t h = 0; h < na; h++)
                if (a[h].id != b[h].id || (h && a[h - 1].score < a[h].score))
                    __builtin_trap();
            dj_free(a);
            dj_free(b);
        }
    }
}

/* Put, delete, compact and save (next to the input file, in_path.out). */
static void mutate(dj_index *idx, const char *in_path)
{
    dj_index_doc d = {0};
    char path[4200];
    size_t before = dj_index_count(idx);
    int had = dj_index_contains(idx, 1);

    d.id = 1;
    d.title = "石墨烯散热片";
    d.title_len = strlen(d.title);
    /* the content check reads a loaded document's forward list */
    int rc = dj_index_doc_agrees(idx, &d);
    if (rc < 0 && rc != DJ_ENOMEM)
        __builtin_trap();
    if (dj_index_put(idx, &d) != DJ_OK)
        return;                            /* allocation failure only */
    if (dj_index_doc_agrees(idx, &d) == 0) /* 1, or DJ_ENOMEM */
        __builtin_trap();
    if (dj_index_count(idx) != before + (had ? 0 : 1))
        __builtin_trap();
    search_all(idx);
    if (dj_index_delete(idx, 1) != DJ_OK || dj_index_contains(idx, 1))
        __builtin_trap();
    if (dj_index_compact(idx) == DJ_OK)
        search_all(idx);
    snprintf(path, sizeof path, "%s.out", in_path);
    if (dj_index_save(idx, path, NULL) != DJ_OK)
        __builtin_trap();
    remove(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char path[4096];
    dj_index *idx = NULL;
    dj_diag d;
    int rc;

    if (!ready) {
        if (dj_text_init(NULL, NULL) != DJ_OK)
            __builtin_trap();
        ready = 1;
    }
    fuzz_write_tmp(path, sizeof path, "snapshot", data, size);
    memset(&d, 0, sizeof d);
    rc = dj_index_load(&idx, path, NULL, &d);
    remove(path);
    if (rc != DJ_OK) {
        if ((rc != DJ_EPARSE && rc != DJ_ENOMEM) || idx)
            __builtin_trap();
        return 0;
    }
    search_all(idx);
    mutate(idx, path);
    dj_index_free(idx);
    return 0;
}
