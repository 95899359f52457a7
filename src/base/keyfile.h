/*
 * keyfile.h — the deployment's secret key, in a file outside the database.
 *
 * 32 random bytes, hex-encoded, in a file of mode 0600 created by
 * `shegong init`. It keys field encryption and the ID-number blind index
 * (SECURITY.md "Personal data"); a database copied without it reveals no
 * sensitive field. The server refuses to start when the file is missing or
 * readable by others.
 */
#ifndef SG_KEYFILE_H
#define SG_KEYFILE_H

#include <stdbool.h>

#include "base/err.h"

enum { KEY_LEN = 32 };

/* Creates path with a new key unless it exists; *created tells which.
 * Returns 0 or a negative code. */
int keyfile_ensure(const char *path, bool *created, sg_err *err);
/* Reads the key; SG_EINVAL when the file is missing, malformed, or its
 * mode allows group or other access. */
int keyfile_load(const char *path, unsigned char key[KEY_LEN], sg_err *err);

#endif
