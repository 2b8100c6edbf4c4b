/* SPDX-License-Identifier: BSD-3-Clause */
/* The on-target test groups main_target.c runs, one table per file. */
#ifndef TB_TARGET_TESTS_H
#define TB_TARGET_TESTS_H

#include "runner.h"

extern const struct tb_target_test tb_target_port_tests[];
extern const unsigned tb_target_port_test_count;
extern const struct tb_target_test tb_target_heap_tests[];
extern const unsigned tb_target_heap_test_count;
extern const struct tb_target_test tb_target_pipeline_tests[];
extern const unsigned tb_target_pipeline_test_count;
extern const struct tb_target_test tb_target_engine_tests[];
extern const unsigned tb_target_engine_test_count;

#endif
