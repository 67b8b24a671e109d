/* classify.c: an input looked up in the tables, and the verdict drawn from it */
#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "match.h"

static const char note_mismatch[] =
	"the reply code and the enhanced code disagree in class; the verdict follows the "
	"reply code";
static const char note_fallback[] =
	"no table lists this exact code; it is explained by its class or subject";
static const char note_truncated[] = "more table rows matched than are shown";
static const char note_text[] =
	"no code in the input; matched by its text alone";

static void
addnote(struct result *res, const char *note)
{
	for (size_t i = 0; i < res->nnote; i++)
		if (res->notes[i] == note)
			return;
	if (res->nnote < CLASSIFY_MAXNOTE)
		res->notes[res->nnote++] = note;
}

static bool
wanted(int table, int only)
{
	return only < 0 || table == only;
}

static void
add(struct result *res, const struct entry *e, const struct reason *r, bool fallback)
{
	for (size_t i = 0; i < res->nmatch; i++)
		if (e && res->matches[i].entry == e)
			return;
	if (res->nmatch == CLASSIFY_MAXMATCH) {
		addnote(res, note_truncated);
		return;
	}
	res->matches[res->nmatch++] = (struct match){e, r, fallback};
}

/* adds the entries e[0..n) of the wanted tables; with withtext, text entries too;
 * returns how many were wanted */
static size_t
addrange(struct result *res, const struct entry *e, size_t n, int only, bool withtext,
         bool fallback)
{
	size_t added = 0;
	for (size_t i = 0; i < n; i++) {
		if (!wanted(e[i].table, only) || (e[i].pattern && !withtext))
			continue;
		add(res, &e[i], NULL, fallback);
		added++;
	}
	return added;
}

/* adds the entries of a group and key, as addrange does */
static size_t
addkey(struct result *res, enum group g, const char *key, int only, bool withtext,
       bool fallback)
{
	const struct entry *e;
	size_t n = table_find(g, key, strlen(key), &e);
	return addrange(res, e, n, only, withtext, fallback);
}

/* folds the input's text into res->fold for pattern matching; returns its length.
 * Done only where a pattern is to be tried: most inputs never need it. */
static size_t
fold(struct result *res, const struct input *in)
{
	return match_fold(in->text, in->textlen, res->fold, sizeof res->fold, false);
}

/* adds the best (longest) matching text entry of each table among e[0..n) */
static size_t
addtexts(struct result *res, const struct entry *e, size_t n, int only, size_t foldlen)
{
	size_t added = 0;
	for (size_t t = 0; t < table_count; t++) {
		const struct entry *best = NULL;
		if (!wanted((int)t, only))
			continue;
		for (size_t i = 0; i < n; i++) {
			if (e[i].table != t || !e[i].pattern)
				continue;
			if (best && strlen(best->pattern) >= strlen(e[i].pattern))
				continue;
			if (match_find(e[i].pattern, res->fold, foldlen))
				best = &e[i];
		}
		if (best) {
			add(res, best, NULL, false);
			added++;
		}
	}
	return added;
}

static enum class
digitclass(int digit)
{
	switch (digit) {
	case 2:
		return CLASS_SUCCESS;
	case 3:
		return CLASS_INTERMEDIATE;
	case 4:
		return CLASS_TRANSIENT;
	case 5:
		return CLASS_PERMANENT;
	default:
		return CLASS_NONE;
	}
}

const struct reason *
classify_reason(const struct match *m)
{
	if (m->reason)
		return m->reason;
	if (m->entry && m->entry->reason >= 0)
		return &reasons[m->entry->reason];
	return NULL;
}

