// SPDX-License-Identifier: BSD-3-Clause
/* No threads without an RTOS: the threads executor is not built for this port. */
#include <errno.h>

#include "adx/platform/platform.h"

int adx_thread_create(struct adx_thread *thread, const struct adx_thread_params *params,
		      void *(*fn)(void *arg), void *arg, bool *got_fifo)
{
	(void)thread;
	(void)params;
	(void)fn;
	(void)arg;
	if (got_fifo)
		*got_fifo = false;
	return -ENOSYS;
}

void adx_thread_join(struct adx_thread *thread)
{
	(void)thread;
}

bool adx_thread_is_current(const struct adx_thread *thread)
{
	(void)thread;
	return false;
}
