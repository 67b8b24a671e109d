/* recognize.c: what an input is, and how command-line words group into inputs */
#define _GNU_SOURCE /* memmem: POSIX.1-2024, and in glibc, musl and the BSDs long before */
#include <stdio.h>
#include <string.h>

#include "recognize.h"
#include "wrapper.h"

static int
isspacebyte(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
isdigitbyte(int c)
{
	return c >= '0' && c <= '9';
}

/* a token ends at the end of the input or at white space */
static size_t
tokenlen(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && !isspacebyte((unsigned char)s[i]))
		i++;
	return i;
}

/* reads one part of an enhanced code: 1-3 digits, or 'X' runs (a placeholder);
 * returns its length, sets *value (-1 for a placeholder) */
static size_t
enhpart(const char *s, size_t n, int *value)
{
	size_t i = 0;
	int v = 0;
	if (n > 0 && (s[0] == 'X' || s[0] == 'x')) {
		while (i < n && i < 3 && (s[i] == 'X' || s[i] == 'x'))
			i++;
		*value = -1;
		return i;
	}
	while (i < n && i < 3 && isdigitbyte((unsigned char)s[i]))
		v = v * 10 + (s[i++] - '0');
	*value = v;
	return i;
}

/* writes a part of at most 3 digits at out[o]; returns where it ends */
static size_t
putpart(char *out, size_t o, int v)
{
	v %= 1000;
	if (v >= 100)
		out[o++] = (char)('0' + v / 100);
	if (v >= 10)
		out[o++] = (char)('0' + v / 10 % 10);
	out[o++] = (char)('0' + v % 10);
	return o;
}

/* parses an enhanced code that is the whole token t[0..n) into out; returns 0 if it
 * is not one */
static int
enhanced(const char *t, size_t n, char out[LIMIT_ENHANCED])
{
	int cls, subject, detail;
	size_t i = 0, k;

	if (n < 5)
		return 0;
	if (isdigitbyte((unsigned char)t[0]))
		cls = t[0] - '0';
	else if (t[0] == 'X' || t[0] == 'x')
		cls = -1;
	else
		return 0;
	i = 1;
	if (t[i++] != '.')
		return 0;
	if ((k = enhpart(t + i, n - i, &subject)) == 0)
		return 0;
	i += k;
	if (i >= n || t[i++] != '.')
		return 0;
	if ((k = enhpart(t + i, n - i, &detail)) == 0)
		return 0;
	i += k;
	if (i != n)
		return 0;
	if ((subject < 0 && detail >= 0) || (cls < 0 && subject < 0))
		return 0;
	/* written by hand: this is the per-line path */
	size_t o = 0;
	out[o++] = cls >= 0 ? (char)('0' + cls % 10) : 'X';
	out[o++] = '.';
	if (subject < 0) {
		memcpy(out + o, "XXX.XXX", 8);
		return 1;
	}
	o = putpart(out, o, subject);
	out[o++] = '.';
	if (detail < 0) {
		memcpy(out + o, "XXX", 4);
		return 1;
	}
	o = putpart(out, o, detail);
	out[o] = '\0';
	return 1;
}

static int
iscode(const char *t, size_t n)
{
	return n == 3 && isdigitbyte((unsigned char)t[0]) && isdigitbyte((unsigned char)t[1]) &&
	       isdigitbyte((unsigned char)t[2]);
}