/* looks up the enhanced code: the detail, or failing that its subject and class */
static void
lookup_enhanced(struct result *res, const char *enh, int only)
{
	char key[16];
	const char *dot = strchr(enh, '.');
	if (enh[0] != 'X' && strcmp(dot, ".XXX.XXX") == 0) {
		addkey(res, GROUP_ENHANCED, enh, only, false, false);
		return;
	}
	snprintf(key, sizeof key, "X%s", dot);
	if (addkey(res, GROUP_ENHANCED, key, only, false, false))
		return;
	const char *dot2 = strchr(dot + 1, '.');
	snprintf(key, sizeof key, "X.%.*sXXX", (int)(dot2 - dot), dot + 1);
	size_t n = addkey(res, GROUP_ENHANCED, key, only, false, strcmp(dot2, ".XXX") != 0);
	if (enh[0] != 'X') {
		snprintf(key, sizeof key, "%c.XXX.XXX", enh[0]);
		n += addkey(res, GROUP_ENHANCED, key, only, false, true);
	}
	if (n && strcmp(dot2, ".XXX") != 0)
		addnote(res, note_fallback);
}

static void
lookup_code(struct result *res, const struct input *in, int only)
{
	char key[16];
	const struct entry *e;
	snprintf(key, sizeof key, "%03d", in->code);
	size_t n = table_find(GROUP_REPLY, key, 3, &e);
	/* table 0 is generic: the Makefile names its files first */
	bool generic = false, patterns = false;
	for (size_t i = 0; i < n; i++) {
		generic |= e[i].table == 0;
		patterns |= e[i].pattern != NULL;
	}
	/* a reply with text is matched against this code's texts; a bare code gets them
	 * all */
	size_t foldlen = 0;
	if (patterns && in->shape == SHAPE_REPLY && in->textlen)
		foldlen = fold(res, in);
	if (foldlen)
		addtexts(res, e, n, only, foldlen);
	if (in->enhanced[0])
		lookup_enhanced(res, in->enhanced, only);
	size_t exact = addrange(res, e, n, only, foldlen == 0, false);
	if (!generic) {
		snprintf(key, sizeof key, "%dxx", in->code / 100);
		size_t c = addkey(res, GROUP_CLASS, key, only, false, true);
		if (c && !exact && !in->enhanced[0])
			addnote(res, note_fallback);
	}
}

static void
lookup_word(struct result *res, const struct input *in, int only)
{
	char key[128];
	if (in->textlen < sizeof key) {
		memcpy(key, in->text, in->textlen);
		key[in->textlen] = '\0';
		addkey(res, GROUP_WORD, key, only, false, false);
	}
	if (only < 0 || only == TABLE_REASONS) {
		const struct reason *r = table_reason(in->text, in->textlen);
		if (r)
			add(res, NULL, r, false);
	}
	size_t foldlen;
	if (res->nmatch == 0 && (foldlen = fold(res, in)) > 0) {
		/* free text with no code: try the reply texts of every code (the reply group
		 * sorts first) */
		size_t n = 0;
		while (n < entry_count && entries[n].group == GROUP_REPLY)
			n++;
		if (addtexts(res, entries, n, only, foldlen))
			addnote(res, note_text);
	}
}

