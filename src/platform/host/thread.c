// SPDX-License-Identifier: BSD-3-Clause
/*
 * Threads for the host port. SCHED_FIFO is a request, not a requirement:
 * containers and unprivileged users usually may not have it, and the
 * runtime must still work there (with worse jitter), so a refused request
 * falls back to normal scheduling and says so in the log.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>

#include "adx/platform/log.h"
#include "adx/platform/platform.h"

#define THREAD_NAME_MAX 16 /* Linux limit, including the terminator */

static int create_fifo(pthread_t *tid, int priority, void *(*fn)(void *), void *arg)
{
	struct sched_param param = { .sched_priority = priority };
	pthread_attr_t attr;
	int ret;

	ret = pthread_attr_init(&attr);
	if (ret)
		return ret;
	ret = pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
	if (!ret)
		ret = pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
	if (!ret)
		ret = pthread_attr_setschedparam(&attr, &param);
	if (!ret)
		ret = pthread_create(tid, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return ret;
}

static void set_name(pthread_t tid, const char *name)
{
	char short_name[THREAD_NAME_MAX];

	if (!name)
		return;
	strncpy(short_name, name, sizeof(short_name) - 1);
	short_name[sizeof(short_name) - 1] = '\0';
	pthread_setname_np(tid, short_name);
}

int adx_thread_create(struct adx_thread *thread, const struct adx_thread_params *params,
		      void *(*fn)(void *arg), void *arg, bool *got_fifo)
{
	bool fifo = false;
	int ret = EPERM;

	if (params->fifo_priority > 0) {
		ret = create_fifo(&thread->impl, params->fifo_priority, fn, arg);
		fifo = ret == 0;
		if (!fifo)
			adx_warn("platform", "thread %s: SCHED_FIFO %d refused (errno %d), using normal scheduling",
				 params->name ? params->name : "?", params->fifo_priority, ret);
	}
	if (!fifo)
		ret = pthread_create(&thread->impl, NULL, fn, arg);
	if (ret)
		return -ret;
	set_name(thread->impl, params->name);
	if (got_fifo)
		*got_fifo = fifo;
	return 0;
}

void adx_thread_join(struct adx_thread *thread)
{
	pthread_join(thread->impl, NULL);
}

bool adx_thread_is_current(const struct adx_thread *thread)
{
	return pthread_equal(thread->impl, pthread_self()) != 0;
}
