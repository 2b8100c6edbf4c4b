// SPDX-License-Identifier: BSD-3-Clause
/* Bursts: another stream's small allocations, kept or freed, released later. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_internal.h"

struct burst *lab_burst_find(struct lab *lab, const char *tag)
{
	for (int i = 0; i < MAX_BURSTS; i++)
		if (lab->bursts[i].live && !strcmp(lab->bursts[i].tag, tag))
			return &lab->bursts[i];
	return NULL;
}

static uint32_t next_random(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Another stream's small allocations; (1 - keep) of them are freed again at once. */
int lab_burst_alloc(struct lab *lab, const struct tb_burst *b, char *note, size_t n)
{
	struct burst *bu = NULL;
	char name[ADX_OWNER_NAME_MAX];
	uint32_t x = b->seed ? b->seed : 1, failed = 0, kept = 0;

	for (int i = 0; i < MAX_BURSTS && !bu; i++)
		if (!lab->bursts[i].live)
			bu = &lab->bursts[i];
	if (!bu)
		return -ENOSPC;
	snprintf(name, sizeof(name), "burst-%.24s", b->tag);
	if (adx_mem_owner_init(&bu->owner, lab->heap, name))
		return -ENOSPC;
	bu->live = true;
	snprintf(bu->tag, sizeof(bu->tag), "%s", b->tag);
	bu->ptrs = calloc(b->count, sizeof(void *));
	bu->count = b->count;
	for (uint32_t i = 0; bu->ptrs && i < b->count; i++) {
		uint32_t size = b->min_bytes + next_random(&x) % (b->max_bytes - b->min_bytes + 1);

		bu->ptrs[i] = adx_mod_alloc(&bu->owner, size, 0);
		failed += !bu->ptrs[i];
	}
	for (uint32_t i = 0; bu->ptrs && i < b->count; i++) {
		if (bu->ptrs[i] && (double)(next_random(&x) % 10000) >= b->keep * 10000) {
			adx_mod_free(&bu->owner, bu->ptrs[i]);
			bu->ptrs[i] = NULL;
		}
		kept += bu->ptrs[i] != NULL;
	}
	snprintf(note, n, "%u blocks of %u..%u B, %u kept, %u failed", b->count, b->min_bytes,
		 b->max_bytes, kept, failed);
	return bu->ptrs ? 0 : -ENOMEM;
}

void lab_burst_release(struct burst *bu)
{
	for (uint32_t i = 0; bu->ptrs && i < bu->count; i++)
		if (bu->ptrs[i])
			adx_mod_free(&bu->owner, bu->ptrs[i]);
	adx_mem_owner_release(&bu->owner);
	free(bu->ptrs);
	bu->ptrs = NULL;
	bu->live = false;
}
