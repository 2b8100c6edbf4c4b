// SPDX-License-Identifier: BSD-3-Clause
/*
 * The IPC entry point: parse the header, check the payload's shape against
 * the message type, resolve the target the handler needs, run the handler,
 * and answer every message with a reply whose status comes from its errno.
 */
#include <errno.h>
#include <string.h>

#include "adx/modules/copier.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/volume.h"
#include "ipc_priv.h"

#define EXT_ANY UINT32_MAX   /* the extension is a value: the handler checks it */
#define PAYLOAD_ANY UINT32_MAX

/*
 * What the header must say for each type before a handler sees it, and
 * what its target is: a live pipeline or instance, resolved here for the
 * handler (on_pipeline, on_instance), or an id the handler checks itself (fn).
 */
struct handler {
	uint32_t type;
	uint32_t min_payload;
	uint32_t max_payload;
	uint32_t ext_mask;        /* bits the extension may set */
	ipc_handler_fn fn;
	ipc_pipeline_handler_fn on_pipeline;
	ipc_instance_handler_fn on_instance;
};

static const struct handler handlers[] = {
	{ ADX_IPC_CREATE_PIPELINE, 8, 8, 0, .fn = ipc_create_pipeline },
	{ ADX_IPC_DELETE_PIPELINE, 0, 0, 0, .on_pipeline = ipc_delete_pipeline },
	{ ADX_IPC_SET_PIPELINE_STATE, 0, 0, EXT_ANY, .on_pipeline = ipc_set_pipeline_state },
	{ ADX_IPC_INIT_INSTANCE, 4, PAYLOAD_ANY, EXT_ANY, .fn = ipc_init_instance },
	{ ADX_IPC_DELETE_INSTANCE, 0, 0, 0, .on_instance = ipc_delete_instance },
	{ ADX_IPC_BIND, 16, 16, EXT_ANY, .fn = ipc_bind },
	{ ADX_IPC_UNBIND, 0, 0, EXT_ANY, .fn = ipc_unbind },
	{ ADX_IPC_SET_CONFIG, 0, PAYLOAD_ANY, EXT_ANY, .on_instance = ipc_set_config },
	{ ADX_IPC_GET_CONFIG, 0, 0, EXT_ANY, .on_instance = ipc_get_config },
	{ ADX_IPC_LARGE_CONFIG_SET, 8, PAYLOAD_ANY,
	  ADX_IPC_INIT_BLOCK | ADX_IPC_FINAL_BLOCK, .on_instance = ipc_large_config_set },
	{ ADX_IPC_LARGE_CONFIG_GET, 8, 8, 0, .on_instance = ipc_large_config_get },
	{ ADX_IPC_LARGE_CONFIG_ABORT, 0, 0, 0, .on_instance = ipc_large_config_abort },
};

static const struct adx_ipc_module_type default_types[] = {
	{ ADX_IPC_MODULE_HOST_COPIER, &adx_host_copier_driver },
	{ ADX_IPC_MODULE_DAI_COPIER, &adx_dai_copier_driver },
	{ ADX_IPC_MODULE_VOLUME, &adx_volume_driver },
	{ ADX_IPC_MODULE_DP_PASSTHROUGH, &adx_dp_passthrough_driver },
};

int adx_ipc_init(struct adx_ipc *ipc, const struct adx_ipc_config *config)
{
	int ret;

	if (!ipc || !config || !config->heap || !config->sched)
		return -EINVAL;
	memset(ipc, 0, sizeof(*ipc));
	ipc->heap = config->heap;
	ipc->sched = config->sched;
	ipc->max_blob_bytes = config->max_blob_bytes ? config->max_blob_bytes :
						       ADX_IPC_DEFAULT_MAX_BLOB_BYTES;
	ret = adx_mem_owner_init(&ipc->mem, ipc->heap, "ipc");
	if (ret)
		return ret;
	for (size_t i = 0; i < sizeof(default_types) / sizeof(default_types[0]); i++) {
		ret = adx_ipc_register_module_type(ipc, default_types[i].id,
						   default_types[i].drv);
		if (ret) {
			adx_mem_owner_release(&ipc->mem);
			return ret;
		}
	}
	return 0;
}

int adx_ipc_free(struct adx_ipc *ipc)
{
	int first_error = 0;
	int leaks = 0;

	for (uint32_t id = 0; id < ADX_IPC_MAX_PIPELINES; id++) {
		if (ipc->pipelines[id]) {
			int ret = ipc_pipeline_teardown(ipc, id);

			if (ret > 0)
				leaks += ret;
			else if (ret < 0 && !first_error)
				first_error = ret;
		}
	}
	/* A pipeline a DP cycle may still touch keeps everything it is reached through. */
	if (first_error)
		return first_error;
	leaks += (int)adx_mem_owner_release(&ipc->mem);
	return leaks;
}

static const struct handler *find_handler(uint32_t type)
{
	for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
		if (handlers[i].type == type)
			return &handlers[i];
	return NULL;
}

static int run_handler(struct adx_ipc *ipc, const struct handler *h,
		       const struct ipc_msg *msg, struct ipc_reply *reply)
{
	struct adx_ipc_instance *inst;
	struct adx_pipeline *ppl;
	int ret;

	if (h->on_pipeline) {
		ret = ipc_pipeline_get(ipc, msg->target, &ppl);
		return ret ? ret : h->on_pipeline(ipc, ppl, msg, reply);
	}
	if (h->on_instance) {
		ret = ipc_instance_get(ipc, msg->target, &inst);
		return ret ? ret : h->on_instance(ipc, inst, msg, reply);
	}
	return h->fn(ipc, msg, reply);
}

static int dispatch(struct adx_ipc *ipc, const struct ipc_msg *msg, struct ipc_reply *reply)
{
	const struct handler *h = find_handler(msg->type);

	if (!h)
		return -ENOMSG;
	if (msg->payload_size < h->min_payload || msg->payload_size > h->max_payload ||
	    (msg->extension & ~h->ext_mask))
		return -EBADMSG;
	return run_handler(ipc, h, msg, reply);
}

int adx_ipc_process(struct adx_ipc *ipc, const void *msg, size_t msg_size,
		    void *reply, size_t reply_capacity, size_t *reply_size)
{
	struct adx_ipc_reply_header hdr = { 0 };
	struct ipc_reply out = { 0 };
	struct ipc_msg in;
	int ret;

	if (!ipc || !reply || !reply_size || reply_capacity < ADX_IPC_HEADER_BYTES)
		return -EINVAL;
	if (reply_capacity > ADX_IPC_MAILBOX_BYTES)
		reply_capacity = ADX_IPC_MAILBOX_BYTES;
	out.payload = (uint8_t *)reply + ADX_IPC_HEADER_BYTES;
	out.capacity = (uint32_t)(reply_capacity - ADX_IPC_HEADER_BYTES);
	if (msg && msg_size >= 4)
		hdr.type = adx_ipc_get_u32(msg) & ADX_IPC_TYPE_MASK;

	ret = ipc_parse(msg, msg_size, &in);
	if (!ret)
		ret = dispatch(ipc, &in, &out);

	ipc->stats.messages++;
	hdr.status = adx_ipc_status_from_errno(ret);
	if (ret) {
		ipc->stats.rejected++;
		hdr.extension = (uint32_t)-ret;
	} else {
		hdr.extension = out.extension;
		hdr.payload_size = out.size;
	}
	ipc_write_reply_header(reply, &hdr);
	*reply_size = ADX_IPC_HEADER_BYTES + (size_t)hdr.payload_size;
	return 0;
}
