/*
 * proc.h — running a helper program (pg_dump, pg_restore) without a shell.
 */
#ifndef SG_PROC_H
#define SG_PROC_H

#include "base/err.h"

/* Runs argv[0] (looked up in PATH) with argv, the current environment plus
 * the NAME=value strings of extra_env (NULL-terminated, may be NULL), and
 * waits. Returns 0 when it exited 0; SG_EINTERNAL otherwise, with err
 * naming the program (its own messages go to our stderr). */
int proc_run(const char *const argv[], const char *const extra_env[], sg_err *err);

#endif
