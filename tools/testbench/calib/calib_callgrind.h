/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A reader for callgrind's output files (valgrind's "Callgrind Format
 * Specification"), reduced to what the calibration needs: per function
 * name, the instructions (event Ir) it ran itself, the instructions it ran
 * including its callees, and how often it was called.
 *
 * Functions are aggregated by name over every fn= block, file and part
 * (two static functions of one name in different files are merged). The
 * file is untrusted: every line is checked, and a malformed one gives an
 * error naming the file and line, never a crash.
 */
#ifndef ADX_TB_CALLGRIND_OUT_H
#define ADX_TB_CALLGRIND_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct cg_function {
	char *name;
	uint64_t self_ir;           /* cost lines inside its own fn= blocks */
	uint64_t inclusive_ir;      /* self + the cost lines after its calls= lines */
	uint64_t calls;             /* sum of calls=N whose cfn= is this function */
};

struct cg_profile {
	struct cg_function *functions;
	size_t num_functions;
	uint64_t self_total_ir;     /* every self cost line added up */
	uint64_t totals_ir;         /* the "totals:" lines, every part added up */
	uint64_t summary_ir;        /* the "summary:" lines, every part added up */
	/* private to the reader */
	int32_t *index;             /* open-addressing table of function indices */
	size_t index_size;
	size_t capacity;
};

/* Reads a callgrind output file. 0, or -errno with err = "file:line: what". */
int cg_profile_load(const char *path, struct cg_profile *prof, char *err, size_t err_size);
/* The same from an open stream; source_name is used in error messages. */
int cg_profile_read(FILE *f, const char *source_name, struct cg_profile *prof, char *err,
		    size_t err_size);
/* NULL when no function of that name ran. */
const struct cg_function *cg_profile_find(const struct cg_profile *prof, const char *name);
void cg_profile_free(struct cg_profile *prof);

#endif
