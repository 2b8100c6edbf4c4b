/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine's FFT against FFTW (double precision, the oracle): for every
 * power-of-two size 16..2048, complex and real, forward and inverse, the
 * error norm stays below 1e-5 of the reference vector's norm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>

#include "fft.h"
#include "rng.h"

enum { MAX_N = 2048 };
static const double tolerance = 1e-5;

struct fixture {
	struct adx_fft fft;
	float table[8 * MAX_N];
	float data[2 * MAX_N];   /* interleaved view: got */
	float re[MAX_N], im[MAX_N];
	float out_re[MAX_N], out_im[MAX_N];
	double ref[2 * MAX_N];
	fftw_complex spec[MAX_N];
	struct rng rng;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	fx->rng.state = 12345;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	fftw_cleanup();
	return 0;
}

static void fill(struct fixture *fx, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		fx->ref[i] = rng_noise(&fx->rng);
		fx->data[i] = (float)fx->ref[i];
		fx->ref[i] = fx->data[i]; /* the oracle sees the same floats */
	}
}

/* ||got - want|| / ||want|| over count floats. */
static double relative_error(const float *got, const double *want,
			     uint32_t count)
{
	double err = 0.0, norm = 0.0;
	for (uint32_t i = 0; i < count; i++) {
		double d = got[i] - want[i];
		err += d * d;
		norm += want[i] * want[i];
	}
	return sqrt(err / norm);
}

/* data (interleaved pairs) <-> re, im: the split layout of fft.h. For the
 * real transforms the pairs are (Re X[k], Im X[k]) in frequency, with
 * (X[0], X[n/2]) in the first, and (x[2j], x[2j+1]) in time. */
static void split(struct fixture *fx, uint32_t pairs)
{
	for (uint32_t i = 0; i < pairs; i++) {
		fx->re[i] = fx->data[2 * i];
		fx->im[i] = fx->data[2 * i + 1];
	}
}

static void join(struct fixture *fx, const float *re, const float *im,
		 uint32_t pairs)
{
	for (uint32_t i = 0; i < pairs; i++) {
		fx->data[2 * i] = re[i];
		fx->data[2 * i + 1] = im[i];
	}
}

static void init_size(struct fixture *fx, uint32_t n)
{
	assert_int_equal(adx_fft_init(&fx->fft, n, fx->table,
				      adx_fft_table_bytes(n)), 0);
}

static void check_complex(struct fixture *fx, uint32_t n, int direction)
{
	fill(fx, 2 * n);
	fftw_complex *buf = (fftw_complex *)fx->ref;
	fftw_plan plan = fftw_plan_dft_1d((int)n, buf, buf, direction,
					  FFTW_ESTIMATE);
	fftw_execute(plan);
	fftw_destroy_plan(plan);
	split(fx, n);
	if (direction == FFTW_FORWARD)
		adx_fft_complex_forward(&fx->fft, fx->re, fx->im, fx->out_re,
					fx->out_im);
	else
		adx_fft_complex_inverse(&fx->fft, fx->re, fx->im, fx->out_re,
					fx->out_im);
	join(fx, fx->out_re, fx->out_im, n);
	double err = relative_error(fx->data, fx->ref, 2 * n);
	if (err >= tolerance)
		fail_msg("complex n=%u dir=%d error %.3g", n, direction, err);
}

static void test_complex_fft_matches_fftw_for_sizes_16_to_2048(void **state)
{
	struct fixture *fx = *state;
	for (uint32_t n = 16; n <= MAX_N; n *= 2) {
		init_size(fx, 2 * n); /* a table of size 2n serves complex n */
		check_complex(fx, n, FFTW_FORWARD);
		check_complex(fx, n, FFTW_BACKWARD);
	}
}

/* FFTW's half-complex output as interleaved pairs of our layout. */
static void pack_reference(struct fixture *fx, uint32_t n)
{
	fx->ref[0] = fx->spec[0][0];
	fx->ref[1] = fx->spec[n / 2][0];
	for (uint32_t k = 1; k < n / 2; k++) {
		fx->ref[2 * k] = fx->spec[k][0];
		fx->ref[2 * k + 1] = fx->spec[k][1];
	}
}

