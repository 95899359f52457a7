/* clock.c — UTC milliseconds, with a test offset file. */
#include "base/clock.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *offset_file;

void clock_init(void)
{
	const char *f = getenv("SHEGONG_CLOCK_FILE");
	offset_file = (f && *f) ? f : NULL;
}

static int64_t test_offset(void)
{
	char text[32];
	int fd = open(offset_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	return strtoll(text, NULL, 10);
}

int64_t clock_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	return offset_file ? ms + test_offset() : ms;
}

int64_t clock_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Civil date from days since 1970-01-01 (H. Hinnant's algorithm): no
 * locale, no time-zone lock, unlike gmtime_r + strftime. */
static void civil(int64_t days, int *y, int *m, int *d)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void put(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
}

void clock_iso(int64_t ms, char out[32])
{
	int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
	int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	int64_t sod = secs - days * 86400;
	int y, m, d;

	civil(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	/* "YYYY-MM-DDTHH:MM:SS.mmmZ" */
	memcpy(out, "0000-00-00T00:00:00.000Z", 25);
	put(out, y, 4);
	put(out + 5, m, 2);
	put(out + 8, d, 2);
	put(out + 11, (int)(sod / 3600), 2);
	put(out + 14, (int)(sod / 60 % 60), 2);
	put(out + 17, (int)(sod % 60), 2);
	put(out + 20, (int)(ms - secs * 1000), 3);
}

int64_t clock_yyyymmdd(int64_t ms)
{
	int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
	int y, m, d;
	civil(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400, &y, &m, &d);
	return (int64_t)y * 10000 + m * 100 + d;
}

int clock_year(int64_t ms)
{
	return (int)(clock_yyyymmdd(ms) / 10000);
}

void clock_cst_date(int64_t ms, char out[11])
{
	int64_t d = clock_yyyymmdd(ms + INT64_C(8) * 3600 * 1000);
	char buf[32];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
		 (int)(d % 100));
	memcpy(out, buf, 10);
	out[10] = '\0';
}

int clock_cst_year(int64_t ms)
{
	return (int)(clock_yyyymmdd(ms + INT64_C(8) * 3600 * 1000) / 10000);
}

int clock_term_months(const char *a, const char *b)
{
	int ay = (int)strtol(a, NULL, 10), am = (int)strtol(a + 5, NULL, 10),
	    ad = (int)strtol(a + 8, NULL, 10);
	int by = (int)strtol(b, NULL, 10), bm = (int)strtol(b + 5, NULL, 10),
	    bd = (int)strtol(b + 8, NULL, 10);
	if (strcmp(b, a) < 0)
		return 0;
	/* Full months from a: the term ends the day before the same day of
	 * month n; what is left over counts as a month more. */
	int months = (by - ay) * 12 + (bm - am);
	if (bd >= ad)
		months++; /* b reaches or passes a's day: a month is begun */
	return months;
}

bool clock_date_valid(const char *s)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int v[3] = {0}, widths[3] = {4, 2, 2};

	for (int part = 0; part < 3; part++) {
		for (int i = 0; i < widths[part]; i++, s++) {
			if (*s < '0' || *s > '9')
				return false;
			v[part] = v[part] * 10 + (*s - '0');
		}
		if (*s++ != (part < 2 ? '-' : '\0'))
			return false;
	}
	int y = v[0], m = v[1], d = v[2];
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool clock_cst_parse(const char *s, int64_t *out)
{
	char date[11];
	if (!s || strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!clock_date_valid(date))
		return false;
	for (int i = 11; i < 16; i++)
		if (i != 13 && (s[i] < '0' || s[i] > '9'))
			return false;
	int hh = (s[11] - '0') * 10 + (s[12] - '0'), mi = (s[14] - '0') * 10 + (s[15] - '0');
	if (hh > 23 || mi > 59)
		return false;
	int y = (int)strtol(date, NULL, 10), m = (int)strtol(date + 5, NULL, 10),
	    d = (int)strtol(date + 8, NULL, 10);
	int64_t mins = days_from_civil(y, m, d) * 1440 + hh * 60 + mi - 8 * 60;
	*out = mins * 60000;
	return true;
}

void clock_cst_minute(int64_t ms, char out[17])
{
	char iso[32];
	clock_iso(ms + INT64_C(8) * 3600 * 1000, iso);
	memcpy(out, iso, 16);
	out[16] = '\0';
}
