// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tb_atomic_file.h"

int tb_atomic_open(struct tb_atomic_file *af, const char *path, char *err, size_t err_size)
{
	memset(af, 0, sizeof(*af));
	if (strlen(path) >= sizeof(af->final_path)) {
		snprintf(err, err_size, "%.200s...: path too long", path);
		return -ENAMETOOLONG;
	}
	snprintf(af->final_path, sizeof(af->final_path), "%s", path);
	snprintf(af->temp_path, sizeof(af->temp_path), "%s.tmp.%ld", path, (long)getpid());
	af->f = fopen(af->temp_path, "w");
	if (!af->f) {
		int e = errno;

		snprintf(err, err_size, "%s: cannot write: %s", path, strerror(e));
		return -e;
	}
	return 0;
}

int tb_atomic_commit(struct tb_atomic_file *af, char *err, size_t err_size)
{
	int e = ferror(af->f) ? EIO : 0;

	if (fclose(af->f) && !e)
		e = errno;
	af->f = NULL;
	if (!e && rename(af->temp_path, af->final_path))
		e = errno;
	if (e) {
		remove(af->temp_path);
		snprintf(err, err_size, "%s: write failed: %s", af->final_path, strerror(e));
		return -e;
	}
	return 0;
}

void tb_atomic_abandon(struct tb_atomic_file *af)
{
	if (af->f)
		fclose(af->f);
	af->f = NULL;
	remove(af->temp_path);
}
