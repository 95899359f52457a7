/*
 * page.h — keyset pagination of list endpoints.
 *
 * A list query selects limit + 1 rows ordered by id after the cursor; the
 * extra row only tells that another page exists. The cursor is the last id
 * of the page, as a string (clients must treat it as opaque).
 */
#ifndef SG_PAGE_H
#define SG_PAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum { PAGE_DEFAULT = 50, PAGE_MAX = 200 };

typedef struct page {
	json_t *items;
	int limit, n;
	bool more;
	int64_t last;
} page;

void page_begin(page *p, int limit);
/* Adds item (consumed) for row id; false once the page is full, in which
 * case the item is dropped and the caller stops reading. */
bool page_add(page *p, int64_t id, json_t *item);
/* {items, next_cursor}; the page is consumed. */
json_t *page_finish(page *p);
/* Drops a page after an error. */
void page_abandon(page *p);

#endif
