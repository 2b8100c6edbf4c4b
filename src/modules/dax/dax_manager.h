/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ownership of one engine memory region shared by several instances: the
 * linker-placed STATIC region, or the SHARED heap region.
 *
 * Protocol (docs/dax.md states it with the same names):
 *  - Ownership changes only in control ops (init, prepare, trigger, reset,
 *    free, set_configuration of the device), under the manager's lock. No DP
 *    cycle ever takes that lock, so it is never held across process(); a
 *    cycle reaches the region only through its instance's engine slot.
 *  - Candidates are the prepared members. Rank: RUNNING above prepared, then
 *    the device rank (speaker above headphone by default), then the init
 *    data's priority; on a tie the owner keeps the region.
 *  - After every change of a rank or of candidacy the best candidate is
 *    compared with the owner. A better candidate takes the region: the
 *    owner's cycles are held off (adx_module_dp_quiesce: an in-flight cycle
 *    ends first; a prepared owner has none and yields at once), its engine
 *    is claimed from its slot (adx_engine_slot_claim), the region is
 *    poisoned, the owner resumes in pass-through (adx_module_dp_resume).
 *    The engine is then built in the region for the new owner, with its
 *    staged controls and tuning, on this (control) thread, and installed in
 *    the new owner's slot (adx_engine_slot_install).
 *  - An owner's reset claims and poisons the region, and the best waiting
 *    candidate gets it. Reset and free never take the region from another
 *    owner (they may run on a DP thread in the post-to-DP model, where
 *    waiting for another module's cycle could deadlock the one DSP core).
 */
#ifndef ADX_DAX_MANAGER_H
#define ADX_DAX_MANAGER_H

#include <stddef.h>
#include <stdint.h>

struct dax;
struct dax_manager;

struct dax_manager *dax_manager_static(void);
struct dax_manager *dax_manager_shared(void);

/* init: membership (SHARED: the first member allocates the region). */
void dax_manager_join(struct dax_manager *m, struct dax *d);
/* free: leaves (SHARED: the last member frees the region unless retained). */
void dax_manager_leave(struct dax_manager *m, struct dax *d);
/* prepare: becomes a candidate (SHARED: allocates the region if it is missing). */
void dax_manager_want(struct dax_manager *m, struct dax *d);
/* reset: stops being a candidate; an owner gives the region up. 0 or -ETIMEDOUT. */
int dax_manager_drop(struct dax_manager *m, struct dax *d);
/* A rank changed (trigger, device): the region may move. */
void dax_manager_rerank(struct dax_manager *m);

/* SHARED retained region: 0 when released or absent, -EBUSY with members. */
int dax_manager_release_retained(struct dax_manager *m);
uint32_t dax_manager_device_rank(uint32_t device);
int dax_manager_set_device_rank(uint32_t device, uint32_t rank);

#endif
