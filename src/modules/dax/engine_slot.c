// SPDX-License-Identifier: BSD-3-Clause
/* The engine slot handshake; see engine_slot.h for the protocol. */
#include <errno.h>

#include "adx/module/interface.h"
#include "engine_slot.h"

#define CLAIM_PENDING ((uintptr_t)1)

int adx_engine_slot_init(struct adx_engine_slot *slot)
{
	int ret;

	atomic_init(&slot->word, 0);
	ret = adx_mutex_init(&slot->lock);
	if (ret)
		return ret;
	ret = adx_cond_init(&slot->returned);
	if (ret)
		adx_mutex_destroy(&slot->lock);
	return ret;
}

void adx_engine_slot_destroy(struct adx_engine_slot *slot)
{
	adx_cond_destroy(&slot->returned);
	adx_mutex_destroy(&slot->lock);
}

void *adx_engine_slot_take(struct adx_engine_slot *slot)
{
	uintptr_t word;

	adx_module_sync_point("engine_slot.take");
	word = atomic_load_explicit(&slot->word, memory_order_acquire);
	/* A pending claim, or nothing installed: this cycle passes through. */
	if (word == 0 || (word & CLAIM_PENDING))
		return NULL;
	if (!atomic_compare_exchange_strong_explicit(&slot->word, &word, 0,
						     memory_order_acquire,
						     memory_order_acquire))
		return NULL; /* a claim arrived between the load and the exchange */
	return (void *)word;
}

void adx_engine_slot_put(struct adx_engine_slot *slot, void *engine)
{
	if (!engine)
		return;
	adx_module_sync_point("engine_slot.put");
	/* The slot is empty or holds only CLAIM_PENDING while a cycle has the engine. */
	if (!(atomic_fetch_or_explicit(&slot->word, (uintptr_t)engine, memory_order_acq_rel) &
	      CLAIM_PENDING))
		return; /* a claim set later sees the engine at its first try: no waiter */
	/* Taking the lock orders this wake after a claimant's check-then-wait. */
	adx_mutex_lock(&slot->lock);
	adx_cond_broadcast(&slot->returned);
	adx_mutex_unlock(&slot->lock);
}

void adx_engine_slot_install(struct adx_engine_slot *slot, void *engine)
{
	adx_module_sync_point("engine_slot.install");
	atomic_store_explicit(&slot->word, (uintptr_t)engine, memory_order_release);
}

/* One attempt: the slot holds exactly the memory plus the pending bit. */
static bool try_claim(struct adx_engine_slot *slot, uintptr_t expected)
{
	uintptr_t want = expected | CLAIM_PENDING;

	return atomic_compare_exchange_strong_explicit(&slot->word, &want, 0,
						       memory_order_acquire,
						       memory_order_relaxed);
}

int adx_engine_slot_claim(struct adx_engine_slot *slot, void *expected, uint64_t timeout_ns)
{
	uint64_t deadline = adx_deadline_after_ns(timeout_ns);
	int ret = 0;

	adx_module_sync_point("engine_slot.claim");
	atomic_fetch_or_explicit(&slot->word, CLAIM_PENDING, memory_order_acq_rel);
	if (try_claim(slot, (uintptr_t)expected))
		return 0;
	adx_mutex_lock(&slot->lock);
	while (!try_claim(slot, (uintptr_t)expected)) {
		if (adx_cond_wait_until(&slot->returned, &slot->lock, deadline)) {
			/* Last look: the cycle may have returned just as we timed out. */
			if (try_claim(slot, (uintptr_t)expected))
				break;
			atomic_fetch_and_explicit(&slot->word, ~CLAIM_PENDING,
						  memory_order_release);
			ret = -ETIMEDOUT;
			break;
		}
	}
	adx_mutex_unlock(&slot->lock);
	return ret;
}
