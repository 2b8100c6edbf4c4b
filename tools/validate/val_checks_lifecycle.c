// SPDX-License-Identifier: BSD-3-Clause
/*
 * Lifecycle: every op in every state against the table of docs/design.md §3,
 * free from every state, and reset/prepare re-entry.
 */
#include <errno.h>
#include <string.h>

#include "val_checks.h"

enum lc_op { OP_INIT, OP_PREPARE, OP_START, OP_STOP, OP_SET_CFG, OP_GET_CFG, OP_RESET,
	     OP_FREE, OP_COUNT };

static const char *const op_names[OP_COUNT] = {
	"init", "prepare", "trigger start", "trigger stop", "set_configuration",
	"get_configuration", "reset", "free",
};

#define ANY_RET 1   /* the module decides (configuration ops) */

struct lc_expect {
	int ret;
	enum adx_module_state next;
};

#define D ADX_MOD_DISABLED
#define I ADX_MOD_INITIALIZED
#define P ADX_MOD_IDLE
#define R ADX_MOD_RUNNING
/* [op][state]: docs/design.md §3, "no-op" is 0 with the state unchanged. */
static const struct lc_expect table[OP_COUNT][4] = {
	[OP_INIT] = { { 0, I }, { -EINVAL, I }, { -EINVAL, P }, { -EINVAL, R } },
	[OP_PREPARE] = { { -EINVAL, D }, { 0, P }, { 0, P }, { -EINVAL, R } },
	[OP_START] = { { -EINVAL, D }, { -EINVAL, I }, { 0, R }, { 0, R } },
	[OP_STOP] = { { -EINVAL, D }, { -EINVAL, I }, { 0, P }, { 0, P } },
	[OP_SET_CFG] = { { -EINVAL, D }, { ANY_RET, I }, { ANY_RET, P }, { ANY_RET, R } },
	[OP_GET_CFG] = { { -EINVAL, D }, { ANY_RET, I }, { ANY_RET, P }, { ANY_RET, R } },
	[OP_RESET] = { { 0, D }, { 0, I }, { 0, I }, { 0, I } },
	[OP_FREE] = { { 0, D }, { 0, D }, { 0, D }, { 0, D } },
};
#undef D
#undef I
#undef P
#undef R

static int set_first_config(struct val_rig *rig)
{
	const struct adx_module_sample_config *cfg = &rig->target->caps.configs[0];
	static const uint8_t empty[4];

	if (!cfg->data)
		return adx_module_set_configuration(rig->mod, 0, ADX_CFG_SINGLE, 4, empty, 4);
	return adx_module_set_configuration(rig->mod, cfg->config_id, ADX_CFG_SINGLE,
					    cfg->size, cfg->data, cfg->size);
}

static int apply(struct val_rig *rig, enum lc_op op)
{
	uint8_t data[256];
	size_t size = sizeof(data);

	switch (op) {
	case OP_INIT: return val_rig_init(rig);
	case OP_PREPARE: return val_rig_prepare(rig);
	case OP_START: return adx_module_trigger(rig->mod, ADX_TRIGGER_START);
	case OP_STOP: return adx_module_trigger(rig->mod, ADX_TRIGGER_STOP);
	case OP_SET_CFG: return set_first_config(rig);
	case OP_GET_CFG:
		return adx_module_get_configuration(rig->mod, rig->target->caps.configs[0].config_id,
						    data, &size);
	case OP_RESET: return adx_module_reset(rig->mod);
	case OP_FREE: return adx_module_free(rig->mod);
	case OP_COUNT: break;
	}
	return -EINVAL;
}

int val_rig_reach(struct val_rig *rig, enum adx_module_state state)
{
	int ret = val_rig_init(rig);

	if (ret)
		return ret;
	switch (state) {
	case ADX_MOD_DISABLED: return adx_module_free(rig->mod);
	case ADX_MOD_INITIALIZED: return 0;
	case ADX_MOD_IDLE: return val_rig_prepare(rig);
	case ADX_MOD_RUNNING:
		ret = val_rig_prepare(rig);
		return ret ? ret : adx_module_trigger(rig->mod, ADX_TRIGGER_START);
	}
	return -EINVAL;
}

bool val_free_leaves_nothing(struct val_rig *rig, struct val_result *res, const char *after)
{
	size_t used;
	int ret = adx_module_free(rig->mod);

	if (ret) {
		val_fail(res, "free after %s returned %d", after, ret);
		return false;
	}
	used = val_rig_heap_bytes(rig);
	if (rig->mod->stats.leaks_reported || used != rig->heap_used_empty) {
		val_fail(res, "after %s and free: %llu block(s) reported leaked, heap holds %zu "
			 "bytes more than empty", after,
			 (unsigned long long)rig->mod->stats.leaks_reported,
			 used - rig->heap_used_empty);
		return false;
	}
	return true;
}

static bool check_cell(struct val_ctx *ctx, struct val_result *res, enum lc_op op,
		       enum adx_module_state from)
{
	const struct lc_expect *want = &table[op][from];
	struct adx_stream_params params;
	struct val_rig rig;
	enum adx_module_state now;
	char after[96];
	int ret;
	bool ok = true;

