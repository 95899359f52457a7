/* log.c — JSON lines on stderr, one write per line. */
#include "base/log.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "base/clock.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_json(const char *level, const char *msg, json_t *fields)
{
	char ts[32];
	json_t *o = json_object();

	clock_iso(clock_now_ms(), ts);
	json_object_set_new(o, "ts", json_string(ts));
	json_object_set_new(o, "level", json_string(level));
	json_object_set_new(o, "msg", json_string(msg));
	if (fields) {
		json_object_update(o, fields);
		json_decref(fields);
	}
	char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!line)
		return;
	pthread_mutex_lock(&log_lock);
	fputs(line, stderr);
	fputc('\n', stderr);
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
	free(line);
}
