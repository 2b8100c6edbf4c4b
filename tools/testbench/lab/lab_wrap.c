// SPDX-License-Identifier: BSD-3-Clause
/* Per-instance process() trampolines (lab_wrap.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lab_wrap.h"

struct wrap_slot {
	char label[48];
	char symbol[32];
	lab_wrap_hook_fn hook;
	void *hook_ctx;
};

static struct wrap_slot slots[LAB_WRAP_SLOTS];
static int num_slots;

static inline int call_slot(int k, struct adx_module *mod, struct adx_source **sources,
			    int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct wrap_slot *s = &slots[k];

	if (s->hook)
		s->hook(s->hook_ctx, mod);
	return mod->drv->ops->process(mod, sources, num_sources, sinks, num_sinks);
}

/* noinline and distinct bodies: each slot stays its own symbol for the profiler. */
#define SLOT(k)								\
	__attribute__((noinline)) int lab_process_slot_##k(		\
		struct adx_module *mod, struct adx_source **sources,	\
		int num_sources, struct adx_sink **sinks, int num_sinks); \
	__attribute__((noinline)) int lab_process_slot_##k(		\
		struct adx_module *mod, struct adx_source **sources,	\
		int num_sources, struct adx_sink **sinks, int num_sinks) \
	{								\
		return call_slot(k, mod, sources, num_sources, sinks, num_sinks); \
	}

SLOT(0) SLOT(1) SLOT(2) SLOT(3) SLOT(4) SLOT(5) SLOT(6) SLOT(7)
SLOT(8) SLOT(9) SLOT(10) SLOT(11) SLOT(12) SLOT(13) SLOT(14) SLOT(15)
SLOT(16) SLOT(17) SLOT(18) SLOT(19) SLOT(20) SLOT(21) SLOT(22) SLOT(23)
SLOT(24) SLOT(25) SLOT(26) SLOT(27) SLOT(28) SLOT(29) SLOT(30) SLOT(31)

static const adx_module_process_fn trampolines[LAB_WRAP_SLOTS] = {
	lab_process_slot_0, lab_process_slot_1, lab_process_slot_2, lab_process_slot_3,
	lab_process_slot_4, lab_process_slot_5, lab_process_slot_6, lab_process_slot_7,
	lab_process_slot_8, lab_process_slot_9, lab_process_slot_10, lab_process_slot_11,
	lab_process_slot_12, lab_process_slot_13, lab_process_slot_14, lab_process_slot_15,
	lab_process_slot_16, lab_process_slot_17, lab_process_slot_18, lab_process_slot_19,
	lab_process_slot_20, lab_process_slot_21, lab_process_slot_22, lab_process_slot_23,
	lab_process_slot_24, lab_process_slot_25, lab_process_slot_26, lab_process_slot_27,
	lab_process_slot_28, lab_process_slot_29, lab_process_slot_30, lab_process_slot_31,
};

static int find_slot(const char *label)
{
	for (int k = 0; k < num_slots; k++)
		if (!strcmp(slots[k].label, label))
			return k;
	return -1;
}

int lab_wrap_module(struct adx_module *mod, const char *label, lab_wrap_hook_fn hook,
		    void *hook_ctx)
{
	int k = find_slot(label);
	struct wrap_slot *s;
	int ret;

	if (!mod->drv->ops->process)
		return -EINVAL;
	if (k < 0) {
		if (num_slots == LAB_WRAP_SLOTS)
			return -ENOSPC;
		k = num_slots++;
		snprintf(slots[k].label, sizeof(slots[k].label), "%s", label);
		snprintf(slots[k].symbol, sizeof(slots[k].symbol), "lab_process_slot_%d", k);
	}
	s = &slots[k];
	s->hook = hook;
	s->hook_ctx = hook_ctx;
	ret = adx_module_set_process_probe(mod, trampolines[k]);
	return ret ? ret : k;
}

const char *lab_wrap_symbol(int slot)
{
	return slot >= 0 && slot < num_slots ? slots[slot].symbol : NULL;
}

const char *lab_wrap_label(int slot)
{
	return slot >= 0 && slot < num_slots ? slots[slot].label : NULL;
}

int lab_wrap_count(void)
{
	return num_slots;
}

void lab_wrap_reset(void)
{
	memset(slots, 0, sizeof(slots));
	num_slots = 0;
}
