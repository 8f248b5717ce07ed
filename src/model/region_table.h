/* region_table.h - the generated GB/T 2260 table (build/generated/region_table.c). */
#ifndef DJ_REGION_TABLE_H
#define DJ_REGION_TABLE_H

typedef struct dj_region_entry {
    const char *code; /* six digits */
    const char *name; /* e.g. "柳州市" */
} dj_region_entry;

extern const dj_region_entry dj_region_table[]; /* sorted by code */
extern const unsigned dj_region_count;

#endif
