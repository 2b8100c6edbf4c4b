/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a bare-metal image's start-up code calls into the port for: starting
 * the tick clock and routing log lines out. Bare port only.
 */
#ifndef ADX_PLATFORM_BARE_PORT_H
#define ADX_PLATFORM_BARE_PORT_H

#include "adx/platform/log.h"

/* The exit status a panic (a broken invariant in the port) stops with. */
#define ADX_BARE_PANIC_STATUS 70

/* Starts SysTick at 1 kHz: adx_clock_now_ns() counts from here. */
void adx_bare_clock_start(void);

/* A log sink writing "[level] component: line" over semihosting. */
void adx_bare_log_sink(void *ctx, enum adx_log_level level, const char *component,
		       const char *line);

#endif
