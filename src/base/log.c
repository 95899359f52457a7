/* log.c — JSON lines on stderr, one write per line. */
#include "base/log.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/jsonw.h"

enum { LOG_LINE_MAX = 64 * 1024 };

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_begin(sg_buf *line, const char *level, const char *msg)
{
	char ts[32];
	clock_iso(clock_now_ms(), ts);
	buf_init(line, LOG_LINE_MAX);
	buf_puts(line, "{\"ts\":\"");
	buf_puts(line, ts);
	buf_puts(line, "\",\"level\":");
	jsonw_string(line, level, strlen(level));
	buf_puts(line, ",\"msg\":");
	jsonw_string(line, msg, strlen(msg));
}

void log_end(sg_buf *line)
{
	/* The newline goes into the same buffer and the line out in one
	 * write: stderr is unbuffered, and a reader on a pipe should never see
	 * half a line. */
	if (buf_append(line, "}\n", 2) == 0) {
		pthread_mutex_lock(&log_lock);
		fwrite(line->p, 1, line->len, stderr);
		fflush(stderr);
		pthread_mutex_unlock(&log_lock);
	}
	buf_free(line);
}

void log_json(const char *level, const char *msg, json_t *fields)
{
	sg_buf line;
	const char *key;
	json_t *v;

	log_begin(&line, level, msg);
	json_object_foreach(fields, key, v)
	{
		buf_append(&line, ",", 1);
		jsonw_string(&line, key, strlen(key));
		buf_append(&line, ":", 1);
		jsonw_value(&line, v);
	}
	json_decref(fields);
	log_end(&line);
}
