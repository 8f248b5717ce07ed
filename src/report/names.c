/* names.c - the database spellings and Chinese names of the report enums,
 * and their parsers. The tables here are the single source of the spellings
 * used by the CHECK constraints of src/store/migrations/002 and 003. */
#include "duijie/dj_report.h"

#include <string.h>

static const char *const stage_db[DJ_STAGE_COUNT] = {"lead",    "negotiating", "signed",
                                                     "started", "producing",   "terminated"};
static const char *const stage_cn[DJ_STAGE_COUNT] = {"线索", "洽谈", "签约",
                                                     "开工", "投产", "终止"};
static const char *const kind_db[] = {"stage", "progress", "increase", "investor", "correction"};
static const char *const deal_db[DJ_DEAL_TYPE_COUNT] = {
    "tech_development", "tech_transfer", "tech_license", "tech_consulting",
    "tech_service",     "investment",    "framework",    "intent"};
static const char *const deal_cn[DJ_DEAL_TYPE_COUNT] = {
    "技术开发合同", "技术转让合同", "技术许可合同", "技术咨询合同",
    "技术服务合同", "投资协议",     "框架协议",     "合作意向"};
/* Short Chinese names accepted on input (without 合同). */
static const char *const deal_cn_short[DJ_DEAL_TYPE_COUNT] = {
    "技术开发", "技术转让", "技术许可", "技术咨询", "技术服务", "投资协议", "框架协议", "合作意向"};
static const char *const request_db[] = {"pending", "accepted", "declined", "cancelled"};
static const char *const meeting_db[] = {"scheduled", "held", "no-show", "cancelled"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int lookup(int *out, const char *const *tab, size_t n, const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (strlen(tab[i]) == len && memcmp(tab[i], s, len) == 0) {
            *out = (int)i;
            return DJ_OK;
        }
    }
    return DJ_EINVAL;
}

int dj_report_stage_parse(int *out, const char *s, size_t len)
{
    if (lookup(out, stage_db, COUNT(stage_db), s, len) == DJ_OK)
        return DJ_OK;
    return lookup(out, stage_cn, COUNT(stage_cn), s, len);
}

int dj_report_update_kind_parse(int *out, const char *s, size_t len)
{
    return lookup(out, kind_db, COUNT(kind_db), s, len);
}

int dj_report_deal_type_parse(int *out, const char *s, size_t len)
{
    if (lookup(out, deal_db, COUNT(deal_db), s, len) == DJ_OK)
        return DJ_OK;
    if (lookup(out, deal_cn, COUNT(deal_cn), s, len) == DJ_OK)
        return DJ_OK;
    return lookup(out, deal_cn_short, COUNT(deal_cn_short), s, len);
}

int dj_report_request_status_parse(int *out, const char *s, size_t len)
{
    return lookup(out, request_db, COUNT(request_db), s, len);
}

int dj_report_meeting_status_parse(int *out, const char *s, size_t len)
{
    return lookup(out, meeting_db, COUNT(meeting_db), s, len);
}

const char *dj_report_stage_name(int stage)
{
    return stage >= 0 && stage < DJ_STAGE_COUNT ? stage_db[stage] : "?";
}

const char *dj_report_stage_name_cn(int stage)
{
    return stage >= 0 && stage < DJ_STAGE_COUNT ? stage_cn[stage] : "?";
}

const char *dj_report_deal_type_name(int type)
{
    return type >= 0 && type < DJ_DEAL_TYPE_COUNT ? deal_db[type] : "?";
}

const char *dj_report_deal_type_name_cn(int type)
{
    return type >= 0 && type < DJ_DEAL_TYPE_COUNT ? deal_cn[type] : "?";
}
