/* classify.c: an input looked up in the tables, and the verdict drawn from it */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "classify.h"
#include "names.h"
#include "provider.h"
#include "template.h"

const char *const evidence_names[EV_COUNT] = {EVIDENCE(NAMES_NAME)};

static const char note_mismatch[] =
	"the reply code and the enhanced code disagree in class; the verdict follows the "
	"reply code";
static const char note_fallback[] =
	"no table lists this exact code; it is explained by its class or subject";
static const char note_truncated[] = "more table rows matched than are shown";
static const char note_text[] = "no code in the input; matched by its text alone";
static const char note_words[] = "no code in the input; judged by its words alone";
static const char note_inner[] =
	"the reply quotes another one, listed last; the verdict follows the outer reply";
static const char note_unread[] =
	"no phrase of the tables is in the words of the reply: the verdict is the code's";
static const char note_badclass[] =
	"what follows the reply code looks like an enhanced code, but its class is not 2, "
	"4 or 5; it is read as text";
static const char note_unfinished[] =
	"the reply's last line (its code followed by a space) is missing; the lines given "
	"are read as the reply";
#define STR(x) STR2(x)
#define STR2(x) #x
static const char note_cut[] =
	"the reply is longer than " STR(LIMIT_REPLY) " bytes; the rest is ignored";

void
classify_init(struct classifier *c, int only, bool spans)
{
	c->only = only;
	c->own = -1;
	c->spans = spans;
}

static void
addnote(struct result *res, const char *note)
{
	for (size_t i = 0; i < res->nnote; i++)
		if (res->notes[i] == note)
			return;
	if (res->nnote < LIMIT_NOTE)
		res->notes[res->nnote++] = note;
}

/* tells whether a table's rows are looked at: a provider's own only while they are
 * looked up for a reply that it answered */
static bool
wanted(const struct classifier *c, int table)
{
	if (tables[table].role == ROLE_PROVIDER)
		return table == c->own;
	return c->own < 0 && (c->only < 0 || table == c->only);
}

static void
add(struct result *res, const struct entry *e, const struct reason *r,
    enum evidence ev, bool fallback)
{
	for (size_t i = 0; i < res->nmatch; i++)
		if (e && res->matches[i].entry == e)
			return;
	if (res->nmatch == LIMIT_MATCH) {
		addnote(res, note_truncated);
		return;
	}
	res->matches[res->nmatch++] =
		(struct match){.entry = e, .reason = r, .evidence = (unsigned char)ev,
		               .fallback = fallback};
}

/* adds the rows e[0..n) of the wanted tables that have no text; returns how many */
static size_t
addrange(struct classifier *c, struct result *res, const struct entry *e, size_t n,
         enum evidence ev, bool fallback)
{
	size_t added = 0;
	for (size_t i = 0; i < n; i++) {
		if (!wanted(c, e[i].table) || e[i].pattern)
			continue;
		add(res, &e[i], NULL, ev, fallback);
		added++;
	}
	return added;
}

/* adds the rows of a group and key, as addrange does */
static size_t
addkey(struct classifier *c, struct result *res, enum group g, const char *key,
       enum evidence ev, bool fallback)
{
	const struct entry *e;
	size_t n = table_find(g, key, strlen(key), &e);
	return addrange(c, res, e, n, ev, fallback);
}

/* the template of the input's text, made once: vendor texts and phrases are both
 * matched against it; returns its length */
static size_t
fold(struct classifier *c, const struct input *in)
{
	if (!c->tmpllen && in->textlen)
		c->tmpllen = template_map(in->text, in->textlen, c->tmpl, sizeof c->tmpl,
		                          c->spans ? c->map : NULL);
	return c->tmpllen;
}

static const char note_exists[] =
	"the code says the mailbox exists (X.2.0, X.2.1), and the stage is not known: the "
	"words are read as said after DATA (an unknown user's are a filter's: filtered)";
static const char note_badaddress[] =
	"the code says the address is bad (X.1.0, X.1.1, X.1.3): the words are read as said "
	"in reply to RCPT TO, though they came after DATA (an unknown user's stay an unknown "
	"user's)";

/* the stage the words are read at: the reply's, but where its code tells which
 * reading its words take (sisimai's rules): a bad address (X.1.0, X.1.1, X.1.3), even
 * after DATA, as at RCPT (an LMTP server answers for each recipient after the
 * message); a mailbox that exists (X.2.0, X.2.1), at no known stage, as after DATA */
static unsigned
reading_stage(const struct input *in, const char **note)
{
	const char *e = in->enhanced;
	bool code = (e[0] == '4' || e[0] == '5') && e[1] == '.' && e[3] == '.' && e[5] == '\0';
	*note = NULL;
	if (code && in->stage == STAGE_DATA && e[2] == '1' &&
	    (e[4] == '0' || e[4] == '1' || e[4] == '3')) {
		*note = note_badaddress;
		return STAGE_RCPT;
	}
	if (code && in->stage == STAGE_NONE && e[2] == '2' && (e[4] == '0' || e[4] == '1')) {
		*note = note_exists;
		return STAGE_DATA;
	}
	return in->stage;
}

