/* helper_report.c - builders of input rows; see helper_report.h. */
#include "helper_report.h"

#include <string.h>

dj_report_project th_project(int64_t id, int64_t park, int stage, int64_t total,
                             const char *signed_on)
{
    dj_report_project p;
    memset(&p, 0, sizeof p);
    p.id = id;
    p.park_id = park;
    p.stage = stage;
    p.total_investment = total;
    p.land_mu = p.floor_area = p.jobs = p.annual_output = DJ_REPORT_NULL;
    p.signed_on = signed_on;
    return p;
}

dj_report_update th_update(int64_t id, int64_t project, const char *on, int kind, int stage,
                           int64_t amount, int64_t event)
{
    dj_report_update u;
    memset(&u, 0, sizeof u);
    u.id = id;
    u.project_id = project;
    u.on_date = on;
    u.kind = kind;
    u.stage = stage;
    u.amount = amount;
    u.event_id = event;
    return u;
}

dj_report_deal th_deal(int64_t id, int type, int64_t amount, const char *signed_on, int64_t event,
                       int64_t project, int64_t park)
{
    dj_report_deal d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.type = type;
    d.amount = amount;
    d.signed_on = signed_on;
    d.event_id = event;
    d.project_id = project;
    d.park_id = park;
    return d;
}

int64_t th_wan_h(int64_t h)
{
    return h * 10000; /* 0.01 万元 = 100 元 = 10000 fen */
}

int64_t th_yi_h(int64_t h)
{
    return h * 100000000; /* 0.01 亿元 = 100 万元 = 10^8 fen */
}
