/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The testbench's one seam to the firmware: what a host driver asks of it.
 *
 * Each call is one host->firmware exchange of binary IPC messages
 * (include/adx/ipc/ipc.h, docs/ipc.md), built with adx_ipc_build(), handed to
 * adx_ipc_process() and answered by a reply read with adx_ipc_read_reply(),
 * exactly as a host driver's mailbox would carry them (fw_ipc.c). The lab
 * drives scenarios through these calls only. Every call returns 0 or a
 * negative errno (the one the firmware put in its reply).
 */
#ifndef ADX_TB_FW_H
#define ADX_TB_FW_H

#include <stddef.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "adx/ipc/ipc.h"
#include "adx/audio/module_adapter.h"
#include "adx/audio/pipeline.h"
#include "adx/sched/sched.h"

struct tb_fw;

/* Module type ids: the IPC layer's stock ids, and the one the lab registers for DAX. */
enum tb_fw_type {
	TB_FW_TYPE_HOST_COPIER = ADX_IPC_MODULE_HOST_COPIER,
	TB_FW_TYPE_DAI_COPIER = ADX_IPC_MODULE_DAI_COPIER,
	TB_FW_TYPE_VOLUME = ADX_IPC_MODULE_VOLUME,
	TB_FW_TYPE_DP_PASSTHROUGH = ADX_IPC_MODULE_DP_PASSTHROUGH,
	TB_FW_TYPE_DAX = ADX_IPC_MODULE_DAX,
};

/*
 * Blobs go in LARGE_CONFIG_SET fragments of this size: smaller than the
 * mailbox on purpose, so a tuning blob of a few KiB crosses the firmware's
 * assembly path (init block with the total, then offsets) as a real host's
 * would when its mailbox is small.
 */
#define TB_FW_FRAGMENT_BYTES 1024u

/* Messages and replies, for reports and the trace. */
struct tb_fw_stats {
	uint64_t messages;
	uint64_t rejected;              /* replies with a status other than OK */
	uint64_t large_config_blobs;
	uint64_t large_config_fragments;
	uint64_t bytes_sent;
};

/* Called after each exchange (message header and reply status). */
typedef void (*tb_fw_observer_fn)(void *ctx, const struct adx_ipc_msg_header *msg,
				  const struct adx_ipc_reply_header *reply);

struct tb_fw *tb_fw_create(struct adx_heap *heap, struct adx_sched *sched);
/* Deletes what is left; returns the leaked blocks the firmware reported, or -errno. */
int tb_fw_destroy(struct tb_fw *fw);
const char *tb_fw_backend(const struct tb_fw *fw);
void tb_fw_set_observer(struct tb_fw *fw, tb_fw_observer_fn fn, void *ctx);
void tb_fw_get_stats(const struct tb_fw *fw, struct tb_fw_stats *stats);

/* Firmware-side registration (not a message: firmware links its module types). */
int tb_fw_register_type(struct tb_fw *fw, uint32_t type_id, const struct adx_module_driver *drv);

/* CREATE_PIPELINE / DELETE_PIPELINE / SET_PIPELINE_STATE. */
int tb_fw_pipeline_create(struct tb_fw *fw, uint32_t ppl_id, uint32_t period_frames,
			  enum adx_control_model model);
int tb_fw_pipeline_delete(struct tb_fw *fw, uint32_t ppl_id);
int tb_fw_set_state(struct tb_fw *fw, uint32_t ppl_id, enum adx_pipeline_state state);
/* INIT_INSTANCE with the module's initial configuration (its init struct). */
int tb_fw_module_init(struct tb_fw *fw, uint32_t inst_id, uint32_t ppl_id, uint32_t type_id,
		      const void *init_data, size_t init_size);
/* BIND: a buffer of buffer_frames between two instances of one pipeline. */
int tb_fw_bind(struct tb_fw *fw, uint32_t src_inst, uint32_t dst_inst, uint32_t buffer_frames,
	       const struct adx_stream_params *params);
/* SET_CONFIG: one small value (a control). */
int tb_fw_set_config(struct tb_fw *fw, uint32_t inst_id, uint32_t config_id,
		     const void *data, size_t size);
/* LARGE_CONFIG_SET: a blob in TB_FW_FRAGMENT_BYTES fragments (one if it fits). */
int tb_fw_set_blob(struct tb_fw *fw, uint32_t inst_id, uint32_t config_id,
		   const void *data, size_t size);

/* For reports: the live module / pipeline, or NULL. */
struct adx_module *tb_fw_module(struct tb_fw *fw, uint32_t inst_id);
struct adx_pipeline *tb_fw_pipeline(struct tb_fw *fw, uint32_t ppl_id);

#endif
