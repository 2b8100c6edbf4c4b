// SPDX-License-Identifier: BSD-3-Clause
/*
 * Module messages that create and delete instances: INIT_INSTANCE (module
 * init inside a pipeline) and DELETE_INSTANCE (module free).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipc_priv.h"

/* Init structs hold 64-bit fields; the mailbox gives no alignment promise. */
#define INIT_DATA_ALIGN 16

static int check_new_instance(struct adx_ipc *ipc, const struct ipc_msg *msg,
			      struct adx_pipeline **ppl,
			      const struct adx_module_driver **drv)
{
	uint32_t type_id = adx_ipc_get_u32(msg->payload);
	int ret;

	if (msg->target >= ADX_IPC_MAX_INSTANCES)
		return -ERANGE;
	if (ipc->instances[msg->target].mod)
		return -EEXIST;
	ret = ipc_pipeline_get(ipc, msg->extension, ppl);
	if (ret)
		return ret;
	*drv = ipc_module_type_find(ipc, type_id);
	if (!*drv)
		return -ENOENT;
	ret = ipc_require_reset(*ppl);
	if (ret)
		return ret;
	return (*ppl)->num_modules < ADX_PIPELINE_MAX_MODULES ? 0 : -ENOSPC;
}

int ipc_init_instance(struct adx_ipc *ipc, const struct ipc_msg *msg,
		      struct ipc_reply *reply)
{
	uint32_t data_size = msg->payload_size - 4;
	const struct adx_module_driver *drv;
	struct adx_ipc_instance *inst;
	struct adx_pipeline *ppl;
	struct adx_module *mod;
	char name[ADX_MODULE_NAME_MAX];
	void *data = NULL;
	int ret;

	(void)reply;
	ret = check_new_instance(ipc, msg, &ppl, &drv);
	if (ret)
		return ret;
	if (data_size) {
		data = adx_mod_alloc(&ipc->mem, data_size, INIT_DATA_ALIGN);
		if (!data)
			return -ENOMEM;
		memcpy(data, msg->payload + 4, data_size);
	}
	/* The id leads the name so truncation cannot make two names equal. */
	snprintf(name, sizeof(name), "%u.%s", (unsigned int)msg->target, drv->name);
	ret = adx_pipeline_add_module(ppl, drv, name, data, data_size, &mod);
	if (data)
		adx_mod_free(&ipc->mem, data);
	if (ret)
		return ret;
	inst = &ipc->instances[msg->target];
	inst->mod = mod;
	inst->pipeline_id = msg->extension;
	inst->type_id = adx_ipc_get_u32(msg->payload);
	return 0;
}

int ipc_delete_instance(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
			const struct ipc_msg *msg, struct ipc_reply *reply)
{
	struct adx_pipeline *ppl = ipc->pipelines[inst->pipeline_id];
	int ret;

	(void)msg;
	(void)reply;
	ret = ipc_require_reset(ppl);
	if (ret)
		return ret;
	/* Checked first: a refused delete must keep the unfinished assembly. */
	if (adx_pipeline_module_is_linked(ppl, inst->mod))
		return -EBUSY;
	ipc_assembly_drop(ipc, inst);
	ret = adx_pipeline_remove_module(ppl, inst->mod);
	if (ret)
		return ret;
	memset(inst, 0, sizeof(*inst));
	return 0;
}