static void test_real_forward_fft_matches_fftw_r2c(void **state)
{
	struct fixture *fx = *state;
	for (uint32_t n = 16; n <= MAX_N; n *= 2) {
		init_size(fx, n);
		fill(fx, n);
		fftw_plan plan = fftw_plan_dft_r2c_1d((int)n, fx->ref, fx->spec,
						      FFTW_ESTIMATE);
		fftw_execute(plan);
		fftw_destroy_plan(plan);
		pack_reference(fx, n);
		adx_fft_real_forward(&fx->fft, fx->data, fx->data + n / 2,
				     fx->re, fx->im);
		join(fx, fx->re, fx->im, n / 2);
		double err = relative_error(fx->data, fx->ref, n);
		if (err >= tolerance)
			fail_msg("real forward n=%u error %.3g", n, err);
	}
}

static void test_real_inverse_fft_matches_fftw_c2r(void **state)
{
	struct fixture *fx = *state;
	for (uint32_t n = 16; n <= MAX_N; n *= 2) {
		init_size(fx, n);
		fill(fx, n);
		/* A packed spectrum: DC and Nyquist real, the rest complex. */
		fx->spec[0][0] = fx->ref[0];
		fx->spec[0][1] = 0.0;
		fx->spec[n / 2][0] = fx->ref[1];
		fx->spec[n / 2][1] = 0.0;
		for (uint32_t k = 1; k < n / 2; k++) {
			fx->spec[k][0] = fx->ref[2 * k];
			fx->spec[k][1] = fx->ref[2 * k + 1];
		}
		fftw_plan plan = fftw_plan_dft_c2r_1d((int)n, fx->spec, fx->ref,
						      FFTW_ESTIMATE);
		fftw_execute(plan);
		fftw_destroy_plan(plan);
		split(fx, n / 2);
		adx_fft_real_inverse(&fx->fft, fx->re, fx->im, fx->out_re,
				     fx->out_im);
		join(fx, fx->out_re, fx->out_im, n / 2);
		double err = relative_error(fx->data, fx->ref, n);
		if (err >= tolerance)
			fail_msg("real inverse n=%u error %.3g", n, err);
	}
}

static void test_real_round_trip_scales_by_n(void **state)
{
	struct fixture *fx = *state;
	const uint32_t n = 512;
	init_size(fx, n);
	fill(fx, n);
	adx_fft_real_forward(&fx->fft, fx->data, fx->data + n / 2, fx->re,
			     fx->im);
	adx_fft_real_inverse(&fx->fft, fx->re, fx->im, fx->out_re, fx->out_im);
	join(fx, fx->out_re, fx->out_im, n / 2);
	for (uint32_t i = 0; i < n; i++)
		fx->ref[i] *= n;
	assert_true(relative_error(fx->data, fx->ref, n) < tolerance);
}

static void test_init_rejects_bad_sizes_and_short_tables(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(adx_fft_table_bytes(0), 0);
	assert_int_equal(adx_fft_table_bytes(4), 0);
	assert_int_equal(adx_fft_table_bytes(48), 0);
	assert_int_equal(adx_fft_table_bytes(1u << 17), 0);
	assert_true(adx_fft_table_bytes(2 * MAX_N) <= sizeof(fx->table));
	assert_int_equal(adx_fft_init(&fx->fft, 48, fx->table, sizeof(fx->table)),
			 -EINVAL);
	assert_int_equal(adx_fft_init(&fx->fft, 512, fx->table,
				      adx_fft_table_bytes(512) - 1), -EINVAL);
	assert_int_equal(adx_fft_init(&fx->fft, 512, NULL, sizeof(fx->table)),
			 -EINVAL);
	assert_int_equal(adx_fft_init(NULL, 512, fx->table, sizeof(fx->table)),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complex_fft_matches_fftw_for_sizes_16_to_2048),
		cmocka_unit_test(test_real_forward_fft_matches_fftw_r2c),
		cmocka_unit_test(test_real_inverse_fft_matches_fftw_c2r),
		cmocka_unit_test(test_real_round_trip_scales_by_n),
		cmocka_unit_test(test_init_rejects_bad_sizes_and_short_tables),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
