// SPDX-License-Identifier: BSD-3-Clause
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/platform/log.h"
#include "ipc_fixture.h"
#include "recorder_module.h"

/* Even, non-zero and different in every sample: halving is exact, and a
 * lost, repeated or swapped frame shows. */
static void fill_signal(struct adx_memory_stream *s)
{
	int32_t *samples = (int32_t *)s->data;

	for (uint64_t i = 0; i < s->frames * 2; i++)
		samples[i] = (int32_t)((i + 1) * 512);
}

static void count_leaks(void *ctx, enum adx_log_level level, const char *component,
			 const char *line)
{
	struct ipc_fixture *f = ctx;

	(void)level; (void)component;
	if (strstr(line, "leak"))
		f->leak_logs++;
}

void fix_init(struct ipc_fixture *f, size_t heap_bytes, uint32_t max_blob,
	      uint64_t frames, uint64_t out_frames)
{
	struct adx_sched_config sched_cfg = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };
	struct adx_ipc_config ipc_cfg;

	memset(f, 0, sizeof(*f));
	adx_log_set_sink(count_leaks, f);
	f->arena = aligned_alloc(64, heap_bytes);
	assert_non_null(f->arena);
	f->heap = adx_heap_init_tlsf(f->arena, heap_bytes);
	assert_non_null(f->heap);
	assert_int_equal(adx_sched_init(&f->sched, &sched_cfg), 0);
	ipc_cfg = (struct adx_ipc_config){ .heap = f->heap, .sched = &f->sched,
					   .max_blob_bytes = max_blob };
	assert_int_equal(adx_ipc_init(&f->ipc, &ipc_cfg), 0);
	assert_int_equal(adx_ipc_register_module_type(&f->ipc, RECORDER_TYPE_ID,
						      &recorder_driver), 0);
	f->reply_capacity = sizeof(f->reply);

	f->params = (struct adx_stream_params){ .rate = 48000, .channels = 2,
						.format = ADX_FMT_S32_LE };
	/* A copier named after the other direction's gateway (the fuzz test does
	 * this) is refused at prepare: the copiers check the gateway's direction. */
	adx_gateway_init_memory_source(&f->host_gw, "host", &f->params, &f->in,
				       calloc(frames + 1, adx_frame_bytes(&f->params)), frames);
	adx_gateway_init_memory_sink(&f->dai_gw, "dai", &f->params, &f->out,
				     calloc(out_frames + 1, adx_frame_bytes(&f->params)),
				     out_frames);
	fill_signal(&f->in);
	assert_int_equal(adx_gateway_register(FIX_HOST_GATEWAY, &f->host_gw), 0);
	assert_int_equal(adx_gateway_register(FIX_DAI_GATEWAY, &f->dai_gw), 0);
}

void fix_destroy(struct ipc_fixture *f)
{
	assert_int_equal(adx_ipc_free(&f->ipc), 0);
	assert_int_equal(f->leak_logs, 0);
	fix_assert_heap(f, 0);
	adx_sched_destroy(&f->sched);
	adx_gateway_unregister(FIX_HOST_GATEWAY);
	adx_gateway_unregister(FIX_DAI_GATEWAY);
	adx_log_set_sink(NULL, NULL);
	adx_heap_retire(f->heap);
	free(f->in.data);
	free(f->out.data);
	free(f->arena);
}

size_t fix_heap_used(const struct ipc_fixture *f)
{
	struct adx_heap_stats st;

	adx_heap_get_stats(f->heap, &st);
	return st.used_bytes;
}

void fix_assert_heap(const struct ipc_fixture *f, size_t used)
{
	assert_int_equal(adx_heap_validate(f->heap), 0);
	assert_int_equal(fix_heap_used(f), used);
}

uint32_t fix_send_raw(struct ipc_fixture *f, const void *msg, size_t size)
{
	assert_int_equal(adx_ipc_process(&f->ipc, msg, size, f->reply, f->reply_capacity,
					 &f->reply_size), 0);
	assert_int_equal(adx_ipc_read_reply(f->reply, f->reply_size, &f->last), 0);
	return f->last.status;
}

uint32_t fix_send(struct ipc_fixture *f, uint32_t type, uint32_t target, uint32_t ext,
		  const void *payload, uint32_t payload_size)
{
	static uint8_t msg[ADX_IPC_MAILBOX_BYTES];
	struct adx_ipc_msg_header hdr = { .type = type, .target = target, .extension = ext,
					  .payload_size = payload_size };
	size_t size = adx_ipc_build(msg, sizeof(msg), &hdr, payload);

	assert_int_not_equal(size, 0);
	return fix_send_raw(f, msg, size);
}

static void put_words(uint8_t *out, const uint32_t *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		adx_ipc_put_u32(out + 4 * i, words[i]);
}

uint32_t fix_create_pipeline(struct ipc_fixture *f, uint32_t id, uint32_t period_frames,
			     uint32_t flags)
{
	uint32_t words[] = { period_frames, flags };
	uint8_t payload[sizeof(words)];

	put_words(payload, words, 2);
	return fix_send(f, ADX_IPC_CREATE_PIPELINE, id, 0, payload, sizeof(payload));
}

uint32_t fix_set_state(struct ipc_fixture *f, uint32_t id, uint32_t state)
{
	return fix_send(f, ADX_IPC_SET_PIPELINE_STATE, id, state, NULL, 0);
}

uint32_t fix_init_instance(struct ipc_fixture *f, uint32_t instance, uint32_t pipeline,
			   uint32_t type_id, const void *data, uint32_t size)
{
	static uint8_t payload[ADX_IPC_MAILBOX_BYTES];

	assert_true(size <= sizeof(payload) - 4);
	adx_ipc_put_u32(payload, type_id);
	if (size)
		memcpy(payload + 4, data, size);
	return fix_send(f, ADX_IPC_INIT_INSTANCE, instance, pipeline, payload, 4 + size);
}

uint32_t fix_bind(struct ipc_fixture *f, uint32_t src, uint32_t dst, uint32_t frames,
		  uint32_t rate, uint32_t channels, uint32_t format)
{
	uint32_t words[] = { frames, rate, channels, format };
	uint8_t payload[sizeof(words)];

	put_words(payload, words, 4);
	return fix_send(f, ADX_IPC_BIND, src, dst, payload, sizeof(payload));
}

uint32_t fix_large_set(struct ipc_fixture *f, uint32_t instance, uint32_t flags,
		       uint32_t config_id, uint32_t data_off_size, const void *data,
		       uint32_t size)
{
	static uint8_t payload[ADX_IPC_MAILBOX_BYTES];

	assert_true(size <= sizeof(payload) - 8);
	adx_ipc_put_u32(payload, config_id);
	adx_ipc_put_u32(payload + 4, data_off_size);
	if (size)
		memcpy(payload + 8, data, size);
	return fix_send(f, ADX_IPC_LARGE_CONFIG_SET, instance, flags, payload, 8 + size);
}

uint32_t fix_host_copier(struct ipc_fixture *f, uint32_t instance, uint32_t pipeline)
{
	struct adx_host_copier_init init = { .gateway_id = FIX_HOST_GATEWAY };

	return fix_init_instance(f, instance, pipeline, ADX_IPC_MODULE_HOST_COPIER,
				 &init, sizeof(init));
}

uint32_t fix_dai_copier(struct ipc_fixture *f, uint32_t instance, uint32_t pipeline)
{
	struct adx_dai_copier_init init = { .gateway_id = FIX_DAI_GATEWAY };

	return fix_init_instance(f, instance, pipeline, ADX_IPC_MODULE_DAI_COPIER,
				 &init, sizeof(init));
}
