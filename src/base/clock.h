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
/* The date of ms in China Standard Time (UTC+8), how a clerk reads
 * "today": "2026-12-03" into out. */
void clock_cst_date(int64_t ms, char out[11]);
/* The CST year of ms. */
int clock_cst_year(int64_t ms);
/* Whole months from date a to date b ("YYYY-MM-DD", both valid): the
 * months of the term a..b inclusive, a part month counting as one
 * (2026-01-01..2026-12-31 is 12; 2026-01-15..2027-01-14 is 12;
 * 2026-01-01..2027-01-01 is 13). 0 when b < a. */
int clock_term_months(const char *a, const char *b);
/* "2026-05-20T09:30" (China Standard Time, minutes; how a deadline is
 * typed) as UTC epoch ms into *out; false when s is not such a moment. */
bool clock_cst_parse(const char *s, int64_t *out);
/* The inverse for display: "2026-05-20T09:30" into out. */
void clock_cst_minute(int64_t ms, char out[17]);
/* True when s is a calendar date "YYYY-MM-DD" with a year from 1900 to
 * 2100 (how dates without a time are kept and exchanged). */
bool clock_date_valid(const char *s);

#endif
