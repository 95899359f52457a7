/* testlib.h — what every cmocka unit test includes. */
#ifndef SG_TESTLIB_H
#define SG_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#endif
