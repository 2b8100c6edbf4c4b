// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <string.h>

#include "stall_module.h"

#define BLOCK_BYTES_MAX 4096u
#define DEFAULT_COST_NS 100000u

struct stall {
	struct stall_control *ctl;
	void *prepared;
	uint32_t counter;
};

static struct stall_control *ctl_of(struct adx_module *mod)
{
	return ((struct stall *)mod->priv)->ctl;
}

static void count(struct stall_control *ctl, enum stall_op op)
{
	atomic_fetch_add(&ctl->calls[op], 1);
}

void stall_init(struct stall_control *ctl)
{
	memset(ctl, 0, sizeof(*ctl));
	adx_mutex_init(&ctl->lock);
	adx_cond_init(&ctl->changed);
}

void stall_destroy(struct stall_control *ctl)
{
	adx_cond_destroy(&ctl->changed);
	adx_mutex_destroy(&ctl->lock);
}

void stall_arm(struct stall_control *ctl)
{
	adx_mutex_lock(&ctl->lock);
	ctl->armed = true;
	adx_mutex_unlock(&ctl->lock);
}

bool stall_wait_held(struct stall_control *ctl, uint64_t timeout_ns)
{
	uint64_t limit = adx_deadline_after_ns(timeout_ns);
	bool held;

	adx_mutex_lock(&ctl->lock);
	while (!ctl->held)
		if (adx_cond_wait_until(&ctl->changed, &ctl->lock, limit))
			break;
	held = ctl->held;
	adx_mutex_unlock(&ctl->lock);
	return held;
}

void stall_release(struct stall_control *ctl)
{
	adx_mutex_lock(&ctl->lock);
	ctl->armed = false;
	adx_cond_broadcast(&ctl->changed);
	adx_mutex_unlock(&ctl->lock);
}

unsigned int stall_calls(struct stall_control *ctl, enum stall_op op)
{
	return atomic_load(&ctl->calls[op]);
}

/* An armed cycle stops here, holding the DP core, until released. */
static void stop_if_armed(struct stall_control *ctl)
{
	adx_mutex_lock(&ctl->lock);
	if (ctl->armed) {
		ctl->held = true;
		adx_cond_broadcast(&ctl->changed);
		while (ctl->armed)
			adx_cond_wait(&ctl->changed, &ctl->lock);
		ctl->held = false;
	}
	adx_mutex_unlock(&ctl->lock);
}

static int stall_init_op(struct adx_module *mod)
{
	struct stall_control *ctl;
	struct stall *s;

	if (mod->init_data_size != sizeof(ctl))
		return -EINVAL;
	memcpy(&ctl, mod->init_data, sizeof(ctl));
	s = adx_mod_zalloc(&mod->mem, sizeof(*s), 0);
	if (!s)
		return -ENOMEM;
	s->ctl = ctl;
	mod->priv = s;
	mod->dp_cycle_cost_ns = ctl->cycle_cost_ns ? ctl->cycle_cost_ns : DEFAULT_COST_NS;
	count(ctl, STALL_INIT);
	return 0;
}

static int stall_prepare(struct adx_module *mod, struct adx_source **sources,
			 int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct stall *s = mod->priv;

	(void)sources; (void)num_sources; (void)sinks; (void)num_sinks;
	count(s->ctl, STALL_PREPARE);
	s->prepared = adx_mod_alloc(&mod->mem, 64, 0);
	return s->prepared ? 0 : -ENOMEM;
}

static size_t block_bytes(const struct adx_module *mod, const struct adx_stream_params *p)
{
	return mod->in_block_frames * adx_frame_bytes(p);
}

static int stall_process(struct adx_module *mod, struct adx_source **sources,
			 int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct stall *s = mod->priv;
	uint8_t block[BLOCK_BYTES_MAX];
	size_t bytes = 0;

	count(s->ctl, STALL_PROCESS);
	if (!s->prepared)
		count(s->ctl, STALL_PROCESS_UNPREPARED);
	stop_if_armed(s->ctl);
	adx_module_sync_point("stall.process.begin");
	if (num_sources)
		bytes = block_bytes(mod, adx_source_get_params(sources[0]));
	else if (num_sinks)
		bytes = block_bytes(mod, adx_sink_get_params(sinks[0]));
	if (bytes > sizeof(block))
		return -EINVAL;
	if (num_sources) {
		adx_source_read(sources[0], block, bytes);
	} else {
		for (size_t i = 0; i < bytes; i++)
			block[i] = (uint8_t)(s->counter + i);
		s->counter++;
	}
	if (num_sinks)
		adx_sink_write(sinks[0], block, bytes);
	adx_module_sync_point("stall.process.end");
	return 0;
}

static int stall_reset(struct adx_module *mod)
{
	struct stall *s = mod->priv;

	count(s->ctl, STALL_RESET);
	adx_mod_free(&mod->mem, s->prepared);
	s->prepared = NULL;
	return 0;
}

static int stall_free(struct adx_module *mod)
{
	count(ctl_of(mod), STALL_FREE);
	return adx_module_free_priv(mod);
}

static int stall_trigger(struct adx_module *mod, enum adx_trigger_cmd cmd)
{
	(void)cmd;
	count(ctl_of(mod), STALL_TRIGGER);
	return 0;
}

static const struct adx_module_ops stall_ops = {
	.init = stall_init_op,
	.prepare = stall_prepare,
	.process = stall_process,
	.reset = stall_reset,
	.free = stall_free,
	.trigger = stall_trigger,
};

const struct adx_module_driver stall_dp_driver = {
	.name = "stall-dp", .domain = ADX_DOMAIN_DP, .ops = &stall_ops,
};
