/*
 * clock.h — wall-clock time as UTC milliseconds since the epoch.
 *
 * Every timestamp in the database is such an integer (DESIGN.md: one time
 * representation everywhere); the API renders ISO-8601 UTC. For tests, the
 * environment variable SHEGONG_CLOCK_FILE names a file holding a number of
 * milliseconds added to the real clock; it is re-read on every call so a
 * test can move a running server through time.
 */
#ifndef SG_CLOCK_H
#define SG_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Call once at start-up, before threads; reads SHEGONG_CLOCK_FILE. */
void clock_init(void);
int64_t clock_now_ms(void);
/* Monotonic nanoseconds, for durations. */
int64_t clock_mono_ns(void);
/* "2026-11-28T01:16:00.123Z" into out (at least 25 bytes). */
void clock_iso(int64_t ms, char out[32]);
/* The UTC calendar year of ms. */
int clock_year(int64_t ms);
/* The UTC date of ms as the number yyyymmdd (20261128). */
int64_t clock_yyyymmdd(int64_t ms);
/* True when s is a calendar date "YYYY-MM-DD" with a year from 1900 to
 * 2100 (how dates without a time are kept and exchanged). */
bool clock_date_valid(const char *s);

#endif
