// SPDX-License-Identifier: BSD-3-Clause
/*
 * IPC messages and large-config fragment sequences. The input is a list of
 * records: u16 length then that many bytes, handed to adx_ipc_process() as
 * one message; length 0xFFFF instead runs u8 % 32 LL ticks (so pipelines
 * that reached RUNNING move audio, with the DAX module registered as type
 * 9). At the end the IPC layer is freed and the heap must be empty.
 */
#include <stdio.h>
#include <stdlib.h>

#include "adx/modules/dax.h"
#include "adx/ipc/ipc.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct adx_ipc ipc;
	static uint8_t reply[ADX_IPC_MAILBOX_BYTES];
	struct fuzz_in in = { data, size };
	struct adx_ipc_config cfg;
	struct fuzz_fw fw;

	fuzz_fw_init(&fw);
	cfg = (struct adx_ipc_config){ .heap = fw.heap, .sched = &fw.sched,
				       .max_blob_bytes = 16384 };
	if (adx_ipc_init(&ipc, &cfg) ||
	    adx_ipc_register_module_type(&ipc, ADX_IPC_MODULE_DAX, &adx_dax_driver))
		__builtin_trap();
	while (in.left >= 2) {
		uint32_t len = fuzz_u16(&in);
		size_t reply_size;

		if (len == 0xFFFF) {
			(void)adx_sched_run_ticks(&fw.sched, fuzz_u8(&in) % 32);
			continue;
		}
		if (len > in.left)
			len = (uint32_t)in.left;
		if (adx_ipc_process(&ipc, in.p, len, reply, sizeof(reply), &reply_size) ||
		    reply_size < ADX_IPC_HEADER_BYTES || reply_size > sizeof(reply))
			__builtin_trap();
		if (getenv("ADX_FUZZ_LOG"))
			fprintf(stderr, "ipc: type 0x%02x -> %s\n", len >= 4 ? in.p[0] : 0,
				adx_ipc_status_name(adx_ipc_get_u32(reply + 4)));
		in.p += len;
		in.left -= len;
	}
	if (adx_ipc_free(&ipc))
		__builtin_trap(); /* a leak was reported */
	/*
	 * Init data may ask to keep the SHARED region after the last free
	 * (ADX_DAX_INIT_RETAIN_SHARED); the owner of the heap hands it back
	 * before the heap goes (regression: fuzz/regressions/ipc/retained-*).
	 */
	if (adx_dax_shared_release())
		__builtin_trap();
	fuzz_fw_destroy(&fw);
	return 0;
}
