/* agenda.c - agendas of a solved timetable as text, HTML, CSV or iCalendar.
 *
 * Pure functions: names, ids and slot times come from the caller
 * (dj_sched_names); output goes to a dj_buf whose sticky error is returned.
 * ICS follows RFC 5545: CRLF line ends, content lines folded at 75 octets
 * (never inside a UTF-8 sequence), TEXT values escaped and stripped of the
 * control characters RFC 5545 forbids (all but HTAB), one VEVENT per
 * meeting whose UID is derived from the event id and the two participant
 * ids (so a re-import updates the entry instead of duplicating it; the k-th
 * meeting of one pair gets a "-k" suffix, live ones numbered before
 * cancelled ones), cancelled meetings (names.cancelled) as STATUS:CANCELLED
 * so that a re-import removes them, the others CONFIRMED, or TENTATIVE while
 * the timetable is a draft (names.tentative), DTSTAMP and SEQUENCE from the caller
 * (a later export carries a higher SEQUENCE, for clients that compare it to
 * tell an update of a known UID), DTSTART/DTEND with TZID plus a
 * fixed-offset VTIMEZONE, or UTC. */
#include "duijie/dj_sched.h"

#include "sched/sched_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct item {
    int r, slot;
    int cancelled;    /* ICS only: a cancelled meeting, STATUS:CANCELLED */
    int rep;          /* ICS only: 0 for a pair's first meeting, k - 1 for its k-th (UID "-k") */
    long long lo, hi; /* the pair's participant ids, lo < hi */
} item;

static const char *pname(const dj_sched_names *n, int p, char *tmp, size_t cap)
{
    if (n && n->participant && n->participant[p])
        return n->participant[p];
    snprintf(tmp, cap, "Participant %d", p + 1);
    return tmp;
}

static long long pid(const dj_sched_names *n, int p)
{
    return (n && n->participant_id) ? n->participant_id[p] : (long long)p + 1;
}

static const char *tlabel(const dj_sched *m, const dj_sched_names *n, int t, char *tmp, size_t cap)
{
    if (t < 0) {
        snprintf(tmp, cap, "-");
        return tmp;
    }
    if (n && n->table_label && n->table_label[t])
        return n->table_label[t];
    if (t < m->ntables) {
        snprintf(tmp, cap, "Table %d", t + 1);
    } else {
        int p;
        for (p = 0; p < m->np; p++)
            if (m->booth[p] == t - m->ntables)
                break;
        snprintf(tmp, cap, "Booth %d", p + 1);
    }
    return tmp;
}

/* Where participant q meets partner o at table t, as a person reads it in
 * their own agenda: a booth is "本方展位" (q's own) or "对方展位" (o's; an
 * exhibitor's meetings happen at its booth, so it is one of the two, but
 * for a meeting kept where it was held, at a third party's booth); any
 * other table by its label. Files meant for other tools (CSV, iCalendar)
 * keep the label itself, which is also what an import of meetings names. */
static const char *place_for(const dj_sched *m, const dj_sched_names *n, int t, int q, int o,
                             char *tmp, size_t cap)
{
    if (t >= m->ntables && m->booth[q] == t - m->ntables)
        return "本方展位";
    if (t >= m->ntables && m->booth[o] == t - m->ntables)
        return "对方展位";
    return tlabel(m, n, t, tmp, cap);
}

/* "YYYY-MM-DDTHH:MM" -> "YYYYMMDDTHHMM00"; 0 on success */
static int ics_time(char out[16], const char *s)
{
    static const int digits[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15};
    size_t i;
    if (!s || strlen(s) < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
        s[13] != ':')
        return -1;
    for (i = 0; i < sizeof digits / sizeof digits[0]; i++)
        if (s[digits[i]] < '0' || s[digits[i]] > '9')
            return -1;
    memcpy(out, s, 4);
    memcpy(out + 4, s + 5, 2);
    memcpy(out + 6, s + 8, 2);
    out[8] = 'T';
    memcpy(out + 9, s + 11, 2);
    memcpy(out + 11, s + 14, 2);
    out[13] = '0';
    out[14] = '0';
    out[15] = '\0';
    return 0;
}

