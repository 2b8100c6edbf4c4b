// SPDX-License-Identifier: BSD-3-Clause
/*
 * Locks and condition variables on one core without an RTOS. Only one thread
 * of control exists (coroutines switch explicitly), so a lock that is already
 * held when taken can never be released: that is a deadlock the host would
 * hang on, and here it stops the firmware with a message instead. A waiter
 * can only be woken by an interrupt handler, so waits sleep on WFI.
 */
#include <errno.h>

#include "adx/platform/platform.h"
#include "cpu.h"

int adx_mutex_init(struct adx_mutex *mutex)
{
	mutex->locked = false;
	return 0;
}

void adx_mutex_destroy(struct adx_mutex *mutex)
{
	if (mutex->locked)
		bare_panic("mutex destroyed while held");
}

void adx_mutex_lock(struct adx_mutex *mutex)
{
	uint32_t primask = bare_irq_save();
	bool was_locked = mutex->locked;

	mutex->locked = true;
	bare_irq_restore(primask);
	if (was_locked)
		bare_panic("mutex taken twice on one core (deadlock)");
}

void adx_mutex_unlock(struct adx_mutex *mutex)
{
	if (!mutex->locked)
		bare_panic("mutex released while not held");
	mutex->locked = false;
}

int adx_cond_init(struct adx_cond *cond)
{
	cond->signals = 0;
	return 0;
}

void adx_cond_destroy(struct adx_cond *cond)
{
	(void)cond;
}

void adx_cond_wait(struct adx_cond *cond, struct adx_mutex *mutex)
{
	(void)adx_cond_wait_until(cond, mutex, ADX_TIME_FOREVER);
}

int adx_cond_wait_until(struct adx_cond *cond, struct adx_mutex *mutex, uint64_t abs_ns)
{
	uint32_t seen = cond->signals;
	int ret = 0;

	adx_mutex_unlock(mutex);
	while (cond->signals == seen) {
		if (abs_ns != ADX_TIME_FOREVER && adx_clock_now_ns() >= abs_ns) {
			ret = -ETIMEDOUT;
			break;
		}
		bare_wait_for_interrupt();
	}
	adx_mutex_lock(mutex);
	return ret;
}

void adx_cond_signal(struct adx_cond *cond)
{
	adx_cond_broadcast(cond);
}

void adx_cond_broadcast(struct adx_cond *cond)
{
	uint32_t primask = bare_irq_save();

	cond->signals++;
	bare_irq_restore(primask);
}
