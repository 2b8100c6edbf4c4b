// SPDX-License-Identifier: BSD-3-Clause
/*
 * The engine on the target: every vector configuration initialises and
 * processes without error, its output is not silence, and the output files
 * for the PC comparison are written (the comparison itself is
 * scripts/check-qemu.sh's, against the PC build's adx-engine-vectors).
 */
#include "engine_vectors.h"
#include "target_tests.h"
#include "vector_files.h"

static bool engine_vectors_process_without_error(void)
{
	struct tb_vector_result results[TB_VECTOR_CONFIGS];
	struct tb_vector_result again[TB_VECTOR_CONFIGS];

	TB_CHECK(tb_engine_vectors_run(results, NULL, NULL) == 0);
	TB_CHECK(tb_engine_vectors_run(again, NULL, NULL) == 0);
	for (unsigned i = 0; i < TB_VECTOR_CONFIGS; i++) {
		TB_CHECK(results[i].bytes > 0);
		/* deterministic on the target itself: same input, same bytes */
		TB_CHECK(results[i].fnv1a == again[i].fnv1a);
	}
	return true;
}

static bool engine_vectors_written_for_comparison(void)
{
	TB_CHECK(tb_vector_files_write("."));
	return true;
}

const struct tb_target_test tb_target_engine_tests[] = {
	{ "engine_vectors_process_without_error", engine_vectors_process_without_error },
	{ "engine_vectors_written_for_comparison", engine_vectors_written_for_comparison },
};
const unsigned tb_target_engine_test_count =
	sizeof(tb_target_engine_tests) / sizeof(tb_target_engine_tests[0]);
