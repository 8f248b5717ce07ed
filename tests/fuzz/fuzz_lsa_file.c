/* fuzz_lsa_file.c - libFuzzer target for semantic model files
 * (dj_index_lsa_load) against one fixed index of twelve Chinese listings:
 * any bytes must be refused (DJ_EPARSE, DJ_EINVAL, DJ_ENOMEM) with no model,
 * or load a model that answers similarities and query cosines for every
 * document (each finite, within [-1.3, 1.3]), folds nothing in (the index has not
 * changed) and saves again. The checked-in seed is that index's model
 * (dim 4), so that mutations reach the arrays behind the header. The bytes
 * go through a temporary file because the loader reads a path. Violations
 * trap so that the fuzzer (or replay) reports them. */
#include "duijie/dj_index.h"
#include "duijie/dj_text.h"
#include "fuzz_tmpfile.h"
#include "util/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const docs[] = {
    "石墨烯导热膜连续制备工艺",   "锂电池正极材料回收技术",     "茶园病虫害生物防治技术",
    "机器视觉引导的汽车零件抓取", "污水处理膜生物反应器",       "光伏逆变器并网控制方法",
    "锂电池热管理与快充技术",     "水稻育种与精准灌溉",         "石墨烯散热片在手机中的应用",
    "工业机器人视觉定位系统",     "膜分离技术用于工业废水回用", "储能电池包能量密度提升方案"};
#define NDOCS ((int)(sizeof docs / sizeof *docs))

/* The fixed index (ids 1..NDOCS), built once. */
static dj_index *fixed_index(void)
{
    static dj_index *idx;
    if (idx)
        return idx;
    if (dj_text_init(NULL, NULL) != DJ_OK || dj_index_new(&idx, NULL) != DJ_OK)
        __builtin_trap();
    for (int i = 0; i < NDOCS; i++) {
        dj_index_doc d = {0};
        d.id = i + 1;
        d.body = docs[i];
        d.body_len = strlen(docs[i]);
        d.status = 2;
        if (dj_index_put(idx, &d) != DJ_OK)
            __builtin_trap();
    }
    return idx;
}

/* A cosine of quantised vectors the loader accepted (lengths within 0.87 -
 * 1.14 of 127): finite and within 1.3. */
static void in_range(float x)
{
    if (!(x >= -1.3f && x <= 1.3f))
        __builtin_trap();
}

/* Similarities, query cosines, update and a second save of a loaded model. */
static void use(dj_index_lsa *l, const dj_index *idx, const char *in_path)
{
    int64_t ids[NDOCS + 1];
    float cos[NDOCS + 1];
    dj_index_qterm *qt = NULL;
    size_t nqt = 0;
    char path[4200];
    const char *q = "石墨烯 锂电池 膜";

    for (int a = 1; a <= NDOCS; a++)
        for (int b = 1; b <= NDOCS + 1; b++) /* NDOCS + 1: no such document */
            in_range(dj_index_lsa_similarity(l, idx, a, b));
    for (int i = 0; i <= NDOCS; i++)
        ids[i] = i + 1;
    if (dj_index_query_terms(&qt, &nqt, idx, q, strlen(q), UINT32_MAX) == DJ_OK) {
        if (dj_index_lsa_cosines(cos, l, idx, qt, nqt, ids, NDOCS + 1) == DJ_OK)
            for (int i = 0; i <= NDOCS; i++)
                in_range(cos[i]);
        dj_free(qt);
    }
    if (dj_index_lsa_update(l, idx) != DJ_OK)
        return; /* allocation failure only */
    snprintf(path, sizeof path, "%s.out", in_path);
    if (dj_index_lsa_save(l, idx, 1, path, NULL) != DJ_OK)
        __builtin_trap();
    remove(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const dj_index *idx = fixed_index();
    dj_index_lsa *l = NULL;
    uint64_t stamp = 0;
    char path[4096];
    int rc;

    fuzz_write_tmp(path, sizeof path, "lsa_file", data, size);
    rc = dj_index_lsa_load(&l, &stamp, idx, path, NULL);
    if (rc != DJ_OK) {
        remove(path);
        if ((rc != DJ_EPARSE && rc != DJ_EINVAL && rc != DJ_ENOMEM) || l)
            __builtin_trap();
        return 0;
    }
    use(l, idx, path);
    remove(path);
    dj_index_lsa_free(l);
    return 0;
}
