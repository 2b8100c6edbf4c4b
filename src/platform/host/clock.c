// SPDX-License-Identifier: BSD-3-Clause
/* Monotonic time and absolute sleeps for the host port. */
#include <errno.h>
#include <time.h>

#include "adx/platform/platform.h"

#define NS_PER_S 1000000000ull

uint64_t adx_clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

void adx_sleep_until_ns(uint64_t abs_ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(abs_ns / NS_PER_S),
		.tv_nsec = (long)(abs_ns % NS_PER_S),
	};

	/* A signal interrupts the sleep; the absolute target makes retrying exact. */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

uint64_t adx_deadline_after_ns(uint64_t timeout_ns)
{
	uint64_t now = adx_clock_now_ns();

	if (timeout_ns >= ADX_TIME_FOREVER - now)
		return ADX_TIME_FOREVER;
	return now + timeout_ns;
}
