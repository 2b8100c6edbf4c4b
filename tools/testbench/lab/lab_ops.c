// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host driver's ops, each one or more binary IPC messages through the
 * firmware seam (fw.h): hw_params creates the pipeline and inits and binds
 * its modules, prepare/start/stop/reset set its state, close deletes it,
 * controls are SET_CONFIG or LARGE_CONFIG_SET.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adx/modules/copier.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/volume.h"
#include "adx/platform/log.h"
#include "lab_internal.h"
#include "lab_wrap.h"

static uint32_t buffer_frames(const struct tb_pipeline_spec *spec, int from, int to)
{
	uint32_t period = spec->format.rate / 1000;
	const struct tb_stage *dp = NULL;

	/* A DP module's pins hold two blocks plus a deadline's worth (as the plain run sizes them). */
	if (from >= 1 && from <= spec->num_stages && spec->stages[from - 1].kind != TB_STAGE_VOLUME)
		dp = &spec->stages[from - 1];
	if (to >= 1 && to <= spec->num_stages && spec->stages[to - 1].kind != TB_STAGE_VOLUME)
		dp = &spec->stages[to - 1];
	if (!dp)
		return 2 * period;
	return 2 * (dp->block_frames + dp->period_us / 1000 * period) + period;
}

union stage_init {
	struct adx_volume_config vol;
	struct adx_dp_passthrough_init dp;
	struct adx_dax_init dax;
};

static void stage_init_data(const struct lab *lab, const struct tb_stage *st,
			    uint32_t *type, union stage_init *data, size_t *size)
{
	switch (st->kind) {
	case TB_STAGE_VOLUME:
		*type = ADX_IPC_MODULE_VOLUME;
		data->vol = (struct adx_volume_config){
			.gain_q8_23 = (int32_t)(pow(10.0, st->gain_db / 20.0) * (1 << 23) + 0.5) };
		*size = sizeof(data->vol);
		break;
	case TB_STAGE_DP_PASSTHROUGH:
		*type = ADX_IPC_MODULE_DP_PASSTHROUGH;
		data->dp = (struct adx_dp_passthrough_init){ .block_frames = st->block_frames,
							     .period_us = st->period_us,
							     .cycle_cost_ns = st->cost_ns };
		*size = sizeof(data->dp);
		break;
	case TB_STAGE_DAX:
		*type = ADX_IPC_MODULE_DAX;
		data->dax = (struct adx_dax_init){
			.policy = (uint32_t)lab_stage_policy(lab, st),
			.max_channels = TB_DAX_MAX_CHANNELS,
			.device = (uint32_t)st->device,
			.priority = (uint32_t)st->priority,
		};
		*size = sizeof(data->dax);
		break;
	}
}

static bool may_be_held(const struct lab *lab, int index, int inst)
{
	return inst >= 1 && inst <= TB_MAX_STAGES && lab->hold_stage[index][inst - 1];
}

/*
 * Instances go behind their own process() trampolines (lab_wrap.h) before
 * they run: every one for calibration, and those a mid_cycle op will hold.
 */
static void wrap_instances(struct lab *lab, struct ppl_rt *p, int index)
{
	for (int i = 0; i < p->num_inst; i++) {
		struct adx_module *mod = tb_fw_module(lab->fw, p->inst[i]);
		bool held = may_be_held(lab, index, i);

		if (!mod || !(held || lab->opt->wrap_modules))
			continue;
		if (lab_wrap_module(mod, lab->inst_label[p->inst[i]],
				    held ? lab_hold_hook : NULL, held ? lab->hold : NULL) < 0)
			adx_warn("lab", "%s: no trampoline slot left", lab->inst_label[p->inst[i]]);
	}
}

