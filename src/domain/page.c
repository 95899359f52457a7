/* page.c — keyset pagination. */
#include "domain/page.h"

void page_begin(page *p, int limit)
{
	p->items = json_array();
	p->limit = limit;
	p->n = 0;
	p->more = false;
	p->last = 0;
}

bool page_add(page *p, int64_t id, json_t *item)
{
	if (p->n == p->limit) {
		p->more = true;
		json_decref(item);
		return false;
	}
	json_array_append_new(p->items, item);
	p->last = id;
	p->n++;
	return true;
}

json_t *page_finish(page *p)
{
	json_t *out = json_pack("{s:o,s:o}", "items", p->items, "next_cursor",
				p->more ? json_sprintf("%lld", (long long)p->last) : json_null());
	p->items = NULL;
	return out;
}

void page_abandon(page *p)
{
	json_decref(p->items);
	p->items = NULL;
}
