// SPDX-License-Identifier: BSD-3-Clause
/* Holding one DP cycle open for a mid_cycle op (lab_hold.h). */
#include <stdio.h>
#include <stdlib.h>

#include "adx/platform/platform.h"
#include "lab_hold.h"

/* A held cycle never waits longer than this for the op (a stuck control thread). */
#define HOLD_LIMIT_NS 2000000000ull
/* How long the control thread waits for a released cycle to reach the hold. */
#define ENTRY_WAIT_NS 50000000ull
/* After the op entered the firmware: time for it to reach the target's stop. */
#define AFTER_ARRIVAL_NS 1000000ull
#define POLL_NS 20000ull

struct lab_hold {
	struct adx_mutex lock;
	struct adx_cond cv;
	struct adx_module *target;          /* NULL: disarmed */
	const struct adx_module *entry;
	const struct adx_dp_task *task;     /* the held cycle's task, once entered */
	bool entered;
	bool issued;
	bool arrived;                       /* the op entered the firmware during the hold */
	uint64_t issued_ns;
	uint64_t cycle_end_ns;              /* 0: the held cycle has not ended */
};

struct lab_hold *lab_hold_new(void)
{
	struct lab_hold *hold = calloc(1, sizeof(*hold));

	if (!hold)
		return NULL;
	if (adx_mutex_init(&hold->lock) || adx_cond_init(&hold->cv)) {
		free(hold);
		return NULL;
	}
	return hold;
}

void lab_hold_free(struct lab_hold *hold)
{
	if (!hold)
		return;
	adx_cond_destroy(&hold->cv);
	adx_mutex_destroy(&hold->lock);
	free(hold);
}

/*
 * The firmware signals nothing when a pause begins, and the lab adds
 * nothing to it, so the held cycle polls the entry module's state.
 */
static bool wait_for_arrival(const struct adx_module *entry, uint64_t limit)
{
	while (adx_module_state(entry) == ADX_MOD_RUNNING) {
		uint64_t now = adx_clock_now_ns();

		if (now >= limit)
			return false;
		adx_sleep_until_ns(now + POLL_NS);
	}
	adx_sleep_until_ns(adx_clock_now_ns() + AFTER_ARRIVAL_NS);
	return true;
}

void lab_hold_hook(void *ctx, struct adx_module *mod)
{
	struct lab_hold *hold = ctx;
	uint64_t limit = adx_deadline_after_ns(HOLD_LIMIT_NS);
	const struct adx_module *entry;
	bool arrived;

	adx_mutex_lock(&hold->lock);
	if (hold->target != mod || hold->entered) {
		adx_mutex_unlock(&hold->lock);
		return;
	}
	hold->entered = true;
	hold->task = adx_module_dp_task(mod);
	entry = hold->entry;
	adx_cond_broadcast(&hold->cv);
	while (!hold->issued)
		if (adx_cond_wait_until(&hold->cv, &hold->lock, limit) && !hold->issued)
			break;
	adx_mutex_unlock(&hold->lock);
	arrived = wait_for_arrival(entry, limit);
	adx_mutex_lock(&hold->lock);
	hold->arrived = arrived;
	adx_mutex_unlock(&hold->lock);
}

void lab_hold_arm(struct lab_hold *hold, struct adx_module *target,
		  const struct adx_module *entry)
{
	adx_mutex_lock(&hold->lock);
	hold->target = target;
	hold->entry = entry;
	hold->task = NULL;
	hold->entered = false;
	hold->issued = false;
	hold->arrived = false;
	hold->issued_ns = 0;
	hold->cycle_end_ns = 0;
	adx_mutex_unlock(&hold->lock);
}

static bool cycle_pending(const struct adx_module *target)
{
	int state = atomic_load(&adx_module_dp_task(target)->state);

	return state == ADX_DP_RELEASED || state == ADX_DP_RUNNING;
}

bool lab_hold_entered(struct lab_hold *hold)
{
	uint64_t limit = adx_deadline_after_ns(ENTRY_WAIT_NS);
	bool entered;

	adx_mutex_lock(&hold->lock);
	while (!hold->entered && hold->target && cycle_pending(hold->target))
		if (adx_cond_wait_until(&hold->cv, &hold->lock, limit))
			break;
	entered = hold->entered;
	adx_mutex_unlock(&hold->lock);
	return entered;
}

void lab_hold_issue(struct lab_hold *hold)
{
	adx_mutex_lock(&hold->lock);
	hold->issued = true;
	hold->issued_ns = adx_clock_now_ns();
	adx_cond_broadcast(&hold->cv);
	adx_mutex_unlock(&hold->lock);
}

void lab_hold_cycle_ended(struct lab_hold *hold, const struct adx_dp_task *task)
{
	adx_mutex_lock(&hold->lock);
	if (hold->entered && hold->task == task && !hold->cycle_end_ns)
		hold->cycle_end_ns = adx_clock_now_ns();
	adx_mutex_unlock(&hold->lock);
}

int lab_hold_finish(struct lab_hold *hold, char *note, size_t note_size)
{
	uint64_t done_ns = adx_clock_now_ns();
	int landed = 0;

	adx_mutex_lock(&hold->lock);
	if (!hold->entered)
		snprintf(note, note_size, "no DP cycle of the module ran before the op");
	else if (!hold->cycle_end_ns)
		snprintf(note, note_size, "the op returned while the held cycle was still running");
	else if (!hold->arrived)
		snprintf(note, note_size, "the op did not reach the firmware while the cycle was held");
	else if (hold->cycle_end_ns < hold->issued_ns)
		snprintf(note, note_size, "the held cycle ended before the op was issued");
	else
		landed = 1;
	if (landed)
		snprintf(note, note_size, "arrived in a running DP cycle; returned %.0f us after "
			 "the cycle ended", (double)(done_ns - hold->cycle_end_ns) / 1e3);
	hold->target = NULL;
	hold->issued = true;      /* a cycle that entered late is not kept waiting */
	adx_cond_broadcast(&hold->cv);
	adx_mutex_unlock(&hold->lock);
	return landed;
}
