/* report_int.h - private declarations shared by the files of src/report/.
 *
 * Dates inside the engine are ints yyyymmdd (20240531): they compare like
 * the dates they stand for, 0 means "none", and DJ__REPORT_DATE_MAX stands
 * for an unbounded period end. Only valid calendar dates are ever stored. */
#ifndef DJ_REPORT_INT_H
#define DJ_REPORT_INT_H

#include "duijie/dj_report.h"

#include <stdint.h>

#define DJ__REPORT_DATE_MAX 99991231

/* Parses 'YYYY-MM-DD' (exactly 10 bytes then NUL, years 1000-9999, a real
 * calendar day). s NULL gives *out = 0 and DJ_OK. Returns DJ_OK or DJ_EINVAL. */
int dj__report_date_parse(int *out, const char *s);
/* Writes ymd as 'YYYY-MM-DD' into out[11]; ymd 0 writes "". */
void dj__report_date_str(char out[11], int ymd);
/* Days since 1970-01-01 for a valid ymd, and back. */
long dj__report_days(int ymd);
int dj__report_from_days(long days);
int dj__report_days_in_month(int y, int m);
/* Same day one year earlier; Feb 29 and month ends map to the month end. */
int dj__report_minus_year(int ymd, int keep_month_end);

/* The dated life of one project, derived from its row and its updates. */
typedef struct dj__report_tl {
    int signed_on;     /* first signing (signed_on, or the first stage update
                          to signed or beyond, or started_on/producing_on) */
    int started_on;    /* first start, same way */
    int producing_on;  /* first production */
    int terminated_on; /* first termination; a terminated project with no
                          dated termination counts from its last dated stage */
    int planned_start, planned_production;
    int64_t sign_event;  /* event of the first signing among the row and the
                            stage updates, 0 = none (deals are added by compute) */
    int sign_event_date; /* its date */
    int64_t increases;   /* sum of capital increases (fen) */
} dj__report_tl;

/* Builds the timeline of p from its row and the rows of upd[0..n) whose
 * project_id is p->id (others are skipped). Validates p's dates, stage and
 * amounts and those updates. Returns DJ_OK, DJ_EINVAL or DJ_ELIMIT (diag). */
int dj__report_timeline(dj__report_tl *t, const dj_report_project *p, const dj_report_update *upd,
                        size_t n, dj_diag *diag);
/* Late flags of a timeline as of day as_of. */
unsigned dj__report_late_flags(const dj__report_tl *t, int as_of);

#endif