/* reads the template once with the automaton: the phrases, the providers' words and
 * the vendors' reply texts in it */
static void
scan(struct classifier *c, const struct input *in)
{
	if (c->scanned)
		return;
	fold(c, in);
	c->stage = reading_stage(in, &c->stagenote);
	c->nhit = phrase_scan(&c->ps, c->tmpl, c->tmpllen, c->stage, c->hits, LIMIT_HITS);
	c->scanned = true;
}

/* adds the best (longest) text row of each table among e[0..n) that the automaton
 * found in the template */
static size_t
addtexts(struct classifier *c, struct result *res, const struct entry *e, size_t n)
{
	/* (the generator keeps table indexes below LIMIT_TABLES) */
	const struct entry *best[LIMIT_TABLES] = {0};
	size_t added = 0;
	for (size_t k = 0; k < c->ps.ntext; k++) {
		const struct entry *x = &entries[c->ps.texts[k]];
		unsigned t = x->table;
		if (x < e || x >= e + n || !wanted(c, (int)t))
			continue;
		/* the RFC's own words are anybody's: they name the vendor only when the user
		 * chose its table */
		if (x->rfcwording && c->only != (int)t)
			continue;
		if (!best[t] || x->patternlen > best[t]->patternlen ||
		    (x->patternlen == best[t]->patternlen && x < best[t]))
			best[t] = x;
	}
	for (size_t t = 0; t < table_count; t++) {
		if (best[t]) {
			add(res, best[t], NULL, EV_TEXT, false);
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
	if (m->phrase)
		return &reasons[m->phrase->reason];
	if (m->entry && m->entry->reason >= 0)
		return &reasons[m->entry->reason];
	return NULL;
}

/* looks up the enhanced code: the detail, or failing that its subject and class */
static void
lookup_enhanced(struct classifier *c, struct result *res, const char *enh)
{
	char key[LIMIT_ENHANCED + 2];
	const char *dot = strchr(enh, '.');
	if (enh[0] != 'X' && strcmp(dot, ".XXX.XXX") == 0) {
		addkey(c, res, GROUP_ENHANCED, enh, EV_CLASS, false);
		return;
	}
	/* keys are put together by hand: this is the per-line path */
	size_t rest = strlen(dot);
	key[0] = 'X';
	memcpy(key + 1, dot, rest + 1);
	if (addkey(c, res, GROUP_ENHANCED, key, EV_DETAIL, false))
		return;
	const char *dot2 = strchr(dot + 1, '.');
	bool detail = strcmp(dot2, ".XXX") != 0; /* the input gave one */
	size_t subj = (size_t)(dot2 - dot); /* ".7" */
	memcpy(key + 1, dot, subj + 1);
	memcpy(key + subj + 2, "XXX", 4);
	size_t n = addkey(c, res, GROUP_ENHANCED, key, EV_SUBJECT, detail);
	if (enh[0] != 'X') {
		memcpy(key, "c.XXX.XXX", 10);
		key[0] = enh[0];
		n += addkey(c, res, GROUP_ENHANCED, key, EV_CLASS, true);
	}
	if (n && detail)
		addnote(res, note_fallback);
}

static void
lookup_code(struct classifier *c, struct result *res, const struct input *in)
{
	char key[16];
	const struct entry *e;
	key[0] = (char)('0' + in->code / 100 % 10);
	key[1] = (char)('0' + in->code / 10 % 10);
	key[2] = (char)('0' + in->code % 10);
	key[3] = '\0';
	size_t n = table_find(GROUP_REPLY, key, 3, &e);
	/* a table's rows of one key are together, those with texts last: each table's
	 * run is looked at once */
	bool generic = false, patterns = false;
	for (size_t i = 0; i < n; i += e[i].run) {
		generic |= tables[e[i].table].role == ROLE_GENERIC;
		patterns |= wanted(c, e[i].table) && e[i + e[i].run - 1].pattern != NULL;
	}
	/* a reply with text is matched against this code's texts */
	if (patterns && in->shape == SHAPE_REPLY && in->textlen) {
		scan(c, in);
		addtexts(c, res, e, n);
	}
	if (in->enhanced[0])
		lookup_enhanced(c, res, in->enhanced);
	/* a vendor's general meaning of a code is for the bare code: a reply with words
	 * is judged by them, and by the vendor's own texts above */
	size_t exact = 0;
	for (size_t i = 0; i < n; i++) {
		if (!wanted(c, e[i].table) ||
		    (generic && c->only < 0 && in->textlen && tables[e[i].table].role == ROLE_VENDOR)) {
			i += e[i].run - 1u;
			continue;
		}
		if (e[i].pattern)
			continue;
		add(res, &e[i], NULL, EV_CODE, false);
		exact++;
	}
	if (!generic) {
		memcpy(key + 1, "xx", 3);
		size_t k = addkey(c, res, GROUP_CLASS, key, EV_CLASS, true);
		if (k && !exact && !in->enhanced[0])
			addnote(res, note_fallback);
	}
}

/* a reply quoted inside the input's ("...<421 4.4.2 Connection timed out>"): its rows
 * are evidence too, ranked after all of the outer reply's */
static void
lookup_inner(struct classifier *c, struct result *res, const struct input *in)
{
	char key[4] = {(char)('0' + in->inner / 100 % 10), (char)('0' + in->inner / 10 % 10),
	               (char)('0' + in->inner % 10), '\0'};
	size_t before = res->nmatch;
	if (in->inner_enhanced[0]) {
		char x[LIMIT_ENHANCED + 2] = "X";
		memcpy(x + 1, strchr(in->inner_enhanced, '.'), strlen(strchr(in->inner_enhanced, '.')) + 1);
		addkey(c, res, GROUP_ENHANCED, x, EV_DETAIL, false);
	}
	const struct entry *e;
	size_t n = table_find(GROUP_REPLY, key, 3, &e);
	for (size_t i = 0; i < n; i++)
		if (wanted(c, e[i].table) && !e[i].pattern && tables[e[i].table].role == ROLE_GENERIC)
			add(res, &e[i], NULL, EV_CODE, false);
	for (size_t i = before; i < res->nmatch; i++)
		res->matches[i].inner = true;
	if (res->nmatch > before)
		addnote(res, note_inner);
}

static void
lookup_word(struct classifier *c, struct result *res, const struct input *in)
{
	/* the text's every byte counts: "Dropped\0x" is not Finalsite's Dropped */
	const struct entry *e;
	size_t k = table_find(GROUP_WORD, in->text, in->textlen, &e);
	addrange(c, res, e, k, EV_WORD, false);
	if (c->only < 0 || c->only == table_reasons) {
		const struct reason *r = table_reason(in->text, in->textlen);
		if (r)
			add(res, NULL, r, EV_REASON, false);
	}
	if (res->nmatch == 0 && in->textlen > 0) {
		/* free text with no code: the reply texts of every code (the reply group
		 * sorts first), when no phrase reads it (a vendor's text of some code is no
		 * better evidence than words every server writes) */
		scan(c, in);
		if (c->nhit == 0 && addtexts(c, res, entries, reply_entry_count))
			addnote(res, note_text);
	}
}

/* the words: the phrases found in the text's template, each with where it stands in
 * the text */
static void
lookup_phrases(struct classifier *c, struct result *res, const struct input *in)
{
	scan(c, in);
	const struct phrase_hit *hits = c->hits;
	size_t n = c->nhit;
	const char *note = c->stagenote;
	unsigned stage = c->stage;
	bool reread = false;
	for (size_t i = 0; i < n; i++) {
		const struct phrase *ph = &phrases[hits[i].phrase];
		if (!wanted(c, ph->table))
			continue;
		/* the same words are evidence once: when the stage is not known, a stage's
		 * own reading of them is left out for one of any stage, or for the first;
		 * and words inside longer words are left out for them */
		bool again = false;
		for (size_t j = 0; j < n && !again; j++) {
			const struct phrase *q = &phrases[hits[j].phrase];
			if (j == i || !wanted(c, q->table))
				continue;
			if (!stage && ph->stages && strcmp(q->pattern, ph->pattern) == 0)
				again = !q->stages || j < i;
			else if (hits[j].start <= hits[i].start && hits[j].end >= hits[i].end &&
			         hits[j].end - hits[j].start > hits[i].end - hits[i].start &&
			         (!q->stages || !stage || (q->stages & 1u << stage)))
				again = true; /* inside longer words, which say more */
		}
		if (again)
			continue;
		if (res->nmatch == LIMIT_MATCH) {
			addnote(res, note_truncated);
			return;
		}
		unsigned at = 0, end = 0;
		if (c->spans) {
			at = c->map[hits[i].start];
			end = hits[i].end < c->tmpllen ? c->map[hits[i].end] : (unsigned)in->textlen;
		}
		while (end > at && (in->text[end - 1] == ' ' || in->text[end - 1] == '\t'))
			end--;
		res->matches[res->nmatch++] =
			(struct match){.phrase = ph, .at = at, .len = end - at, .evidence = EV_PHRASE,
			               .inner = in->inner >= 0 && at >= in->innerat,
			               .tstart = (unsigned)hits[i].start, .tend = (unsigned)hits[i].end};
		reread |= note && ph->stages;
	}
	if (reread)
		addnote(res, note);
}

const char *
classify_template(const struct classifier *c, size_t *len)
{
	*len = c->tmpllen;
	return c->tmpllen ? c->tmpl : NULL;
}

/* who answered: the remote host, a link or a word of codes/providers.csv, or else a
 * provider's own phrase; listed last among the matches */
static void lookup_own(struct classifier *c, struct result *res, const struct input *in);

static void
find_provider(struct classifier *c, struct result *res, const struct input *in)
{
	struct provider_found f;
	if (c->only >= 0 && tables[c->only].role == ROLE_PROVIDER) {
		/* the user chose the provider's table: the provider is known */
		res->provider = tables[c->only].name;
		lookup_own(c, res, in);
		return;
	}
	if (provider_find(in, c->ps.token, &f)) {
		res->provider = f.rule->provider;
		lookup_own(c, res, in);
		if (res->nmatch < LIMIT_MATCH)
			res->matches[res->nmatch++] =
				(struct match){.rule = f.rule, .evidence = EV_PROVIDER};
		return;
	}
	/* a phrase's provider, when it is one of codes/providers.csv (and not an MTA's
	 * name: software that anybody runs tells nobody) */
	for (size_t i = 0; i < res->nmatch; i++) {
		const struct phrase *ph = res->matches[i].phrase;
		if (!ph || !ph->provider)
			continue;
		for (size_t k = 0; k < provider_rule_count; k++) {
			if (strcmp(provider_rules[k].provider, ph->provider) == 0) {
				res->provider = ph->provider;
				lookup_own(c, res, in);
				return;
			}
		}
	}
}

/* the answering provider's own meanings of the reply: the rows of its table (the
 * table named after it, of role provider), looked up as the others are, and ranked
 * first */
static void
lookup_own(struct classifier *c, struct result *res, const struct input *in)
{
	int t = table_index(res->provider);
	if (t < 0 || tables[t].role != ROLE_PROVIDER || (c->only >= 0 && c->only != t))
		return;
	size_t before = res->nmatch;
	c->own = t;
	if (in->code >= 0)
		lookup_code(c, res, in);
	else if (in->enhanced[0])
		lookup_enhanced(c, res, in->enhanced);
	c->own = -1;
	/* a row of its own words, or one that tells a reason, outranks the rest; one
	 * that only explains a vague code ranks as the code does: words decide over it */
	for (size_t i = before; i < res->nmatch; i++) {
		const struct entry *e = res->matches[i].entry;
		if (e && e->table == t && (e->reason >= 0 || e->text))
			res->matches[i].evidence = EV_OWN;
	}
}

/* the rank of a match: lower decides (see EVIDENCE) */
static unsigned long long
rank(const struct match *m, bool stage_known)
{
	/* bits 56-63 the kind of evidence; below it, how matches of a kind rank */
	_Static_assert(LIMIT_PATTERN < 1024 && LIMIT_PHRASES <= 1 << 22 && LIMIT_TABLES <= 256,
	               "the fields of a rank fit their bits");
	unsigned long long r = (unsigned long long)m->evidence << 56;
	if (m->inner)
		r |= 1ull << 63;
	if (m->phrase) {
		/* a provider's own words, then a phrase of this very stage, then the reason
		 * that goes first (its precedence), then the longer words, then one of any
		 * stage, then the table's order */
		const struct phrase *p = m->phrase;
		r |= (unsigned long long)(p->provider == NULL) << 55;
		r |= (unsigned long long)(p->stages == 0 || !stage_known) << 54;
		r |= (unsigned long long)reasons[p->reason].precedence << 44;
		r |= (unsigned long long)(LIMIT_PATTERN - p->len) << 33;
		r |= (unsigned long long)(p->stages != 0) << 32;
		r |= (unsigned long long)(p - phrases);
	} else if (m->entry) {
		const struct table *t = &tables[m->entry->table];
		r |= (unsigned long long)(t->role != ROLE_GENERIC) << 55;
		r |= (unsigned long long)m->entry->table << 40;
		r |= (unsigned long long)(m->entry - entries);
	}
	return r;
}

/* orders the matches by rank (insertion sort: there are few) */
static const char note_notuser[] =
	"the words of an unknown user stand beside words that refuse the sender, block the "
	"client or say the domain takes no mail: those decide";

static const char note_whose[] =
	"the words say the message is too big, and the code (X.2.3) whose limit it passed: "
	"the mailbox's, so the code decides";

/* tells whether a match's reason is the one named */
static bool
isreason(const struct match *m, const char *name)
{
	const struct reason *r = classify_reason(m);
	return r && strcmp(r->name, name) == 0;
}

/* moves matches[i] before the others, with a note of why */
static void
tofront(struct result *res, size_t i, const char *note)
{
	struct match m = res->matches[i];
	memmove(&res->matches[1], &res->matches[0], i * sizeof res->matches[0]);
	res->matches[0] = m;
	addnote(res, note);
}

static void
rankmatches(struct result *res, bool stage_known)
{
	for (size_t i = 1; i < res->nmatch; i++) {
		struct match m = res->matches[i];
		unsigned long long r = rank(&m, stage_known);
		size_t j = i;
		for (; j > 0 && rank(&res->matches[j - 1], stage_known) > r; j--)
			res->matches[j] = res->matches[j - 1];
		res->matches[j] = m;
	}
	const struct match *top = &res->matches[0];
	if (res->nmatch < 2 || !top->phrase || top->phrase->provider)
		return;
	/* sisimai's rule: words of a message too big beside the code of a mailbox's
	 * limit are the mailbox's limit ("552 5.2.3 Message size exceeds fixed maximum
	 * message size" is exceedlimit, not mesgtoobig) */
	if (isreason(top, "mesgtoobig")) {
		for (size_t i = 1; i < res->nmatch; i++)
			if (res->matches[i].evidence == EV_DETAIL && !res->matches[i].inner &&
			    isreason(&res->matches[i], "exceedlimit")) {
				tofront(res, i, note_whose);
				return;
			}
		return;
	}
	/* sisimai's rule: words of an unknown user beside words that refuse the sender,
	 * block the client or say the domain takes no mail are not an unknown user
	 * ("550 5.1.0 <a@b> sender rejected: address unknown" is the sender's) */
	if (!isreason(top, "userunknown"))
		return;
	for (size_t i = 1; i < res->nmatch; i++) {
		const struct match *x = &res->matches[i];
		if (x->evidence != top->evidence || !x->phrase)
			continue;
		const struct reason *r = &reasons[x->phrase->reason];
		if (r->refines >= 0)
			r = &reasons[r->refines];
		if (strcmp(r->name, "rejected") != 0 && strcmp(r->name, "blocked") != 0 &&
		    strcmp(r->name, "notaccept") != 0)
			continue;
		tofront(res, i, note_notuser);
		return;
	}
}

static const char mismatch_class[] =
	"class: the reply code and the enhanced code disagree; the class follows the reply "
	"code";
static const char mismatch_words[] =
	"words: the words tell another reason than the code does; the reason follows the "
	"words";
static const char mismatch_unlisted[] =
	"unlisted: no table has this enhanced code; it is read by its subject or class";

static const char note_will_not_clear[] =
	"the provider documents this transient reply as one that will not clear: retrying "
	"as is will not help; the verdict follows the provider";
static const char note_lifts[] =
	"the provider documents this refusal as one that lifts by itself: retry later; the "
	"verdict follows the provider";
static const char note_success[] =
	"a success: delivered, whatever the row says of the code's subject";
static const char note_mail[] =
	"refused in reply to MAIL FROM: the refusal is of the sender, so the reason is "
	"rejected";
static const char note_kind[] =
	"nothing in the words was read: the reason is what this kind of bounce means (a "
	"Google Groups notice: the group refused the post)";
static const char note_logged[] =
	"nothing in the words was read: the log says the delivery worked";
static const char note_reported[] =
	"nothing in the words was read: the delivery report says the delivery worked";
static const char note_logexpired[] =
	"nothing in the words was read: the log says the message expired in the queue";
static const char note_gaveup[] =
	"refused at the connection or the greeting until the queue gave up: the sending "
	"host is blocked (the expiry is the queue's end, not its cause)";
static const char note_delayed[] =
	"a transient failure: the message is still queued and retried, so it is delayed, "
	"not expired";
static const char note_connect[] =
	"refused at the connection or the greeting, and nothing more specific said: the "
	"sending host is blocked";

static bool
failure(enum class c)
{
	return c == CLASS_TRANSIENT || c == CLASS_PERMANENT;
}

/* tells whether a reason says little beyond the code's class: the stage may tell more */
static bool
vague(const struct reason *r)
{
	static const char *const names[] = {"securityerror", "systemerror", "syntaxerror",
	                                    "policyviolation", "onhold", "undefined"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(r->name, names[i]) == 0)
			return true;
	return false;
}

/* tells whether two reasons are one, or one refines the other */
static bool
samereason(const struct reason *a, const struct reason *b)
{
	if (!a || !b)
		return a == b;
	return a == b || (a->refines >= 0 && &reasons[a->refines] == b) ||
	       (b->refines >= 0 && &reasons[b->refines] == a);
}

/* the verdict, from the class and the deciding reason (see codes/README.md) */
static void
decide(struct result *res, const struct input *in)
{
	const struct match *m = &res->matches[0];
	/* the reason: the deciding row's, or else that of the next row of the same
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
	else if (in->logclass != CLASS_NONE)
		res->class = in->logclass; /* the log's word, before a row's guess */
	else if (m->entry && m->entry->class != CLASS_FROM_CODE)
		res->class = m->entry->class;
	else
		res->class = CLASS_NONE;
	if (ccode != CLASS_NONE && cenh != CLASS_NONE && ccode != cenh)
		addnote(res, note_mismatch);

	/* what the class and the stage say where the rows leave the reason open */
	/* (a queue that gave up says only that it did: a server that refused the
	 * greeting said why, qmail's "Connected to h but my name was rejected. Remote
	 * host said: 501 ... this message has been in the queue too long") */
	bool gaveup = r && in->code >= 0 && strcmp(r->name, "expired") == 0;
	if (res->class == CLASS_SUCCESS && r && r->bounce != BOUNCE_NONE) {
		r = table_reason("delivered", 9);
		addnote(res, note_success);
		res->ruled = true;
	} else if (res->class == CLASS_SUCCESS && !r && in->fallback &&
	           strcmp(in->fallback, "delivered") == 0) {
		/* a success that says no more (dsn=2.0.0, "stat=Sent (OK id=1abc)"), of a
		 * delivery the log says worked */
		r = table_reason("delivered", 9);
		addnote(res, in->rcpt ? note_reported : note_logged);
		res->ruled = true; /* (and what to do is the reason's: nothing) */
	} else if (failure(res->class) && in->stage == STAGE_MAIL && r &&
	           r->actor == ACTOR_SENDER_LIST) {
		/* the recipient's words, but said of the envelope sender */
		r = table_reason("rejected", 8);
		addnote(res, note_mail);
		res->ruled = true;
	} else if (failure(res->class) &&
	           (in->stage == STAGE_CONNECT || in->stage == STAGE_HELO) &&
	           ((m->evidence >= EV_DETAIL && (!r || vague(r))) || gaveup)) {
		addnote(res, gaveup ? note_gaveup : note_connect);
		r = table_reason("blocked", 7);
		res->ruled = true;
	} else if (res->class == CLASS_TRANSIENT && r && strcmp(r->name, "expired") == 0) {
		/* a queue that has not given up: "451 4.4.1 Connection timed out", a log's
		 * deferral, a report's "Action: delayed" (sisimai's expired all the same) */
		r = table_reason("delayed", 7);
		addnote(res, note_delayed);
		res->ruled = true;
	}
	res->reason = r;
	/* standard: whether an RFC defines the code, so the best row of a code says */
	res->standard = false;
	for (size_t i = 0; i < res->nmatch; i++) {
		const struct match *x = &res->matches[i];
		if (x->entry && (x->evidence != EV_PHRASE)) {
			res->standard = x->entry->standard && !x->fallback;
			break;
		}
	}

	bool success = res->class == CLASS_SUCCESS || res->class == CLASS_INTERMEDIATE;
	/* the answering provider documents this reply as lasting otherwise than its
	 * code says: a 4xx that will not clear, a 5xx that lifts by itself */
	bool owned = m->evidence == EV_OWN && m->entry && m->entry->kind == KIND_REPLY &&
	             failure(res->class) && failure(m->entry->class) &&
	             m->entry->class != res->class;
	res->retry = RETRY_NULL;
	if (owned)
		res->retry = m->entry->class == CLASS_TRANSIENT ? RETRY_YES : RETRY_NO;
	else if (res->class == CLASS_TRANSIENT)
		res->retry = RETRY_YES;
	else if (!success && r && r->retry == RULE_YES)
		res->retry = RETRY_YES;
	else if (!success && r && r->retry == RULE_NO)
		res->retry = RETRY_NO;
	else if (res->class == CLASS_PERMANENT)
		res->retry = RETRY_NO;

	/* a reason that follows the class writes its advice for the refusal; a transient
	 * reply has already said what to do */
	/* (where the provider's row overrules the code, the reason's advice, written for
	 * the code's class, is left out: the row's remediation and a note say it) */
	res->retry_advice = NULL;
	if (r && !success && !owned && !(res->class == CLASS_TRANSIENT && r->retry == RULE_CLASS))
		res->retry_advice = r->retry_advice;
	if (owned)
		addnote(res, m->entry->class == CLASS_PERMANENT ? note_will_not_clear : note_lifts);

	res->bounce = BOUNCE_NONE;
	if (!success && r)
		res->bounce = r->bounce;
	else if (res->class == CLASS_TRANSIENT)
		res->bounce = BOUNCE_SOFT;
	if (res->class == CLASS_TRANSIENT && res->bounce == BOUNCE_HARD)
		res->bounce = BOUNCE_SOFT;

	/* no code: the words alone; a dead address is not retried */
	if (res->class == CLASS_NONE && r && r->bounce == BOUNCE_HARD && res->retry == RETRY_NULL)
		res->retry = RETRY_NO;

	if (res->retry == RETRY_YES)
		res->verdict = VERDICT_RETRY;
	else if (res->retry == RETRY_NO || res->class == CLASS_PERMANENT)
		res->verdict = VERDICT_FAIL;
	else if (res->class == CLASS_NONE && r && r->bounce != BOUNCE_NONE)
		res->verdict = VERDICT_FAIL; /* a failure, though nothing says how lasting */
	else if (res->class == CLASS_NONE && !r &&
	         (in->code >= 600 || (in->shape == SHAPE_CLASS && in->raw[0] >= '6')))
		res->verdict = VERDICT_UNKNOWN; /* not SMTP: nothing a script can act on */
	else
		res->verdict = VERDICT_OK;

	/* a failure says what to do about it: the reason's exit */
	if (res->verdict == VERDICT_FAIL && r) {
		static const enum verdict as[EXITAS_COUNT] = {
			[EXITAS_UNAVAILABLE] = VERDICT_FAIL,
			[EXITAS_NOUSER] = VERDICT_NOUSER,
			[EXITAS_NOHOST] = VERDICT_NOHOST,
			[EXITAS_NOPERM] = VERDICT_NOPERM,
		};
		res->verdict = as[r->exitas];
	}

	/* the parts of the reply that disagree, and which one the verdict follows */
	if (ccode != CLASS_NONE && cenh != CLASS_NONE && ccode != cenh) {
		res->mismatch = mismatch_class;
	} else if (m->phrase) {
		for (size_t i = 1; i < res->nmatch; i++) {
			const struct match *x = &res->matches[i];
			const struct reason *xr = classify_reason(x);
			if (x->evidence >= EV_DETAIL && xr && !samereason(xr, r)) {
				res->mismatch = mismatch_words;
				break;
			}
		}
	}
	if (!res->mismatch) {
		for (size_t i = 0; i < res->nnote; i++)
			if (res->notes[i] == note_fallback && in->enhanced[0])
				res->mismatch = mismatch_unlisted;
	}
}

/* tells whether s[0..n) has a byte beyond ASCII */
static bool
beyond_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* what a result of the reason its kind of input tells says of it */
static const char *
fallback_note(const struct input *in)
{
	if (strcmp(in->fallback, "delivered") == 0)
		return in->rcpt ? note_reported : note_logged;
	if (strcmp(in->fallback, "expired") == 0)
		return note_logexpired;
	return in->fallback_note ? in->fallback_note : note_kind;
}

static const char err_badclass[] = "an enhanced status code's class must be 2, 4 or 5";

static void
classify_fresh(struct classifier *c, const struct input *in, struct result *res)
{
	/* field by field: the match and note arrays need no clearing, only counts */
	res->recognized = false;
	res->error = NULL;
	res->code = in->code;
	memcpy(res->enhanced, in->enhanced, sizeof res->enhanced);
	res->class = CLASS_NONE;
	res->standard = false;
	res->reason = NULL;
	res->ruled = false;
	res->retry = RETRY_NULL;
	res->retry_advice = NULL;
	res->bounce = BOUNCE_NONE;
	res->verdict = VERDICT_UNKNOWN;
	res->nmatch = 0;
	res->nnote = 0;
	res->mismatch = NULL;
	res->provider = NULL;
	if (in->badclass)
		addnote(res, note_badclass);
	if (in->unfinished)
		addnote(res, note_unfinished);
	if (in->cut)
		addnote(res, note_cut);

	switch (in->shape) {
	case SHAPE_EMPTY:
		res->error = "empty input";
		return;
	case SHAPE_CODE:
	case SHAPE_REPLY:
	case SHAPE_ENHANCED:
		if (in->code >= 0) {
			lookup_code(c, res, in);
			if (in->inner >= 0)
				lookup_inner(c, res, in);
			break;
		}
		char k = in->enhanced[0];
		if (k != '2' && k != '4' && k != '5' && k != 'X') {
			res->error = err_badclass;
			return;
		}
		lookup_enhanced(c, res, in->enhanced);
		break;
	case SHAPE_CLASS: {
		char key[4] = {in->raw[0], 'x', 'x', '\0'};
		addkey(c, res, GROUP_CLASS, key, EV_CLASS, false);
		break;
	}
	case SHAPE_WORD:
		lookup_word(c, res, in);
		break;
	}
	/* the words of a reply, or of free text */
	/* (a word alone is words too where a log or a bounce quotes it: Exim's
	 * "rejected RCPT <a>: greylisted"; and so is text beyond ASCII, as Chinese and
	 * Japanese are written without spaces: "用户不存在") */
	bool words = in->textlen > 0 &&
	             (in->shape == SHAPE_REPLY ||
	              (in->shape == SHAPE_WORD && (memchr(in->text, ' ', in->textlen) || in->log ||
	                                           beyond_ascii(in->text, in->textlen))));
	size_t before = res->nmatch;
	if (words)
		lookup_phrases(c, res, in);
	if (in->shape == SHAPE_WORD && before == 0 && res->nmatch > 0)
		addnote(res, note_words);
	if (words && in->shape == SHAPE_REPLY && res->nmatch > 0) {
		bool read = false;
		for (size_t i = 0; i < res->nmatch; i++)
			read |= res->matches[i].evidence <= EV_PHRASE;
		if (!read)
			addnote(res, note_unread);
	}
	/* who answered, and what it means by the reply: a provider alone recognizes
	 * nothing */
	find_provider(c, res, in);
	if (res->nmatch > 0 && res->matches[res->nmatch - 1].evidence == EV_PROVIDER &&
	    res->nmatch == 1)
		res->nmatch = 0;
	const struct reason *kind;
	if (res->nmatch == 0 && in->fallback &&
	    (kind = table_reason(in->fallback, strlen(in->fallback))) != NULL) {
		res->provider = NULL;
		add(res, NULL, kind, EV_REASON, false);
		addnote(res, fallback_note(in));
	}
	if (res->nmatch == 0) {
		res->provider = NULL;
		if (c->only >= 0)
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
	rankmatches(res, in->stage != STAGE_NONE);
	decide(res, in);
}

/* the results kept by template: what decides a reply's result is its template (the
 * phrases, vendor texts and providers' words are matched against it), its codes, its
 * stage, its notes, and the provider that its remote host, a server named in brackets
 * or a link names (provider_find without a word), the codes of a reply it quotes, and
 * the reason and class its kind tells */
struct cachekey {
	int code;
	char enhanced[LIMIT_ENHANCED];
	int inner;                    /* a quoted reply's code, or -1, and its enhanced code */
	char inner_enhanced[LIMIT_ENHANCED];
	const char *fallback;         /* the reason the kind of input tells, or NULL */
	const char *fallback_note;    /* and what tells it */
	unsigned char shape, stage, flags, logclass;
	int provider;                 /* a provider rule's index, or -1 */
	int only;                     /* the classifier's table, and whether it finds spans */
	bool spans;
	size_t tmpllen;
};

/* tells whether the result of in is its template's and its key's: a reply, or free
 * text that is no vendor's word or reason's name as a whole (those are looked up by
 * every byte of the text) */
static bool
cacheable(const struct input *in)
{
	if (in->shape == SHAPE_REPLY)
		return true;
	const struct entry *e;
	return in->shape == SHAPE_WORD && memchr(in->text, ' ', in->textlen) &&
	       table_find(GROUP_WORD, in->text, in->textlen, &e) == 0 &&
	       !table_reason(in->text, in->textlen);
}

static struct {
	struct cachekey key;
	char tmpl[LIMIT_CACHED];
	bool used;
	struct result res;
} cache[LIMIT_CACHE];
static bool caching = true;
static unsigned long hits;

void
classify_cache(bool on)
{
	caching = on;
	for (size_t i = 0; i < LIMIT_CACHE; i++)
		cache[i].used = false;
	hits = 0;
}

unsigned long
classify_cache_hits(void)
{
	return hits;
}

/* copies a result: its matches only as far as it has them */
static void
copy_result(struct result *dst, const struct result *src)
{
	memcpy(dst, src, offsetof(struct result, matches));
	memcpy(dst->matches, src->matches, src->nmatch * sizeof src->matches[0]);
	dst->nmatch = src->nmatch;
	memcpy(dst->notes, src->notes, sizeof src->notes);
	dst->nnote = src->nnote;
}

void
classify(struct classifier *c, const struct input *in, struct result *res)
{
	c->tmpllen = 0;
	c->scanned = false;
	c->ps.token = -1;
	c->ps.ntext = 0;
	if (!caching || !in->textlen || !cacheable(in)) {
		classify_fresh(c, in, res);
		return;
	}
	if (fold(c, in) >= LIMIT_CACHED) {
		classify_fresh(c, in, res);
		return;
	}
	struct cachekey k;
	memset(&k, 0, sizeof k); /* its padding too: keys are compared whole */
	k.code = in->code;
	/* (only up to its NUL: what follows it is no part of the code) */
	memcpy(k.enhanced, in->enhanced, strnlen(in->enhanced, sizeof k.enhanced - 1));
	k.shape = (unsigned char)in->shape;
	k.inner = in->inner;
	k.fallback = in->fallback;
	k.fallback_note = in->fallback_note;
	k.logclass = in->logclass;
	if (in->inner >= 0)
		memcpy(k.inner_enhanced, in->inner_enhanced,
		       strnlen(in->inner_enhanced, sizeof k.inner_enhanced - 1));
	k.stage = in->stage;
	k.flags = (unsigned char)(in->badclass | in->unfinished << 1 | in->cut << 2);
	struct provider_found f;
	k.provider = provider_find(in, -1, &f) ? (int)(f.rule - provider_rules) : -1;
	k.tmpllen = c->tmpllen;
	k.only = c->only;
	k.spans = c->spans;
	uint64_t h = names_quickhash(names_quickhash(0, &k, sizeof k), c->tmpl, c->tmpllen);
	size_t slot = (size_t)(h % LIMIT_CACHE);
	if (cache[slot].used && memcmp(&cache[slot].key, &k, sizeof k) == 0 &&
	    memcmp(cache[slot].tmpl, c->tmpl, c->tmpllen) == 0) {
		copy_result(res, &cache[slot].res);
		/* the phrases stand where the same template bytes came from in this text */
		for (size_t i = 0; i < res->nmatch; i++) {
			struct match *m = &res->matches[i];
			if (!m->phrase || !c->spans)
				continue;
			unsigned at = c->map[m->tstart];
			unsigned end = m->tend < c->tmpllen ? c->map[m->tend] : (unsigned)in->textlen;
			while (end > at && (in->text[end - 1] == ' ' || in->text[end - 1] == '\t'))
				end--;
			m->at = at;
			m->len = end - at;
			m->inner = in->inner >= 0 && at >= in->innerat;
		}
		hits++;
		return;
	}
	classify_fresh(c, in, res);
	cache[slot].key = k;
	memcpy(cache[slot].tmpl, c->tmpl, c->tmpllen);
	cache[slot].res = *res;
	cache[slot].used = true;
}
