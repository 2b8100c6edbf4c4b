// SPDX-License-Identifier: BSD-3-Clause
/*
 * LARGE_CONFIG_SET: a blob sent in fragments, assembled here and handed to
 * the module whole, as one ADX_CFG_SINGLE call.
 *
 * The block flagged INIT carries the total size; every later block carries
 * its offset, which must be exactly the bytes received so far. That one
 * comparison catches a gap, an overlap, a duplicate or a reordering; a
 * fragment running past the total, a FINAL block that leaves the blob
 * short, and a continuation with nothing in progress are caught beside it.
 * Any rejection drops the assembly, so the host restarts from an INIT block
 * and never from a state it cannot see. A new INIT block, or an ABORT,
 * discards what was in progress (a host that timed out recovers without a
 * firmware reset).
 *
 * The assembly buffer is taken from the target module's memory owner: it
 * is the module's memory in every figure, and a module whose free finds it
 * still allocated would report it as a leak, so every path that ends the
 * instance drops the assembly first.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "adx/platform/log.h"
#include "ipc_priv.h"

#define PREFIX_BYTES 8 /* config id, data_off_size */

struct fragment {
	uint32_t config_id;
	uint32_t data_off_size;
	const uint8_t *data;
	uint32_t size;
	bool first;
	bool last;
};

void ipc_assembly_drop(struct adx_ipc *ipc, struct adx_ipc_instance *inst)
{
	struct adx_ipc_assembly *as = &inst->assembly;

	if (!as->buf)
		return;
	adx_mod_free(&inst->mod->mem, as->buf);
	memset(as, 0, sizeof(*as));
	ipc->stats.assemblies_dropped++;
}

static int hand_over(struct adx_ipc *ipc, struct adx_module *mod, uint32_t config_id,
		     const uint8_t *blob, uint32_t total)
{
	int ret = adx_module_set_configuration(mod, config_id, ADX_CFG_SINGLE, total,
					       blob, total);

	if (!ret)
		ipc->stats.blobs_delivered++;
	return ret;
}

/* A single-block blob needs no copy: the module reads it from the mailbox. */
static int begin(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
		 const struct fragment *frag)
{
	struct adx_ipc_assembly *as = &inst->assembly;
	uint32_t total = frag->data_off_size;

	if (as->buf) {
		adx_warn("ipc", "%s: new INIT block discards an unfinished blob (%u of %u bytes)",
			 inst->mod->name, (unsigned int)as->received, (unsigned int)as->total);
		ipc_assembly_drop(ipc, inst);
	}
	/* An empty blob is whole in one block, as SET_CONFIG carries it: the
	 * module decides what it means (DAX: the built-in tuning). */
	if (!total && !frag->last)
		return -EINVAL;
	if (total > ipc->max_blob_bytes)
		return -E2BIG;
	if (frag->size > total || (frag->last && frag->size != total))
		return -EPROTO;
	if (frag->last)
		return hand_over(ipc, inst->mod, frag->config_id, frag->data, total);
	as->buf = adx_mod_alloc(&inst->mod->mem, total, 0);
	if (!as->buf)
		return -ENOMEM;
	memcpy(as->buf, frag->data, frag->size);
	as->config_id = frag->config_id;
	as->total = total;
	as->received = frag->size;
	return 0;
}

static int deliver(struct adx_ipc *ipc, struct adx_ipc_instance *inst)
{
	struct adx_ipc_assembly *as = &inst->assembly;
	int ret = hand_over(ipc, inst->mod, as->config_id, as->buf, as->total);

	adx_mod_free(&inst->mod->mem, as->buf);
	memset(as, 0, sizeof(*as));
	return ret;
}

static int append(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
		  const struct fragment *frag)
{
	struct adx_ipc_assembly *as = &inst->assembly;

	if (!as->buf || frag->config_id != as->config_id ||
	    frag->data_off_size != as->received || frag->size > as->total - as->received)
		return -EPROTO;
	memcpy(as->buf + as->received, frag->data, frag->size);
	as->received += frag->size;
	if (!frag->last)
		return 0;
	if (as->received != as->total)
		return -EPROTO;
	return deliver(ipc, inst);
}

int ipc_large_config_set(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
			 const struct ipc_msg *msg, struct ipc_reply *reply)
{
	struct fragment frag = {
		.config_id = adx_ipc_get_u32(msg->payload),
		.data_off_size = adx_ipc_get_u32(msg->payload + 4),
		.data = msg->payload + PREFIX_BYTES,
		.size = msg->payload_size - PREFIX_BYTES,
		.first = msg->extension & ADX_IPC_INIT_BLOCK,
		.last = msg->extension & ADX_IPC_FINAL_BLOCK,
	};
	int ret;

	(void)reply;
	ret = frag.first ? begin(ipc, inst, &frag) : append(ipc, inst, &frag);
	if (ret)
		ipc_assembly_drop(ipc, inst);
	return ret;
}

/* Idempotent: a host that is unsure whether anything is in progress may abort. */
int ipc_large_config_abort(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
			   const struct ipc_msg *msg, struct ipc_reply *reply)
{
	(void)msg;
	(void)reply;
	ipc_assembly_drop(ipc, inst);
	return 0;
}
