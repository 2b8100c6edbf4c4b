// SPDX-License-Identifier: BSD-3-Clause
/*
 * Mutex and condition variable for the host port. Condition waits measure
 * CLOCK_MONOTONIC so a wall-clock step never stretches or cuts a timeout.
 */
#include <errno.h>
#include <time.h>

#include "adx/platform/platform.h"

#define NS_PER_S 1000000000ull

int adx_mutex_init(struct adx_mutex *mutex)
{
	return -pthread_mutex_init(&mutex->impl, NULL);
}

void adx_mutex_destroy(struct adx_mutex *mutex)
{
	pthread_mutex_destroy(&mutex->impl);
}

void adx_mutex_lock(struct adx_mutex *mutex)
{
	pthread_mutex_lock(&mutex->impl);
}

void adx_mutex_unlock(struct adx_mutex *mutex)
{
	pthread_mutex_unlock(&mutex->impl);
}

int adx_cond_init(struct adx_cond *cond)
{
	pthread_condattr_t attr;
	int ret;

	ret = pthread_condattr_init(&attr);
	if (ret)
		return -ret;
	ret = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (!ret)
		ret = pthread_cond_init(&cond->impl, &attr);
	pthread_condattr_destroy(&attr);
	return -ret;
}

void adx_cond_destroy(struct adx_cond *cond)
{
	pthread_cond_destroy(&cond->impl);
}

void adx_cond_wait(struct adx_cond *cond, struct adx_mutex *mutex)
{
	pthread_cond_wait(&cond->impl, &mutex->impl);
}

int adx_cond_wait_until(struct adx_cond *cond, struct adx_mutex *mutex, uint64_t abs_ns)
{
	struct timespec ts;

	if (abs_ns == ADX_TIME_FOREVER) {
		pthread_cond_wait(&cond->impl, &mutex->impl);
		return 0;
	}
	ts.tv_sec = (time_t)(abs_ns / NS_PER_S);
	ts.tv_nsec = (long)(abs_ns % NS_PER_S);
	return pthread_cond_timedwait(&cond->impl, &mutex->impl, &ts) == ETIMEDOUT ?
	       -ETIMEDOUT : 0;
}

void adx_cond_signal(struct adx_cond *cond)
{
	pthread_cond_signal(&cond->impl);
}

void adx_cond_broadcast(struct adx_cond *cond)
{
	pthread_cond_broadcast(&cond->impl);
}
