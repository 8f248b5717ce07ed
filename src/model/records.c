/* records.c - the columns of every importable record type, in load order.
 * docs/import.md documents the same tables for people; keep them in step. */
#include "duijie/dj_model.h"

#include <stdint.h>

#include <string.h>

#define NAME_MAX_CHARS 200
#define BODY_MAX_CHARS 20000
#define LIST_MAX_CHARS 1000
#define TEXT_MAX_CHARS 500

#define TEXT(en, zh, req, max)                       \
    {                                                \
        en, zh, DJ_COL_TEXT, req, 0, max, NULL, NULL \
    }
#define INT(en, zh, req, lo, hi)                    \
    {                                               \
        en, zh, DJ_COL_INT, req, lo, hi, NULL, NULL \
    }
#define MONEY(en, zh, req)                          \
    {                                               \
        en, zh, DJ_COL_MONEY, req, 0, 0, NULL, NULL \
    }
#define HUND(en, zh)                                       \
    {                                                      \
        en, zh, DJ_COL_HUNDREDTHS, false, 0, 0, NULL, NULL \
    }
#define DATE(en, zh, req)                          \
    {                                              \
        en, zh, DJ_COL_DATE, req, 0, 0, NULL, NULL \
    }
#define ENUMC(en, zh, req, e)                    \
    {                                            \
        en, zh, DJ_COL_ENUM, req, 0, 0, &e, NULL \
    }
#define LIST(en, zh)                                              \
    {                                                             \
        en, zh, DJ_COL_LIST, false, 0, LIST_MAX_CHARS, NULL, NULL \
    }
#define REF(en, zh, req, t)                                 \
    {                                                       \
        en, zh, DJ_COL_REF, req, 0, NAME_MAX_CHARS, NULL, t \
    }
#define BOOL(en, zh)                                          \
    {                                                         \
        en, zh, DJ_COL_BOOL, false, 0, 1, &dj_enum_bool, NULL \
    }

static const dj_column org_cols[] = {
    TEXT("name", "名称", true, NAME_MAX_CHARS),
    ENUMC("kind", "类型", true, dj_enum_org_kind),
    {"uscc", "统一社会信用代码", DJ_COL_USCC, false, 0, 18, NULL, NULL},
    {"region", "地区", DJ_COL_REGION, true, 0, 6, NULL, NULL},
    TEXT("industry", "行业", false, 16),
    REF("park", "所属园区", false, "orgs"),
    TEXT("description", "简介", false, BODY_MAX_CHARS),
    TEXT("contact", "联系人", false, TEXT_MAX_CHARS),
};

static const dj_column listing_cols[] = {
    TEXT("code", "编号", false, 64),
    REF("org", "机构", true, "orgs"),
    ENUMC("side", "供需", true, dj_enum_side),
    ENUMC("kind", "类别", true, dj_enum_listing_kind),
    TEXT("title", "标题", true, NAME_MAX_CHARS),
    TEXT("body", "内容", true, BODY_MAX_CHARS),
    LIST("keywords", "关键词"),
    TEXT("industry", "行业", false, 16),
    LIST("tags", "标签"),
    INT("trl", "成熟度", false, 1, 9),
    {"modes", "合作方式", DJ_COL_MODES, false, 0, 0, &dj_enum_mode, NULL},
    MONEY("price_min", "价格下限", false),
    MONEY("price_max", "价格上限", false),
    {"region", "地区", DJ_COL_REGION, false, 0, 6, NULL, NULL},
    ENUMC("status", "状态", false, dj_enum_status),
};

static const dj_column event_cols[] = {
    TEXT("code", "编号", true, 64),
    TEXT("name", "名称", true, NAME_MAX_CHARS),
    ENUMC("kind", "类型", false, dj_enum_event_kind),
    REF("park", "主办园区", false, "orgs"),
    TEXT("venue", "地点", false, TEXT_MAX_CHARS),
    DATE("start_date", "开始日期", true),
    DATE("end_date", "结束日期", false),
    INT("morning_slots", "上午时段数", false, 0, 24),
    INT("afternoon_slots", "下午时段数", false, 0, 24),
    INT("slot_minutes", "时段分钟", false, 5, 240),
    INT("tables", "洽谈桌数", false, 0, 10000),
    TEXT("description", "简介", false, BODY_MAX_CHARS),
};

static const dj_column participant_cols[] = {
    REF("event", "活动", true, "events"),
    REF("org", "机构", true, "orgs"),
    TEXT("person", "联系人", false, TEXT_MAX_CHARS),
    ENUMC("role", "角色", false, dj_enum_role),
    INT("max_meetings", "最多洽谈", false, 0, 1000),
    LIST("unavailable", "不可用时段"),
    BOOL("checked_in", "签到"),
};

static const dj_column request_cols[] = {
    REF("event", "活动", true, "events"),
    REF("from", "发起方", true, "orgs"),
    REF("to", "对方", true, "orgs"),
    ENUMC("preference", "意愿", false, dj_enum_preference),
    ENUMC("status", "状态", false, dj_enum_request_status),
    REF("listing", "关联供需", false, "listings"),
    ENUMC("session", "场次", false, dj_enum_session),
    INT("slot", "指定时段", false, 1, 1000),
    REF("before", "先于", false, "orgs"),
};

