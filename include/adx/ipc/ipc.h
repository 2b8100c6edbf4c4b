/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host <-> firmware control messages, in the spirit of SOF IPC4
 * (docs/design.md §3; the full description with examples is docs/ipc.md).
 *
 * A message is a 16-byte header of four little-endian 32-bit words, then
 * payload_size bytes of payload; the whole message fits the mailbox
 * (ADX_IPC_MAILBOX_BYTES). Every message gets a reply of the same shape.
 *
 *   message header               reply header
 *   0  primary   (type, 8 bits;  0  primary   (type | ADX_IPC_REPLY)
 *                 bits 8..31: 0) 4  status    (enum adx_ipc_status)
 *   4  target                    8  extension (errno on failure; flags
 *   8  extension                                for LARGE_CONFIG_GET; leaked
 *                                               blocks for DELETE_PIPELINE)
 *   12 payload_size              12 payload_size
 *
 * Per type (all payload fields are little-endian u32 unless stated):
 *
 *   type                 target      extension      payload
 *   CREATE_PIPELINE      pipeline    0              period_frames, flags
 *   DELETE_PIPELINE      pipeline    0              -   (reply extension: leaked
 *                                                   blocks reclaimed)
 *   SET_PIPELINE_STATE   pipeline    state          -
 *   INIT_INSTANCE        instance    pipeline       module type id, init data
 *   DELETE_INSTANCE      instance    0              -
 *   BIND                 src inst.   dst inst.      buffer_frames, rate,
 *                                                   channels, format
 *   UNBIND               src inst.   dst inst.      -
 *   SET_CONFIG           instance    config id      data
 *   GET_CONFIG           instance    config id      -   (reply: data)
 *   LARGE_CONFIG_SET     instance    INIT/FINAL     config id, data_off_size,
 *                                    block flags    data
 *   LARGE_CONFIG_GET     instance    0              config id, offset
 *                                    (reply: block flags; payload config id,
 *                                     data_off_size, data)
 *   LARGE_CONFIG_ABORT   instance    0              -
 *
 * Addressing: pipeline ids are 0 .. ADX_IPC_MAX_PIPELINES - 1 and instance
 * ids 0 .. ADX_IPC_MAX_INSTANCES - 1, both global (an instance id names one
 * module whatever its pipeline). A module type id names a driver through
 * the table filled by adx_ipc_register_module_type().
 *
 * Topology rules: modules are processed in the order they were initialised
 * in their pipeline (init them source to sink); INIT_INSTANCE, BIND, UNBIND
 * and DELETE_INSTANCE need the pipeline in RESET; a bind joins two modules
 * of the same pipeline; an instance must be unbound before it is deleted.
 *
 * Large configuration: data_off_size is the blob's total size on the block
 * flagged INIT and the fragment's offset on the others. Fragments are
 * assembled in a buffer taken from the target module's memory owner, so it
 * counts in that module's figures; the finished blob reaches the module as
 * one ADX_CFG_SINGLE set_configuration call. A LARGE_CONFIG_SET rejected
 * for any reason but BAD_MESSAGE drops the instance's assembly. A new INIT
 * block or LARGE_CONFIG_ABORT discards an unfinished assembly (SOF answers
 * -EBUSY instead; adx lets a host that timed out recover).
 *
 * Threads: every call below runs on the control thread.
 */
#ifndef ADX_IPC_H
#define ADX_IPC_H

#include <stddef.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "adx/audio/module_adapter.h"
#include "adx/mem/module_mem.h"
#include "adx/audio/pipeline.h"
#include "adx/sched/sched.h"
#include "adx/util/le.h"

enum adx_ipc_limits {
	ADX_IPC_HEADER_BYTES = 16,
	/* Largest message or reply, header included: the mailbox of one message. */
	ADX_IPC_MAILBOX_BYTES = 4096,
	ADX_IPC_MAX_PIPELINES = 16,
	/* Pipelines hold ADX_PIPELINE_MAX_MODULES each; 64 covers the busy cases. */
	ADX_IPC_MAX_INSTANCES = 64,
	ADX_IPC_MAX_MODULE_TYPES = 16,
	/* Default largest LARGE_CONFIG_SET blob (configurable at init). */
	ADX_IPC_DEFAULT_MAX_BLOB_BYTES = 64 * 1024,
	/* Bounds that keep frame arithmetic in 32 bits for any accepted value. */
	ADX_IPC_MAX_PERIOD_FRAMES = 1024,
	ADX_IPC_MAX_BUFFER_FRAMES = 65536,
	ADX_IPC_MAX_RATE = 384000,
};

