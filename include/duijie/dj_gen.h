/* dj_gen.h - synthetic supply/demand listings (and their organisations) for
 * scale tests and benchmarks.
 *
 * The generator is a pure engine: it streams records through a caller's
 * write callback and does no I/O itself. Output is a function of the options
 * only: the same dj_gen_opts give byte-identical output on every platform
 * (own PRNG, xoshiro256** seeded by splitmix64; no rand(), no floating point,
 * no locale).
 *
 * Records follow the column contract of docs/import.md:
 *  - DJ_GEN_CSV: a header row with the Chinese column names, Chinese enum
 *    names, RFC 4180 quoting where needed, "\n" line ends, no BOM.
 *  - DJ_GEN_JSONL: one object per line with the English keys and English
 *    enum names; every value is a JSON string except "trl" (an integer);
 *    absent values are omitted.
 * Listings reference organisations by name. The organisations are a fixed
 * function of their index (names unique by construction: a bijection from
 * index to city x 字号 x 字号 x industry); dj_gen_orgs() writes exactly the
 * organisations that dj_gen_listings() with the same options can reference,
 * so importing both files together always resolves.
 *
 * Thread-safety: no shared state; concurrent calls with distinct callbacks
 * are safe. */
#ifndef DJ_GEN_H
#define DJ_GEN_H

#include "duijie/dj_error.h"

#include <stddef.h>
#include <stdint.h>

enum dj_gen_format { DJ_GEN_JSONL = 0, DJ_GEN_CSV = 1 };

/* Upper bound on the number of distinct synthetic organisations. */
#define DJ_GEN_MAX_ORGS 640000u
/* Upper bound on count (a sanity limit, not a memory one: output streams). */
#define DJ_GEN_MAX_COUNT 100000000ull

typedef struct dj_gen_opts {
    uint64_t seed;  /* any value */
    uint64_t count; /* number of listings, 0..DJ_GEN_MAX_COUNT */
    uint64_t norgs; /* organisations to draw from; 0 = auto (count/50, at least 20) */
    int format;     /* enum dj_gen_format */
    int header;     /* CSV only: write the header row (default 1) */
} dj_gen_opts;

/* Fills o with the defaults: seed 1, count 1000, norgs auto, JSONL, header. */
void dj_gen_opts_init(dj_gen_opts *o);

/* The number of organisations the options resolve to (auto rule applied,
 * clamped to 1..DJ_GEN_MAX_ORGS). */
uint64_t dj_gen_norgs(const dj_gen_opts *o);

/* Receives the next len bytes of output (not NUL-terminated, borrowed for
 * the call only). Returns 0 to continue or a negative dj_err to stop; that
 * code is then returned by the generator. */
typedef int (*dj_gen_write_fn)(const char *data, size_t len, void *ctx);

/* Streams o->count listings to write, in chunks of at most about 64 KiB.
 * Returns DJ_OK, DJ_EINVAL (bad options; diag says which), DJ_ENOMEM, or the
 * callback's error. On error, some output may already have been written. */
int dj_gen_listings(const dj_gen_opts *o, dj_gen_write_fn write, void *ctx, dj_diag *diag);

/* Streams the dj_gen_norgs(o) organisations that dj_gen_listings(o) draws
 * from, in the same format. Same return codes. */
int dj_gen_orgs(const dj_gen_opts *o, dj_gen_write_fn write, void *ctx, dj_diag *diag);

#endif