	val_default_params(ctx->target, &params);
	if (val_rig_open(&rig, ctx->target, &params, ADX_EXEC_VIRTUAL) ||
	    val_rig_reach(&rig, from)) {
		val_fail(res, "could not bring the module to %s", adx_module_state_name(from));
		val_rig_close(&rig);
		return false;
	}
	ret = apply(&rig, op);
	now = adx_module_state(rig.mod);
	if (want->ret != ANY_RET && ret != want->ret) {
		val_fail(res, "%s in %s returned %d, the table says %d", op_names[op],
			 adx_module_state_name(from), ret, want->ret);
		ok = false;
	} else if (now != want->next) {
		val_fail(res, "%s in %s left %s, the table says %s", op_names[op],
			 adx_module_state_name(from), adx_module_state_name(now),
			 adx_module_state_name(want->next));
		ok = false;
	}
	snprintf(after, sizeof(after), "%s in %s", op_names[op], adx_module_state_name(from));
	ok = ok && val_free_leaves_nothing(&rig, res, after);
	val_rig_close(&rig);
	return ok;
}

static void lifecycle_table(struct val_ctx *ctx, struct val_result *res)
{
	for (int op = 0; op < OP_COUNT; op++)
		for (int s = ADX_MOD_DISABLED; s <= ADX_MOD_RUNNING; s++)
			if (!check_cell(ctx, res, op, s))
				return;
	val_note(ctx, "%d ops x 4 states", OP_COUNT);
}

static int restart(struct val_rig *rig)
{
	int ret = adx_module_reset(rig->mod);

	ret = ret ? ret : val_rig_prepare(rig);
	return ret ? ret : adx_module_trigger(rig->mod, ADX_TRIGGER_START);
}

static void lifecycle_reprepare(struct val_ctx *ctx, struct val_result *res)
{
	struct adx_stream_params params;
	struct val_rig rig;
	struct val_buf first = { 0 };
	const uint32_t periods = 60;
	int ret;

	val_default_params(ctx->target, &params);
	ret = val_rig_open(&rig, ctx->target, &params, ADX_EXEC_VIRTUAL);
	ret = ret ? ret : val_rig_start(&rig);
	ret = ret ? ret : val_run_noise(&rig, ctx->seed, periods);
	ret = ret ? ret : val_buf_init(&first, rig.out_params.channels, rig.out.frames);
	ret = ret ? ret : val_buf_append(&first, rig.out.data, rig.out.frames);
	for (int round = 1; !ret && !res->failed && round <= 3; round++) {
		rig.out.frames = 0;
		ret = restart(&rig);
		ret = ret ? ret : val_run_noise(&rig, ctx->seed, periods);
		if (!ret && !val_buf_equal(&first, &rig.out))
			val_fail(res, "after reset and prepare #%d the output differs from the "
				 "first run's from frame %llu on: state survived reset", round,
				 (unsigned long long)val_buf_first_difference(&first, &rig.out));
	}
	if (ret)
		val_fail(res, "reset/prepare/start re-entry failed: %d", ret);
	else if (!res->failed)
		val_free_leaves_nothing(&rig, res, "three reset/prepare rounds");
	val_buf_free(&first);
	val_rig_close(&rig);
}

static void lifecycle_free_every_state(struct val_ctx *ctx, struct val_result *res)
{
	for (int s = ADX_MOD_INITIALIZED; s <= ADX_MOD_RUNNING; s++) {
		struct adx_stream_params params;
		struct val_rig rig;
		char after[64];
		bool ok;

		val_default_params(ctx->target, &params);
		if (val_rig_open(&rig, ctx->target, &params, ADX_EXEC_VIRTUAL) ||
		    val_rig_reach(&rig, s)) {
			val_fail(res, "could not reach %s", adx_module_state_name(s));
			val_rig_close(&rig);
			return;
		}
		if (s == ADX_MOD_RUNNING && val_run_noise(&rig, ctx->seed, 10))
			val_fail(res, "process failed before free");
		snprintf(after, sizeof(after), "%s", adx_module_state_name(s));
		ok = !res->failed && val_free_leaves_nothing(&rig, res, after);
		if (ok && adx_module_state(rig.mod) != ADX_MOD_DISABLED)
			val_fail(res, "free from %s left %s", after,
				 adx_module_state_name(adx_module_state(rig.mod)));
		val_rig_close(&rig);
		if (res->failed)
			return;
	}
}

const struct val_check val_lifecycle_checks[] = {
	{ "lifecycle.ops_follow_the_state_table", 1,
	  "every op in every state returns and leaves what docs/design.md 3 says, leaking nothing",
	  lifecycle_table },
	{ "lifecycle.free_from_every_state_leaves_nothing", 1,
	  "free from INITIALIZED, IDLE and RUNNING returns every byte to the heap",
	  lifecycle_free_every_state },
	{ "lifecycle.reset_then_prepare_matches_a_fresh_instance", 3,
	  "after reset and prepare the module processes exactly as when first prepared",
	  lifecycle_reprepare },
	{ NULL, 0, NULL, NULL },
};
