/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Little-endian 32-bit words in byte buffers (IPC messages, configuration
 * and tuning blobs), read and written byte by byte so neither alignment
 * nor the host's byte order matters.
 */
#ifndef ADX_UTIL_LE_H
#define ADX_UTIL_LE_H

#include <stdint.h>

static inline uint32_t adx_le32_get(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void adx_le32_put(uint8_t *p, uint32_t value)
{
	p[0] = (uint8_t)value;
	p[1] = (uint8_t)(value >> 8);
	p[2] = (uint8_t)(value >> 16);
	p[3] = (uint8_t)(value >> 24);
}

#endif
