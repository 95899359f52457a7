/* log.c — JSON lines on stderr, one write per line. */
#include "base/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
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
	/* The newline goes into the same buffer: stderr is unbuffered, so
	 * fputs and fputc would be two system calls (and two wake-ups of a
	 * log reader on a pipe). Most lines fit the stack buffer. */
	const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
	char stack[2048], *line = stack;
	size_t n = json_dumpb(o, stack, sizeof stack - 1, flags);
	if (n >= sizeof stack - 1) {
		line = malloc(n + 1);
		if (line && json_dumpb(o, line, n, flags) != n) {
			free(line);
			line = NULL;
		}
	}
	json_decref(o);
	if (line && n > 0) {
		line[n++] = '\n';
		pthread_mutex_lock(&log_lock);
		fwrite(line, 1, n, stderr);
		fflush(stderr);
		pthread_mutex_unlock(&log_lock);
	}
	if (line != stack)
		free(line);
}
