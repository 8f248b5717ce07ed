/* lsa.h - private declarations between lsa.c (latent semantic vectors) and
 * search.c (filters shared by BM25 and semantic retrieval). */
#ifndef DJ_INDEX_LSA_H
#define DJ_INDEX_LSA_H

#include "duijie/dj_index.h"

#include <stdint.h>

/* Filter state prepared once per query (search.c). */
typedef struct dj__filter {
    const dj_index *idx;
    const dj_index_filter *f;
    uint32_t industry; /* interned id wanted, 0 = any */
    uint32_t region_div;
    int none; /* 1: the filter can match no document (unknown industry) */
} dj__filter;

/* Prepares fl for filter f (NULL = live documents only). Returns DJ_OK or
 * DJ_EINVAL (bad region_digits). */
int dj__filter_init(dj__filter *fl, const dj_index *idx, const dj_index_filter *f);
/* 1 when document docno is live and passes the filter. */
int dj__filter_ok(const dj__filter *fl, uint32_t docno);

#endif
