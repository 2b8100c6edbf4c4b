/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One scratch folder per test program, for the files a test writes: made
 * before the group runs (cmocka group setup), removed with everything in it
 * afterwards (group teardown). Tests build their paths under tmpdir.
 */
#ifndef ADX_TEST_SCRATCH_DIR_H
#define ADX_TEST_SCRATCH_DIR_H

#include <stdio.h>
#include <stdlib.h>

static char tmpdir[] = "/tmp/adx-test-XXXXXX";

static int scratch_dir_make(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int scratch_dir_remove(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
