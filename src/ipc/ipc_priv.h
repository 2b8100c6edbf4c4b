/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inside the IPC layer: a parsed message, the reply a handler fills, and
 * the helpers the handlers share. Every handler returns 0 or a negative
 * errno; adx_ipc_process() turns that into the reply's status.
 */
#ifndef ADX_IPC_PRIV_H
#define ADX_IPC_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "adx/ipc/ipc.h"

/* A message whose header has been checked; payload points into the caller's buffer. */
struct ipc_msg {
	uint32_t type;
	uint32_t target;
	uint32_t extension;
	uint32_t payload_size;
	const uint8_t *payload;
};

/* Where a GET handler writes; size and extension go into the reply header. */
struct ipc_reply {
	uint8_t *payload;
	uint32_t capacity;
	uint32_t size;
	uint32_t extension;
};

typedef int (*ipc_handler_fn)(struct adx_ipc *ipc, const struct ipc_msg *msg,
			      struct ipc_reply *reply);
/*
 * Handlers of messages whose target must already exist: the dispatcher
 * resolves msg->target (-ERANGE, -ENOENT) before it calls them.
 */
typedef int (*ipc_pipeline_handler_fn)(struct adx_ipc *ipc, struct adx_pipeline *ppl,
				       const struct ipc_msg *msg, struct ipc_reply *reply);
typedef int (*ipc_instance_handler_fn)(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
				       const struct ipc_msg *msg, struct ipc_reply *reply);

/* wire.c */
int ipc_parse(const uint8_t *buf, size_t size, struct ipc_msg *msg);
void ipc_write_reply_header(uint8_t *buf, const struct adx_ipc_reply_header *hdr);

/* tables.c: ids to objects; -ERANGE beyond the table, -ENOENT for a free id. */
int ipc_pipeline_get(struct adx_ipc *ipc, uint32_t id, struct adx_pipeline **out);
int ipc_instance_get(struct adx_ipc *ipc, uint32_t id, struct adx_ipc_instance **out);
const struct adx_module_driver *ipc_module_type_find(const struct adx_ipc *ipc,
						     uint32_t type_id);
/* Topology edits need the pipeline in RESET: 0 or -EPERM. */
int ipc_require_reset(const struct adx_pipeline *ppl);

/* pipeline_msgs.c */
int ipc_create_pipeline(struct adx_ipc *ipc, const struct ipc_msg *msg,
			struct ipc_reply *reply);
int ipc_delete_pipeline(struct adx_ipc *ipc, struct adx_pipeline *ppl,
			const struct ipc_msg *msg, struct ipc_reply *reply);
int ipc_set_pipeline_state(struct adx_ipc *ipc, struct adx_pipeline *ppl,
			   const struct ipc_msg *msg, struct ipc_reply *reply);
/* Drops the pipeline's assemblies and instances, destroys it; leaks or -errno. */
int ipc_pipeline_teardown(struct adx_ipc *ipc, uint32_t id);

/* instance_msgs.c */
int ipc_init_instance(struct adx_ipc *ipc, const struct ipc_msg *msg,
		      struct ipc_reply *reply);
int ipc_delete_instance(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
			const struct ipc_msg *msg, struct ipc_reply *reply);

/* bind_msgs.c */
int ipc_bind(struct adx_ipc *ipc, const struct ipc_msg *msg, struct ipc_reply *reply);
int ipc_unbind(struct adx_ipc *ipc, const struct ipc_msg *msg, struct ipc_reply *reply);

/* config_msgs.c */
int ipc_set_config(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
		   const struct ipc_msg *msg, struct ipc_reply *reply);
int ipc_get_config(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
		   const struct ipc_msg *msg, struct ipc_reply *reply);
int ipc_large_config_get(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
			 const struct ipc_msg *msg, struct ipc_reply *reply);

/* assembly.c */
int ipc_large_config_set(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
			 const struct ipc_msg *msg, struct ipc_reply *reply);
int ipc_large_config_abort(struct adx_ipc *ipc, struct adx_ipc_instance *inst,
			   const struct ipc_msg *msg, struct ipc_reply *reply);
/* Frees an unfinished assembly, if any. */
void ipc_assembly_drop(struct adx_ipc *ipc, struct adx_ipc_instance *inst);


#endif
