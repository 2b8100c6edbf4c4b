/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Logging for the firmware core. The core never prints: it hands a formatted
 * line to the sink the platform (or a test) installed. Without a sink, lines
 * are dropped, which is what a DSP without a trace buffer does.
 */
#ifndef ADX_LOG_H
#define ADX_LOG_H

#include <stdarg.h>

enum adx_log_level {
	ADX_LOG_ERROR,
	ADX_LOG_WARN,
	ADX_LOG_INFO,
	ADX_LOG_DEBUG,
};

typedef void (*adx_log_sink)(void *ctx, enum adx_log_level level,
			     const char *component, const char *line);

/* Installs the sink for every later line; NULL drops lines. */
void adx_log_set_sink(adx_log_sink sink, void *ctx);

/* Lines above this level are dropped before formatting. Default: INFO. */
void adx_log_set_level(enum adx_log_level max_level);

void adx_log(enum adx_log_level level, const char *component,
	     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define adx_err(comp, ...)  adx_log(ADX_LOG_ERROR, comp, __VA_ARGS__)
#define adx_warn(comp, ...) adx_log(ADX_LOG_WARN, comp, __VA_ARGS__)
#define adx_info(comp, ...) adx_log(ADX_LOG_INFO, comp, __VA_ARGS__)
#define adx_dbg(comp, ...)  adx_log(ADX_LOG_DEBUG, comp, __VA_ARGS__)

#endif
