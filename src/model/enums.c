/* enums.c - every enumeration of the schema with its Chinese name. The
 * English names are what the database stores (and its CHECK constraints
 * list); keep the two in step with src/store/migrations/. */
#include "duijie/dj_model.h"

#include <stdio.h>
#include <string.h>

#define ENUM(var, label, ...)                                \
    static const dj_enum_item var##_items[] = {__VA_ARGS__}; \
    const dj_enum var = {label, var##_items, (int)(sizeof var##_items / sizeof var##_items[0])}

ENUM(dj_enum_org_kind, "机构类型", {"enterprise", "企业"}, {"university", "高校"},
     {"institute", "科研院所"}, {"park", "园区"}, {"government", "政府"}, {"finance", "金融机构"},
     {"service", "服务机构"});
ENUM(dj_enum_side, "供需", {"supply", "供给"}, {"demand", "需求"});
ENUM(dj_enum_listing_kind, "类别", {"technology", "技术成果"}, {"patent", "专利"},
     {"product", "产品"}, {"solution", "解决方案"}, {"capability", "能力"},
     {"scenario", "应用场景"}, {"investment", "投融资"}, {"talent", "人才"});
/* Bit i of a listing's `modes` is item i: never reorder, only append. */
ENUM(dj_enum_mode, "合作方式", {"transfer", "转让"}, {"license", "许可"},
     {"co-development", "合作开发"}, {"service", "技术服务"}, {"equity", "入股"},
     {"investment", "投资"});
ENUM(dj_enum_status, "状态", {"draft", "草稿"}, {"published", "发布"}, {"closed", "关闭"});
ENUM(dj_enum_event_kind, "活动类型", {"brokerage", "对接会"}, {"conference", "大会"},
     {"fair", "洽谈会"}, {"promotion", "推介会"}, {"other", "其他"});
ENUM(dj_enum_role, "角色", {"visitor", "观众"}, {"exhibitor", "展商"}, {"presenter", "发布人"},
     {"organiser", "主办方"}, {"finance", "金融机构"});
ENUM(dj_enum_preference, "意愿", {"must", "必须"}, {"want", "希望"}, {"no", "不要"});
ENUM(dj_enum_request_status, "意向状态", {"pending", "待定"}, {"accepted", "接受"},
     {"declined", "拒绝"}, {"cancelled", "取消"});
ENUM(dj_enum_meeting_status, "洽谈状态", {"scheduled", "已安排"}, {"held", "已举行"},
     {"no-show", "缺席"}, {"cancelled", "取消"});
ENUM(dj_enum_stage, "阶段", {"lead", "线索"}, {"negotiating", "洽谈"}, {"signed", "签约"},
     {"started", "开工"}, {"producing", "投产"}, {"terminated", "终止"});
ENUM(dj_enum_update_kind, "动态类型", {"stage", "阶段"}, {"progress", "进度"}, {"increase", "增资"},
     {"investor", "变更投资方"}, {"correction", "更正"});
ENUM(dj_enum_deal_type, "签约类型", {"tech_development", "技术开发"}, {"tech_transfer", "技术转让"},
     {"tech_license", "技术许可"}, {"tech_consulting", "技术咨询"}, {"tech_service", "技术服务"},
     {"investment", "投资协议"}, {"framework", "框架协议"}, {"intent", "合作意向"});
ENUM(dj_enum_bool, "是否", {"no", "否"}, {"yes", "是"});
ENUM(dj_enum_session, "场次", {"morning", "上午"}, {"afternoon", "下午"}, {"evening", "晚上"});

static int ascii_caseeq(const char *a, const char *b, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y || y == 0)
            return 0;
    }
    return b[len] == '\0';
}

int dj_enum_find(const dj_enum *e, const char *s, size_t len)
{
    int i;
    for (i = 0; i < e->nitems; i++) {
        const char *zh = e->items[i].zh;
        if (ascii_caseeq(s, e->items[i].en, len) || (strlen(zh) == len && !memcmp(zh, s, len)))
            return i;
    }
    return -1;
}

const char *dj_enum_zh(const dj_enum *e, const char *en)
{
    int i;
    for (i = 0; i < e->nitems; i++)
        if (strcmp(e->items[i].en, en) == 0)
            return e->items[i].zh;
    return en;
}

void dj_enum_zh_list(const dj_enum *e, char *out, size_t cap)
{
    size_t w = 0;
    if (cap)
        out[0] = '\0';
    for (int i = 0; i < e->nitems; i++) {
        size_t n = strlen(e->items[i].zh) + (i ? 2 : 0);
        if (w + n + 1 > cap)
            break;
        w += (size_t)snprintf(out + w, cap - w, "%s%s", i ? ", " : "", e->items[i].zh);
    }
}
