// SPDX-License-Identifier: BSD-3-Clause
/*
 * Where the bare port's words go: log lines and panics leave through Arm
 * semihosting (picolibc's stdio with its semihost OS layer), which QEMU and
 * debug probes both serve. On a board without a debugger attached, a
 * semihosting call traps, so a production image installs another sink.
 */
#include <stdio.h>
#include <stdlib.h>

#include "adx/platform/bare/port.h"
#include "cpu.h"

static const char *const level_names[] = { "error", "warn", "info", "debug" };

void adx_bare_log_sink(void *ctx, enum adx_log_level level, const char *component,
		       const char *line)
{
	const char *name = (unsigned)level < sizeof(level_names) / sizeof(level_names[0])
				   ? level_names[level]
				   : "?";

	(void)ctx;
	fprintf(stderr, "[%s] %s: %s\n", name, component, line);
}

_Noreturn void bare_panic(const char *what)
{
	fprintf(stderr, "adx panic: %s\n", what);
	/* exit() is SYS_EXIT over semihosting: QEMU stops with a failure status. */
	exit(ADX_BARE_PANIC_STATUS);
}
