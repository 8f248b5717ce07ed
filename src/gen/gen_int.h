/* gen_int.h - private declarations shared by the files of src/gen/.
 *
 * vocab.c holds the read-only vocabulary (cities with real GB/T 2260 codes,
 * 字号 characters, industries with their GB/T 4754 codes, technologies,
 * scenes, problems); gen.c turns it into records. All tables are const and
 * their sizes are fixed at compile time, which gen.c relies on for the
 * organisation-name bijection. */
#ifndef DJ_GEN_INT_H
#define DJ_GEN_INT_H

#include <stddef.h>

#define DJ_GEN_NCITIES 40
#define DJ_GEN_NZIHAO  40
#define DJ_GEN_NIND    10
#define DJ_GEN_NTECH   12
#define DJ_GEN_NSCENE  6
#define DJ_GEN_NPROB   6
#define DJ_GEN_NMETRIC 4

typedef struct dj__gen_city {
    const char *name; /* without 市, e.g. "柳州"; no name is a prefix of another */
    const char *code; /* six-digit GB/T 2260 city code */
} dj__gen_city;

typedef struct dj__gen_industry {
    const char *name;      /* e.g. "新能源汽车" */
    const char *code;      /* GB/T 4754 division, e.g. "C36" */
    const char *suffix[4]; /* company-name suffixes; [3] names an institute */
    const char *tech[DJ_GEN_NTECH];
    const char *scene[DJ_GEN_NSCENE];
    const char *problem[DJ_GEN_NPROB];
    const char *metric[DJ_GEN_NMETRIC];
} dj__gen_industry;

extern const dj__gen_city dj__gen_cities[DJ_GEN_NCITIES];
extern const char *const dj__gen_zihao1[DJ_GEN_NZIHAO];
extern const char *const dj__gen_zihao2[DJ_GEN_NZIHAO];
extern const dj__gen_industry dj__gen_industries[DJ_GEN_NIND];

#endif
