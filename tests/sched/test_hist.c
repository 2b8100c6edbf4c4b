// SPDX-License-Identifier: BSD-3-Clause
/* Duration histogram: percentiles against a sorted-array oracle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "adx/sched/sched.h"
#include "rng.h"

#define SAMPLES 5000

static struct rng rng = { 0x9e3779b97f4a7c15ull };

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a;
	uint64_t y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The value at rank ceil(per_mille * n / 1000), 1-based: integer arithmetic only. */
static uint64_t oracle(const uint64_t *sorted, uint64_t n, uint64_t per_mille)
{
	uint64_t rank = (per_mille * n + 999) / 1000;

	return sorted[(rank ? rank : 1) - 1];
}

static void check_against_oracle(uint64_t *values, uint64_t n)
{
	static const uint64_t per_mille[] = { 1, 10, 50, 100, 250, 500, 750, 900, 950, 990, 999, 1000 };
	struct adx_duration_hist hist;
	uint64_t sum = 0;
	uint64_t i;

	memset(&hist, 0, sizeof(hist));
	for (i = 0; i < n; i++) {
		adx_hist_add(&hist, values[i]);
		sum += values[i];
	}
	qsort(values, n, sizeof(values[0]), cmp_u64);
	assert_int_equal(hist.count, n);
	assert_int_equal(hist.sum_ns, sum);
	assert_int_equal(hist.max_ns, values[n - 1]);
	for (i = 0; i < sizeof(per_mille) / sizeof(per_mille[0]); i++) {
		uint64_t want = oracle(values, n, per_mille[i]);
		uint64_t got = adx_hist_percentile(&hist, (double)per_mille[i] / 10.0);

		/* An upper bound, never more than one bin (1/16 of the value) above. */
		assert_true(got >= want);
		assert_true(got <= want + want / 16);
	}
}

static void percentile_of_uniform_samples_is_oracle_value_within_one_bin(void **state)
{
	static uint64_t values[SAMPLES];
	uint64_t i;

	(void)state;
	for (i = 0; i < SAMPLES; i++)
		values[i] = 1000 + rng_next(&rng) % 2000000; /* 1 us .. 2 ms */
	check_against_oracle(values, SAMPLES);
}

static void percentile_of_log_spread_samples_is_oracle_value_within_one_bin(void **state)
{
	static uint64_t values[SAMPLES];
	uint64_t i;

	(void)state;
	for (i = 0; i < SAMPLES; i++)
		values[i] = rng_next(&rng) >> (29 + rng_next(&rng) % 35); /* every magnitude below 2^35 */
	check_against_oracle(values, SAMPLES);
}

static void percentile_of_few_samples_picks_the_right_rank(void **state)
{
	uint64_t values[] = { 3000, 1000, 2000, 4000 };

	(void)state;
	check_against_oracle(values, 4);
}

static void every_value_lands_in_a_bin_no_wider_than_a_sixteenth(void **state)
{
	struct adx_duration_hist hist;
	uint64_t v;
	uint64_t got;
	int shift;
	int delta;

	(void)state;
	for (shift = 0; shift < 35; shift++) {
		for (delta = -1; delta <= 1; delta++) {
			v = (1ull << shift) + (uint64_t)delta;
			memset(&hist, 0, sizeof(hist));
			adx_hist_add(&hist, v);
			got = adx_hist_percentile(&hist, 50.0);
			assert_true(got >= v);
			assert_true(got <= v + v / 16);
		}
	}
}

/* Above 2^35 ns (34 s) everything shares the last bin; max_ns bounds it. */
static void values_beyond_the_last_bin_are_bounded_by_the_maximum(void **state)
{
	struct adx_duration_hist hist;

	(void)state;
	memset(&hist, 0, sizeof(hist));
	adx_hist_add(&hist, 1ull << 36);
	adx_hist_add(&hist, 1ull << 40);
	assert_int_equal(adx_hist_percentile(&hist, 50.0), 1ull << 40);
	assert_int_equal(adx_hist_percentile(&hist, 100.0), 1ull << 40);
}

static void values_below_sixteen_ns_are_exact(void **state)
{
	struct adx_duration_hist hist;
	uint64_t v;

	(void)state;
	memset(&hist, 0, sizeof(hist));
	for (v = 0; v < 16; v++)
		adx_hist_add(&hist, v);
	for (v = 1; v <= 16; v++)
		assert_int_equal(adx_hist_percentile(&hist, (double)v * 100.0 / 16.0), v - 1);
}

static void empty_histogram_or_bad_percentile_gives_zero(void **state)
{
	struct adx_duration_hist hist;

	(void)state;
	memset(&hist, 0, sizeof(hist));
	assert_int_equal(adx_hist_percentile(&hist, 50.0), 0);
	adx_hist_add(&hist, 1234);
	assert_int_equal(adx_hist_percentile(&hist, 0.0), 0);
	assert_int_equal(adx_hist_percentile(&hist, 100.5), 0);
	assert_int_equal(adx_hist_percentile(&hist, -1.0), 0);
	assert_true(adx_hist_percentile(&hist, 100.0) >= 1234);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percentile_of_uniform_samples_is_oracle_value_within_one_bin),
		cmocka_unit_test(percentile_of_log_spread_samples_is_oracle_value_within_one_bin),
		cmocka_unit_test(percentile_of_few_samples_picks_the_right_rank),
		cmocka_unit_test(every_value_lands_in_a_bin_no_wider_than_a_sixteenth),
		cmocka_unit_test(values_beyond_the_last_bin_are_bounded_by_the_maximum),
		cmocka_unit_test(values_below_sixteen_ns_are_exact),
		cmocka_unit_test(empty_histogram_or_bad_percentile_gives_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
