// SPDX-License-Identifier: BSD-3-Clause
/* Log front end: formats into a fixed line buffer and hands it to the sink. */
#include <stdarg.h>
#include <stdio.h>

#include "adx/platform/log.h"

#define LOG_LINE_MAX 256

static adx_log_sink log_sink;
static void *log_sink_ctx;
static enum adx_log_level log_max_level = ADX_LOG_INFO;

void adx_log_set_sink(adx_log_sink sink, void *ctx)
{
	log_sink = sink;
	log_sink_ctx = ctx;
}

void adx_log_set_level(enum adx_log_level max_level)
{
	log_max_level = max_level;
}

void adx_log(enum adx_log_level level, const char *component, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list args;

	if (!log_sink || level > log_max_level)
		return;
	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	log_sink(log_sink_ctx, level, component, line);
}
