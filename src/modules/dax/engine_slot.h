/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine slot: the one place a DAX instance's engine memory is reached
 * from process(), and the handshake that lets the control thread take it
 * back without ever freeing it under a running cycle (docs/design.md §5).
 *
 * The slot is one atomic word: the engine pointer, plus a CLAIM_PENDING bit
 * (engine memory is at least 8-byte aligned, so the low bits are free).
 *  - DP side, at the start of a cycle: adx_engine_slot_take() moves the
 *    pointer out with compare-and-swap, unless a claim is pending; NULL
 *    means "pass through this cycle". At the end: adx_engine_slot_put()
 *    puts it back with a release fetch-or (keeping a pending bit that
 *    arrived meanwhile) and wakes a waiting claimant.
 *  - Control side: adx_engine_slot_claim() sets CLAIM_PENDING (so a busy DP
 *    thread cannot take the slot again and starve the claim), then takes the
 *    pointer with compare-and-swap; if a cycle holds it, the control thread
 *    blocks on a condition variable until the cycle puts it back, with a
 *    timeout (-ETIMEDOUT, nothing claimed). It never spins or yields in a
 *    loop: in firmware the control thread outranks DP, so a spinning waiter
 *    would starve the very cycle it waits for.
 *  - adx_engine_slot_install() publishes memory (after the engine was
 *    initialised in it) and clears a pending claim.
 *
 * Who owns memory is tracked by the control side (it alone installs and
 * claims); the slot only says where the memory is right now.
 */
#ifndef ADX_DAX_ENGINE_SLOT_H
#define ADX_DAX_ENGINE_SLOT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "adx/platform/platform.h"

struct adx_engine_slot {
	_Atomic uintptr_t word;
	struct adx_mutex lock;      /* guards nothing but the wait below */
	struct adx_cond returned;   /* signalled by put() */
};

int adx_engine_slot_init(struct adx_engine_slot *slot);
void adx_engine_slot_destroy(struct adx_engine_slot *slot);

/* DP side. */
void *adx_engine_slot_take(struct adx_engine_slot *slot);
void adx_engine_slot_put(struct adx_engine_slot *slot, void *engine);

/* Control side. */
void adx_engine_slot_install(struct adx_engine_slot *slot, void *engine);
/*
 * Takes back `expected` (the memory the control side installed). Returns 0
 * with the slot empty, or -ETIMEDOUT if a cycle kept it past timeout_ns
 * (the pending bit is withdrawn again, so the instance keeps processing).
 */
int adx_engine_slot_claim(struct adx_engine_slot *slot, void *expected, uint64_t timeout_ns);

#endif
