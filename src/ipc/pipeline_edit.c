// SPDX-License-Identifier: BSD-3-Clause
/*
 * Topology edits pipeline.c does not offer yet: removing one module and
 * removing one link. They belong in pipeline.c (asked for in the IPC
 * layer's notes); until then they live here, touching the public
 * struct adx_pipeline under the rules pipeline.c itself keeps:
 *  - only in RESET (every module INITIALIZED, no LL task registered, so no
 *    tick or DP cycle can see the change);
 *  - modules[] keeps processing order and links[] keeps connection order,
 *    both packed from index 0;
 *  - a module's pins are bound in the order of the links that name it, so
 *    pins are rebuilt from links[] after a link goes away.
 * Callers check the RESET state first.
 */
#include <errno.h>
#include <string.h>

#include "adx/log.h"
#include "ipc_priv.h"

bool ipc_pipeline_is_linked(const struct adx_pipeline *ppl, const struct adx_module *mod)
{
	for (int i = 0; i < ppl->num_links; i++)
		if (ppl->links[i].from == mod || ppl->links[i].to == mod)
			return true;
	return false;
}

int ipc_pipeline_find_link(const struct adx_pipeline *ppl, const struct adx_module *from,
			   const struct adx_module *to)
{
	for (int i = 0; i < ppl->num_links; i++)
		if (ppl->links[i].from == from && ppl->links[i].to == to)
			return i;
	return -ENOENT;
}

/* Module free, then the struct pipeline.c allocated for it (the caller
 * has checked that no link names the module). */
int ipc_pipeline_remove_module(struct adx_pipeline *ppl, struct adx_module *mod)
{
	int idx = -1;
	int ret;

	for (int i = 0; i < ppl->num_modules; i++)
		if (ppl->modules[i] == mod)
			idx = i;
	if (idx < 0)
		return -ENOENT;
	ret = adx_module_free(mod);
	if (ret)
		return ret;
	memmove(&ppl->modules[idx], &ppl->modules[idx + 1],
		(size_t)(ppl->num_modules - idx - 1) * sizeof(ppl->modules[0]));
	ppl->num_modules--;
	ppl->modules[ppl->num_modules] = NULL;
	adx_mod_free(&ppl->mem, mod);
	return 0;
}

/* Binds mod's pins again from the links that remain, in link order. */
static int rebind_pins(struct adx_pipeline *ppl, struct adx_module *mod)
{
	int ret = 0;

	adx_module_unbind_all(mod);
	for (int i = 0; i < ppl->num_links && !ret; i++) {
		struct adx_ring_buffer *rb = ppl->links[i].buffer;

		if (ppl->links[i].from == mod)
			ret = adx_module_bind_sink(mod, adx_ring_buffer_sink(rb));
		if (ppl->links[i].to == mod && !ret)
			ret = adx_module_bind_source(mod, adx_ring_buffer_source(rb));
	}
	return ret;
}

int ipc_pipeline_disconnect(struct adx_pipeline *ppl, int link_index)
{
	struct adx_pipeline_link link = ppl->links[link_index];
	int ret;

	memmove(&ppl->links[link_index], &ppl->links[link_index + 1],
		(size_t)(ppl->num_links - link_index - 1) * sizeof(ppl->links[0]));
	ppl->num_links--;
	memset(&ppl->links[ppl->num_links], 0, sizeof(ppl->links[0]));
	/* Fewer pins than before, all INITIALIZED: rebinding cannot fail
	 * unless the invariants above were broken. */
	ret = rebind_pins(ppl, link.from);
	if (!ret)
		ret = rebind_pins(ppl, link.to);
	if (ret)
		adx_err("ipc", "%s: rebinding pins after unbind failed (%d)", ppl->name, ret);
	adx_mod_free(&ppl->mem, link.buffer->data);
	adx_mod_free(&ppl->mem, link.buffer);
	return ret;
}
