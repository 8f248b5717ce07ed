/* fuzz_csv.c - libFuzzer target for the import path below the database:
 * encoding detection (dj_csv_decode), the RFC 4180 record reader
 * (dj_csv_next) and cell validation (dj_cell_parse). Any input must be
 * decoded or rejected with an error code; every record read must have a
 * line number that never goes backwards; every cell is parsed against the
 * columns of one record type (the first input byte picks it) and must
 * either give a value or an error with the column named. Violations trap
 * so that the fuzzer (or replay) reports them. */
#include "duijie/dj_csv.h"
#include "duijie/dj_model.h"
#include "util/alloc.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_cells(const dj_record_type *t, const dj_csv_field *f, int n)
{
    for (int i = 0; i < n; i++) {
        const dj_column *c = &t->cols[i % t->ncols];
        dj_cell cell;
        dj_diag d;
        int rc;

        memset(&d, 0, sizeof d);
        memset(&cell, 0, sizeof cell);
        rc = dj_cell_parse(&cell, c, f[i].ptr, f[i].len, &d);
        if (rc < 0 && (rc != DJ_EINVAL && rc != DJ_ELIMIT && rc != DJ_ENOMEM))
            __builtin_trap();
        if (rc < 0 && cell.s)
            __builtin_trap(); /* an error leaves nothing to free */
        dj_free(cell.s);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const dj_record_type *t;
    char *text = NULL;
    size_t len = 0;
    int enc, rc, n;
    long line, last = 0;
    dj_csv r;
    dj_csv_field f[DJ_CSV_MAX_FIELDS];
    dj_diag d;

    if (size < 1)
        return 0;
    t = dj_record_types[data[0] % (unsigned)dj_nrecord_types];
    memset(&d, 0, sizeof d);
    rc = dj_csv_decode(&text, &len, &enc, (const char *)data + 1, size - 1, &d);
    if (rc < 0) {
        if (text)
            __builtin_trap();
        return 0;
    }
    dj_csv_init(&r, text, len);
    while ((rc = dj_csv_next(&r, f, &n, &line, &d)) == 1) {
        if (n < 0 || n > DJ_CSV_MAX_FIELDS || line < last || line < 1)
            __builtin_trap();
        last = line;
        parse_cells(t, f, n);
    }
    if (rc != 0 && rc != DJ_EPARSE && rc != DJ_ELIMIT && rc != DJ_ENOMEM)
        __builtin_trap();
    dj_csv_fini(&r);
    dj_free(text);
    return 0;
}
