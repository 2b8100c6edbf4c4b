// SPDX-License-Identifier: BSD-3-Clause
/*
 * The --calibrate child's side: after its one run, which trampoline symbol
 * (lab_wrap.h) served which instance, and how many process() calls the lab
 * counted there, for the parent (calib/) to check against callgrind's count.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "lab.h"
#include "lab_wrap.h"

#define SLOTS_FORMAT "adx-calibration-slots/1"

static uint64_t lab_calls_of(const struct lab_result *res, const char *label)
{
	for (size_t i = 0; i < res->num_modules; i++)
		if (!strcmp(res->modules[i].name, label))
			return res->modules[i].process_calls;
	return 0;
}

int lab_calib_write_child(const char *path, const struct lab_result *res, char *err,
			  size_t err_size)
{
	json_t *slots = json_array();
	json_t *root = json_pack("{s:s, s:o}", "format", SLOTS_FORMAT, "slots", slots);
	int ret;

	for (int k = 0; k < lab_wrap_count(); k++)
		json_array_append_new(slots, json_pack("{s:s, s:s, s:I}",
						       "symbol", lab_wrap_symbol(k),
						       "label", lab_wrap_label(k),
						       "process_calls", (json_int_t)
						       lab_calls_of(res, lab_wrap_label(k))));
	ret = json_dump_file(root, path, JSON_INDENT(1));
	json_decref(root);
	if (ret) {
		snprintf(err, err_size, "%s: cannot write the slot map", path);
		return -EIO;
	}
	return 0;
}
