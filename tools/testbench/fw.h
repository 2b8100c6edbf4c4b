/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The testbench's one seam to the firmware: what a host driver asks of it.
 *
 * Each call is one host<->firmware message in the spirit of SOF IPC4
 * (include/adx/ipc.h): create/delete pipeline, init/delete instance, bind,
 * SET_PIPELINE_STATE, (large) config set. The lab drives scenarios through
 * these calls only, so the backend can be the pipeline API called directly
 * (fw_direct.c) or binary IPC messages (fw_ipc.c) without the lab changing.
 * Every call returns 0 or a negative errno.
 */
#ifndef ADX_TB_FW_H
#define ADX_TB_FW_H

#include <stddef.h>
#include <stdint.h>

#include "adx/heap.h"
#include "adx/module.h"
#include "adx/pipeline.h"
#include "adx/sched.h"

struct tb_fw;

/* Module type ids the lab registers (the IPC's default ids where it has them). */
enum tb_fw_type {
	TB_FW_TYPE_HOST_COPIER = 1,
	TB_FW_TYPE_DAI_COPIER = 2,
	TB_FW_TYPE_VOLUME = 3,
	TB_FW_TYPE_DP_PASSTHROUGH = 4,
	TB_FW_TYPE_DAX = 5,
};

struct tb_fw *tb_fw_create(struct adx_heap *heap, struct adx_sched *sched);
/* Deletes what is left; returns the leaked blocks reported, or a negative errno. */
int tb_fw_destroy(struct tb_fw *fw);
const char *tb_fw_backend(const struct tb_fw *fw);

int tb_fw_register_type(struct tb_fw *fw, uint32_t type_id, const struct adx_module_driver *drv);
int tb_fw_pipeline_create(struct tb_fw *fw, uint32_t ppl_id, uint32_t period_frames,
			  enum adx_control_model model);
/* >= 0: leaked blocks reported while deleting; < 0: error. */
int tb_fw_pipeline_delete(struct tb_fw *fw, uint32_t ppl_id);
int tb_fw_set_state(struct tb_fw *fw, uint32_t ppl_id, enum adx_pipeline_state state);
/* name: for logs and reports (a backend may name the module itself). */
int tb_fw_module_init(struct tb_fw *fw, uint32_t inst_id, uint32_t ppl_id, uint32_t type_id,
		      const char *name, const void *init_data, size_t init_size);
int tb_fw_bind(struct tb_fw *fw, uint32_t src_inst, uint32_t dst_inst, uint32_t buffer_frames,
	       const struct adx_stream_params *params);
/* Any size: a backend splits what does not fit one message into fragments. */
int tb_fw_set_config(struct tb_fw *fw, uint32_t inst_id, uint32_t config_id,
		     const void *data, size_t size);

/* For reports: the live module / pipeline, or NULL. */
struct adx_module *tb_fw_module(struct tb_fw *fw, uint32_t inst_id);
struct adx_pipeline *tb_fw_pipeline(struct tb_fw *fw, uint32_t ppl_id);

#endif