/* hw_params: create the pipeline, init its modules source to sink, bind them. */
static int op_hw_params(struct lab *lab, struct ppl_rt *p, int index, char *note, size_t n)
{
	const struct tb_pipeline_spec *spec = p->spec;
	uint32_t base = (uint32_t)index * INSTANCES_PER_PIPELINE;
	struct adx_host_copier_init host = { .gateway_id = (uint32_t)(2 * index) };
	struct adx_dai_copier_init dai = { .gateway_id = (uint32_t)(2 * index + 1) };
	int ret;

	ret = tb_fw_pipeline_create(lab->fw, spec->id, spec->format.rate / 1000,
				    lab->opt->control_model);
	if (ret) {
		snprintf(note, n, "create pipeline failed");
		return ret;
	}
	p->in_fw = true;
	p->num_inst = spec->num_stages + 2;
	for (int i = 0; i < p->num_inst; i++)
		p->inst[i] = base + (uint32_t)i;
	/* INIT_INSTANCE source to sink: init order is processing order. */
	ret = tb_fw_module_init(lab->fw, base, spec->id, ADX_IPC_MODULE_HOST_COPIER, &host,
				sizeof(host));
	for (int s = 0; !ret && s < spec->num_stages; s++) {
		union stage_init data;
		uint32_t type = 0;
		size_t size = 0;

		stage_init_data(lab, &spec->stages[s], &type, &data, &size);
		ret = tb_fw_module_init(lab->fw, base + 1 + (uint32_t)s, spec->id, type, &data,
					size);
		if (ret)
			snprintf(note, n, "init of %s failed", lab->inst_label[base + 1 + s]);
	}
	if (!ret)
		ret = tb_fw_module_init(lab->fw, base + (uint32_t)p->num_inst - 1, spec->id,
					ADX_IPC_MODULE_DAI_COPIER, &dai, sizeof(dai));
	for (int i = 0; !ret && i + 1 < p->num_inst; i++) {
		ret = tb_fw_bind(lab->fw, p->inst[i], p->inst[i + 1],
				 buffer_frames(spec, i, i + 1), &spec->format);
		if (ret)
			snprintf(note, n, "bind %d->%d failed", i, i + 1);
	}
	if (ret) {
		int leaks = tb_fw_pipeline_delete(lab->fw, spec->id);

		lab->res->leaked_blocks += leaks > 0 ? (uint64_t)leaks : 0;
		p->in_fw = false;
		return ret;
	}
	wrap_instances(lab, p, index);
	return 0;
}

static int send_tuning(struct lab *lab, uint32_t inst, const char *path, char *note, size_t n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *blob = malloc(ADX_DAX_TUNING_MAX_BYTES + 1);
	size_t size = f && blob ? fread(blob, 1, ADX_DAX_TUNING_MAX_BYTES + 1, f) : 0;
	int ret = -EIO;

	if (f && blob) {
		uint32_t fragments = (uint32_t)((size + TB_FW_FRAGMENT_BYTES - 1) /
						TB_FW_FRAGMENT_BYTES);

		ret = tb_fw_set_blob(lab->fw, inst, ADX_DAX_CFG_TUNING, blob, size);
		snprintf(note, n, "%zu-byte tuning blob in %u LARGE_CONFIG_SET fragment%s", size,
			 fragments, fragments == 1 ? "" : "s");
	}
	if (f)
		fclose(f);
	free(blob);
	return ret;
}

/* Controls: SET_CONFIG with one little-endian u32 (the DAX ids), tuning in fragments. */
static int op_control(struct lab *lab, struct ppl_rt *p, const struct tb_control *c,
		      char *note, size_t n)
{
	static const uint32_t ids[] = {
		[TB_CTL_ENABLE] = ADX_DAX_CFG_ENABLE, [TB_CTL_PROFILE] = ADX_DAX_CFG_PROFILE,
		[TB_CTL_DEVICE] = ADX_DAX_CFG_DEVICE, [TB_CTL_VOLUME] = ADX_DAX_CFG_VOLUME,
		[TB_CTL_CTC] = ADX_DAX_CFG_CTC_ENABLE,
		[TB_CTL_CONTENT] = ADX_DAX_CFG_CONTENT_PROCESSING,
		[TB_CTL_TUNING] = ADX_DAX_CFG_TUNING, [TB_CTL_GAIN] = ADX_VOLUME_CFG_GAIN,
	};
	const struct tb_pipeline_spec *spec = p->spec;
	int stage = c->stage[0] ? tb_pipeline_find_stage(spec, c->stage) : spec->dax_stage;
	uint8_t word[4];
	uint32_t inst;

	if (c->kind == TB_CTL_GAIN && !c->stage[0])
		for (int s = 0; s < spec->num_stages; s++)
			if (spec->stages[s].kind == TB_STAGE_VOLUME)
				stage = s;
	if (!p->in_fw || stage < 0)
		return -ENOENT;
	inst = p->inst[1 + stage];
	if (c->kind == TB_CTL_GAIN) {
		struct adx_volume_config vol = { .gain_q8_23 = c->value, .ramp_frames = 480 };

		return tb_fw_set_config(lab->fw, inst, ids[c->kind], &vol, sizeof(vol));
	}
	if (c->kind == TB_CTL_TUNING)
		return send_tuning(lab, inst, c->blob_path, note, n);
	if (c->kind == TB_CTL_VOLUME)
		snprintf(note, n, "Q1.31 0x%08x", (unsigned int)c->value);
	adx_ipc_put_u32(word, (uint32_t)c->value);
	return tb_fw_set_config(lab->fw, inst, ids[c->kind], word, sizeof(word));
}

