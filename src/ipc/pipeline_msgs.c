// SPDX-License-Identifier: BSD-3-Clause
/*
 * Global messages: CREATE_PIPELINE, DELETE_PIPELINE, SET_PIPELINE_STATE.
 * Pipeline structs come from the IPC layer's own memory owner, so a
 * pipeline that is created and deleted leaves the heap as it found it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "adx/platform/log.h"
#include "ipc_priv.h"

int ipc_create_pipeline(struct adx_ipc *ipc, const struct ipc_msg *msg,
			struct ipc_reply *reply)
{
	uint32_t period_frames = adx_ipc_get_u32(msg->payload);
	uint32_t flags = adx_ipc_get_u32(msg->payload + 4);
	struct adx_pipeline *ppl;
	char name[ADX_PIPELINE_NAME_MAX];
	int ret;

	(void)reply;
	if (msg->target >= ADX_IPC_MAX_PIPELINES)
		return -ERANGE;
	if (ipc->pipelines[msg->target])
		return -EEXIST;
	if (!period_frames || period_frames > ADX_IPC_MAX_PERIOD_FRAMES ||
	    (flags & ~ADX_IPC_PPL_POST_TO_DP))
		return -EINVAL;
	ppl = adx_mod_alloc(&ipc->mem, sizeof(*ppl), 0);
	if (!ppl)
		return -ENOMEM;
	snprintf(name, sizeof(name), "ppl%u", (unsigned int)msg->target);
	ret = adx_pipeline_create(ppl, msg->target, name, ipc->heap, ipc->sched,
				  period_frames);
	if (ret) {
		adx_mod_free(&ipc->mem, ppl);
		return ret;
	}
	if (flags & ADX_IPC_PPL_POST_TO_DP)
		adx_pipeline_set_control_model(ppl, ADX_CTRL_POST_TO_DP);
	ipc->pipelines[msg->target] = ppl;
	return 0;
}

/* Assemblies live in module memory: drop them before the modules are freed,
 * or the adapter would rightly report them as the module's leaks. */
static void drop_assemblies(struct adx_ipc *ipc, uint32_t pipeline_id)
{
	for (uint32_t i = 0; i < ADX_IPC_MAX_INSTANCES; i++) {
		struct adx_ipc_instance *inst = &ipc->instances[i];

		if (inst->mod && inst->pipeline_id == pipeline_id)
			ipc_assembly_drop(ipc, inst);
	}
}

static bool pipeline_holds(const struct adx_pipeline *ppl, const struct adx_module *mod)
{
	for (int i = 0; i < ppl->num_modules; i++)
		if (ppl->modules[i] == mod)
			return true;
	return false;
}

/* Ids of the modules the pipeline no longer holds (all, once it is gone). */
static void forget_freed_instances(struct adx_ipc *ipc, uint32_t pipeline_id,
				   const struct adx_pipeline *ppl)
{
	for (uint32_t i = 0; i < ADX_IPC_MAX_INSTANCES; i++) {
		struct adx_ipc_instance *inst = &ipc->instances[i];

		if (inst->mod && inst->pipeline_id == pipeline_id &&
		    (!ppl || !pipeline_holds(ppl, inst->mod)))
			memset(inst, 0, sizeof(*inst));
	}
}

int ipc_pipeline_teardown(struct adx_ipc *ipc, uint32_t id)
{
	struct adx_pipeline *ppl = ipc->pipelines[id];
	int ret;

	drop_assemblies(ipc, id);
	ret = adx_pipeline_destroy(ppl);
	if (ret < 0) {
		/*
		 * A module's DP cycle did not end: the pipeline keeps its id,
		 * the modules not yet freed and every buffer, so the host can
		 * send DELETE_PIPELINE again once the cycle has ended.
		 */
		forget_freed_instances(ipc, id, ppl);
		adx_err("ipc", "pipeline %u: delete failed (%d), pipeline kept",
			(unsigned int)id, ret);
		ipc->stats.delete_timeouts++;
		return ret;
	}
	forget_freed_instances(ipc, id, NULL);
	ipc->pipelines[id] = NULL;
	adx_mod_free(&ipc->mem, ppl);
	return ret;
}

/* ppl is msg->target's pipeline: teardown works by id, for adx_ipc_free() too. */
int ipc_delete_pipeline(struct adx_ipc *ipc, struct adx_pipeline *ppl,
			const struct ipc_msg *msg, struct ipc_reply *reply)
{
	int ret;

	(void)ppl;
	ret = ipc_pipeline_teardown(ipc, msg->target);
	if (ret < 0)
		return ret;
	if (ret > 0)
		adx_warn("ipc", "pipeline %u: %d leaked block(s) reclaimed",
			 (unsigned int)msg->target, ret);
	reply->extension = (uint32_t)ret;
	return 0;
}

int ipc_set_pipeline_state(struct adx_ipc *ipc, struct adx_pipeline *ppl,
			   const struct ipc_msg *msg, struct ipc_reply *reply)
{
	(void)ipc;
	(void)reply;
	switch (msg->extension) {
	case ADX_IPC_PPL_RESET:
	case ADX_IPC_PPL_PAUSED:
	case ADX_IPC_PPL_RUNNING:
		return adx_pipeline_set_state(ppl, (enum adx_pipeline_state)msg->extension);
	default:
		return -EINVAL;
	}
}
