/* event_slots.h - an event's meeting slots and pool tables as its import
 * row gives them, exhibitors' booths (labelled by the organisation's name),
 * and participants' 不可用时段 slot lists (src/app/, used by apply_events.c and
 * records.c; docs/import.md). */
#ifndef DJ_EVENT_SLOTS_H
#define DJ_EVENT_SLOTS_H

#include "app/app_int.h"
#include "util/buf.h"

#include <stdint.h>

/* The slot plan of an event row: morning and afternoon slots of `minutes`
 * on every day from start to end (NULL: start only); days is set by
 * dj__event_slots_check. */
typedef struct dj__event_slots {
    const char *start, *end;
    int64_t morning, afternoon, minutes, days;
} dj__event_slots;

/* Checks the plan (end not before start, the sessions fit the day, days x
 * slots a day within DJ_SCHED_MAX_SLOTS) and counts its days. Field errors
 * name the row's column (dj__rec_fail). */
int dj__event_slots_check(dj__event_slots *sl, const dj_rec *r, dj_diag *diag);

/* Writes event's slots 1..N as planned (day 1's morning, its afternoon,
 * day 2's morning, ...) and removes those an earlier import made beyond N;
 * refuses (a field error, nothing written by the caller's transaction) to
 * move a slot holding live meetings, or to remove one holding any meeting
 * or listed as unavailable by a participant. */
int dj__event_slots_write(dj_app *app, const dj_rec *r, int64_t event, const dj__event_slots *sl,
                          dj_diag *diag);

/* Pool tables T1..Ttables, removing those beyond (not exhibitors' booths);
 * refuses to remove one at which a live meeting sits, or to make T<k> when
 * an exhibitor named T<k> has its booth under that label. */
int dj__event_tables_write(dj_app *app, const dj_rec *r, int64_t event, int64_t tables,
                           dj_diag *diag);

/* A participant row of org (the record's 机构) in event: as an exhibitor
 * its booth is labelled by its name, which must not be a pool table's
 * label; as anything else it loses the booth it had, which must hold no
 * live meeting. Field errors name 机构 or 角色. */
int dj__event_booth_check(dj_app *app, const dj_rec *r, int64_t event, int64_t org, int exhibitor,
                          dj_diag *diag);

/* An organisation renamed: its booths (labelled by its name) take the new
 * name; DJ_EINVAL (field name) when an event already has a table so
 * labelled. */
int dj__event_booths_rename(dj_app *app, int64_t org, const char *name, dj_diag *diag);

/* The event's slot count. */
int64_t dj__event_slot_count(dj_app *app, int64_t event);

/* The slot numbers of a participant's 不可用时段: "3;4;11", with ranges
 * "1-6" (also 1~6, 1～6, 1－6). Returns how many items it has (0: empty),
 * with *lo and *hi the smallest and largest number, or -1 when it is not
 * such a list. With `out`, also writes it as single numbers (1;2;3;4;5;6;11,
 * what the timetable reads) - only after the caller checked *hi. */
int dj__slot_list(const char *un, int64_t *lo, int64_t *hi, dj_buf *out);

#endif