static const dj_column meeting_cols[] = {
    INT("id", "编号", false, 1, INT64_MAX), /* the meeting's id, as exported: see apply_events.c */
    REF("event", "活动", true, "events"),
    REF("a", "甲方", true, "orgs"),
    REF("b", "乙方", true, "orgs"),
    INT("slot", "时段", true, 1, 1000),
    TEXT("table", "桌号", false, NAME_MAX_CHARS),
    BOOL("locked", "锁定"),
    ENUMC("status", "状态", false, dj_enum_meeting_status),
    INT("rating", "评分", false, 1, 5),
    REF("absent", "缺席方", false, "orgs"), /* of a no-show meeting: 甲方 or 乙方 */
};

static const dj_column project_cols[] = {
    TEXT("code", "编号", true, 64),
    TEXT("name", "名称", true, NAME_MAX_CHARS),
    REF("investor", "投资方", false, "orgs"),
    REF("park", "园区", true, "orgs"),
    TEXT("industry", "行业", false, 16),
    ENUMC("stage", "阶段", true, dj_enum_stage),
    MONEY("total_investment", "总投资", false),
    MONEY("completed_investment", "已完成投资", false),
    HUND("land_mu", "用地亩数"),
    HUND("floor_area", "建筑面积"),
    INT("jobs", "就业岗位", false, 0, 10000000),
    MONEY("annual_output", "年产值", false),
    TEXT("capacity", "产能", false, TEXT_MAX_CHARS),
    DATE("planned_start", "计划开工", false),
    DATE("planned_production", "计划投产", false),
    DATE("signed_on", "签约日期", false),
    DATE("started_on", "开工日期", false),
    DATE("producing_on", "投产日期", false),
    REF("event", "来源活动", false, "events"),
    TEXT("description", "简介", false, BODY_MAX_CHARS),
    INT("items", "项目个数", false, 1, 100000),
};

static const dj_column update_cols[] = {
    REF("project", "项目", true, "projects"),
    DATE("date", "日期", true),
    ENUMC("kind", "类型", true, dj_enum_update_kind),
    ENUMC("stage", "阶段", false, dj_enum_stage),
    MONEY("amount", "金额", false),
    REF("investor", "投资方", false, "orgs"),
    REF("event", "活动", false, "events"),
    TEXT("note", "说明", false, TEXT_MAX_CHARS),
    /* a correction (类型 更正): the corrected projects column, as written */
    TEXT("field", "字段", false, 64),
    TEXT("old_value", "原值", false, BODY_MAX_CHARS),
    TEXT("new_value", "新值", false, BODY_MAX_CHARS),
};

static const dj_column deal_cols[] = {
    TEXT("code", "编号", true, 64),
    ENUMC("type", "类型", true, dj_enum_deal_type),
    TEXT("title", "名称", true, NAME_MAX_CHARS),
    MONEY("amount", "金额", false),
    DATE("signed_on", "签约日期", true),
    REF("event", "活动", false, "events"),
    REF("project", "项目", false, "projects"),
    REF("party_a", "甲方", false, "orgs"),
    REF("party_b", "乙方", false, "orgs"),
    LIST("parties", "其他方"),
    LIST("listings", "关联供需"),
    INT("items", "份数", false, 1, 100000),
};

#define RT(var, name, zh, cols) \
    static const dj_record_type var = {name, zh, cols, (int)(sizeof cols / sizeof cols[0])}

RT(rt_orgs, "orgs", "机构", org_cols);
RT(rt_listings, "listings", "供需", listing_cols);
RT(rt_events, "events", "活动", event_cols);
RT(rt_participants, "participants", "参会", participant_cols);
RT(rt_requests, "requests", "洽谈意向", request_cols);
RT(rt_meetings, "meetings", "洽谈", meeting_cols);
RT(rt_projects, "projects", "项目", project_cols);
RT(rt_updates, "project_updates", "项目动态", update_cols);
RT(rt_deals, "deals", "签约", deal_cols);

const dj_record_type *const dj_record_types[] = {
    &rt_orgs,     &rt_listings, &rt_events,  &rt_participants, &rt_requests,
    &rt_meetings, &rt_projects, &rt_updates, &rt_deals,
};
const int dj_nrecord_types = (int)(sizeof dj_record_types / sizeof dj_record_types[0]);

const dj_record_type *dj_record_type_find(const char *name)
{
    int i;
    for (i = 0; i < dj_nrecord_types; i++)
        if (strcmp(dj_record_types[i]->name, name) == 0 ||
            strcmp(dj_record_types[i]->zh, name) == 0)
            return dj_record_types[i];
    return NULL;
}

int dj_record_column(const dj_record_type *t, const char *h, size_t len)
{
    int i;
    for (i = 0; i < t->ncols; i++) {
        const dj_column *c = &t->cols[i];
        size_t k, n = strlen(c->en);
        int eq = n == len;
        for (k = 0; eq && k < len; k++) {
            unsigned char x = (unsigned char)h[k];
            if (x >= 'A' && x <= 'Z')
                x = (unsigned char)(x + 32);
            eq = x == (unsigned char)c->en[k];
        }
        if (eq || (strlen(c->zh) == len && memcmp(c->zh, h, len) == 0))
            return i;
    }
    return -1;
}
