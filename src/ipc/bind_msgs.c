// SPDX-License-Identifier: BSD-3-Clause
/*
 * BIND and UNBIND: a ring buffer between two instances of one pipeline.
 * The buffer is the pipeline's allocation (pipeline.c's connect); UNBIND
 * gives it back.
 */
#include <errno.h>

#include "ipc_priv.h"

/* Both ends exist, differ, share a pipeline, and that pipeline is in RESET. */
static int resolve_pair(struct adx_ipc *ipc, const struct ipc_msg *msg,
			struct adx_ipc_instance **src, struct adx_ipc_instance **dst,
			struct adx_pipeline **ppl)
{
	int ret;

	ret = ipc_instance_get(ipc, msg->target, src);
	if (!ret)
		ret = ipc_instance_get(ipc, msg->extension, dst);
	if (ret)
		return ret;
	if (*src == *dst)
		return -EINVAL;
	/* A buffer between pipelines would outlive whichever is deleted first. */
	if ((*src)->pipeline_id != (*dst)->pipeline_id)
		return -ENOTSUP;
	*ppl = ipc->pipelines[(*src)->pipeline_id];
	return ipc_require_reset(*ppl);
}

static int read_stream(const struct ipc_msg *msg, struct adx_stream_params *params,
		       uint32_t *buffer_frames)
{
	uint32_t rate = adx_ipc_get_u32(msg->payload + 4);
	uint32_t channels = adx_ipc_get_u32(msg->payload + 8);
	uint32_t format = adx_ipc_get_u32(msg->payload + 12);

	*buffer_frames = adx_ipc_get_u32(msg->payload);
	if (!*buffer_frames || *buffer_frames > ADX_IPC_MAX_BUFFER_FRAMES ||
	    !rate || rate > ADX_IPC_MAX_RATE || !channels || channels > ADX_MAX_CHANNELS ||
	    format > ADX_FMT_FLOAT32)
		return -EINVAL;
	params->rate = rate;
	params->channels = (uint16_t)channels;
	params->format = (enum adx_sample_format)format;
	return 0;
}

int ipc_bind(struct adx_ipc *ipc, const struct ipc_msg *msg, struct ipc_reply *reply)
{
	struct adx_ipc_instance *src, *dst;
	struct adx_stream_params params;
	struct adx_pipeline *ppl;
	uint32_t buffer_frames;
	int ret;

	(void)reply;
	ret = resolve_pair(ipc, msg, &src, &dst, &ppl);
	if (!ret)
		ret = read_stream(msg, &params, &buffer_frames);
	if (ret)
		return ret;
	return adx_pipeline_connect(ppl, src->mod, dst->mod, &params, buffer_frames);
}

int ipc_unbind(struct adx_ipc *ipc, const struct ipc_msg *msg, struct ipc_reply *reply)
{
	struct adx_ipc_instance *src, *dst;
	struct adx_pipeline *ppl;
	int ret;

	(void)reply;
	ret = resolve_pair(ipc, msg, &src, &dst, &ppl);
	if (ret)
		return ret;
	return adx_pipeline_disconnect(ppl, src->mod, dst->mod);
}
