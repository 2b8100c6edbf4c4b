/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Probes around one module instance's process(), for the testbench only.
 *
 * lab_wrap_module() installs a slot's own trampoline as the instance's
 * process probe (adx_module_set_process_probe()): a distinct, never-inlined
 * function (lab_process_slot_<k>) that calls the slot's hook, if any, then
 * the module's process(). Because each slot is its own symbol, a profiler
 * such as callgrind charges each instance's processing to its own
 * function, so instructions per call can be read per instance even when
 * several instances share one driver. The instance keeps its driver, so
 * the firmware's driver checks (copier host or DAI, adx_dax_get_stats())
 * see the real one.
 *
 * Slots are keyed by label (pipeline.module), so an instance re-created
 * under the same label reuses its slot and its symbol. Call from the
 * control thread while the instance is not running (before prepare/start);
 * lab_wrap_reset() after every wrapped instance is gone.
 */
#ifndef ADX_TB_LAB_WRAP_H
#define ADX_TB_LAB_WRAP_H

#include "adx/audio/module_adapter.h"

#define LAB_WRAP_SLOTS 32

/* Runs on the thread that calls process() (LL or DP), before it. */
typedef void (*lab_wrap_hook_fn)(void *ctx, struct adx_module *mod);

/* The slot now serving label (>= 0); -ENOSPC when every slot is taken, -EBUSY while running. */
int lab_wrap_module(struct adx_module *mod, const char *label, lab_wrap_hook_fn hook,
		    void *hook_ctx);
/* The trampoline's symbol for a slot ("lab_process_slot_<k>") and its label. */
const char *lab_wrap_symbol(int slot);
const char *lab_wrap_label(int slot);
int lab_wrap_count(void);
/* Forgets every slot. */
void lab_wrap_reset(void);

#endif