/* Message types (primary word, bits 0..7). */
enum adx_ipc_type {
	ADX_IPC_CREATE_PIPELINE = 0x01,
	ADX_IPC_DELETE_PIPELINE = 0x02,
	ADX_IPC_SET_PIPELINE_STATE = 0x03,
	ADX_IPC_INIT_INSTANCE = 0x10,
	ADX_IPC_DELETE_INSTANCE = 0x11,
	ADX_IPC_BIND = 0x12,
	ADX_IPC_UNBIND = 0x13,
	ADX_IPC_SET_CONFIG = 0x14,
	ADX_IPC_GET_CONFIG = 0x15,
	ADX_IPC_LARGE_CONFIG_SET = 0x16,
	ADX_IPC_LARGE_CONFIG_GET = 0x17,
	ADX_IPC_LARGE_CONFIG_ABORT = 0x18,
};

#define ADX_IPC_TYPE_MASK 0xffu
#define ADX_IPC_REPLY (1u << 31)          /* set in a reply's primary word */

/* CREATE_PIPELINE flags: DP modules run reset/free on their DP thread. */
#define ADX_IPC_PPL_POST_TO_DP (1u << 0)

/* LARGE_CONFIG_SET extension and LARGE_CONFIG_GET reply extension. */
#define ADX_IPC_INIT_BLOCK (1u << 0)
#define ADX_IPC_FINAL_BLOCK (1u << 1)

/* SET_PIPELINE_STATE extension: the values of enum adx_pipeline_state. */
enum adx_ipc_pipeline_state {
	ADX_IPC_PPL_RESET = ADX_PPL_RESET,
	ADX_IPC_PPL_PAUSED = ADX_PPL_PAUSED,
	ADX_IPC_PPL_RUNNING = ADX_PPL_RUNNING,
};

/*
 * Reply status. On failure the reply's extension carries the positive errno
 * the firmware saw, for logs; the status is what a host acts on.
 */
enum adx_ipc_status {
	ADX_IPC_OK = 0,
	ADX_IPC_BAD_MESSAGE = 1,   /* -EBADMSG: header, length, reserved bits, payload size */
	ADX_IPC_UNKNOWN_TYPE = 2,  /* -ENOMSG: no such message type */
	ADX_IPC_OUT_OF_RANGE = 3,  /* -ERANGE: pipeline or instance id beyond the table */
	ADX_IPC_NOT_FOUND = 4,     /* -ENOENT, -ENODEV: no such pipeline, instance, type,
				    * binding or gateway */
	ADX_IPC_EXISTS = 5,        /* -EEXIST: id in use, pair already bound */
	ADX_IPC_BAD_STATE = 6,     /* -EPERM: the pipeline's state forbids the op */
	ADX_IPC_INVALID = 7,       /* -EINVAL: a value, or an op the adapter refuses in
				    * the module's state (lifecycle table) */
	ADX_IPC_NO_MEMORY = 8,     /* -ENOMEM, -ENOSPC: heap or table full */
	ADX_IPC_BUSY = 9,          /* -EBUSY: instance still bound */
	ADX_IPC_TOO_LARGE = 10,    /* -E2BIG, -EMSGSIZE: blob above the maximum, message
				    * above the mailbox, reply does not fit */
	ADX_IPC_SEQUENCE = 11,     /* -EPROTO: large-config fragment out of sequence */
	ADX_IPC_NOT_SUPPORTED = 12, /* -ENOTSUP: the module lacks the op, cross-pipeline bind */
	ADX_IPC_TIMEOUT = 13,      /* -ETIMEDOUT: a DP cycle did not end in time */
	ADX_IPC_FAILED = 14,       /* any other errno */
};

struct adx_ipc_msg_header {
	uint32_t type;        /* enum adx_ipc_type */
	uint32_t target;
	uint32_t extension;
	uint32_t payload_size;
};

struct adx_ipc_reply_header {
	uint32_t type;        /* the message's type (ADX_IPC_REPLY stripped) */
	uint32_t status;      /* enum adx_ipc_status */
	uint32_t extension;
	uint32_t payload_size;
};

/* A large-config assembly in progress (buf == NULL: none). */
struct adx_ipc_assembly {
	uint8_t *buf;         /* from the instance's module memory owner */
	uint32_t config_id;
	uint32_t total;
	uint32_t received;
};

struct adx_ipc_instance {
	struct adx_module *mod;   /* NULL: id free */
	uint32_t pipeline_id;
	uint32_t type_id;
	struct adx_ipc_assembly assembly;
};

struct adx_ipc_module_type {
	uint32_t id;
	const struct adx_module_driver *drv;
};

