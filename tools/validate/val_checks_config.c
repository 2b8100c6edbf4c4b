// SPDX-License-Identifier: BSD-3-Clause
/*
 * Configuration fuzz: random and mutated blobs, and fragment sequences out
 * of order, truncated and oversized, all drawn from the seed, against a
 * running module. Whatever it is sent, the module keeps its state, keeps
 * processing to finite output, accepts its own configurations afterwards
 * and frees every byte.
 */
#include <errno.h>
#include <string.h>

#include "val_checks.h"

#define FUZZ_MAX_BLOB 1024u

struct fuzz_call {
	uint32_t id;
	enum adx_cfg_pos pos;
	uint32_t offset_size;
	uint32_t size;
	uint8_t data[FUZZ_MAX_BLOB];
};

static void random_bytes(struct val_rng *rng, uint8_t *dst, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		dst[i] = (uint8_t)val_rng_next(rng);
}

static uint32_t pick_id(struct val_rng *rng, const struct val_target *t, int configs)
{
	if (configs && val_rng_below(rng, 4))
		return t->caps.configs[val_rng_below(rng, (uint32_t)configs)].config_id;
	return val_rng_below(rng, 2) ? val_rng_below(rng, 16) : (uint32_t)val_rng_next(rng);
}

/* A random blob in a random position with a random or consistent size field. */
static void random_call(struct val_rng *rng, const struct val_target *t, int configs,
			struct fuzz_call *c)
{
	c->id = pick_id(rng, t, configs);
	c->pos = (enum adx_cfg_pos)val_rng_below(rng, 4);
	c->size = val_rng_below(rng, 2) ? val_rng_below(rng, 16) : val_rng_below(rng, FUZZ_MAX_BLOB);
	random_bytes(rng, c->data, c->size);
	c->offset_size = val_rng_below(rng, 2) ? c->size : (uint32_t)val_rng_next(rng);
}

/* A declared configuration with one mutation: a flipped bit, cut short or grown. */
static void mutated_call(struct val_rng *rng, const struct val_target *t, int configs,
			 struct fuzz_call *c)
{
	const struct adx_module_sample_config *cfg =
		&t->caps.configs[val_rng_below(rng, (uint32_t)configs)];
	uint32_t size = cfg->size < FUZZ_MAX_BLOB ? cfg->size : FUZZ_MAX_BLOB;

	c->id = cfg->config_id;
	c->pos = ADX_CFG_SINGLE;
	memcpy(c->data, cfg->data, size);
	c->size = size;
	switch (val_rng_below(rng, 3)) {
	case 0:
		if (size)
			c->data[val_rng_below(rng, size)] ^= (uint8_t)(1u << val_rng_below(rng, 8));
		break;
	case 1:
		c->size = val_rng_below(rng, size + 1);
		break;
	default:
		c->size = size + 1 + val_rng_below(rng, FUZZ_MAX_BLOB - size);
		random_bytes(rng, c->data + size, c->size - size);
		break;
	}
	c->offset_size = c->size;
}

/* One fragment of a blob split in three, sent out of order or with bad offsets. */
static void fragment_call(struct val_rng *rng, const struct val_target *t, int configs,
			  struct fuzz_call *c)
{
	uint32_t total = 12 + val_rng_below(rng, FUZZ_MAX_BLOB - 12);
	uint32_t piece = total / 3;

	c->id = pick_id(rng, t, configs);
	c->pos = (enum adx_cfg_pos)(1 + val_rng_below(rng, 3));
	c->size = piece + (val_rng_below(rng, 4) == 0 ? val_rng_below(rng, piece) : 0);
	random_bytes(rng, c->data, c->size);
	switch (c->pos) {
	case ADX_CFG_FIRST:
		c->offset_size = val_rng_below(rng, 4) ? total : (uint32_t)val_rng_next(rng);
		break;
	default:
		c->offset_size = piece * (val_rng_below(rng, 3));
		break;
	}
}

static void describe(const struct fuzz_call *c, char *dst, size_t size)
{
	static const char *const pos_names[] = { "SINGLE", "FIRST", "MIDDLE", "LAST" };

	snprintf(dst, size, "id %u %s offset/size %u, %u bytes", c->id, pos_names[c->pos],
		 c->offset_size, c->size);
}

static bool send_fuzz(struct val_ctx *ctx, struct val_rig *rig, uint32_t i,
		      struct val_result *res)
{
	int configs = val_config_count(ctx->target);
	struct fuzz_call c;
	char what[96];
	int kind = (int)val_rng_below(&ctx->rng, configs ? 3 : 2);
	int ret;

	if (kind == 0)
		random_call(&ctx->rng, ctx->target, configs, &c);
	else if (kind == 1)
		fragment_call(&ctx->rng, ctx->target, configs, &c);
	else
		mutated_call(&ctx->rng, ctx->target, configs, &c);
	ret = adx_module_set_configuration(rig->mod, c.id, c.pos, c.offset_size, c.data, c.size);
	describe(&c, what, sizeof(what));
	if (ret > 0 || ret < -4095) {
		val_fail(res, "call %u (%s) returned %d, not 0 or a negative errno", i, what, ret);
		return false;
	}
	if (adx_module_state(rig->mod) != ADX_MOD_RUNNING) {
		val_fail(res, "call %u (%s) changed the state", i, what);
		return false;
	}
	if (i % 8 == 7 && (val_run_noise(rig, ctx->seed + i, 2) ||
			   rig->mod->stats.process_errors ||
			   val_buf_first_nonfinite(&rig->out, 0) >= 0)) {
		val_fail(res, "after call %u (%s) process() fails or gives non-finite output "
			 "(last error %d)", i, what, rig->mod->stats.last_process_error);
		return false;
	}
	return true;
}

static void fuzz_keeps_module_working(struct val_ctx *ctx, struct val_result *res)
{
	struct adx_stream_params params;
	struct val_rig rig;
	uint32_t calls = 50u * (uint32_t)ctx->strictness;
	int configs = val_config_count(ctx->target);
	int ret;

	if (!ctx->target->drv->ops->set_configuration) {
		val_skip(res, "the module has no set_configuration");
		return;
	}
	val_default_params(ctx->target, &params);
	ret = val_rig_open(&rig, ctx->target, &params, ADX_EXEC_VIRTUAL);
	ret = ret ? ret : val_rig_start(&rig);
	if (ret)
		val_fail(res, "could not start: %d", ret);
	for (uint32_t i = 0; !ret && i < calls && send_fuzz(ctx, &rig, i, res); i++)
		;
	for (int i = 0; !res->failed && i < configs; i++) {
		ret = val_send_config(&rig, i);
		if (ret)
			val_fail(res, "after %u fuzzed calls the module refuses its own "
				 "configuration %d (%d)", calls, i, ret);
	}
	if (!res->failed && val_free_leaves_nothing(&rig, res, "configuration fuzz"))
		val_note(ctx, "%u fuzzed calls", calls);
	val_rig_close(&rig);
}

const struct val_check val_config_checks[] = {
	{ "config.fuzzed_blobs_leave_the_module_working", 4,
	  "random, mutated and fragmented configuration blobs never change the state, break "
	  "process() or leak, and the module's own configurations still apply",
	  fuzz_keeps_module_working },
	{ NULL, 0, NULL, NULL },
};