/* the verdict, from the class and the deciding reason (see codes/README.md) */
static void
decide(struct result *res, const struct input *in)
{
	const struct match *m = &res->matches[0];
	/* the reason: the deciding entry's, or else that of the next entry of the same
	 * table (an enhanced code with no reason of its own, then its reply code) */
	const struct reason *r = NULL;
	for (size_t i = 0; i < res->nmatch && !r; i++)
		if (i == 0 || (m->entry && res->matches[i].entry &&
		               res->matches[i].entry->table == m->entry->table))
			r = classify_reason(&res->matches[i]);
	enum class ccode = in->code >= 0 ? digitclass(in->code / 100) : CLASS_NONE;
	enum class cenh = CLASS_NONE;
	if (in->enhanced[0] && in->enhanced[0] != 'X')
		cenh = digitclass(in->enhanced[0] - '0');

	if (ccode != CLASS_NONE)
		res->class = ccode;
	else if (cenh != CLASS_NONE)
		res->class = cenh;
	else if (m->entry && m->entry->class != CLASS_FROM_CODE)
		res->class = m->entry->class;
	else
		res->class = CLASS_NONE;
	if (ccode != CLASS_NONE && cenh != CLASS_NONE && ccode != cenh)
		addnote(res, note_mismatch);

	res->reason = r;
	res->standard = m->entry && m->entry->standard && !m->fallback;

	bool success = res->class == CLASS_SUCCESS || res->class == CLASS_INTERMEDIATE;
	res->retry = -1;
	if (res->class == CLASS_TRANSIENT)
		res->retry = 1;
	else if (!success && r && r->retry == RETRY_YES)
		res->retry = 1;
	else if (!success && r && r->retry == RETRY_NO)
		res->retry = 0;
	else if (res->class == CLASS_PERMANENT)
		res->retry = 0;

	/* a reason that follows the class writes its advice for the refusal; a transient
	 * reply has already said what to do */
	res->retry_advice = NULL;
	if (r && !success && !(res->class == CLASS_TRANSIENT && r->retry == RETRY_CLASS))
		res->retry_advice = r->retry_advice;

	res->bounce = BOUNCE_NONE;
	if (!success && r)
		res->bounce = r->bounce;
	else if (res->class == CLASS_TRANSIENT)
		res->bounce = BOUNCE_SOFT;
	if (res->class == CLASS_TRANSIENT && res->bounce == BOUNCE_HARD)
		res->bounce = BOUNCE_SOFT;

	if (res->retry == 1)
		res->verdict = VERDICT_RETRY;
	else if (res->retry == 0 || res->class == CLASS_PERMANENT)
		res->verdict = VERDICT_FAIL;
	else
		res->verdict = VERDICT_OK;
}

void
classify(const struct input *in, int only, struct result *res)
{
	res->recognized = false;
	res->error = NULL;
	res->code = in->code;
	memcpy(res->enhanced, in->enhanced, sizeof res->enhanced);
	res->class = CLASS_NONE;
	res->standard = false;
	res->reason = NULL;
	res->retry = -1;
	res->retry_advice = NULL;
	res->bounce = BOUNCE_NONE;
	res->verdict = VERDICT_UNKNOWN;
	res->nmatch = 0;
	res->nnote = 0;

	switch (in->shape) {
	case SHAPE_EMPTY:
		res->error = "empty input";
		return;
	case SHAPE_CODE:
	case SHAPE_REPLY:
		if (in->enhanced[0] && strchr("245X", in->enhanced[0]) == NULL) {
			res->error = "an enhanced status code's class must be 2, 4 or 5";
			return;
		}
		if (in->code >= 0)
			lookup_code(res, in, only);
		else
			lookup_enhanced(res, in->enhanced, only);
		break;
	case SHAPE_ENHANCED:
		if (strchr("245X", in->enhanced[0]) == NULL) {
			res->error = "an enhanced status code's class must be 2, 4 or 5";
			return;
		}
		lookup_enhanced(res, in->enhanced, only);
		break;
	case SHAPE_CLASS: {
		char key[4] = {in->raw[0], 'x', 'x', '\0'};
		addkey(res, GROUP_CLASS, key, only, false, false);
		break;
	}
	case SHAPE_WORD:
		lookup_word(res, in, only);
		break;
	}
	if (res->nmatch == 0) {
		if (only >= 0)
			res->error = "not in the chosen table";
		else if (in->code >= 0)
			res->error = "no table has this reply code";
		else if (in->enhanced[0])
			res->error = "no table has this enhanced status code";
		else if (in->shape == SHAPE_CLASS)
			res->error = "no such reply class";
		else
			res->error = "not a reply code, enhanced status code, class, vendor code, "
			             "event, classification or reason";
		return;
	}
	res->recognized = true;
	decide(res, in);
}
