/*
 * addr.h — lists of client addresses and networks ("10.20.30.0/24,
 * 192.0.2.7, 2001:db8::/32"), matched against the address the server
 * computed for a request (the peer, or a trusted proxy's X-Forwarded-For).
 */
#ifndef SG_ADDR_H
#define SG_ADDR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct addr_list addr_list;

/* Parses a comma-separated list of IPv4 / IPv6 addresses, each with an
 * optional /prefix. On success *out is the list (NULL for an empty text)
 * and 0 is returned; on a bad entry -1, with the entry copied into bad
 * (cut to badcap bytes). */
int addr_list_parse(addr_list **out, const char *text, char *bad, size_t badcap);
/* Is ip (text form) inside one of the list's networks? false for NULL. */
bool addr_list_match(const addr_list *l, const char *ip);
/* Is ip a loopback address (127.0.0.0/8 or ::1)? */
bool addr_is_loopback(const char *ip);
void addr_list_free(addr_list *l);

#endif
