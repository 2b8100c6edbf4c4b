// SPDX-License-Identifier: BSD-3-Clause
/*
 * adx-tuning's text format: default.txt compiles to exactly the engine's
 * built-in table; decompiling and compiling again gives the same blob;
 * errors name file:line and what was wrong, range errors included.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/dsp/engine.h"
#include "adx/dsp/tuning.h"
#include "tuning_text.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

static void default_text_compiles_to_builtin_table(void **state)
{
	size_t scratch_bytes = adx_dsp_tuning_table_bytes();
	void *scratch = aligned_alloc(adx_dsp_tuning_table_align(),
				      (scratch_bytes + 63u) / 64u * 64u);
	struct tuning_blob blob = { 0 };
	char message[256] = "";
	char *text = slurp("tools/tuning/default.txt");
	float last;

	(void)state;
	assert_non_null(scratch);
	if (tuning_compile(text, "default.txt", &blob, message, sizeof(message)))
		fail_msg("%s", message);
	assert_int_equal(adx_dsp_tuning_matches_builtin(blob.words, blob.count * 4u, scratch,
							scratch_bytes, NULL), 1);
	/* The comparison can fail: the last value one float step off is caught. */
	memcpy(&last, &blob.words[blob.count - 1], sizeof(last));
	last = nextafterf(last, 1.0f);
	memcpy(&blob.words[blob.count - 1], &last, sizeof(last));
	assert_int_equal(adx_dsp_tuning_matches_builtin(blob.words, blob.count * 4u, scratch,
							scratch_bytes, NULL), 0);
	tuning_blob_free(&blob);
	free(scratch);
	free(text);
}

static void decompile_then_compile_gives_the_same_blob(void **state)
{
	struct tuning_blob first = { 0 }, second = { 0 };
	char message[256] = "", *again = NULL, *text = slurp("tools/tuning/default.txt");
	size_t again_bytes = 0;
	FILE *mem = open_memstream(&again, &again_bytes);

	(void)state;
	assert_non_null(mem);
	assert_int_equal(tuning_compile(text, "default.txt", &first, message, sizeof(message)), 0);
	assert_int_equal(tuning_decompile(first.words, first.count * 4u, mem, message,
					  sizeof(message)), 0);
	fclose(mem);
	assert_int_equal(tuning_compile(again, "again.txt", &second, message, sizeof(message)), 0);
	assert_int_equal(first.count, second.count);
	assert_memory_equal(first.words, second.words, first.count * 4u);
	tuning_blob_free(&first);
	tuning_blob_free(&second);
	free(again);
	free(text);
}

static void check_error(const char *text, const char *want)
{
	struct tuning_blob blob = { 0 };
	char message[256] = "";

	assert_int_equal(tuning_compile(text, "t.txt", &blob, message, sizeof(message)), -1);
	if (strncmp(message, want, strlen(want)))
		fail_msg("message '%s', wanted it to start '%s'", message, want);
	tuning_blob_free(&blob);
}

static void errors_name_file_line_and_cause(void **state)
{
	(void)state;
	check_error("# ok\n\nbogus 1 2\n", "t.txt:3: unknown record 'bogus'");
	check_error("eq speaker dynamic peaking 1000 x 1\n", "t.txt:1: 'x' is not a number");
	check_error("eq speaker nightly peaking 1000 1 1\n", "t.txt:1: unknown profile 'nightly'");
	check_error("limiter * * ceiling_dbfs=-1\nlimiter * * ceiling_dbfs=3\n",
		    "t.txt:2: limiter ceiling out of range");
	check_error("leveler * * target_lufs=-20\n", "t.txt:1: expected 6 key=value fields");
	check_error("ctc span_deg=20 distance_m=0.5 head_radius_m=0.0875 regularization=0.01\n",
		    "t.txt:1: unknown key 'regularization'");
}

static void corrupt_blob_is_refused_by_decompile(void **state)
{
	const uint32_t words[] = { ADX_TUNING_LIMITER, 6, 0 };
	char message[256] = "";

	(void)state;
	assert_int_equal(tuning_decompile(words, sizeof(words), stdout, message, sizeof(message)), -1);
	assert_non_null(strstr(message, "record 0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_text_compiles_to_builtin_table),
		cmocka_unit_test(decompile_then_compile_gives_the_same_blob),
		cmocka_unit_test(errors_name_file_line_and_cause),
		cmocka_unit_test(corrupt_blob_is_refused_by_decompile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
