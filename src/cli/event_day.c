/* event_day.c - `duijie event publish`, `mark` and `checkin`: what an
 * organiser does once the timetable exists - sends it (publish: later
 * re-plans keep and cancel rather than move and delete) and records the day
 * (mark: held, no-show, cancelled, locked, rated; checkin: who arrived, and
 * their sheet of meetings). The rules live in src/app/events_publish.c,
 * events_mark.c and events_checkin.c; this file parses and prints. */
#include "cli/event_day.h"

#include "app/app_events.h"
#include "cli/cli.h"
#include "cli/cli_app.h"
#include "cli/cli_record_text.h"
#include "util/buf.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_publish[] =
    "usage: duijie event publish EVENT [--undo] [--json] [--db PATH]\n"
    "Marks the timetable of EVENT (code or id) as sent to its participants. From\n"
    "then on `duijie event schedule` keeps every scheduled meeting unless told\n"
    "otherwise (--fill-only is its default), and a meeting any re-plan drops is\n"
    "cancelled, not deleted, so that calendars fed the ICS remove it.\n"
    "  --undo   back to a draft (published by mistake)\n"
    "  --json   print {\"event\",\"published\",\"published_at\"}\n";

static const char usage_checkin[] =
    "usage: duijie event checkin EVENT PARTICIPANT [--undo] [--json] [--db PATH]\n"
    "Records that PARTICIPANT (organisation name, or participant id) of EVENT\n"
    "(code or id) has arrived (签到; the event's report counts them), and prints\n"
    "its meetings, the sheet a check-in desk hands out.\n"
    "  --undo   it had not arrived after all\n"
    "  --json   print {\"event\",\"participant_id\",\"org\",\"checked_in\",\"meetings\"}\n";

static const char usage_mark[] =
    "usage: duijie event mark EVENT MEETING|PARTICIPANT PARTICIPANT\n"
    "                 [--held|--no-show|--absent WHO|--cancelled|--scheduled]\n"
    "                 [--lock|--unlock] [--rating 1-5] [--json] [--db PATH]\n"
    "Records what happened to a meeting of EVENT (code or id), named by its number\n"
    "(as `event show --json` and `export meetings` give it) or by its two\n"
    "participants (org names or participant ids; the pair's meeting that is not\n"
    "cancelled): held (已举行), no-show (缺席), cancelled (取消) or scheduled\n"
    "again; locked so re-plans keep it; rated 1-5. Checked and audited like a\n"
    "meetings import row: a cancelled meeting brought back may not double-book a\n"
    "party or a table. Prints the meeting.\n"
    "  --absent WHO  a no-show, and who missed it (缺席方: one of the two, by org\n"
    "                name or participant id); --no-show alone records no one\n";

/* The command line publish and checkin share: [--undo] [--json] [--db
 * PATH] and nargs positional arguments (*args), then the app opened.
 * Returns -1 to go on (*app open), else the exit code to return (--help,
 * a usage error, or the database could not be opened). */
const struct option dj_cli_event_undo_opts[] = {{"undo", no_argument, NULL, 'u'},
                                                {"json", no_argument, NULL, 'j'},
                                                {"db", required_argument, NULL, 'd'},
                                                {"help", no_argument, NULL, 'h'},
                                                {NULL, 0, NULL, 0}};

const struct option dj_cli_event_mark_opts[] = {
    {"held", no_argument, NULL, 'H'},         {"no-show", no_argument, NULL, 'N'},
    {"cancelled", no_argument, NULL, 'C'},    {"scheduled", no_argument, NULL, 'S'},
    {"lock", no_argument, NULL, 'l'},         {"unlock", no_argument, NULL, 'u'},
    {"rating", required_argument, NULL, 'r'}, {"absent", required_argument, NULL, 'A'},
    {"json", no_argument, NULL, 'j'},         {"db", required_argument, NULL, 'd'},
    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};

