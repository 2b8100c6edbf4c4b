/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host port's kernel objects (POSIX threads, CLOCK_MONOTONIC, ucontext):
 * the types adx/platform/platform.h names, wrapping pthread types so they
 * can live inside callers' structures. Another port provides the same
 * three struct names in its own folder.
 */
#ifndef ADX_PLATFORM_PORT_TYPES_H
#define ADX_PLATFORM_PORT_TYPES_H

#include <pthread.h>

struct adx_mutex {
	pthread_mutex_t impl;
};

struct adx_cond {
	pthread_cond_t impl; /* waits measure CLOCK_MONOTONIC */
};

struct adx_thread {
	pthread_t impl;
};

#endif
