/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Files that appear whole or not at all: written under a temporary name in
 * the same folder (so rename stays within one file system) and renamed over
 * the final name only when complete, so an interrupted sweep never leaves a
 * half-written report for a later merge to trust.
 */
#ifndef ADX_TB_ATOMIC_FILE_H
#define ADX_TB_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

struct tb_atomic_file {
	FILE *f;
	char final_path[1024];
	char temp_path[1100];
};

/* Opens "<path>.tmp.<pid>" for writing. 0, or -errno with err set. */
int tb_atomic_open(struct tb_atomic_file *af, const char *path, char *err, size_t err_size);
/* Closes and renames into place; on any write error removes the temporary. */
int tb_atomic_commit(struct tb_atomic_file *af, char *err, size_t err_size);
/* Gives up: removes the temporary, leaves any earlier file at the final name alone. */
void tb_atomic_abandon(struct tb_atomic_file *af);

#endif
