// SPDX-License-Identifier: BSD-3-Clause
/*
 * DAX configuration records against a running DAX pipeline (host copier ->
 * dax -> DAI copier, virtual time). The first byte picks the policy; then
 * records: u8 op, u8 config id, u16 length, bytes. op % 4: 0 set (whole),
 * 1 get, 2 run u8 % 16 ticks, 3 a lifecycle step (reset / prepare / start).
 * The module's tripwires must stay 0 and nothing may leak.
 */
#include <string.h>

#include "adx/modules/dax.h"
#include "adx/modules/copier.h"
#include "adx/audio/pipeline.h"
#include "fuzz_common.h"

static void lifecycle(struct adx_pipeline *ppl, uint32_t which)
{
	static const enum adx_pipeline_state states[] = { ADX_PPL_RESET, ADX_PPL_PAUSED,
							  ADX_PPL_RUNNING };

	(void)adx_pipeline_set_state(ppl, states[which % 3]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct adx_pipeline ppl;
	static uint8_t buf[ADX_DAX_TUNING_MAX_BYTES + 64];
	struct adx_stream_params params = { .rate = 48000, .channels = 2,
					    .format = ADX_FMT_S32_LE };
	struct adx_host_copier_init hi = { 0 };
	struct adx_dai_copier_init di = { 1 };
	struct adx_module *host, *dax, *dai;
	struct fuzz_in in = { data, size };
	struct adx_dax_init init = { .policy = fuzz_u8(&in) % ADX_DAX_POLICY_COUNT,
				     .max_channels = 2 };
	struct adx_dax_stats st;
	struct fuzz_fw fw;

	fuzz_fw_init(&fw);
	if (adx_pipeline_create(&ppl, 0, "fuzz", fw.heap, &fw.sched, 48) ||
	    adx_pipeline_add_module(&ppl, &adx_host_copier_driver, "host", &hi, sizeof(hi), &host) ||
	    adx_pipeline_add_module(&ppl, &adx_dax_driver, "dax", &init, sizeof(init), &dax) ||
	    adx_pipeline_add_module(&ppl, &adx_dai_copier_driver, "dai", &di, sizeof(di), &dai) ||
	    adx_pipeline_connect(&ppl, host, dax, &params, 192) ||
	    adx_pipeline_connect(&ppl, dax, dai, &params, 192) ||
	    adx_pipeline_set_state(&ppl, ADX_PPL_PAUSED) ||
	    adx_pipeline_set_state(&ppl, ADX_PPL_RUNNING))
		__builtin_trap();
	while (in.left >= 4) {
		uint32_t op = fuzz_u8(&in) % 4, id = fuzz_u8(&in), len = fuzz_u16(&in);
		size_t cap = sizeof(buf);

		if (len > in.left)
			len = (uint32_t)in.left;
		switch (op) {
		case 0:
			memcpy(buf, in.p, len); /* a private copy: over-reads hit a red zone */
			(void)adx_module_set_configuration(dax, id, ADX_CFG_SINGLE, len, buf, len);
			break;
		case 1:
			cap = len < sizeof(buf) ? len : sizeof(buf);
			(void)adx_module_get_configuration(dax, id, buf, &cap);
			if (cap > sizeof(buf))
				__builtin_trap();
			break;
		case 2:
			(void)adx_sched_run_ticks(&fw.sched, id % 16);
			break;
		default:
			lifecycle(&ppl, id);
			break;
		}
		in.p += len;
		in.left -= len;
	}
	(void)adx_sched_run_ticks(&fw.sched, 8);
	if (!adx_dax_get_stats(dax, &st) &&
	    (st.poisoned_engine_seen || st.ownership_violations))
		__builtin_trap();
	if (adx_pipeline_destroy(&ppl) || adx_dax_shared_release())
		__builtin_trap();
	fuzz_fw_destroy(&fw);
	return 0;
}