static const char *hhmm(const char *s)
{
    return (s && strlen(s) >= 16) ? s + 11 : (s ? s : "");
}

void dj_sched_slot_label(char *out, const char *start, const char *end, int with_date)
{
    if (with_date && start && strlen(start) >= 16)
        snprintf(out, DJ_SCHED_SLOT_LABEL, "%.5s %.5s-%.5s", start + 5, hhmm(start), hhmm(end));
    else
        snprintf(out, DJ_SCHED_SLOT_LABEL, "%.20s-%.20s", hhmm(start), hhmm(end));
}

/* Do the slots span more than one date? */
static int several_days(const dj_sched *m, const dj_sched_names *n)
{
    for (int t = 1; t < m->ns; t++)
        if (strncmp(n->slot_start[t], n->slot_start[0], 10) != 0)
            return 1;
    return 0;
}

static void html_esc(dj_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            dj_buf_puts(b, "&lt;");
            break;
        case '>':
            dj_buf_puts(b, "&gt;");
            break;
        case '&':
            dj_buf_puts(b, "&amp;");
            break;
        case '"':
            dj_buf_puts(b, "&quot;");
            break;
        default:
            dj_buf_putc(b, *s);
        }
    }
}

/* 1 when s is apostrophes and then a character a spreadsheet reads as the
 * start of a formula (=, +, -, @, TAB, CR): the rule of the CSV exports
 * (src/model/csv.c, which sched/ does not link). */
static int formula_like(const char *s)
{
    while (*s == '\'')
        s++;
    return *s && strchr("=+-@\t\r", *s) != NULL;
}

/* s as a CSV field: RFC 4180 quoting, and an apostrophe before a value a
 * spreadsheet would run as a formula (an organisation named
 * "=HYPERLINK(...)" or "-2+3公司"), as the CSV exports write it. */
static void csv_field(dj_buf *b, const char *s)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        dj_buf_putc(b, '"');
    if (formula_like(s))
        dj_buf_putc(b, '\'');
    if (!quote) {
        dj_buf_puts(b, s);
        return;
    }
    for (; *s; s++) {
        if (*s == '"')
            dj_buf_putc(b, '"');
        dj_buf_putc(b, *s);
    }
    dj_buf_putc(b, '"');
}

/* A control character RFC 5545 forbids in a value: U+0000-U+001F but
 * HTAB, and U+007F (its CONTROL rule). CR and LF are handled by the
 * callers (escaped as "\n" in TEXT). */
static int ics_ctl(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == 0x7F;
}

/* s as a TEXT value: escaped, CR dropped, LF as "\n", and every other
 * control character dropped (a name pasted from a spreadsheet may hold
 * them; a calendar would refuse the file). */
static void ics_text(dj_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\':
            dj_buf_puts(b, "\\\\");
            break;
        case ';':
            dj_buf_puts(b, "\\;");
            break;
        case ',':
            dj_buf_puts(b, "\\,");
            break;
        case '\n':
            dj_buf_puts(b, "\\n");
            break;
        case '\r':
            break;
        default:
            if (!ics_ctl((unsigned char)*s))
                dj_buf_putc(b, *s);
        }
    }
}

/* s as the time zone id (TZID property, which the TZID= parameters must
 * match): copied, control characters and DQUOTE (ics_param) dropped. */
static void ics_plain(dj_buf *b, const char *s)
{
    for (; *s; s++)
        if (!ics_ctl((unsigned char)*s) && *s != '"')
            dj_buf_putc(b, *s);
}

/* s as a parameter value (TZID=...): DQUOTEd when it holds ; : or , (RFC
 * 5545 paramtext allows none of them), and a DQUOTE, never allowed, dropped */
static void ics_param(dj_buf *b, const char *s)
{
    int quote = strpbrk(s, ";:,") != NULL;
    if (quote)
        dj_buf_putc(b, '"');
    ics_plain(b, s);
    if (quote)
        dj_buf_putc(b, '"');
}

