/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the fuzz targets: a firmware (heap, virtual-time scheduler) per
 * input, memory gateways on every id, and the end-of-input checks that turn
 * a silent leak or a damaged heap into a crash the fuzzer reports.
 */
#ifndef ADX_FUZZ_COMMON_H
#define ADX_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "adx/sched/sched.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_fw {
	struct adx_heap *heap;
	struct adx_sched sched;
};

/* A fresh 1 MiB TLSF heap and a virtual-time scheduler; logs quieted. */
void fuzz_fw_init(struct fuzz_fw *fw);
/* Scheduler down, heap valid and empty (abort() otherwise), arena retired. */
void fuzz_fw_destroy(struct fuzz_fw *fw);

/* Little-endian reader over the input. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};
uint32_t fuzz_u8(struct fuzz_in *in);
uint32_t fuzz_u16(struct fuzz_in *in);
uint32_t fuzz_u32(struct fuzz_in *in);

/* Writes data to this process's scratch file and returns its path. */
const char *fuzz_scratch_file(const uint8_t *data, size_t size, const char *suffix);

#endif
