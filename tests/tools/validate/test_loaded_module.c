// SPDX-License-Identifier: BSD-3-Clause
/*
 * The loader: a module built as a shared object loads, registers through
 * its entry point and runs in a rig like a built-in one (the example's DC
 * blocker removes DC and passes a tone); missing files, missing entry
 * points and incompatible manifests are refused with a message naming the
 * file and the reason.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "module_loader.h"
#include "val_checks.h"

static const char *module_path(const char *name)
{
	static char path[512];
	const char *dir = getenv("ADX_TEST_MODULES");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : ".", name);
	return path;
}

static void test_example_loads_and_declares_itself(void **state)
{
	struct adx_loaded_module loaded;
	char err[256];

	(void)state;
	assert_int_equal(adx_module_load(module_path("dc_block.so"), &loaded, err, sizeof(err)), 0);
	assert_string_equal(loaded.manifest->driver->name, "dc_block");
	assert_int_equal(loaded.manifest->interface_version, ADX_MODULE_INTERFACE_VERSION);
	assert_true(loaded.manifest->caps.formats & ADX_FORMAT_BIT(ADX_FMT_S16_LE));
	adx_module_unload(&loaded);
	assert_null(loaded.handle);
}

/* Mean of channel 0 over the last `frames` frames of the rig's output. */
static double tail_mean(const struct val_buf *out, uint64_t frames)
{
	double sum = 0.0;

	for (uint64_t f = out->frames - frames; f < out->frames; f++)
		sum += out->data[f * out->channels];
	return sum / (double)frames;
}

static double tail_peak(const struct val_buf *out, uint64_t frames)
{
	double peak = 0.0;

	for (uint64_t f = out->frames - frames; f < out->frames; f++)
		peak = fmax(peak, fabs(out->data[f * out->channels]));
	return peak;
}

/* Runs one second of `signal(frame)` at 48 kHz stereo S32 through the loaded example. */
static void run_example(float (*signal)(uint64_t frame), struct val_buf *out)
{
	struct adx_loaded_module loaded;
	struct val_target target;
	struct adx_stream_params params = { .rate = 48000, .channels = 2,
					    .format = ADX_FMT_S32_LE };
	struct val_rig rig;
	float *in = malloc(48000 * 2 * sizeof(float));
	char err[256];

	assert_non_null(in);
	for (uint64_t f = 0; f < 48000; f++)
		in[2 * f] = in[2 * f + 1] = signal(f);
	assert_int_equal(adx_module_load(module_path("dc_block.so"), &loaded, err, sizeof(err)), 0);
	val_target_from_manifest(&target, loaded.manifest);
	assert_int_equal(val_rig_open(&rig, &target, &params, ADX_EXEC_VIRTUAL), 0);
	assert_int_equal(val_rig_start(&rig), 0);
	assert_int_equal(val_rig_run(&rig, in, 48000), 0);
	assert_int_equal(val_buf_init(out, 2, rig.out.frames), 0);
	assert_int_equal(val_buf_append(out, rig.out.data, rig.out.frames), 0);
	val_rig_close(&rig);
	adx_module_unload(&loaded);
	free(in);
}

static float dc_half(uint64_t frame)
{
	(void)frame;
	return 0.5f;
}

static float tone_1khz(uint64_t frame)
{
	return 0.5f * sinf(2.0f * 3.14159265f * 1000.0f * (float)frame / 48000.0f);
}

static void test_example_removes_dc(void **state)
{
	struct val_buf out;

	(void)state;
	run_example(dc_half, &out);
	assert_int_equal(out.frames, 48000);
	/* Half-scale DC in; after a second the high-pass has let it all go. */
	assert_true(fabs(tail_mean(&out, 4800)) < 1e-4);
	val_buf_free(&out);
}

static void test_example_passes_a_tone(void **state)
{
	struct val_buf out;

	(void)state;
	run_example(tone_1khz, &out);
	/* 1 kHz is far above the corner: the peak stays within 1 % of 0.5. */
	assert_true(fabs(tail_peak(&out, 4800) - 0.5) < 0.005);
	val_buf_free(&out);
}

static void test_missing_file_is_refused_by_name(void **state)
{
	struct adx_loaded_module loaded;
	char err[512];

	(void)state;
	assert_int_equal(adx_module_load("/nonexistent/mod.so", &loaded, err, sizeof(err)),
			 -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/mod.so"));
	assert_null(loaded.handle);
}

static void test_other_interface_version_is_refused(void **state)
{
	struct adx_loaded_module loaded;
	char err[512];

	(void)state;
	assert_int_equal(adx_module_load(module_path("broken_wrong_interface.so"), &loaded, err,
					 sizeof(err)), -ENOEXEC);
	assert_non_null(strstr(err, "interface version 2"));
	assert_null(loaded.manifest);
}

static void test_other_struct_layout_is_refused(void **state)
{
	struct adx_module_manifest m = {
		ADX_MODULE_MANIFEST_HEADER,
	};
	char err[512];

	(void)state;
	m.ops_size += 8;
	assert_int_equal(adx_module_manifest_check(&m, "x.so", err, sizeof(err)), -ENOEXEC);
	assert_non_null(strstr(err, "struct sizes differ"));
	m.ops_size -= 8;
	assert_int_equal(adx_module_manifest_check(&m, "x.so", err, sizeof(err)), -ENOEXEC);
	assert_non_null(strstr(err, "driver lacks"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_loads_and_declares_itself),
		cmocka_unit_test(test_example_removes_dc),
		cmocka_unit_test(test_example_passes_a_tone),
		cmocka_unit_test(test_missing_file_is_refused_by_name),
		cmocka_unit_test(test_other_interface_version_is_refused),
		cmocka_unit_test(test_other_struct_layout_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
