// SPDX-License-Identifier: BSD-3-Clause
/*
 * The story generator: the same (seed, index) gives the same bytes, other
 * indexes and seeds give other stories, and every generated story is a
 * scenario the testbench accepts (names, formats and the host driver's op
 * order all pass the scenario check), with the events the model promises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scratch_dir.h"

#include "scenario/scenario.h"
#include "verdict/tb_story.h"

#define MEMORY_LINE "heap: {size: S + 120K, kind: [adx, sysheap]}"

static char *story_text(uint64_t seed, uint32_t index)
{
	struct tb_story_spec spec = { .seed = seed, .index = index, .memory_line = MEMORY_LINE };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(tb_story_write(f, &spec), 0);
	fclose(f);
	return buf;
}

static void same_seed_and_index_give_the_same_story(void **state)
{
	char *a = story_text(5, 17), *b = story_text(5, 17), *c = story_text(5, 18),
	     *d = story_text(6, 17);

	(void)state;
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	free(a);
	free(b);
	free(c);
	free(d);
}

struct tally {
	int switch_backs;
	int notifications;
	int calls;
	int wake_words;
};

static void count_features(const struct tb_scenario *sc, struct tally *t)
{
	int notify = tb_scenario_find_pipeline(sc, "notify"),
	    call = tb_scenario_find_pipeline(sc, "call");
	int prev_open_pipeline = -1;

	for (int i = 0; i < sc->num_events; i++) {
		const struct tb_event *ev = &sc->events[i];

		if (ev->op == TB_OP_OPEN && ev->pipeline == notify)
			t->notifications++;
		if (ev->op == TB_OP_OPEN && ev->pipeline == call)
			t->calls++;
		if (ev->op == TB_OP_ALLOC && ev->burst.count == 1 &&
		    ev->burst.min_bytes >= 24 * 1024)
			t->wake_words++;
		/* A switch back: an endpoint closes right after being set up, never prepared. */
		if (ev->op == TB_OP_CLOSE && prev_open_pipeline == ev->pipeline)
			t->switch_backs++;
		if (ev->op == TB_OP_HW_PARAMS)
			prev_open_pipeline = ev->pipeline;
		if (ev->op == TB_OP_PREPARE && ev->pipeline == prev_open_pipeline)
			prev_open_pipeline = -1;
	}
}

static void every_story_is_a_valid_scenario(void **state)
{
	struct tally t = { 0 };

	(void)state;
	for (uint32_t i = 0; i < 300; i++) {
		struct tb_story_spec spec = { .seed = 2026, .index = i,
					      .memory_line = MEMORY_LINE };
		struct tb_scenario sc;
		char path[300], err[1024] = "";
		FILE *f;

		snprintf(path, sizeof(path), "%s/story-%u.yaml", tmpdir, i);
		f = fopen(path, "w");
		assert_non_null(f);
		assert_int_equal(tb_story_write(f, &spec), 0);
		fclose(f);
		if (tb_scenario_load(&sc, path, err, sizeof(err)))
			fail_msg("story %u refused: %s", i, err);
		count_features(&sc, &t);
		tb_scenario_free(&sc);
	}
	/* The model's ingredients all occur (their odds are 20-50 % per switch). */
	assert_true(t.switch_backs > 10);
	assert_true(t.notifications > 50);
	assert_true(t.calls > 20);
	assert_true(t.wake_words > 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_and_index_give_the_same_story),
		cmocka_unit_test(every_story_is_a_valid_scenario),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
