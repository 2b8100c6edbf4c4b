/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Holding one DP cycle open so a host op arrives inside it (a timeline
 * event's mid_cycle key; threads executor only).
 *
 * The crash the discussion starts from needs a reset or free to arrive
 * while the DAX module's DP cycle is running. A real cycle lasts tens of
 * microseconds, so an op issued at a given millisecond almost never meets
 * one. The lab therefore holds the target's next cycle, from inside it (its
 * process() trampoline, lab_wrap.h), until the op has entered the firmware:
 * the pipeline's first module leaves RUNNING first when a pipeline pauses,
 * so that is the sign the op arrived; the cycle then stays in flight a
 * little longer so the op reaches the target's own stop while the cycle is
 * still running. Afterwards the lab checks, from the scheduler's DP_END,
 * that the cycle ended after the op was issued and before the op returned
 * (the adapter's cancel-and-join), and records whether it did.
 *
 * Threads: the control thread arms, issues and finishes; the hook runs on
 * the target's DP thread; cycle_ended comes from the scheduler observer.
 */
#ifndef ADX_TB_LAB_HOLD_H
#define ADX_TB_LAB_HOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/audio/module_adapter.h"

struct lab_hold;

struct lab_hold *lab_hold_new(void);
void lab_hold_free(struct lab_hold *hold);

/* lab_wrap hook (ctx: the hold) for every module that may be held. */
void lab_hold_hook(void *ctx, struct adx_module *mod);

/* The next cycle of target will be held; entry is its pipeline's first module. */
void lab_hold_arm(struct lab_hold *hold, struct adx_module *target,
		  const struct adx_module *entry);
/* True once the armed cycle is held; waits only while the target's task is released or running. */
bool lab_hold_entered(struct lab_hold *hold);
/* The control thread issues the op now (the held cycle goes on to watch for it). */
void lab_hold_issue(struct lab_hold *hold);
/* Scheduler observer, DP_END of any task. */
void lab_hold_cycle_ended(struct lab_hold *hold, const struct adx_dp_task *task);
/*
 * After the op returned: disarms, and says whether the op landed inside the
 * held cycle (1) or not (0), with what was seen in note.
 */
int lab_hold_finish(struct lab_hold *hold, char *note, size_t note_size);

#endif
