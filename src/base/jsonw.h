/*
 * jsonw.h — writing JSON text straight into a buffer.
 *
 * Responses and access-log lines are written here rather than through
 * json_dumps(): jansson's encoder formats every container's address into a
 * hash table to detect cycles, which cost more than the rest of a typical
 * request (docs/PERFORMANCE.md). Our trees are built by our own code and
 * are acyclic, so a plain walk suffices. Output is compact, object members
 * in insertion order, strings escaped per RFC 8259 (plus U+2028/U+2029, so
 * the text is also safe inside a script).
 */
#ifndef SG_JSONW_H
#define SG_JSONW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Appends v as JSON text. 0, or SG_ETOOBIG when the buffer's cap is hit. */
int jsonw_value(sg_buf *out, const json_t *v);
/* Appends an integer (without printf: it is on every request's path). */
int jsonw_int(sg_buf *out, int64_t v);
/* Appends s[0..n) as a quoted JSON string (s must be valid UTF-8). */
int jsonw_string(sg_buf *out, const char *s, size_t n);

#endif
