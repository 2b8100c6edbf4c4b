// SPDX-License-Identifier: BSD-3-Clause
/*
 * The engine keeps no globals: `nm` on every object of adx_dsp lists no
 * writable data or bss symbol (types d, b, g, s, c in either case). Const
 * tables (r) and code (t) are fine. The object paths come from CMake.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#ifndef ADX_NM
#error "ADX_NM and ADX_DSP_OBJECTS come from tests/dsp/CMakeLists.txt"
#endif

static int writable_type(char type)
{
	return strchr("dDbBgGsScC", type) != NULL;
}

/* Sanitizer builds add their own instrumentation data; it is not ours. */
static int instrumentation(const char *name)
{
	return strncmp(name, "__asan", 6) == 0 || strncmp(name, "__ubsan", 7) == 0 ||
	       strncmp(name, "__sancov", 8) == 0 || strncmp(name, ".L", 2) == 0 ||
	       strncmp(name, "___asan", 7) == 0 || strncmp(name, "__odr_asan", 10) == 0;
}

static void dsp_objects_have_no_writable_data_or_bss(void **state)
{
	char command[16384], line[1024];
	unsigned int symbols = 0, writable = 0;
	FILE *nm;
	int status;

	(void)state;
	snprintf(command, sizeof(command), "%s %s 2>&1", ADX_NM, ADX_DSP_OBJECTS);
	nm = popen(command, "r");
	assert_non_null(nm);
	while (fgets(line, sizeof(line), nm)) {
		char addr[64], type, name[512];

		/* Defined symbols: "address type name"; undefined ones have no
		 * address, and each object starts with a "path:" line. */
		if (sscanf(line, "%63s %c %511s", addr, &type, name) != 3 ||
		    strspn(addr, "0123456789abcdefABCDEF") != strlen(addr))
			continue;
		symbols++;
		if (writable_type(type) && !instrumentation(name)) {
			print_error("writable symbol: %s", line);
			writable++;
		}
	}
	status = pclose(nm);
	assert_int_equal(status, 0);
	assert_true(symbols > 20);
	assert_int_equal(writable, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dsp_objects_have_no_writable_data_or_bss),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
