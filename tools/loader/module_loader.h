/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loads a module built out of tree (a shared object exporting
 * adx_module_entry, see adx/module/entry.h) with dlopen, as Zephyr's llext
 * loads an extension into firmware: the module's undefined symbols (its
 * allocation and source/sink calls) resolve against the host program, which
 * links adx and exports its symbols (CMake ENABLE_EXPORTS).
 *
 * Shared by adx-testbench and adx-validate.
 */
#ifndef ADX_MODULE_LOADER_H
#define ADX_MODULE_LOADER_H

#include <stddef.h>

#include "adx/module/entry.h"

struct adx_loaded_module {
	void *handle;
	const struct adx_module_manifest *manifest;
};

/*
 * 0 with *out filled, or a negative errno with a sentence naming the file
 * and what was wrong in err: -ENOENT (cannot be opened), -ENOEXEC (no entry
 * point, or an incompatible or malformed manifest).
 */
int adx_module_load(const char *path, struct adx_loaded_module *out, char *err,
		    size_t err_size);
void adx_module_unload(struct adx_loaded_module *loaded);

/* The manifest check alone (for tests of the refusal): 0 or -ENOEXEC. */
int adx_module_manifest_check(const struct adx_module_manifest *manifest,
			      const char *path, char *err, size_t err_size);

#endif