int lab_perform(struct lab *lab, const struct tb_event *ev, char *note, size_t n)
{
	int index = ev->pipeline;
	struct ppl_rt *p = index >= 0 ? &lab->ppl[index] : NULL;
	uint32_t id = p ? p->spec->id : 0;
	struct burst *bu;
	int ret = 0;

	switch (ev->op) {
	case TB_OP_OPEN:
		p->state = PCM_OPEN;
		return 0;
	case TB_OP_HW_PARAMS:
		lab_note_engine_request(lab, p, ev->op);
		ret = op_hw_params(lab, p, index, note, n);
		p->state = ret ? PCM_OPEN : PCM_SETUP;
		return ret;
	case TB_OP_PREPARE:
		lab_note_engine_request(lab, p, ev->op);
		if (!p->in_fw)
			return -ENOENT;
		ret = tb_fw_set_state(lab->fw, id, ADX_PPL_PAUSED);
		if (!ret) {
			p->state = PCM_PREPARED;
			p->dai_counted = false;
		}
		return ret;
	case TB_OP_START:
		if (!p->in_fw)
			return -ENOENT;
		ret = tb_fw_set_state(lab->fw, id, ADX_PPL_RUNNING);
		if (!ret) {
			p->state = PCM_RUNNING;
			if (p->spec->dax_stage >= 0)
				lab_record_switch(lab, p);
		}
		return ret;
	case TB_OP_STOP:
		if (!p->in_fw)
			return -ENOENT;
		ret = tb_fw_set_state(lab->fw, id, ADX_PPL_PAUSED);
		lab_gather_switch(lab, p);
		p->state = ret ? p->state : PCM_PREPARED;
		return ret;
	case TB_OP_RESET:
		if (p->in_fw) {
			lab_gather_switch(lab, p);
			lab_gather_dai(lab, p, index);
			ret = tb_fw_set_state(lab->fw, id, ADX_PPL_RESET);
		}
		p->state = PCM_SETUP;
		return ret;
	case TB_OP_CLOSE:
		/* A running PCM is stopped before it is freed (ALSA drops it first),
		 * so its modules' figures are read while no cycle writes them. */
		if (p->in_fw && p->state == PCM_RUNNING)
			ret = tb_fw_set_state(lab->fw, id, ADX_PPL_PAUSED);
		if (p->in_fw && !ret) {
			lab_gather_switch(lab, p);
			lab_gather_dai(lab, p, index);
			lab_gather_modules(lab, p);
			ret = tb_fw_pipeline_delete(lab->fw, id);
			if (ret > 0) {
				lab->res->leaked_blocks += (uint64_t)ret;
				snprintf(note, n, "%d block(s) leaked", ret);
				ret = 0;
			}
			if (!ret)
				p->in_fw = false;
		}
		p->state = PCM_CLOSED;
		p->last_switch = -1;
		return ret;
	case TB_OP_CONTROL:
		return op_control(lab, p, &ev->control, note, n);
	case TB_OP_ALLOC:
		return lab_burst_alloc(lab, &ev->burst, note, n);
	case TB_OP_RELEASE:
		bu = lab_burst_find(lab, ev->burst.tag);
		if (!bu)
			return -ENOENT;
		lab_burst_release(bu);
		return 0;
	default:
		return -EINVAL;
	}
}
