/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What every IPC test needs: a heap, a virtual-time scheduler, the IPC
 * layer on top, and a host side that builds messages and reads replies.
 * Memory-backed gateways play a signal in and record what the DAI plays.
 */
#ifndef ADX_TEST_IPC_FIXTURE_H
#define ADX_TEST_IPC_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/ipc/ipc.h"
#include "adx/modules/copier.h"
#include "adx/modules/gateway.h"

#define FIX_HOST_GATEWAY 0u
#define FIX_DAI_GATEWAY 1u

struct ipc_fixture {
	uint8_t *arena;
	struct adx_heap *heap;
	struct adx_sched sched;
	struct adx_ipc ipc;
	struct adx_stream_params params;
	struct adx_memory_stream in;
	struct adx_memory_stream out;
	struct adx_gateway host_gw;
	struct adx_gateway dai_gw;
	uint8_t reply[ADX_IPC_MAILBOX_BYTES];
	size_t reply_capacity;          /* what ipc_send offers (default: the mailbox) */
	size_t reply_size;
	struct adx_ipc_reply_header last;
	unsigned int leak_logs;         /* leak reports logged by the adapter, pipelines, mem */
};

/* S32 stereo 48 kHz; `frames` of signal in, room for out_frames out. */
void fix_init(struct ipc_fixture *f, size_t heap_bytes, uint32_t max_blob,
	      uint64_t frames, uint64_t out_frames);
/* Frees the IPC layer and checks nothing leaked and the heap is empty and sound. */
void fix_destroy(struct ipc_fixture *f);

size_t fix_heap_used(const struct ipc_fixture *f);
/* adx_heap_validate() passes and used bytes equal `used`. */
void fix_assert_heap(const struct ipc_fixture *f, size_t used);

/* Sends one message (header built from the arguments); returns the reply status. */
uint32_t fix_send(struct ipc_fixture *f, uint32_t type, uint32_t target, uint32_t ext,
		  const void *payload, uint32_t payload_size);
/* Sends bytes as they are. */
uint32_t fix_send_raw(struct ipc_fixture *f, const void *msg, size_t size);

/* Host-driver helpers: one message each, status returned. */
uint32_t fix_create_pipeline(struct ipc_fixture *f, uint32_t id, uint32_t period_frames,
			     uint32_t flags);
uint32_t fix_set_state(struct ipc_fixture *f, uint32_t id, uint32_t state);
uint32_t fix_init_instance(struct ipc_fixture *f, uint32_t instance, uint32_t pipeline,
			   uint32_t type_id, const void *data, uint32_t size);
uint32_t fix_bind(struct ipc_fixture *f, uint32_t src, uint32_t dst, uint32_t frames,
		  uint32_t rate, uint32_t channels, uint32_t format);
uint32_t fix_large_set(struct ipc_fixture *f, uint32_t instance, uint32_t flags,
		       uint32_t config_id, uint32_t data_off_size, const void *data,
		       uint32_t size);

/* Init data of the stock modules. */
uint32_t fix_host_copier(struct ipc_fixture *f, uint32_t instance, uint32_t pipeline);
uint32_t fix_dai_copier(struct ipc_fixture *f, uint32_t instance, uint32_t pipeline);

#endif
