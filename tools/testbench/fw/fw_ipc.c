// SPDX-License-Identifier: BSD-3-Clause
/*
 * The firmware seam's control half over binary IPC messages (fw.h): each call builds the
 * message a host driver would send, passes it through adx_ipc_process() as
 * a mailbox would, and turns the reply's status back into an errno. The
 * firmware side (struct adx_ipc) owns every pipeline and module; pipeline
 * structs, init-data copies and large-config assembly buffers come from the
 * DSP heap, as they would on a DSP, so they show in the heap figures.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fw.h"

struct tb_fw {
	struct adx_ipc ipc;
	uint8_t msg[ADX_IPC_MAILBOX_BYTES];
	uint8_t reply[ADX_IPC_MAILBOX_BYTES];
	struct tb_fw_stats stats;
	tb_fw_observer_fn observer;
	void *observer_ctx;
};

/* Words of a fixed payload, little-endian. */
struct payload {
	uint8_t bytes[ADX_IPC_MAILBOX_BYTES - ADX_IPC_HEADER_BYTES];
	uint32_t size;
};

static void put(struct payload *p, uint32_t value)
{
	adx_ipc_put_u32(p->bytes + p->size, value);
	p->size += 4;
}

static void put_bytes(struct payload *p, const void *data, size_t size)
{
	memcpy(p->bytes + p->size, data, size);
	p->size += (uint32_t)size;
}

/*
 * One message, one reply: 0 or the negative errno the firmware reported;
 * *reply holds what it answered.
 */
static int exchange_reply(struct tb_fw *fw, uint32_t type, uint32_t target, uint32_t extension,
			  const struct payload *p, struct adx_ipc_reply_header *reply_out)
{
	struct adx_ipc_msg_header hdr = { .type = type, .target = target,
					  .extension = extension,
					  .payload_size = p ? p->size : 0 };
	struct adx_ipc_reply_header reply;
	size_t len = adx_ipc_build(fw->msg, sizeof(fw->msg), &hdr, p ? p->bytes : NULL);
	size_t reply_len = 0;

	if (!len)
		return -EMSGSIZE;
	if (adx_ipc_process(&fw->ipc, fw->msg, len, fw->reply, sizeof(fw->reply), &reply_len) ||
	    adx_ipc_read_reply(fw->reply, reply_len, &reply) || reply.type != type)
		return -EPROTO;
	fw->stats.messages++;
	fw->stats.bytes_sent += len;
	if (reply.status != ADX_IPC_OK)
		fw->stats.rejected++;
	if (fw->observer)
		fw->observer(fw->observer_ctx, &hdr, &reply);
	*reply_out = reply;
	if (reply.status == ADX_IPC_OK)
		return 0;
	/* The extension carries the firmware's errno; the status alone is too coarse. */
	return reply.extension ? -(int)reply.extension : -EIO;
}

static int exchange(struct tb_fw *fw, uint32_t type, uint32_t target, uint32_t extension,
		    const struct payload *p)
{
	struct adx_ipc_reply_header reply;

	return exchange_reply(fw, type, target, extension, p, &reply);
}

struct tb_fw *tb_fw_create(struct adx_heap *heap, struct adx_sched *sched)
{
	struct tb_fw *fw = calloc(1, sizeof(*fw));
	struct adx_ipc_config cfg = { .heap = heap, .sched = sched };

	if (fw && adx_ipc_init(&fw->ipc, &cfg)) {
		free(fw);
		fw = NULL;
	}
	return fw;
}

void tb_fw_set_observer(struct tb_fw *fw, tb_fw_observer_fn fn, void *ctx)
{
	fw->observer = fn;
	fw->observer_ctx = ctx;
}

void tb_fw_get_stats(const struct tb_fw *fw, struct tb_fw_stats *stats)
{
	*stats = fw->stats;
}

int tb_fw_register_type(struct tb_fw *fw, uint32_t type_id, const struct adx_module_driver *drv)
{
	return adx_ipc_register_module_type(&fw->ipc, type_id, drv);
}

