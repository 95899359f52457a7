/*
 * log.c — JSON lines on stderr, or in a log file reopened on request
 * (SIGHUP in the server, after logrotate has moved it).
 *
 * In the server, lines go through a background writer (log_async_start):
 * a request only copies its line into a shared buffer, and the writer
 * thread writes whatever has gathered every LOG_FLUSH_MS in one system call
 * (sooner when much has gathered). Requests thus make no system call and
 * wake nobody for their log line; lines appear within LOG_FLUSH_MS. A full
 * buffer is written out by the producer itself: lines are delayed under
 * pressure, never lost. Elsewhere (the CLI) each line is written directly.
 */
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/jsonw.h"
#include "base/mem.h"

enum {
	LOG_LINE_MAX = 64 * 1024,
	LOG_PENDING_MAX = 4 * 1024 * 1024,
	LOG_WAKE_AT = 256 * 1024, /* pending bytes that wake the writer early */
	LOG_FLUSH_MS = 20,
	LOG_SPARE = 1024, /* a line's storage kept for the next one */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	sg_buf pending;
	bool running, stopping;
} async = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* Where lines go: standard error, or the log file (log_open_file). A
 * reopened file takes the same descriptor number (dup2), so a writer never
 * sees a closed one. */
static int log_fd = STDERR_FILENO;
static char *log_path;

static int open_log(const char *path)
{
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
}

int log_open_file(const char *path)
{
	int fd = open_log(path);
	if (fd < 0)
		return -1;
	if (log_fd != STDERR_FILENO)
		close(log_fd);
	log_fd = fd;
	free(log_path);
	log_path = xstrdup(path);
	return 0;
}

int log_reopen(void)
{
	if (!log_path)
		return 0;
	int fd = open_log(log_path);
	if (fd < 0)
		return -1;
	int rc = dup2(fd, log_fd) < 0 ? -1 : 0;
	close(fd);
	return rc;
}

const char *log_file(void)
{
	return log_path;
}

static void write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(log_fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* nowhere to report it */
		p += w;
		n -= (size_t)w;
	}
}

static void *writer(void *arg)
{
	(void)arg;
	sg_buf out;
	buf_init(&out, LOG_PENDING_MAX);
	pthread_mutex_lock(&async.lock);
	for (;;) {
		if (async.pending.len == 0 && async.stopping)
			break;
		if (async.pending.len < LOG_WAKE_AT && !async.stopping) {
			struct timespec until;
			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_nsec += LOG_FLUSH_MS * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&async.wake, &async.lock, &until);
			if (async.pending.len == 0)
				continue;
		}
		sg_buf full = async.pending;
		async.pending = out;
		out = full;
		pthread_mutex_unlock(&async.lock);
		write_all(out.p, out.len);
		buf_reset(&out);
		pthread_mutex_lock(&async.lock);
	}
	pthread_mutex_unlock(&async.lock);
	buf_free(&out);
	return NULL;
}

void log_async_start(void)
{
	pthread_mutex_lock(&async.lock);
	if (!async.running) {
		buf_init(&async.pending, LOG_PENDING_MAX);
		async.stopping = false;
		pthread_condattr_t attr;
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		pthread_cond_init(&async.wake, &attr);
		pthread_condattr_destroy(&attr);
		async.running = pthread_create(&async.thread, NULL, writer, NULL) == 0;
	}
	pthread_mutex_unlock(&async.lock);
}

void log_async_stop(void)
{
	pthread_mutex_lock(&async.lock);
	bool running = async.running;
	async.stopping = true;
	pthread_cond_signal(&async.wake);
	pthread_mutex_unlock(&async.lock);
	if (!running)
		return;
	pthread_join(async.thread, NULL);
	pthread_mutex_lock(&async.lock);
	async.running = false;
	buf_free(&async.pending);
	pthread_mutex_unlock(&async.lock);
}

/* Each thread keeps its last line's storage for the next line (freed when
 * the thread ends): a line then costs no allocation. */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_make(void)
{
	pthread_key_create(&spare_key, free);
}

void log_begin(sg_buf *line, const char *level, const char *msg)
{
	char ts[32];
	clock_iso(clock_now_ms(), ts);
	pthread_once(&spare_once, spare_make);
	buf_init(line, LOG_LINE_MAX);
	line->p = pthread_getspecific(spare_key);
	if (line->p) {
		pthread_setspecific(spare_key, NULL);
		line->cap = LOG_SPARE;
	} else {
		buf_reserve(line, LOG_SPARE - 1);
	}
	buf_puts(line, "{\"ts\":\"");
	buf_puts(line, ts);
	buf_puts(line, "\",\"level\":");
	jsonw_string(line, level, strlen(level));
	buf_puts(line, ",\"msg\":");
	jsonw_string(line, msg, strlen(msg));
}

void log_end(sg_buf *line)
{
	if (buf_append(line, "}\n", 2) != 0) {
		buf_free(line);
		return;
	}
	pthread_mutex_lock(&async.lock);
	if (!async.running) {
		write_all(line->p, line->len);
	} else if (buf_append(&async.pending, line->p, line->len) != 0) {
		/* The writer cannot keep up: write what waits, and this line,
		 * ourselves (still in order, under the lock). */
		write_all(async.pending.p, async.pending.len);
		buf_reset(&async.pending);
		write_all(line->p, line->len);
	} else if (async.pending.len >= LOG_WAKE_AT) {
		pthread_cond_signal(&async.wake);
	}
	pthread_mutex_unlock(&async.lock);
	if (line->cap == LOG_SPARE && !pthread_getspecific(spare_key))
		pthread_setspecific(spare_key, line->p);
	else
		free(line->p);
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
