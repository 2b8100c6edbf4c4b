// SPDX-License-Identifier: BSD-3-Clause
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adx/platform/log.h"
#include "adx/modules/gateway.h"
#include "fuzz_common.h"

#define ARENA_BYTES (1024u * 1024u)

static _Alignas(64) uint8_t arena[ARENA_BYTES];
static struct adx_gateway gateways[ADX_GATEWAY_MAX];

static uint32_t gw_read(void *ctx, void *dst, uint32_t frames)
{
	const struct adx_gateway *gw = ctx;

	memset(dst, 0x11, (size_t)frames * adx_frame_bytes(&gw->params));
	return frames;
}

static uint32_t gw_write(void *ctx, const void *src, uint32_t frames)
{
	(void)ctx;
	(void)src;
	return frames;
}

static void quiet(void *ctx, enum adx_log_level level, const char *component,
		  const char *line)
{
	(void)ctx;
	(void)level;
	(void)component;
	(void)line;
}

/* Every gateway id plays and records 48 kHz stereo S32, both ways. */
static void gateways_once(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	for (uint32_t id = 0; id < ADX_GATEWAY_MAX; id++) {
		gateways[id] = (struct adx_gateway){
			.name = "fuzz", .read = gw_read, .write = gw_write, .ctx = &gateways[id],
			.params = { .rate = 48000, .channels = 2, .format = ADX_FMT_S32_LE },
		};
		adx_gateway_register(id, &gateways[id]);
	}
}

void fuzz_fw_init(struct fuzz_fw *fw)
{
	struct adx_sched_config cfg = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };

	gateways_once();
	if (!getenv("ADX_FUZZ_LOG"))
		adx_log_set_sink(quiet, NULL);
	fw->heap = adx_heap_init_tlsf(arena, sizeof(arena));
	if (!fw->heap || adx_sched_init(&fw->sched, &cfg))
		abort();
}

void fuzz_fw_destroy(struct fuzz_fw *fw)
{
	struct adx_heap_stats st;

	adx_sched_destroy(&fw->sched);
	adx_heap_get_stats(fw->heap, &st);
	if (adx_heap_validate(fw->heap) || st.used_blocks) {
		fprintf(stderr, "fuzz: heap %s, %u blocks left\n",
			adx_heap_validate(fw->heap) ? "invalid" : "valid",
			(unsigned int)st.used_blocks);
		abort();
	}
	adx_heap_retire(fw->heap);
}

uint32_t fuzz_u8(struct fuzz_in *in)
{
	uint32_t v;

	if (!in->left)
		return 0;
	v = in->p[0];
	in->p++;
	in->left--;
	return v;
}

uint32_t fuzz_u16(struct fuzz_in *in)
{
	return fuzz_u8(in) | fuzz_u8(in) << 8;
}

uint32_t fuzz_u32(struct fuzz_in *in)
{
	return fuzz_u16(in) | fuzz_u16(in) << 16;
}

const char *fuzz_scratch_file(const uint8_t *data, size_t size, const char *suffix)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/adx-fuzz-%d%s", (int)getpid(), suffix);
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return path;
}
