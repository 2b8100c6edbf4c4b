// SPDX-License-Identifier: BSD-3-Clause
/*
 * adx-core-image: every function of the firmware core linked into one
 * Cortex-M image (whole archives, no section garbage collection), so
 * `make size` measures what the core costs and the linker script's memory
 * map, DAX region included, is checked by a real link. Not meant to run.
 */
int main(void)
{
	return 0;
}