static int undo_command(int argc, char **argv, const char *usage, int nargs, const char *need,
                        int *undo, int *json, char ***args, dj_app **app, dj_diag *d)
{
    const char *db = NULL;
    int c;

    *undo = *json = 0;
    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", dj_cli_event_undo_opts, NULL)) != -1) {
        switch (c) {
        case 'u':
            *undo = 1;
            break;
        case 'j':
            *json = 1;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("event", argc, argv);
        }
    }
    if (optind + nargs != argc)
        return dj_cli_usage_error("event", "%s", need);
    *args = argv + optind;
    dj_diag_clear(d);
    if (dj_cli_open(app, "event", db, *json, d) < 0)
        return DJ_EXIT_FAIL;
    return -1;
}

int dj_cli_event_publish(int argc, char **argv)
{
    const char *event;
    char **args = NULL;
    dj_app *app = NULL;
    char at[32];
    dj_diag d;
    dj_buf out;
    int rc, json, undo;

    if ((rc = undo_command(argc, argv, usage_publish, 1,
                           "publish needs exactly one EVENT (code or id)", &undo, &json, &args,
                           &app, &d)) >= 0)
        return rc;
    event = args[0];
    rc = dj_app_event_publish(app, event, undo, at, &d);
    dj_app_close(app);
    if (rc < 0)
        return dj_cli_finish("event", rc, &d, json);
    dj_buf_init(&out, 0);
    if (json) {
        dj_buf_puts(&out, "{\"event\":");
        dj_buf_json_str(&out, event, strlen(event));
        if (undo)
            dj_buf_puts(&out, ",\"published\":false,\"published_at\":null}\n");
        else
            dj_buf_printf(&out, ",\"published\":true,\"published_at\":\"%s\"}\n", at);
    } else if (undo)
        dj_buf_printf(&out, "event %s is a draft again: re-plans may move and delete meetings\n",
                      event);
    else
        dj_buf_printf(&out,
                      "event %s published at %s: re-plans keep every scheduled meeting "
                      "(--fill-only) and cancel the ones they drop\n",
                      event, at);
    rc = dj_cli_write_buf(NULL, &out, &d);
    dj_buf_fini(&out);
    return dj_cli_finish("event", rc, &d, 0);
}

