// SPDX-License-Identifier: BSD-3-Clause
/* --help: the text lives here, apart from the option table it describes. */
#include <stdio.h>

#include "cli.h"

void tb_options_usage(const char *prog)
{
	char policies[120], heap_kinds[120];

	tb_policy_list(policies, sizeof(policies));
	tb_heap_kind_list(heap_kinds, sizeof(heap_kinds));
	printf("Usage: %s -i IN [-o OUT] [options]\n"
	       "       %s --scenario FILE [--policy P | --compare] [options]\n"
	       "\n"
	       "Scenario mode runs a scenario file (scenarios/*.yaml, docs/scenarios.md):\n"
	       "pipelines and a timeline of host-driver ops, under one DAX memory policy or\n"
	       "all four (--compare), and writes under OUT_DIR/<scenario>/: report.json,\n"
	       "trace.json (Perfetto / chrome://tracing), plots/*.svg|png and audio/.\n"
	       "  -s, --scenario FILE   run a scenario\n"
	       "      --policy P        DAX policy for every dax module: %s\n"
	       "                        [the scenario's]\n"
	       "      --compare         run every policy (on every heap the scenario lists)\n"
	       "                        and print one table\n"
	       "      --out OUT_DIR     output folder [out]\n"
	       "      --until MS        stop the timeline at MS (open PCMs are closed)\n"
	       "      --no-plots        skip gnuplot\n"
	       "      --no-trace        skip trace.json\n"
	       "      --no-progress     no progress bar (it only shows on a terminal anyway)\n"
	       "      --inputs-cache DIR  where inputs converted by sox are kept [OUT/inputs]\n"
	       "      --calibrate       re-run each policy/heap under valgrind callgrind to\n"
	       "                        measure instructions per module per period; slow,\n"
	       "                        needs valgrind (OUT_DIR/<scenario>/callgrind/)\n"
	       "      --calibration-child FILE  internal (used by --calibrate)\n"
	       "  --threads, --realtime, --control-model and -q apply too; --heap and\n"
	       "  --heap-size (bytes, K or M; no S terms) override the scenario's heap,\n"
	       "  whose own values apply otherwise (the defaults below are plain mode's).\n"
	       "\n"
	       "Plain mode streams an audio file through the default pipeline\n"
	       "  host copier -> volume (LL) -> dp-passthrough (DP) -> DAI copier\n"
	       "and writes what the DAI copier plays. Output = input delayed by the\n"
	       "pipeline's stated latency (printed), with the tail drained.\n"
	       "\n"
	       "  -i, --input FILE      input audio (WAV, FLAC, anything libsndfile reads)\n"
	       "  -o, --output FILE     output audio (.wav/.flac/.aiff) [out/testbench-out.wav]\n"
	       "  -r, --rate HZ         require this sample rate (error if the file differs)\n"
	       "  -c, --channels N      require this channel count (error if the file differs)\n"
	       "  -b, --format FMT      pipeline sample format: s16, s32, float\n"
	       "                        [the format that holds the file's samples exactly]\n"
	       "      --threads         real LL and DP threads instead of virtual time\n"
	       "      --realtime        threads paced to the wall clock (implies --threads)\n"
	       "      --heap-size BYTES DSP heap arena, suffix K or M allowed [256K]\n"
	       "      --heap KIND       the DSP heap's design, one of: %s [%s]\n"
	       "      --gain DB         volume module gain in dB [0, bit-exact]\n"
	       "      --dp-block FRAMES DP module block size [48]\n"
	       "      --dp-period MS    DP module deadline period in ms [1]\n"
	       "      --dp-cost US      DP cycle cost charged in virtual time [100]\n"
	       "      --control-model M cancel-join or post (how reset/free reach DP) [cancel-join]\n"
	       "      --pipeline KIND   default, or gain (host -> volume -> DAI, no DP) [default]\n"
	       "  -q, --quiet           no summary\n"
	       "  -h, --help            this text\n"
	       "  -V, --version         version\n"
	       "\n"
	       "Exit status: 0 success, 1 processing failed, 2 bad usage, input or scenario.\n",
	       prog, prog, policies, heap_kinds, adx_heap_kind_name(ADX_HEAP_KIND_ADX));
}