static int
isclass(const char *t, size_t n)
{
	return n == 3 && isdigitbyte((unsigned char)t[0]) && (t[1] == 'x' || t[1] == 'X') &&
	       (t[2] == 'x' || t[2] == 'X');
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && isspacebyte((unsigned char)**s))
		(*s)++, (*n)--;
	while (*n > 0 && isspacebyte((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static void shape(const char *s, size_t n, struct input *in);

void
recognize(const char *s, size_t n, struct input *in)
{
	shape(s, n, in);
	wrapper_find(in);
	/* Google Groups' refusal of a post, pasted from its bounce: long words without a
	 * code, in the group's language, that link to the groups' help. When nothing in
	 * them is read, the reason is what such a notice means */
	if (in->shape == SHAPE_WORD && in->code < 0 && !in->enhanced[0] && in->textlen > 200 &&
	    memmem(in->text, in->textlen, "groups.google.com/", 18))
		in->fallback = "rejected";
}

/* the input's shape, from how it starts */
static void
shape(const char *s, size_t n, struct input *in)
{
	trim(&s, &n);
	memset(in, 0, sizeof *in);
	in->raw = s;
	in->rawlen = n;
	in->code = -1;
	in->text = s;
	in->textlen = n;
	if (n == 0) {
		in->shape = SHAPE_EMPTY;
		return;
	}

	size_t i = 0, t = tokenlen(s, n);
	/* a reply code, alone, before white space, before '-' (a continuation line), or
	 * before ": " as some MTAs quote it ("550: 5.1.1 User unknown") */
	bool colon = n >= 4 && s[3] == ':' && (n == 4 || isspacebyte((unsigned char)s[4]));
	if (n >= 3 && iscode(s, 3) &&
	    (n == 3 || isspacebyte((unsigned char)s[3]) || s[3] == '-' || colon)) {
		in->code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
		i = colon ? 4 : 3;
		if (i < n && s[i] == '-') {
			in->more = true;
			i++;
		}
		while (i < n && isspacebyte((unsigned char)s[i]))
			i++;
		t = tokenlen(s + i, n - i);
		/* punctuation after the enhanced code is not part of it: "5.1.1." */
		size_t e = t;
		char last = s[i + e - 1];
		if (e > 5 && (last == '.' || last == ',' || last == ':' || last == ';'))
			e--;
		/* Exchange glues the text to the enhanced code: "250 2.1.5Recipient OK" */
		size_t g = 0;
		char glued[LIMIT_ENHANCED];
		while (g < e && ((s[i + g] >= '0' && s[i + g] <= '9') || s[i + g] == '.'))
			g++;
		if (g >= 5 && g < e && s[i + g] >= 'A' && s[i + g] <= 'Z' && enhanced(s + i, g, glued))
			e = t = g;
		if (e > 0 && enhanced(s + i, e, in->enhanced)) {
			char k = in->enhanced[0];
			if (k != '2' && k != '4' && k != '5' && k != 'X') {
				/* not an enhanced code: the reply code stands alone, and says so */
				in->enhanced[0] = '\0';
				in->badclass = true;
			} else {
				i += t;
				while (i < n && isspacebyte((unsigned char)s[i]))
					i++;
			}
		}
		in->text = s + i;
		in->textlen = n - i;
		in->shape = in->textlen || in->enhanced[0] ? SHAPE_REPLY : SHAPE_CODE;
		return;
	}
	if (enhanced(s, t, in->enhanced)) {
		i = t;
		while (i < n && isspacebyte((unsigned char)s[i]))
			i++;
		in->text = s + i;
		in->textlen = n - i;
		in->shape = in->textlen ? SHAPE_REPLY : SHAPE_ENHANCED;
		return;
	}
	if (t == n && isclass(s, n)) {
		in->shape = SHAPE_CLASS;
		return;
	}
	in->shape = SHAPE_WORD;
}

/* what a command-line argument starts with */
enum argtype { ARG_CODE, ARG_ENHANCED, ARG_CLASS, ARG_WORD };

static enum argtype
argtype(const char *a, int *multi)
{
	size_t n = strlen(a);
	trim(&a, &n);
	size_t t = tokenlen(a, n);
	char enh[LIMIT_ENHANCED];
	*multi = t < n;
	if (t == 3 && iscode(a, 3))
		return ARG_CODE;
	if (enhanced(a, t, enh))
		return ARG_ENHANCED;
	if (isclass(a, t))
		return ARG_CLASS;
	return ARG_WORD;
}

int
recognize_group(int argc, char *const argv[], int *starts)
{
	int ngroups = 0;
	int open = 0;    /* the current input is a reply: words join it as its text */
	int bare = 0;    /* it is a reply code alone so far: an enhanced code may join */
	int texted = 0;  /* it has text: codes join it as text too */

	for (int i = 0; i < argc; i++) {
		int multi;
		enum argtype type = argtype(argv[i], &multi);
		int join;
		switch (type) {
		case ARG_CODE:
			join = open && texted && !multi;
			break;
		case ARG_ENHANCED:
			join = !multi && (bare || (open && texted));
			break;
		case ARG_CLASS:
			join = open && texted;
			break;
		default:
			join = open;
			break;
		}
		if (!join) {
			starts[ngroups++] = i;
			/* a whole reply in one argument is an input of its own: nothing joins
			 * it */
			open = !multi && (type == ARG_CODE || type == ARG_ENHANCED);
			bare = type == ARG_CODE && !multi;
			texted = false;
			continue;
		}
		if (type == ARG_ENHANCED && bare && !multi) {
			bare = 0;
			continue;
		}
		bare = 0;
		texted = 1;
	}
	return ngroups;
}
