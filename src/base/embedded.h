/*
 * embedded.h — files compiled into the binary by tools/embed.c
 * (build/gen/schema.c and build/gen/assets.c, generated: DO NOT EDIT those).
 */
#ifndef SG_EMBEDDED_H
#define SG_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;	   /* "001_foundation.sql", "/assets/index-3f2a.js" */
	const unsigned char *data; /* NUL-terminated for convenience */
	size_t len;
	const unsigned char *gz; /* gzip copy, or NULL when it would not be smaller */
	size_t gzlen;
	const char *type;    /* Content-Type (assets only) */
	const char *etag;    /* strong ETag with quotes (assets only) */
	const char *gz_etag; /* the gzip copy's own ETag: a different representation */
};

/* Migrations, sorted by name. */
extern const struct embedded_file schema_files[];
extern const size_t schema_files_count;

/* The web UI, sorted by name (so it can be searched with bsearch). */
extern const struct embedded_file web_assets[];
extern const size_t web_assets_count;

#endif
