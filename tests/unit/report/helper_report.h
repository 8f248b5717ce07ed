/* helper_report.h - builders of small hand-made input rows for the report
 * engine tests. Every builder fills the nullable fields with NULL /
 * DJ_REPORT_NULL, so a test states only what it is about. */
#ifndef DJ_TEST_HELPER_REPORT_H
#define DJ_TEST_HELPER_REPORT_H

#include "duijie/dj_report.h"

/* A project of park `park` at stage `stage`, total investment in fen (or
 * DJ_REPORT_NULL), signed on `signed_on` (or NULL). */
dj_report_project th_project(int64_t id, int64_t park, int stage, int64_t total,
                             const char *signed_on);
dj_report_update th_update(int64_t id, int64_t project, const char *on, int kind, int stage,
                           int64_t amount, int64_t event);
dj_report_deal th_deal(int64_t id, int type, int64_t amount, const char *signed_on, int64_t event,
                       int64_t project, int64_t park);
/* yuan * 100 and 万元 * 10^6 as fen, exactly (w is in hundredths of 万). */
int64_t th_wan_h(int64_t hundredths_of_wan);
int64_t th_yi_h(int64_t hundredths_of_yi);

#endif
