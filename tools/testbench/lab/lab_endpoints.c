// SPDX-License-Identifier: BSD-3-Clause
/*
 * The endpoints: each pipeline's host gateway reads its input from memory,
 * its DAI gateway writes into memory, saved as an audio file at the end;
 * the copiers' frame and underrun counts are the endpoints' figures.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adx/modules/copier.h"
#include "lab_internal.h"

static uint32_t stream_read(void *ctx, void *dst, uint32_t frames)
{
	struct stream_in *s = ctx;
	uint32_t done = 0;

	while (done < frames) {
		uint64_t left = s->audio->frames - s->pos;
		uint32_t n = left < frames - done ? (uint32_t)left : frames - done;

		memcpy((uint8_t *)dst + (size_t)done * s->frame_bytes,
		       (const uint8_t *)s->audio->samples + s->pos * s->frame_bytes,
		       (size_t)n * s->frame_bytes);
		s->pos += n;
		done += n;
		if (s->pos < s->audio->frames || !s->loop)
			break;
		s->pos = 0;
	}
	return done;
}

static uint32_t stream_write(void *ctx, const void *src, uint32_t frames)
{
	struct stream_out *s = ctx;

	if (s->frames + frames > s->cap) {
		uint64_t cap = s->cap ? s->cap * 2 : 48000;
		uint8_t *p;

		while (cap < s->frames + frames)
			cap *= 2;
		p = realloc(s->data, (size_t)cap * s->frame_bytes);
		if (!p)
			return 0;
		s->data = p;
		s->cap = cap;
	}
	memcpy(s->data + s->frames * s->frame_bytes, src, (size_t)frames * s->frame_bytes);
	s->frames += frames;
	return frames;
}

void lab_setup_gateways(struct lab *lab)
{
	for (int i = 0; i < lab->sc->num_pipelines; i++) {
		struct ppl_rt *p = &lab->ppl[i];
		size_t fb = adx_frame_bytes(&p->spec->format);

		p->in = (struct stream_in){ .audio = &lab->opt->inputs[i], .frame_bytes = fb,
					    .loop = p->spec->host.loop };
		p->out.frame_bytes = fb;
		p->host_gw = (struct adx_gateway){ .name = p->spec->name,
						   .params = p->spec->format,
						   .read = stream_read, .ctx = &p->in };
		p->dai_gw = (struct adx_gateway){ .name = p->spec->dai_name,
						  .params = p->spec->format,
						  .write = stream_write, .ctx = &p->out };
		adx_gateway_register((uint32_t)(2 * i), &p->host_gw);
		adx_gateway_register((uint32_t)(2 * i + 1), &p->dai_gw);
	}
}

void lab_gather_dai(struct lab *lab, struct ppl_rt *p, int index)
{
	struct adx_module *dai = tb_fw_module(lab->fw, p->inst[p->num_inst - 1]);
	struct adx_module *host = tb_fw_module(lab->fw, p->inst[0]);
	const struct adx_copier_stats *ds = dai ? adx_copier_get_stats(dai) : NULL;
	const struct adx_copier_stats *hs = host ? adx_copier_get_stats(host) : NULL;
	struct lab_endpoint_stats *ep = &lab->res->endpoints[index];

	if (p->dai_counted)
		return;
	p->dai_counted = true;
	if (hs)
		ep->frames_in += hs->frames;
	if (ds) {
		ep->frames_out += ds->frames;
		ep->underruns += ds->underruns;
		ep->underrun_frames += ds->underrun_frames;
		lab->res->underruns += ds->underruns;
	}
}

int lab_save_endpoints(struct lab *lab, char *err, size_t err_size)
{
	for (int i = 0; i < lab->sc->num_pipelines; i++) {
		struct ppl_rt *p = &lab->ppl[i];
		struct lab_endpoint_stats *ep = &lab->res->endpoints[i];
		struct tb_audio out = { .params = p->spec->format, .frames = p->out.frames,
					.samples = p->out.data,
					.sf_format = lab->opt->inputs[i].sf_format };

		snprintf(ep->pipeline, sizeof(ep->pipeline), "%s", p->spec->name);
		snprintf(ep->name, sizeof(ep->name), "%s", p->spec->dai_name);
		if (!lab->opt->audio_dir || !p->out.frames)
			continue;
		snprintf(ep->path, sizeof(ep->path), "%s/%s", lab->opt->audio_dir,
			 p->spec->dai_path);
		if (tb_audio_save(&out, ep->path, out.sf_format, err, err_size))
			return -EIO;
	}
	lab->res->num_endpoints = lab->sc->num_pipelines;
	return 0;
}
