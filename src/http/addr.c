/* addr.c — address lists with CIDR prefixes (addr.h). */
#include "http/addr.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

struct net {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned prefix; /* bits */
};

struct addr_list {
	size_t n;
	struct net nets[];
};

/* text → family and bytes; 0 or -1. */
static int parse_ip(const char *text, int *family, unsigned char out[16])
{
	if (inet_pton(AF_INET, text, out) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, out) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

static int parse_net(const char *s, size_t len, struct net *n)
{
	char text[64];
	if (len == 0 || len >= sizeof text)
		return -1;
	memcpy(text, s, len);
	text[len] = '\0';
	char *slash = strchr(text, '/');
	long prefix = -1;
	if (slash) {
		char *end;
		*slash = '\0';
		if (!slash[1] || slash[1] < '0' || slash[1] > '9')
			return -1;
		prefix = strtol(slash + 1, &end, 10);
		if (*end)
			return -1;
	}
	if (parse_ip(text, &n->family, n->addr) != 0)
		return -1;
	long max = n->family == AF_INET ? 32 : 128;
	if (prefix > max)
		return -1;
	n->prefix = (unsigned)(prefix < 0 ? max : prefix);
	return 0;
}

int addr_list_parse(addr_list **out, const char *text, char *bad, size_t badcap)
{
	*out = NULL;
	if (!text)
		return 0;
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == ',';
	addr_list *l = xcalloc(1, sizeof *l + cap * sizeof l->nets[0]);
	for (const char *p = text; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t len = strcspn(p, ", ");
		if (!len)
			break;
		if (parse_net(p, len, &l->nets[l->n]) != 0) {
			size_t n = len < badcap ? len : badcap - 1;
			memcpy(bad, p, n);
			bad[n] = '\0';
			free(l);
			return -1;
		}
		l->n++;
		p += len;
	}
	if (!l->n) {
		free(l);
		return 0;
	}
	*out = l;
	return 0;
}

static bool in_net(const struct net *n, int family, const unsigned char *a)
{
	if (n->family != family)
		return false;
	unsigned full = n->prefix / 8, rest = n->prefix % 8;
	if (memcmp(n->addr, a, full) != 0)
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (n->addr[full] & mask) == (a[full] & mask);
}

bool addr_list_match(const addr_list *l, const char *ip)
{
	int family;
	unsigned char a[16];
	if (!l || !ip || parse_ip(ip, &family, a) != 0)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (in_net(&l->nets[i], family, a))
			return true;
	return false;
}

bool addr_is_loopback(const char *ip)
{
	int family;
	unsigned char a[16];
	static const unsigned char v6_loopback[16] = {[15] = 1};
	if (!ip || parse_ip(ip, &family, a) != 0)
		return false;
	return family == AF_INET ? a[0] == 127 : memcmp(a, v6_loopback, 16) == 0;
}

void addr_list_free(addr_list *l)
{
	free(l);
}
