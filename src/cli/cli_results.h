/* cli_results.h - readable text for search/match results. */
#ifndef DJ_CLI_RESULTS_H
#define DJ_CLI_RESULTS_H

#include "duijie/dj_error.h"

#include <stddef.h>

struct dj_app;

/* Prints the results JSON of dj_match_results_json as text, numbered from
 * skipped + 1 (search --offset); factors too when show_factors. With app,
 * each result also names its listing's 编号 and organisation (who to
 * broker with), read from the store. Returns 0, or -1 when json does not
 * parse. */
int dj_cli_print_results(const char *json, int show_factors, size_t skipped, struct dj_app *app);

struct dj_match;
struct dj_buf;
typedef int (*dj_cli_engine_op)(struct dj_app *app, struct dj_match *m, struct dj_buf *out,
                                void *ctx, dj_diag *diag);

/* Opens the database, loads the catalog into a matching engine, runs op
 * and prints its results (JSON or text; factors shown when show_factors;
 * numbered from skipped + 1). Returns the command's exit code. */
int dj_cli_with_engine(const char *cmd, const char *db, int json, int show_factors, size_t skipped,
                       dj_cli_engine_op op, void *ctx);

#endif
