// SPDX-License-Identifier: BSD-3-Clause
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "module_loader.h"

int adx_module_manifest_check(const struct adx_module_manifest *manifest,
			      const char *path, char *err, size_t err_size)
{
	if (!manifest) {
		snprintf(err, err_size, "%s: %s() returned no manifest", path,
			 ADX_MODULE_ENTRY_SYMBOL);
		return -ENOEXEC;
	}
	if (manifest->interface_version != ADX_MODULE_INTERFACE_VERSION) {
		snprintf(err, err_size,
			 "%s: built against module interface version %u, this adx provides "
			 "version %u; rebuild the module against this adx",
			 path, manifest->interface_version, ADX_MODULE_INTERFACE_VERSION);
		return -ENOEXEC;
	}
	if (manifest->module_size != sizeof(struct adx_module) ||
	    manifest->ops_size != sizeof(struct adx_module_ops)) {
		snprintf(err, err_size,
			 "%s: struct sizes differ from this adx's (adx_module %u vs %zu, "
			 "ops %u vs %zu): built with other headers or compiler settings",
			 path, manifest->module_size, sizeof(struct adx_module),
			 manifest->ops_size, sizeof(struct adx_module_ops));
		return -ENOEXEC;
	}
	if (!manifest->driver || !manifest->driver->name || !manifest->driver->ops ||
	    !manifest->driver->ops->init || !manifest->driver->ops->process) {
		snprintf(err, err_size, "%s: driver lacks a name, init or process", path);
		return -ENOEXEC;
	}
	if (manifest->driver->domain != ADX_DOMAIN_LL &&
	    manifest->driver->domain != ADX_DOMAIN_DP) {
		snprintf(err, err_size, "%s: driver domain %d is neither LL nor DP", path,
			 (int)manifest->driver->domain);
		return -ENOEXEC;
	}
	return 0;
}

int adx_module_load(const char *path, struct adx_loaded_module *out, char *err,
		    size_t err_size)
{
	adx_module_entry_fn entry;
	void *handle;
	int ret;

	memset(out, 0, sizeof(*out));
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		snprintf(err, err_size, "%s: cannot load: %s", path, dlerror());
		return -ENOENT;
	}
	/* POSIX: a data pointer converts to a function pointer through dlsym's result. */
	*(void **)&entry = dlsym(handle, ADX_MODULE_ENTRY_SYMBOL);
	if (!entry) {
		snprintf(err, err_size, "%s: no %s() entry point (not an adx module?)", path,
			 ADX_MODULE_ENTRY_SYMBOL);
		dlclose(handle);
		return -ENOEXEC;
	}
	out->manifest = entry();
	ret = adx_module_manifest_check(out->manifest, path, err, err_size);
	if (ret) {
		dlclose(handle);
		memset(out, 0, sizeof(*out));
		return ret;
	}
	out->handle = handle;
	return 0;
}

void adx_module_unload(struct adx_loaded_module *loaded)
{
	if (loaded->handle)
		dlclose(loaded->handle);
	memset(loaded, 0, sizeof(*loaded));
}
