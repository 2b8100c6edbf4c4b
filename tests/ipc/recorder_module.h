/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A test module that records every set_configuration call it receives and
 * answers get_configuration with the last blob, so tests can see exactly
 * what the IPC layer handed over. It never touches audio.
 * init_data is a u32 naming the slot of recorder_logs[] to fill (an index,
 * not a pointer, so random init data in the fuzz test is refused, not
 * dereferenced).
 */
#ifndef ADX_TEST_RECORDER_MODULE_H
#define ADX_TEST_RECORDER_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "adx/audio/module_adapter.h"

#define RECORDER_BLOB_MAX (128 * 1024)

struct recorder_log {
	unsigned int set_calls;
	uint32_t config_id;
	enum adx_cfg_pos pos;
	uint32_t data_offset_size;
	size_t size;
	uint8_t blob[RECORDER_BLOB_MAX];
	int set_result;                 /* what set_configuration returns */
};

#define RECORDER_SLOTS 4
extern struct recorder_log recorder_logs[RECORDER_SLOTS];

extern const struct adx_module_driver recorder_driver;
#define RECORDER_TYPE_ID 0x100u

#endif