/* emits the content line in `line` folded at 75 octets, ending in CRLF */
static void ics_emit(dj_buf *out, dj_buf *line)
{
    const char *s = dj_buf_cstr(line);
    size_t len = dj_buf_len(line), pos = 0, lim = 75;
    while (len - pos > lim) {
        size_t cut = pos + lim;
        while (cut > pos && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--; /* do not split a UTF-8 sequence */
        if (cut == pos)
            cut = pos + lim; /* not UTF-8: cut anyway rather than loop */
        dj_buf_append(out, s + pos, cut - pos);
        dj_buf_puts(out, "\r\n ");
        pos = cut;
        lim = 74; /* the leading space counts */
    }
    dj_buf_append(out, s + pos, len - pos);
    dj_buf_puts(out, "\r\n");
    dj_buf_reset(line);
}

static int cmp_item(const void *x, const void *y)
{
    const item *a = x, *b = y;
    if (a->slot != b->slot)
        return a->slot - b->slot;
    return a->r - b->r;
}

/* Pair, then live before cancelled, then slot order. */
static int cmp_pair(const void *x, const void *y)
{
    const item *a = x, *b = y;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    if (a->hi != b->hi)
        return a->hi < b->hi ? -1 : 1;
    if (a->cancelled != b->cancelled)
        return a->cancelled - b->cancelled;
    return cmp_item(a, b);
}

/* Numbers the meetings of each pair for their UIDs: the live ones first in
 * slot order, then the cancelled ones. A pair's live meeting so keeps the UID
 * its calendar entry already has, and a cancelled one carries a UID beyond
 * them: when the first of two meetings is cancelled, the live one takes the
 * first UID (its entry moves) and the cancelled one the second (that entry
 * goes). Leaves it in slot order. */
static void number_pairs(item *it, int n)
{
    int i;
    qsort(it, (size_t)n, sizeof *it, cmp_pair);
    for (i = 0; i < n; i++)
        it[i].rep =
            i > 0 && it[i - 1].lo == it[i].lo && it[i - 1].hi == it[i].hi ? it[i - 1].rep + 1 : 0;
    qsort(it, (size_t)n, sizeof *it, cmp_item);
}

static int render_ics(dj_buf *out, const dj_sched *m, const int *slot, const int *table,
                      const dj_sched_names *n, int p, const item *it, int nit)
{
    dj_buf line;
    char t1[16], t2[16], tmp[64], tmp2[64], tmp3[64];
    int i;

    dj_buf_init(&line, 1 << 20);
    dj_buf_puts(&line, "BEGIN:VCALENDAR");
    ics_emit(out, &line);
    dj_buf_puts(&line, "VERSION:2.0");
    ics_emit(out, &line);
    dj_buf_puts(&line, "PRODID:-//duijie//sched 0.1//ZH");
    ics_emit(out, &line);
    dj_buf_puts(&line, "CALSCALE:GREGORIAN");
    ics_emit(out, &line);
    dj_buf_puts(&line, "METHOD:PUBLISH");
    ics_emit(out, &line);
    if (n->tzid) {
        int off = n->utc_offset_min, a = off < 0 ? -off : off;
        char o[8];
        snprintf(o, sizeof o, "%c%02d%02d", off < 0 ? '-' : '+', (a / 60) % 100, a % 60);
        dj_buf_puts(&line, "BEGIN:VTIMEZONE");
        ics_emit(out, &line);
        dj_buf_puts(&line, "TZID:");
        ics_plain(&line, n->tzid); /* the value: the TZID= parameters below quote it */
        ics_emit(out, &line);
        dj_buf_puts(&line, "BEGIN:STANDARD");
        ics_emit(out, &line);
        dj_buf_puts(&line, "DTSTART:19700101T000000");
        ics_emit(out, &line);
        dj_buf_printf(&line, "TZOFFSETFROM:%s", o);
        ics_emit(out, &line);
        dj_buf_printf(&line, "TZOFFSETTO:%s", o);
        ics_emit(out, &line);
        dj_buf_puts(&line, "END:STANDARD");
        ics_emit(out, &line);
        dj_buf_puts(&line, "END:VTIMEZONE");
        ics_emit(out, &line);
    }
    for (i = 0; i < nit; i++) {
        int r = it[i].r, s = it[i].slot, a = m->ra[r], b = m->rb[r];
        if (ics_time(t1, n->slot_start[s]) || ics_time(t2, n->slot_end[s])) {
            dj_buf_fini(&line);
            return DJ_EINVAL;
        }
        dj_buf_puts(&line, "BEGIN:VEVENT");
        ics_emit(out, &line);
        dj_buf_printf(&line, "UID:dj-e%lld-p%lld-p%lld", n->event_id, it[i].lo, it[i].hi);
        if (it[i].rep)
            dj_buf_printf(&line, "-%d", it[i].rep + 1);
        dj_buf_printf(&line, "@%s", n->uid_host ? n->uid_host : "duijie");
        ics_emit(out, &line);
        dj_buf_printf(&line, "DTSTAMP:%s", n->dtstamp ? n->dtstamp : "19700101T000000Z");
        ics_emit(out, &line);
        dj_buf_printf(&line, "SEQUENCE:%lld", n->sequence);
        ics_emit(out, &line);
        if (n->tzid) {
            dj_buf_puts(&line, "DTSTART;TZID=");
            ics_param(&line, n->tzid);
            dj_buf_printf(&line, ":%s", t1);
            ics_emit(out, &line);
            dj_buf_puts(&line, "DTEND;TZID=");
            ics_param(&line, n->tzid);
            dj_buf_printf(&line, ":%s", t2);
        } else {
            dj_buf_printf(&line, "DTSTART:%sZ", t1);
            ics_emit(out, &line);
            dj_buf_printf(&line, "DTEND:%sZ", t2);
        }
        ics_emit(out, &line);
        dj_buf_puts(&line, "SUMMARY:");
        if (p >= 0) {
            dj_buf_puts(&line, "对接: ");
            ics_text(&line, pname(n, a == p ? b : a, tmp, sizeof tmp));
        } else {
            dj_buf_puts(&line, "对接: ");
            ics_text(&line, pname(n, a, tmp, sizeof tmp));
            dj_buf_puts(&line, " / ");
            ics_text(&line, pname(n, b, tmp2, sizeof tmp2));
        }
        ics_emit(out, &line);
        dj_buf_puts(&line, "LOCATION:");
        ics_text(&line, tlabel(m, n, table ? table[r] : -1, tmp3, sizeof tmp3));
        ics_emit(out, &line);
        if (n->event_name && n->event_name[0]) {
            dj_buf_puts(&line, "DESCRIPTION:");
            ics_text(&line, n->event_name);
            ics_emit(out, &line);
        }
        dj_buf_puts(&line, it[i].cancelled ? "STATUS:CANCELLED"
                           : n->tentative  ? "STATUS:TENTATIVE"
                                           : "STATUS:CONFIRMED");
        ics_emit(out, &line);
        dj_buf_puts(&line, "END:VEVENT");
        ics_emit(out, &line);
    }
    dj_buf_puts(&line, "END:VCALENDAR");
    ics_emit(out, &line);
    (void)slot;
    {
        int rc = dj_buf_rc(&line);
        dj_buf_fini(&line);
        return rc;
    }
}

int dj_sched_render_agenda(dj_buf *out, const dj_sched *m, const int *slot, const int *table,
                           const dj_sched_names *n, int p, int format)
{
    item *it;
    int nit = 0, r, q, i, rc = DJ_OK;
    char tmp[64], tmp2[64], tmp3[64], when[DJ_SCHED_SLOT_LABEL];
    const char *ev;
    int dated;

    if (!n || !n->slot_start || !n->slot_end || p >= m->np || format < DJ_SCHED_FMT_TEXT ||
        format > DJ_SCHED_FMT_ICS)
        return DJ_EINVAL;
    for (i = 0; i < m->ns; i++)
        if (!n->slot_start[i] || !n->slot_end[i])
            return DJ_EINVAL;
    dated = several_days(m, n);
    ev = n->event_name ? n->event_name : "";
    it = dj_malloc(((size_t)m->nr + 1) * sizeof *it);
    if (!it)
        return DJ_ENOMEM;
    for (r = 0; r < m->nr; r++) {
        long long x = pid(n, m->ra[r]), y = pid(n, m->rb[r]);
        int cancelled = n->cancelled && n->cancelled[r];
        if (slot[r] < 0 || slot[r] >= m->ns || (p >= 0 && m->ra[r] != p && m->rb[r] != p) ||
            (cancelled && format != DJ_SCHED_FMT_ICS))
            continue;
        it[nit].r = r;
        it[nit].slot = slot[r];
        it[nit].cancelled = cancelled;
        it[nit].lo = x < y ? x : y;
        it[nit].hi = x < y ? y : x;
        it[nit++].rep = 0;
    }
    if (format == DJ_SCHED_FMT_ICS) {
        number_pairs(it, nit);
        rc = render_ics(out, m, slot, table, n, p, it, nit);
        dj_free(it);
        return rc < 0 ? rc : dj_buf_rc(out);
    }
    qsort(it, (size_t)nit, sizeof *it, cmp_item);
    if (format == DJ_SCHED_FMT_CSV)
        dj_buf_puts(out, "participant,start,end,table,with\r\n");
    if (format == DJ_SCHED_FMT_HTML) {
        dj_buf_puts(out,
                    "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>");
        html_esc(out, ev);
        dj_buf_puts(out, "</title></head>\n<body>\n<h1>");
        html_esc(out, ev);
        dj_buf_puts(out, "</h1>\n");
    }
    if (format == DJ_SCHED_FMT_TEXT && ev[0])
        dj_buf_printf(out, "%s\n", ev);
    /* one section per participant, in participant order */
    for (q = (p >= 0 ? p : 0); q < (p >= 0 ? p + 1 : m->np); q++) {
        int any = 0;
        const char *qn = pname(n, q, tmp, sizeof tmp);
        for (i = 0; i < nit; i++) {
            int rr = it[i].r, s = it[i].slot, other;
            const char *on, *tl;
            if (m->ra[rr] != q && m->rb[rr] != q)
                continue;
            other = m->ra[rr] == q ? m->rb[rr] : m->ra[rr];
            on = pname(n, other, tmp2, sizeof tmp2);
            tl = format == DJ_SCHED_FMT_CSV
                     ? tlabel(m, n, table ? table[rr] : -1, tmp3, sizeof tmp3)
                     : place_for(m, n, table ? table[rr] : -1, q, other, tmp3, sizeof tmp3);
            if (!any) {
                if (format == DJ_SCHED_FMT_TEXT)
                    dj_buf_printf(out, "\n== %s ==\n", qn);
                else if (format == DJ_SCHED_FMT_HTML) {
                    dj_buf_puts(out, "<h2>");
                    html_esc(out, qn);
                    dj_buf_puts(out, "</h2>\n<table>\n<tr><th>时间 Time</th><th>桌号 "
                                     "Table</th><th>对象 With</th></tr>\n");
                }
                any = 1;
            }
            dj_sched_slot_label(when, n->slot_start[s], n->slot_end[s], dated);
            if (format == DJ_SCHED_FMT_TEXT) {
                int pad = 10 - dj_utf8_width(tl);
                dj_buf_printf(out, "%s  %s%*s  %s\n", when, tl, pad > 0 ? pad : 0, "", on);
            } else if (format == DJ_SCHED_FMT_HTML) {
                dj_buf_puts(out, "<tr><td>");
                html_esc(out, when);
                dj_buf_puts(out, "</td><td>");
                html_esc(out, tl);
                dj_buf_puts(out, "</td><td>");
                html_esc(out, on);
                dj_buf_puts(out, "</td></tr>\n");
            } else {
                csv_field(out, qn);
                dj_buf_putc(out, ',');
                csv_field(out, n->slot_start[s]);
                dj_buf_putc(out, ',');
                csv_field(out, n->slot_end[s]);
                dj_buf_putc(out, ',');
                csv_field(out, tl);
                dj_buf_putc(out, ',');
                csv_field(out, on);
                dj_buf_puts(out, "\r\n");
            }
        }
        if (any && format == DJ_SCHED_FMT_HTML)
            dj_buf_puts(out, "</table>\n");
    }
    if (format == DJ_SCHED_FMT_HTML)
        dj_buf_puts(out, "</body></html>\n");
    dj_free(it);
    return dj_buf_rc(out);
}
