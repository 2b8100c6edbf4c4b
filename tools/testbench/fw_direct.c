// SPDX-License-Identifier: BSD-3-Clause
/*
 * The direct backend of the firmware seam: each host message becomes the
 * pipeline-API call the IPC layer would make for it. Pipeline structs come
 * from the testbench's malloc, not from the DSP heap (the IPC backend puts
 * them on the heap, as firmware does).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fw.h"

#define MAX_PIPELINES 16
#define MAX_INSTANCES 64
#define MAX_TYPES 16

struct tb_fw {
	struct adx_heap *heap;
	struct adx_sched *sched;
	const struct adx_module_driver *types[MAX_TYPES];
	struct adx_pipeline *pipelines[MAX_PIPELINES];
	struct {
		struct adx_module *mod;
		uint32_t ppl_id;
	} instances[MAX_INSTANCES];
};

struct tb_fw *tb_fw_create(struct adx_heap *heap, struct adx_sched *sched)
{
	struct tb_fw *fw = calloc(1, sizeof(*fw));

	if (fw) {
		fw->heap = heap;
		fw->sched = sched;
	}
	return fw;
}

const char *tb_fw_backend(const struct tb_fw *fw)
{
	(void)fw;
	return "direct";
}

int tb_fw_register_type(struct tb_fw *fw, uint32_t type_id, const struct adx_module_driver *drv)
{
	if (type_id >= MAX_TYPES || !drv)
		return -EINVAL;
	if (fw->types[type_id])
		return -EEXIST;
	fw->types[type_id] = drv;
	return 0;
}

int tb_fw_pipeline_create(struct tb_fw *fw, uint32_t ppl_id, uint32_t period_frames,
			  enum adx_control_model model)
{
	struct adx_pipeline *ppl;
	int ret;

	if (ppl_id >= MAX_PIPELINES)
		return -ERANGE;
	if (fw->pipelines[ppl_id])
		return -EEXIST;
	ppl = calloc(1, sizeof(*ppl));
	if (!ppl)
		return -ENOMEM;
	ret = adx_pipeline_create(ppl, ppl_id, "ppl", fw->heap, fw->sched, period_frames);
	if (ret) {
		free(ppl);
		return ret;
	}
	adx_pipeline_set_control_model(ppl, model);
	fw->pipelines[ppl_id] = ppl;
	return 0;
}

int tb_fw_pipeline_delete(struct tb_fw *fw, uint32_t ppl_id)
{
	struct adx_pipeline *ppl = ppl_id < MAX_PIPELINES ? fw->pipelines[ppl_id] : NULL;
	int ret;

	if (!ppl)
		return -ENOENT;
	ret = adx_pipeline_destroy(ppl);
	if (ret == -ETIMEDOUT)
		return ret;     /* stranded: its DP cycle may still touch it */
	for (int i = 0; i < MAX_INSTANCES; i++)
		if (fw->instances[i].mod && fw->instances[i].ppl_id == ppl_id)
			fw->instances[i].mod = NULL;
	fw->pipelines[ppl_id] = NULL;
	free(ppl);
	return ret;
}

int tb_fw_set_state(struct tb_fw *fw, uint32_t ppl_id, enum adx_pipeline_state state)
{
	struct adx_pipeline *ppl = ppl_id < MAX_PIPELINES ? fw->pipelines[ppl_id] : NULL;

	return ppl ? adx_pipeline_set_state(ppl, state) : -ENOENT;
}

int tb_fw_module_init(struct tb_fw *fw, uint32_t inst_id, uint32_t ppl_id, uint32_t type_id,
		      const char *name, const void *init_data, size_t init_size)
{
	struct adx_pipeline *ppl = ppl_id < MAX_PIPELINES ? fw->pipelines[ppl_id] : NULL;
	struct adx_module *mod;
	int ret;

	if (inst_id >= MAX_INSTANCES || type_id >= MAX_TYPES)
		return -ERANGE;
	if (!ppl || !fw->types[type_id])
		return -ENOENT;
	if (fw->instances[inst_id].mod)
		return -EEXIST;
	ret = adx_pipeline_add_module(ppl, fw->types[type_id], name, init_data, init_size, &mod);
	if (ret)
		return ret;
	fw->instances[inst_id].mod = mod;
	fw->instances[inst_id].ppl_id = ppl_id;
	return 0;
}

int tb_fw_bind(struct tb_fw *fw, uint32_t src_inst, uint32_t dst_inst, uint32_t buffer_frames,
	       const struct adx_stream_params *params)
{
	struct adx_module *from = tb_fw_module(fw, src_inst), *to = tb_fw_module(fw, dst_inst);

	if (!from || !to)
		return -ENOENT;
	if (fw->instances[src_inst].ppl_id != fw->instances[dst_inst].ppl_id)
		return -ENOTSUP;
	return adx_pipeline_connect(fw->pipelines[fw->instances[src_inst].ppl_id], from, to,
				    params, buffer_frames);
}

int tb_fw_set_config(struct tb_fw *fw, uint32_t inst_id, uint32_t config_id,
		     const void *data, size_t size)
{
	struct adx_module *mod = tb_fw_module(fw, inst_id);

	if (!mod)
		return -ENOENT;
	return adx_module_set_configuration(mod, config_id, ADX_CFG_SINGLE, (uint32_t)size,
					    data, size);
}

struct adx_module *tb_fw_module(struct tb_fw *fw, uint32_t inst_id)
{
	return inst_id < MAX_INSTANCES ? fw->instances[inst_id].mod : NULL;
}

struct adx_pipeline *tb_fw_pipeline(struct tb_fw *fw, uint32_t ppl_id)
{
	return ppl_id < MAX_PIPELINES ? fw->pipelines[ppl_id] : NULL;
}

int tb_fw_destroy(struct tb_fw *fw)
{
	int leaks = 0;

	if (!fw)
		return 0;
	for (uint32_t i = 0; i < MAX_PIPELINES; i++) {
		int ret;

		if (!fw->pipelines[i])
			continue;
		ret = tb_fw_pipeline_delete(fw, i);
		if (ret < 0)
			return ret;
		leaks += ret;
	}
	free(fw);
	return leaks;
}
