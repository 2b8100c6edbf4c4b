// SPDX-License-Identifier: BSD-3-Clause
/* Per-instance process() trampolines (lab_wrap.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lab_wrap.h"

struct wrap_slot {
	char label[48];
	char symbol[32];
	const struct adx_module_driver *real_drv;
	const struct adx_module_ops *real_ops;
	struct adx_module_ops ops;      /* real_ops with process() and prepare() replaced */
	struct adx_module_driver drv;   /* the instance's driver, pointing at ops */
	lab_wrap_hook_fn hook;
	void *hook_ctx;
};

static struct wrap_slot slots[LAB_WRAP_SLOTS];
static int num_slots;

typedef int (*process_fn)(struct adx_module *mod, struct adx_source **sources,
			  int num_sources, struct adx_sink **sinks, int num_sinks);

static inline int call_slot(int k, struct adx_module *mod, struct adx_source **sources,
			    int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct wrap_slot *s = &slots[k];

	if (s->hook)
		s->hook(s->hook_ctx, mod);
	return s->real_ops->process(mod, sources, num_sources, sinks, num_sinks);
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

static const process_fn trampolines[LAB_WRAP_SLOTS] = {
	lab_process_slot_0, lab_process_slot_1, lab_process_slot_2, lab_process_slot_3,
	lab_process_slot_4, lab_process_slot_5, lab_process_slot_6, lab_process_slot_7,
	lab_process_slot_8, lab_process_slot_9, lab_process_slot_10, lab_process_slot_11,
	lab_process_slot_12, lab_process_slot_13, lab_process_slot_14, lab_process_slot_15,
	lab_process_slot_16, lab_process_slot_17, lab_process_slot_18, lab_process_slot_19,
	lab_process_slot_20, lab_process_slot_21, lab_process_slot_22, lab_process_slot_23,
	lab_process_slot_24, lab_process_slot_25, lab_process_slot_26, lab_process_slot_27,
	lab_process_slot_28, lab_process_slot_29, lab_process_slot_30, lab_process_slot_31,
};

static struct wrap_slot *slot_of(const struct adx_module_driver *drv)
{
	for (int k = 0; k < num_slots; k++)
		if (&slots[k].drv == drv)
			return &slots[k];
	return NULL;
}

/*
 * The firmware tells module types apart by driver address (a copier picks
 * host or DAI in prepare), so prepare runs with the real driver in place.
 */
static int prepare_as_real(struct adx_module *mod, struct adx_source **sources,
			   int num_sources, struct adx_sink **sinks, int num_sinks)
{
	const struct adx_module_driver *wrapped = mod->drv;
	const struct wrap_slot *s = slot_of(wrapped);
	int ret;

	mod->drv = s->real_drv;
	ret = s->real_ops->prepare(mod, sources, num_sources, sinks, num_sinks);
	mod->drv = wrapped;
	return ret;
}

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
	/* A re-created instance may carry the slot's own driver: keep the real one. */
	if (mod->drv != &s->drv) {
		s->real_drv = mod->drv;
		s->real_ops = mod->drv->ops;
		s->ops = *mod->drv->ops;
		s->ops.process = trampolines[k];
		if (s->ops.prepare)
			s->ops.prepare = prepare_as_real;
		s->drv = *mod->drv;
		s->drv.ops = &s->ops;
	}
	s->hook = hook;
	s->hook_ctx = hook_ctx;
	mod->drv = &s->drv;
	return k;
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
