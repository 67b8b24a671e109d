/* reply.c: one reply assembled from consecutive lines (RFC 5321 4.2.1) */
#include <string.h>

#include "reply.h"
#include "wrapper.h"

void
reply_init(struct reply *r)
{
	r->pending = false;
}

/* appends s[0..n) to buf (holding *len bytes), after sep when it is not empty;
 * returns false when it had to be cut */
static bool
append(char *buf, size_t *len, char sep, const char *s, size_t n)
{
	bool whole = true;
	if (*len > 0 && n > 0) {
		if (*len == LIMIT_REPLY)
			return false;
		buf[(*len)++] = sep;
	}
	if (n > LIMIT_REPLY - *len) {
		n = LIMIT_REPLY - *len;
		whole = false;
	}
	memcpy(buf + *len, s, n);
	*len += n;
	return whole;
}

static void
keep(struct reply *r, const struct input *in)
{
	if (!append(r->raw, &r->rawlen, '\n', in->raw, in->rawlen))
		r->cut = true;
	if (in->flattened && r->textlen < LIMIT_REPLY) {
		/* its own further lines' codes left out */
		if (r->textlen > 0)
			r->text[r->textlen++] = ' ';
		r->textlen += wrapper_unflatten(in, r->text + r->textlen, LIMIT_REPLY - r->textlen);
	} else if (!append(r->text, &r->textlen, ' ', in->text, in->textlen)) {
		r->cut = true;
	}
	if (in->enhanced[0])
		memcpy(r->enhanced, in->enhanced, sizeof r->enhanced);
	if (in->stage != STAGE_NONE)
		r->stage = in->stage;
	r->lines++;
}

/* makes r->in of the pending reply */
static void
finish(struct reply *r, bool unfinished)
{
	struct input *in = &r->in;
	memset(in, 0, sizeof *in);
	in->raw = r->raw;
	in->rawlen = r->rawlen;
	in->shape = r->textlen || r->enhanced[0] ? SHAPE_REPLY : SHAPE_CODE;
	in->code = r->code;
	memcpy(in->enhanced, r->enhanced, sizeof in->enhanced);
	in->text = r->text;
	in->textlen = r->textlen;
	in->unfinished = unfinished;
	in->cut = r->cut;
	in->lines = r->lines;
	in->stage = r->stage;
	in->inner = -1;
	r->pending = false;
}

enum reply_status
reply_add(struct reply *r, const char *s, size_t n, unsigned long lineno)
{
	struct input in;
	recognize(s, n, &in);
	if (r->pending) {
		if (in.code != r->code || (in.shape != SHAPE_CODE && in.shape != SHAPE_REPLY)) {
			finish(r, true);
			return REPLY_READY_AGAIN;
		}
		keep(r, &in);
		if (in.more)
			return REPLY_MORE;
		finish(r, false);
		return REPLY_READY;
	}
	if (in.more) {
		r->pending = true;
		r->lineno = lineno;
		r->code = in.code;
		r->enhanced[0] = '\0';
		r->rawlen = r->textlen = 0;
		r->lines = 0;
		r->cut = false;
		r->stage = STAGE_NONE;
		keep(r, &in);
		return REPLY_MORE;
	}
	r->in = in;
	r->in.lines = 1;
	r->lineno = lineno;
	if (in.flattened) {
		/* "550-5.7.1 a 550 5.7.1 b" made one line: the text without the codes */
		r->in.textlen = wrapper_unflatten(&in, r->text, sizeof r->text);
		r->in.text = r->text;
	}
	return REPLY_READY;
}

enum reply_status
reply_end(struct reply *r)
{
	if (!r->pending)
		return REPLY_MORE;
	finish(r, true);
	return REPLY_READY;
}
