/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writes each engine vector's output to <dir>/engine-<config>.raw and prints
 * "vector <config> fnv1a=<hex> bytes=<n>" lines that scripts/check-qemu.sh
 * compares between the PC and the targets. Over semihosting on a target,
 * the files land in QEMU's working directory.
 */
#ifndef TB_VECTOR_FILES_H
#define TB_VECTOR_FILES_H

#include <stdbool.h>

/* Runs the vectors and writes them under dir; false (after saying why) on error. */
bool tb_vector_files_write(const char *dir);

#endif
