// SPDX-License-Identifier: BSD-3-Clause
/*
 * A released owner is dead (issue 11, item 8), on every heap kind:
 * allocating through it used to succeed with a tag no longer registered,
 * so no leak report ever saw the block; and once the 16-bit tags wrap
 * (65,535 registrations, about 16k PCM open/close cycles) a stale free
 * through a dead module's owner freed the block of whichever live owner
 * had been given the same tag.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "adx/mem/heap.h"
#include "adx/mem/module_mem.h"
#include "heap_fixture.h"
#include "kind_groups.h"

#define ARENA_SIZE (64u * 1024u)

static struct fixture fx;

static void alloc_through_a_released_owner_is_refused(void **state)
{
	struct adx_mem_owner dead;
	uint32_t owners;

	(void)state;
	assert_int_equal(adx_mem_owner_init(&dead, fx.heap, "dead"), 0);
	owners = fx.heap->owner_count;
	assert_int_equal(adx_mem_owner_release(&dead), 0);
	assert_null(adx_mod_alloc(&dead, 64, 0));
	assert_int_equal(log_count("alloc through a released owner refused"), 1);
	assert_int_equal(adx_mem_owner_release(&dead), 0);
	assert_int_equal(fx.heap->owner_count, owners - 1);
	assert_int_equal(adx_heap_validate(fx.heap), 0);
}

/* Registers and releases owners until the next one is given `tag` again. */
static void cycle_tags_until(struct adx_mem_owner *next, uint16_t tag)
{
	for (uint32_t i = 0; i <= UINT16_MAX; i++) {
		assert_int_equal(adx_mem_owner_init(next, fx.heap, "pcm"), 0);
		if (next->tag == tag)
			return;
		adx_mem_owner_release(next);
	}
	fail_msg("tag %u never came back", (unsigned int)tag);
}

static void stale_free_after_the_tags_wrap_cannot_free_anothers_block(void **state)
{
	struct adx_mem_owner dead, heir;
	uint16_t dead_tag;
	void *stale, *heirs;

	(void)state;
	assert_int_equal(adx_mem_owner_init(&dead, fx.heap, "dead"), 0);
	dead_tag = dead.tag;
	stale = adx_mod_alloc(&dead, 64, 0);
	assert_non_null(stale);
	assert_int_equal(adx_mem_owner_release(&dead), 1);   /* reported and freed */
	cycle_tags_until(&heir, dead_tag);
	heirs = adx_mod_alloc(&heir, 64, 0);
	assert_non_null(heirs);
	assert_int_equal(adx_mod_free(&dead, heirs), -EINVAL);
	assert_int_equal(adx_heap_block_size(fx.heap, heirs), heir.used_bytes);
	assert_int_equal(log_count("free through a released owner refused"), 1);
	assert_int_equal(adx_mod_free(&heir, heirs), 0);
	assert_int_equal(adx_mem_owner_release(&heir), 0);
	(void)stale;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		KIND_TEST(alloc_through_a_released_owner_is_refused),
		KIND_TEST(stale_free_after_the_tags_wrap_cannot_free_anothers_block),
	};

	return run_kind_groups(tests, sizeof(tests) / sizeof(tests[0]), &fx, ARENA_SIZE);
}
