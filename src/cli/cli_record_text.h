/* cli_record_text.h - catalog records as readable text. */
#ifndef DJ_CLI_RECORD_TEXT_H
#define DJ_CLI_RECORD_TEXT_H

/* Prints the JSON of dj_app_get_json (an object: one field per line) or
 * dj_app_list_json (an array: one tab-separated line per record) for
 * records of type ("orgs", "listings") as text. Returns 0, or -1 when the
 * JSON does not parse or the type is unknown. */
int dj_cli_print_records(const char *type, const char *json);

#endif
