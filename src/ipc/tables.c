// SPDX-License-Identifier: BSD-3-Clause
/*
 * The IPC layer's tables: module type ids to drivers, pipeline ids and
 * instance ids to live objects. Every id a message carries is resolved
 * here, so a range check can never be forgotten by one handler.
 */
#include <errno.h>

#include "ipc_priv.h"

int adx_ipc_register_module_type(struct adx_ipc *ipc, uint32_t type_id,
				 const struct adx_module_driver *drv)
{
	if (!ipc || !drv || !drv->ops || !drv->ops->init || !drv->ops->process || !drv->name)
		return -EINVAL;
	if (ipc_module_type_find(ipc, type_id))
		return -EEXIST;
	if (ipc->num_types >= ADX_IPC_MAX_MODULE_TYPES)
		return -ENOSPC;
	ipc->types[ipc->num_types].id = type_id;
	ipc->types[ipc->num_types].drv = drv;
	ipc->num_types++;
	return 0;
}

const struct adx_module_driver *ipc_module_type_find(const struct adx_ipc *ipc,
						     uint32_t type_id)
{
	for (uint32_t i = 0; i < ipc->num_types; i++)
		if (ipc->types[i].id == type_id)
			return ipc->types[i].drv;
	return NULL;
}

int ipc_pipeline_get(struct adx_ipc *ipc, uint32_t id, struct adx_pipeline **out)
{
	if (id >= ADX_IPC_MAX_PIPELINES)
		return -ERANGE;
	if (!ipc->pipelines[id])
		return -ENOENT;
	*out = ipc->pipelines[id];
	return 0;
}

int ipc_instance_get(struct adx_ipc *ipc, uint32_t id, struct adx_ipc_instance **out)
{
	if (id >= ADX_IPC_MAX_INSTANCES)
		return -ERANGE;
	if (!ipc->instances[id].mod)
		return -ENOENT;
	*out = &ipc->instances[id];
	return 0;
}

int ipc_require_reset(const struct adx_pipeline *ppl)
{
	return ppl->state == ADX_PPL_RESET ? 0 : -EPERM;
}

struct adx_module *adx_ipc_instance_module(struct adx_ipc *ipc, uint32_t instance_id)
{
	struct adx_ipc_instance *inst;

	return ipc_instance_get(ipc, instance_id, &inst) ? NULL : inst->mod;
}

struct adx_pipeline *adx_ipc_pipeline(struct adx_ipc *ipc, uint32_t pipeline_id)
{
	struct adx_pipeline *ppl;

	return ipc_pipeline_get(ipc, pipeline_id, &ppl) ? NULL : ppl;
}
