// SPDX-License-Identifier: BSD-3-Clause
/*
 * adx-tuning: turns a readable text tuning into the engine's blob and back.
 *   adx-tuning compile in.txt out.bin
 *   adx-tuning decompile in.bin          (text on stdout)
 * Errors name the file and line (compile) or the record (decompile).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tuning_text.h"

static char *read_file(const char *path, size_t *bytes)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		data = malloc((size_t)size + 1);
		if (data && fread(data, 1, (size_t)size, f) == (size_t)size) {
			data[size] = '\0';
			*bytes = (size_t)size;
		} else {
			free(data);
			data = NULL;
		}
	}
	fclose(f);
	return data;
}

static int compile(const char *in, const char *out)
{
	struct tuning_blob blob = { 0 };
	char message[512];
	size_t bytes;
	char *text = read_file(in, &bytes);
	FILE *f;
	int ret = 1;

	if (!text) {
		fprintf(stderr, "adx-tuning: cannot read %s\n", in);
		return 1;
	}
	if (tuning_compile(text, in, &blob, message, sizeof(message))) {
		fprintf(stderr, "%s\n", message);
	} else if (!(f = fopen(out, "wb"))) {
		fprintf(stderr, "adx-tuning: cannot write %s\n", out);
	} else {
		ret = fwrite(blob.words, 4, blob.count, f) != blob.count;
		ret |= fclose(f) != 0;
		if (ret)
			fprintf(stderr, "adx-tuning: error writing %s\n", out);
	}
	free(text);
	tuning_blob_free(&blob);
	return ret;
}

static int decompile(const char *in)
{
	char message[512];
	size_t bytes;
	char *data = read_file(in, &bytes);
	int ret = 0;

	if (!data) {
		fprintf(stderr, "adx-tuning: cannot read %s\n", in);
		return 1;
	}
	if (tuning_decompile(data, bytes, stdout, message, sizeof(message))) {
		fprintf(stderr, "%s: %s\n", in, message);
		ret = 1;
	}
	free(data);
	return ret;
}

static int usage(void)
{
	fputs("usage: adx-tuning compile in.txt out.bin\n"
	      "       adx-tuning decompile in.bin\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "compile") == 0)
		return compile(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "decompile") == 0)
		return decompile(argv[2]);
	return usage();
}