struct adx_ipc_stats {
	uint64_t messages;
	uint64_t rejected;             /* replies with a status other than OK */
	uint64_t blobs_delivered;      /* assembled blobs handed to a module */
	uint64_t assemblies_dropped;   /* unfinished assemblies freed (error, abort, new
					* INIT block, delete) */
	uint64_t delete_timeouts;      /* DELETE_PIPELINEs refused as a DP cycle overran */
};

struct adx_ipc_config {
	struct adx_heap *heap;         /* pipelines, modules, assembly buffers */
	struct adx_sched *sched;
	uint32_t max_blob_bytes;       /* 0: ADX_IPC_DEFAULT_MAX_BLOB_BYTES */
};

/* The firmware's IPC state. Callers provide the storage. */
struct adx_ipc {
	struct adx_heap *heap;
	struct adx_sched *sched;
	uint32_t max_blob_bytes;
	struct adx_mem_owner mem;      /* pipeline structs, init-data copies */
	struct adx_ipc_module_type types[ADX_IPC_MAX_MODULE_TYPES];
	uint32_t num_types;
	struct adx_pipeline *pipelines[ADX_IPC_MAX_PIPELINES];
	struct adx_ipc_instance instances[ADX_IPC_MAX_INSTANCES];
	struct adx_ipc_stats stats;
};

/* Default module type ids, registered by adx_ipc_init(). */
#define ADX_IPC_MODULE_HOST_COPIER 1u
#define ADX_IPC_MODULE_DAI_COPIER 2u
#define ADX_IPC_MODULE_VOLUME 3u
#define ADX_IPC_MODULE_DP_PASSTHROUGH 4u
/* The DAX module's type id; the host registers it (adx_ipc_register_module_type()). */
#define ADX_IPC_MODULE_DAX 0x20u

/* 0, -EINVAL (no heap or sched) or -ENOSPC (no memory owner tag left). */
int adx_ipc_init(struct adx_ipc *ipc, const struct adx_ipc_config *config);
/*
 * Deletes every pipeline (as DELETE_PIPELINE would) and releases what the
 * IPC layer holds. Returns the number of leaked blocks reported, or a
 * negative errno (-ETIMEDOUT) when a pipeline's delete failed: that
 * pipeline and the IPC layer's memory stay as they are (the other
 * pipelines are gone), and adx_ipc_free() may be called again once its
 * DP cycle has ended.
 */
int adx_ipc_free(struct adx_ipc *ipc);

/*
 * Makes type_id name drv in INIT_INSTANCE. 0, -EINVAL (NULL or incomplete
 * driver), -EEXIST (id taken) or -ENOSPC (table full).
 */
int adx_ipc_register_module_type(struct adx_ipc *ipc, uint32_t type_id,
				 const struct adx_module_driver *drv);

/*
 * Handles one message and writes its reply into reply[0 .. reply_capacity);
 * *reply_size receives the reply's length. Returns 0 whenever a reply was
 * written, whatever its status, or -EINVAL (nothing done) if reply_capacity
 * cannot hold a header or an argument is NULL. GET replies carry at most
 * min(reply_capacity, ADX_IPC_MAILBOX_BYTES) bytes in all.
 */
int adx_ipc_process(struct adx_ipc *ipc, const void *msg, size_t msg_size,
		    void *reply, size_t reply_capacity, size_t *reply_size);

/* The instance's module, or NULL (for tests and the testbench's reports). */
struct adx_module *adx_ipc_instance_module(struct adx_ipc *ipc, uint32_t instance_id);
struct adx_pipeline *adx_ipc_pipeline(struct adx_ipc *ipc, uint32_t pipeline_id);

/* Host side: encoding and decoding, shared with the testbench and tests. */

/*
 * Writes header + payload (hdr->payload_size bytes) into buf. Returns the
 * message length, or 0 if it does not fit in buf_size.
 */
size_t adx_ipc_build(void *buf, size_t buf_size, const struct adx_ipc_msg_header *hdr,
		     const void *payload);
/* 0, or -EBADMSG if the buffer is not a well-formed reply. */
int adx_ipc_read_reply(const void *buf, size_t size, struct adx_ipc_reply_header *hdr);

uint32_t adx_ipc_status_from_errno(int err);
const char *adx_ipc_status_name(uint32_t status);

/* The wire's words (little-endian, any alignment). */
static inline void adx_ipc_put_u32(uint8_t *p, uint32_t value)
{
	adx_le32_put(p, value);
}

static inline uint32_t adx_ipc_get_u32(const uint8_t *p)
{
	return adx_le32_get(p);
}

#endif