int dj_cli_event_mark(int argc, char **argv)
{
    dj_app_meeting_change ch = {NULL, -1, 0, NULL};
    const char *db = NULL;
    dj_app *app = NULL;
    int64_t id = 0;
    double rating;
    dj_diag d;
    dj_buf out;
    int c, rc, json = 0;

    dj_cli_getopt_reset();
    while ((c = getopt_long(argc, argv, "", dj_cli_event_mark_opts, NULL)) != -1) {
        const char *status = c == 'H'               ? "held"
                             : c == 'N' || c == 'A' ? "no-show"
                             : c == 'C'             ? "cancelled"
                             : c == 'S'             ? "scheduled"
                                                    : NULL;
        if (status && ch.status && strcmp(ch.status, status))
            return dj_cli_usage_error("event", "--held, --no-show (or --absent), --cancelled and "
                                               "--scheduled exclude each other");
        if ((c == 'l' && ch.locked == 0) || (c == 'u' && ch.locked == 1))
            return dj_cli_usage_error("event", "--lock and --unlock exclude each other");
        switch (c) {
        case 'H':
        case 'N':
        case 'C':
        case 'S':
            ch.status = status;
            break;
        case 'A':
            ch.status = status;
            ch.absent = optarg;
            break;
        case 'l':
        case 'u':
            ch.locked = c == 'l';
            break;
        case 'r':
            if (dj_cli_number(&rating, optarg, 1, 5) < 0 || rating != (int)rating)
                return dj_cli_usage_error("event", "--rating takes a whole number 1..5");
            ch.rating = (int)rating;
            break;
        case 'j':
            json = 1;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(usage_mark, stdout);
            return DJ_EXIT_OK;
        default:
            return dj_cli_unknown_option("event", argc, argv);
        }
    }
    if (optind + 2 != argc && optind + 3 != argc)
        return dj_cli_usage_error("event", "mark needs an EVENT (code or id) and a MEETING number, "
                                           "or the meeting's two participants");
    if (optind + 2 == argc && (id = dj_cli_id(argv[optind + 1])) < 0)
        return dj_cli_usage_error("event", "MEETING is a meeting number (a positive integer)");
    if (!ch.status && ch.locked < 0 && !ch.rating)
        return dj_cli_usage_error("event", "mark needs a status, --lock/--unlock or --rating");
    dj_diag_clear(&d);
    if (dj_cli_open(&app, "event", db, json, &d) < 0)
        return DJ_EXIT_FAIL;
    dj_buf_init(&out, 0);
    rc = optind + 3 == argc ? dj_app_meeting_of_pair(app, argv[optind], argv[optind + 1],
                                                     argv[optind + 2], &id, &d)
                            : DJ_OK;
    if (rc == DJ_OK && (rc = dj_app_meeting_mark(app, argv[optind], id, &ch, &d)) == DJ_OK)
        rc = dj_app_get_json(app, "meetings", id, &out, &d);
    dj_app_close(app);
    if (rc == DJ_OK && json) {
        dj_buf_putc(&out, '\n');
        rc = dj_buf_rc(&out) < 0 ? dj_buf_rc(&out) : dj_cli_write_buf(NULL, &out, &d);
    } else if (rc == DJ_OK && dj_cli_print_records("meetings", dj_buf_cstr(&out)) < 0)
        rc = dj_diag_set(&d, DJ_EIO, "the meeting was changed, but could not be printed");
    dj_buf_fini(&out);
    return dj_cli_finish("event", rc, &d, json);
}

int dj_cli_event_checkin(int argc, char **argv)
{
    const char *event, *who;
    char **args = NULL;
    dj_app *app = NULL;
    dj_app_checkin ci;
    dj_diag d;
    dj_buf out, sheet;
    int rc, json, undo;

    if ((rc = undo_command(argc, argv, usage_checkin, 2,
                           "checkin needs an EVENT and a PARTICIPANT (org name or id)", &undo,
                           &json, &args, &app, &d)) >= 0)
        return rc;
    event = args[0];
    who = args[1];
    dj_buf_init(&out, 0);
    dj_buf_init(&sheet, 0);
    rc = dj_app_event_checkin(app, event, who, undo, &ci, json ? NULL : &sheet, &d);
    dj_app_close(app);
    if (rc == DJ_OK && json) {
        dj_buf_puts(&out, "{\"event\":");
        dj_buf_json_str(&out, event, strlen(event));
        dj_buf_printf(&out, ",\"participant_id\":%lld,\"org\":", (long long)ci.participant_id);
        dj_buf_json_str(&out, ci.org, strlen(ci.org));
        dj_buf_printf(&out, ",\"checked_in\":%s,\"meetings\":%d}\n", undo ? "false" : "true",
                      ci.meetings);
    } else if (rc == DJ_OK) {
        dj_buf_printf(&out, "%s %s (participant #%lld); %d meetings in its timetable\n", ci.org,
                      undo ? "is no longer checked in" : "checked in", (long long)ci.participant_id,
                      ci.meetings);
        dj_buf_append(&out, dj_buf_cstr(&sheet), dj_buf_len(&sheet));
    }
    if (rc == DJ_OK && (rc = dj_buf_rc(&sheet)) == DJ_OK)
        rc = dj_buf_rc(&out) < 0 ? dj_buf_rc(&out) : dj_cli_write_buf(NULL, &out, &d);
    dj_buf_fini(&sheet);
    dj_buf_fini(&out);
    return dj_cli_finish("event", rc, &d, json);
}
