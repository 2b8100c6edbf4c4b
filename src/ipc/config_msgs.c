// SPDX-License-Identifier: BSD-3-Clause
/*
 * Configuration that needs no assembly: SET_CONFIG and GET_CONFIG (one
 * mailbox's worth), and LARGE_CONFIG_GET, which reads a blob out in
 * reply-sized blocks.
 */
#include <errno.h>
#include <string.h>

#include "ipc_priv.h"

#define LARGE_PREFIX_BYTES 8 /* config id, data_off_size */

int ipc_set_config(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
		   const struct ipc_msg *msg, struct ipc_reply *reply)
{
	(void)ipc;
	(void)reply;
	return adx_module_set_configuration(inst->mod, msg->extension, ADX_CFG_SINGLE,
					    msg->payload_size, msg->payload,
					    msg->payload_size);
}

int ipc_get_config(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
		   const struct ipc_msg *msg, struct ipc_reply *reply)
{
	size_t size = reply->capacity;
	int ret;

	(void)ipc;
	ret = adx_module_get_configuration(inst->mod, msg->extension, reply->payload, &size);
	if (ret)
		return ret;
	if (size > reply->capacity)
		return -EMSGSIZE;
	reply->size = (uint32_t)size;
	return 0;
}

/* One block of a blob already read out: flags, prefix and the bytes that fit. */
static void fill_block(struct ipc_reply *reply, uint32_t config_id, const uint8_t *blob,
		       uint32_t total, uint32_t offset)
{
	uint32_t room = reply->capacity - LARGE_PREFIX_BYTES;
	uint32_t n = total - offset < room ? total - offset : room;

	reply->extension = (offset == 0 ? ADX_IPC_INIT_BLOCK : 0) |
			   (offset + n == total ? ADX_IPC_FINAL_BLOCK : 0);
	adx_ipc_put_u32(reply->payload, config_id);
	adx_ipc_put_u32(reply->payload + 4, offset == 0 ? total : offset);
	memcpy(reply->payload + LARGE_PREFIX_BYTES, blob + offset, n);
	reply->size = LARGE_PREFIX_BYTES + n;
}

/*
 * The module API returns a whole blob, so each block reads the blob into a
 * scratch buffer from the module's memory owner (max_blob_bytes, freed
 * before the reply) and copies out the requested window. Nothing is held
 * between blocks; the host sees a consistent blob as long as it sends no
 * SET for that id while reading.
 */
int ipc_large_config_get(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
			 const struct ipc_msg *msg, struct ipc_reply *reply)
{
	uint32_t config_id = adx_ipc_get_u32(msg->payload);
	uint32_t offset = adx_ipc_get_u32(msg->payload + 4);
	size_t size = ipc->max_blob_bytes;
	uint8_t *blob;
	int ret;

	if (reply->capacity < LARGE_PREFIX_BYTES)
		return -EMSGSIZE;
	blob = adx_mod_alloc(&inst->mod->mem, ipc->max_blob_bytes, 0);
	if (!blob)
		return -ENOMEM;
	ret = adx_module_get_configuration(inst->mod, config_id, blob, &size);
	if (!ret && size > ipc->max_blob_bytes)
		ret = -EMSGSIZE;
	if (!ret && offset > size)
		ret = -EINVAL;
	if (!ret)
		fill_block(reply, config_id, blob, (uint32_t)size, offset);
	adx_mod_free(&inst->mod->mem, blob);
	return ret;
}
