/*
 * log.h — structured logs: one JSON object per line on standard error or
 * in a log file.
 *
 * JSON encoding escapes CR/LF and control characters, so a value cannot
 * forge a log line. Callers must not pass personal data, passwords, tokens
 * or SQL text.
 */
#ifndef SG_LOG_H
#define SG_LOG_H

#include <jansson.h>

#include "base/buf.h"

/* Appends lines to the file at path (created 0600) instead of standard
 * error. Returns 0, or -1 with errno (lines still go where they went). */
int log_open_file(const char *path);
/* Opens the log file's path again, so that lines go to a new file once the
 * old one was renamed (logrotate); what was written before stays in the
 * old one. 0 (also without a log file), or -1 with errno, the old file then
 * kept. Safe while other threads log. */
int log_reopen(void);
/* The log file's path, or NULL for standard error. */
const char *log_file(void);

/* Moves writing to a background thread (the server); log_async_stop()
 * writes what is pending and returns to direct writes. */
void log_async_start(void);
void log_async_stop(void);

/* For hot paths (the access log): log_begin() starts the line
 * {"ts":…,"level":…,"msg":… in line; the caller appends ,"key":value pairs
 * (with jsonw_*); log_end() closes, writes and frees it. */
void log_begin(sg_buf *line, const char *level, const char *msg);
void log_end(sg_buf *line);

/* Writes {"ts":…,"level":level,"msg":msg, …fields} and a newline.
 * fields may be NULL; it is consumed (its reference is stolen). */
void log_json(const char *level, const char *msg, json_t *fields);

#define log_info(msg, fields)  log_json("info", (msg), (fields))
#define log_warn(msg, fields)  log_json("warn", (msg), (fields))
#define log_error(msg, fields) log_json("error", (msg), (fields))

#endif