int tb_fw_pipeline_create(struct tb_fw *fw, uint32_t ppl_id, uint32_t period_frames,
			  enum adx_control_model model)
{
	struct payload p = { .size = 0 };

	put(&p, period_frames);
	put(&p, model == ADX_CTRL_POST_TO_DP ? ADX_IPC_PPL_POST_TO_DP : 0);
	return exchange(fw, ADX_IPC_CREATE_PIPELINE, ppl_id, 0, &p);
}

int tb_fw_pipeline_delete(struct tb_fw *fw, uint32_t ppl_id)
{
	struct adx_ipc_reply_header reply;
	int ret = exchange_reply(fw, ADX_IPC_DELETE_PIPELINE, ppl_id, 0, NULL, &reply);

	if (ret)
		return ret;
	/* The reply's extension counts the blocks the pipeline's modules leaked. */
	return reply.extension > INT_MAX ? INT_MAX : (int)reply.extension;
}

int tb_fw_set_state(struct tb_fw *fw, uint32_t ppl_id, enum adx_pipeline_state state)
{
	return exchange(fw, ADX_IPC_SET_PIPELINE_STATE, ppl_id, (uint32_t)state, NULL);
}

int tb_fw_module_init(struct tb_fw *fw, uint32_t inst_id, uint32_t ppl_id, uint32_t type_id,
		      const void *init_data, size_t init_size)
{
	struct payload p = { .size = 0 };

	if (init_size > sizeof(p.bytes) - 4)
		return -E2BIG;
	put(&p, type_id);
	if (init_size)
		put_bytes(&p, init_data, init_size);
	return exchange(fw, ADX_IPC_INIT_INSTANCE, inst_id, ppl_id, &p);
}

int tb_fw_bind(struct tb_fw *fw, uint32_t src_inst, uint32_t dst_inst, uint32_t buffer_frames,
	       const struct adx_stream_params *params)
{
	struct payload p = { .size = 0 };

	put(&p, buffer_frames);
	put(&p, params->rate);
	put(&p, params->channels);
	put(&p, (uint32_t)params->format);
	return exchange(fw, ADX_IPC_BIND, src_inst, dst_inst, &p);
}

int tb_fw_set_config(struct tb_fw *fw, uint32_t inst_id, uint32_t config_id,
		     const void *data, size_t size)
{
	struct payload p = { .size = 0 };

	if (size > sizeof(p.bytes))
		return -E2BIG;
	put_bytes(&p, data, size);
	return exchange(fw, ADX_IPC_SET_CONFIG, inst_id, config_id, &p);
}

/*
 * LARGE_CONFIG_SET: the first block is flagged INIT and carries the total
 * size in data_off_size, every later block its offset; the last is FINAL.
 */
int tb_fw_set_blob(struct tb_fw *fw, uint32_t inst_id, uint32_t config_id,
		   const void *data, size_t size)
{
	const uint8_t *bytes = data;
	size_t off = 0;
	int ret;

	if (!size || size > UINT32_MAX)
		return -EINVAL;
	fw->stats.large_config_blobs++;
	do {
		size_t n = size - off < TB_FW_FRAGMENT_BYTES ? size - off : TB_FW_FRAGMENT_BYTES;
		uint32_t flags = (off == 0 ? ADX_IPC_INIT_BLOCK : 0) |
				 (off + n == size ? ADX_IPC_FINAL_BLOCK : 0);
		struct payload p = { .size = 0 };

		put(&p, config_id);
		put(&p, off == 0 ? (uint32_t)size : (uint32_t)off);
		put_bytes(&p, bytes + off, n);
		fw->stats.large_config_fragments++;
		ret = exchange(fw, ADX_IPC_LARGE_CONFIG_SET, inst_id, flags, &p);
		off += n;
	} while (!ret && off < size);
	return ret;
}

struct adx_module *tb_fw_module(struct tb_fw *fw, uint32_t inst_id)
{
	return adx_ipc_instance_module(&fw->ipc, inst_id);
}

int tb_fw_destroy(struct tb_fw *fw)
{
	int leaks;

	if (!fw)
		return 0;
	leaks = adx_ipc_free(&fw->ipc);
	free(fw);
	return leaks;
}
