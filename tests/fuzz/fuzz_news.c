/* fuzz_news.c - news extraction, JSON and drafts over arbitrary text: no
 * crash, no leak, every fact and draft span inside its article text. */
#include "duijie/dj_news.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dj_news_doc *d = NULL;
    dj_news_draft *dr = NULL;
    size_t n = 0, i, k;
    dj_buf b;

    if (dj_news_extract(&d, (const char *)data, size, NULL) != DJ_OK)
        return 0; /* invalid UTF-8 is rejected up front */
    for (i = 0; i < d->narticles; i++) {
        const dj_news_article *a = &d->articles[i];
        for (k = 0; k < a->nfacts; k++) {
            if (a->facts[k].q.start > a->facts[k].q.end || a->facts[k].q.end > a->text_len)
                abort();
        }
        if (!dj_utf8_valid(a->text, a->text_len, NULL))
            abort();
    }
    dj_buf_init(&b, 0);
    (void)dj_news_to_json(&b, d);
    if (dj_news_drafts(&dr, &n, d) == DJ_OK) {
        for (i = 0; i < n; i++) {
            if (dr[i].end > d->articles[dr[i].article].text_len)
                abort();
        }
        (void)dj_news_drafts_json(&b, dr, n);
    }
    dj_buf_fini(&b);
    dj_free(dr);
    dj_news_doc_free(d);
    return 0;
}
