/* event_recommend.h - `duijie event recommend` (event_recommend.c). */
#ifndef DJ_CLI_EVENT_RECOMMEND_H
#define DJ_CLI_EVENT_RECOMMEND_H

/* argv[0] is "recommend"; returns the exit code. */
int dj_cli_event_recommend(int argc, char **argv);

#endif
