/* wrapper.c: the reply inside what the sending MTA wrote around it */
#include <stdbool.h>
#include <string.h>

#include "match.h"
#include "wrapper.h"

static bool
isdig(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool
isspc(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* a byte that may stand right before a code: the start of a token */
/* the bytes that may stand right before a code: the start of a token */
static const unsigned char beforecode[256] = {
	[' '] = 1, ['\t'] = 1, ['\''] = 1, ['"'] = 1, ['('] = 1, ['['] = 1, ['<'] = 1,
	[':'] = 1, [';'] = 1, ['='] = 1, ['#'] = 1, ['>'] = 1, ['-'] = 1,
};

static bool
before_ok(const char *s, size_t i)
{
	return i == 0 || beforecode[(unsigned char)s[i - 1]];
}

/* the first digit of an enhanced code's class: 2, 4 or 5 */
static bool
classdigit(char c)
{
	return c == '2' || c == '4' || c == '5';
}

/* tells whether a reply code starts at s[i]: three digits, the first 2 to 5, a token
 * of its own or followed by '-' (a continuation) */
static bool
code_at(const char *s, size_t n, size_t i)
{
	if (i + 3 > n || s[i] < '2' || s[i] > '5' || !isdig((unsigned char)s[i + 1]) ||
	    !isdig((unsigned char)s[i + 2]) || !before_ok(s, i))
		return false;
	if (i + 3 == n)
		return true;
	char c = s[i + 3];
	return c == ' ' || c == '\t' || c == '-';
}

/* the first place at or after i where a reply code stands (code_at), or n: a code's
 * third byte is a digit, so a byte that is not one rules out three places at once */
static size_t
next_code(const char *s, size_t n, size_t i)
{
	while (i + 3 <= n) {
		if (!isdig((unsigned char)s[i + 2]))
			i += 3;
		else if (code_at(s, n, i))
			return i;
		else
			i++;
	}
	return n;
}

/* the length of an enhanced code at s[i] ([245].d.d, 1 to 3 digits each, a token of
 * its own but for punctuation or letters glued after it), written to out; 0 if none */
static size_t
enhanced_at(const char *s, size_t n, size_t i, char out[LIMIT_ENHANCED])
{
	if (i + 5 > n || !classdigit(s[i]) || s[i + 1] != '.' ||
	    !before_ok(s, i))
		return 0;
	size_t k = i + 2;
	int part[2] = {0, 0};
	for (int p = 0; p < 2; p++) {
		size_t d = 0;
		while (k < n && isdig((unsigned char)s[k]) && d < 4)
			part[p] = part[p] * 10 + (s[k++] - '0'), d++;
		if (d == 0 || d > 3)
			return 0;
		if (p == 0) {
			if (k >= n || s[k] != '.')
				return 0;
			k++;
		}
	}
	if (k < n && (isdig((unsigned char)s[k]) ||
	              (s[k] == '.' && k + 1 < n && isdig((unsigned char)s[k + 1]))))
		return 0;
	out[0] = s[i];
	out[1] = '.';
	size_t o = 2;
	for (int p = 0; p < 2; p++) {
		int v = part[p] % 1000;
		if (v >= 100)
			out[o++] = (char)('0' + v / 100);
		if (v >= 10)
			out[o++] = (char)('0' + v / 10 % 10);
		out[o++] = (char)('0' + v % 10);
		if (p == 0)
			out[o++] = '.';
	}
	out[o] = '\0';
	return k - i;
}

/* a reply code that the words name as one, where no reply is read: "ResponseCode
 * 421, , Host not reachable", "ERROR_CODE :550", "error code: 550", "code=421": the
 * word "code" (or a word's last part: after '_', or capitalized after a small letter),
 * one to three spaces, ':' or '=', then three digits, the first 2 to 5, that no
 * letter or digit follows; returns the code, or -1 */
static int
named_code(const char *s, size_t n)
{
	for (size_t i = 0; i + 8 <= n; i++) {
		if ((s[i] != 'c' && s[i] != 'C') || lower((unsigned char)s[i + 1]) != 'o' ||
		    lower((unsigned char)s[i + 2]) != 'd' || lower((unsigned char)s[i + 3]) != 'e')
			continue;
		unsigned char b = i ? (unsigned char)s[i - 1] : ' ';
		bool letter = lower(b) >= 'a' && lower(b) <= 'z';
		if (letter && !(s[i] == 'C' && b >= 'a' && b <= 'z'))
			continue; /* inside a word ("barcode"), not its last part ("ResponseCode") */
		size_t j = i + 4, seps = 0;
		while (j < n && seps < 3 && (s[j] == ' ' || s[j] == ':' || s[j] == '='))
			j++, seps++;
		if (!seps || j + 3 > n || s[j] < '2' || s[j] > '5' ||
		    !isdig((unsigned char)s[j + 1]) || !isdig((unsigned char)s[j + 2]))
			continue;
		unsigned char after = j + 3 < n ? (unsigned char)s[j + 3] : ' ';
		if (isdig(after) || (lower(after) >= 'a' && lower(after) <= 'z'))
			continue;
		return (s[j] - '0') * 100 + (s[j + 1] - '0') * 10 + (s[j + 2] - '0');
	}
	return -1;
}

/* tells whether a reply code followed by ": " starts at s[i], as some MTAs quote a
 * reply after their words ("Remote host said: 550: User unknown"); read only where
 * the words announced a reply, for a port ("[192.0.2.4]:587: Connection refused")
 * or a count ("delivery 421: failure") looks the same */
static bool
colon_code_at(const char *s, size_t n, size_t i)
{
	return i + 4 <= n && s[i] >= '2' && s[i] <= '5' && isdig((unsigned char)s[i + 1]) &&
	       isdig((unsigned char)s[i + 2]) && s[i + 3] == ':' &&
	       (i + 4 == n || isspc((unsigned char)s[i + 4])) && (i == 0 || isspc((unsigned char)s[i - 1]));
}

/* reads a reply at s[i]: a code, maybe '-', maybe an enhanced code; sets them in in
 * and returns where its text starts, or 0 if no reply starts there; with announced,
 * the words before s[i] announced a reply, and a code may be followed by ':' */
static size_t
reply_at(const char *s, size_t n, size_t i, struct input *in, bool announced)
{
	char enh[LIMIT_ENHANCED] = "";
	size_t k;
	bool colon = announced && colon_code_at(s, n, i);
	if (colon || code_at(s, n, i)) {
		in->code = (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
		k = i + 3 + colon;
		if (k < n && s[k] == '-')
			k++;
		while (k < n && isspc((unsigned char)s[k]))
			k++;
		size_t e = enhanced_at(s, n, k, enh);
		if (e) {
			memcpy(in->enhanced, enh, sizeof enh);
			k += e;
		}
		/* "550 - text": a dash standing for nothing */
		while (k < n && (isspc((unsigned char)s[k]) || s[k] == '-'))
			k++;
		return k;
	}
	size_t e = enhanced_at(s, n, i, enh);
	if (e) {
		memcpy(in->enhanced, enh, sizeof enh);
		k = i + e;
		while (k < n && isspc((unsigned char)s[k]))
			k++;
		return k;
	}
	return 0;
}

/* what a byte may start, for scan_wrapper: a marker, a stage's words, "host " */
enum { B_LETTER = 1, B_MARK = 2, B_STAGE = 4, B_HOST = 8 };

static unsigned char
byteclass(unsigned char c)
{
	unsigned char b = 0;
	c = lower(c);
	if (c >= 'a' && c <= 'z')
		b |= B_LETTER;
	if (c && strchr("sr<te]d>", c))
		b |= B_MARK;
	if (c && strchr("iadfbrs>", c))
		b |= B_STAGE;
	if (c == 'h' || c == 'c')
		b |= B_HOST;
	return b;
}

static unsigned char classes[256];

static void
initclasses(void)
{
	if (classes['a'])
		return;
	for (unsigned c = 0; c < 256; c++)
		classes[c] = byteclass((unsigned char)c);
}

/* the stage named by the command words at s ("rcpt to", "end of data", ...) */
unsigned char
wrapper_stage(const char *s, size_t n)
{
	static const struct {
		const char *words;
		unsigned char stage;
	} commands[] = {
		{"rcpt", STAGE_RCPT}, {"end of data", STAGE_DATA}, {"data", STAGE_DATA},
		{"mail from", STAGE_MAIL}, {"ehlo", STAGE_HELO}, {"helo", STAGE_HELO},
		{"lhlo", STAGE_HELO}, {"auth", STAGE_AUTH}, {"starttls", STAGE_STARTTLS},
		{"initial connection", STAGE_CONNECT}, {"pipelined rcpt", STAGE_RCPT},
		{"pipelined mail from", STAGE_MAIL}, {"pipelined data", STAGE_DATA},
		/* and as the logs of our own server name them ("NOQUEUE: reject: RCPT from",
		 * "END-OF-MESSAGE from", "[ip]: VRFY root [rejected]"; EXPN asks of a list
		 * what VRFY asks of a mailbox) */
		{"end-of-message", STAGE_DATA}, {"bdat", STAGE_DATA}, {"vrfy", STAGE_RCPT},
		{"expn", STAGE_RCPT},
		{"connect", STAGE_CONNECT},
	};
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (match_starts(s, n, commands[i].words))
			return commands[i].stage;
	return STAGE_NONE;
}

/* what one pass over a wrapper finds: the stage it names, where the reply starts
 * after the words that announce it (0: no such words), and where "host " or
 * "connect to " stands (-1: nowhere) */
struct wrapscan {
	unsigned char stage;
	size_t start;
	long host;
};

/* words that announce the reply, by their first byte */
static const char *const markers[] = {
	"said: ", "said:", "smtp; ", "smtp;", "server response: ", "returned '", "reply: ",
	"response: ", "<<< ", "talk to me: ", "error message below: ", "]: ",
	"diagnostic-code: ", ">: ", "replied: ",
};

/* reads the wrapper once: at each word, the few phrases that start with its letter;
 * with stop, up to the first words that announce a reply, and no further */
static struct wrapscan
scan_wrapper(const char *s, size_t n, bool stop)
{
	struct wrapscan w = {STAGE_NONE, 0, -1};
	initclasses();
	unsigned char prev = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = classes[(unsigned char)s[i]];
		bool inword = prev & b & B_LETTER;
		prev = b;
		if (inword || !(b & (B_MARK | B_STAGE | B_HOST)))
			continue; /* not at a word's start, or nothing starts here */
		unsigned char c = lower((unsigned char)s[i]);
		const char *t = s + i;
		size_t m = n - i;
		if ((b & B_HOST) && w.host < 0 && match_starts(t, m, "host "))
			w.host = (long)i;
		if (c == 'c' && w.host < 0 && match_starts(t, m, "connect to "))
			w.host = (long)i + 6; /* "connect to mx[ip]": as "host mx[ip]" */
		if (!w.start && (b & B_MARK)) {
			for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
				if (markers[k][0] == c && match_starts(t, m, markers[k])) {
					w.start = i + strlen(markers[k]);
					while (w.start < n && isspc((unsigned char)s[w.start]))
						w.start++;
					break;
				}
			}
			if (w.start && stop)
				return w;
		}
		if (w.stage || !(b & B_STAGE))
			continue;
		switch (c) {
		case 'i':
			if (match_starts(t, m, "in reply to "))
				w.stage = wrapper_stage(t + 12, m - 12);
			else if (match_starts(t, m, "in response to "))
				w.stage = wrapper_stage(t + 15, m - 15);
			break;
		case 'a':
			if (match_starts(t, m, "after "))
				w.stage = wrapper_stage(t + 6, m - 6);
			break;
		case 'd':
			if (match_starts(t, m, "does not like recipient"))
				w.stage = STAGE_RCPT;
			else if (match_starts(t, m, "did not like our "))
				w.stage = wrapper_stage(t + 17, m - 17);
			break;
		case 'f':
			if (match_starts(t, m, "failed after i sent the message"))
				w.stage = STAGE_DATA;
			break;
		case 'b':
			if (match_starts(t, m, "but sender was rejected"))
				w.stage = STAGE_MAIL;
			else if (match_starts(t, m, "but greeting failed"))
				w.stage = STAGE_CONNECT;
			else if (match_starts(t, m, "but my name was rejected"))
				w.stage = STAGE_HELO;
			break;
		case 'r':
			if (match_starts(t, m, "refused to talk to me"))
				w.stage = STAGE_CONNECT;
			break;
		case 's':
			/* "hMailServer sent: RCPT TO:<a@b> Remote server replied: 550 ..." */
			if (match_starts(t, m, "sent: "))
				w.stage = wrapper_stage(t + 6, m - 6);
			else if (match_starts(t, m, "sasl authentication failed"))
				w.stage = STAGE_AUTH;
			break;
		case '>':
			if (match_starts(t, m, ">>> "))
				w.stage = wrapper_stage(t + 4, m - 4);
			break;
		}
	}
	return w;
}

/* the host and IP address a wrapper names: "host mx.example.org[192.0.2.4]",
 * "host mx.example.org [192.0.2.4]", or an address that starts the line (qmail) */
static void
host_find(struct input *in, const char *s, size_t n, long h)
{
	if (h >= 0) {
		size_t i = (size_t)h + 5, start = i; /* after "host " or "connect to " */
		while (i < n && (s[i] == '.' || s[i] == '-' || s[i] == '_' ||
		                 (s[i] >= 'a' && s[i] <= 'z') ||
		                 (s[i] >= 'A' && s[i] <= 'Z') || isdig((unsigned char)s[i])))
			i++;
		size_t end = i;
		while (end > start && s[end - 1] == '.')
			end--;
		if (end > start && memchr(s + start, '.', end - start)) {
			in->host = s + start;
			in->hostlen = end - start;
			if (i < n && s[i] == ' ')
				i++;
			if (i < n && s[i] == '[') {
				const char *close = memchr(s + i, ']', n - i);
				if (close && close - (s + i) < 48) {
					in->ip = s + i + 1;
					in->iplen = (size_t)(close - (s + i) - 1);
				}
			}
			return;
		}
	}
	/* qmail: "192.0.2.1 does not like recipient." */
	size_t i = 0, dots = 0;
	while (i < n && (isdig((unsigned char)s[i]) || s[i] == '.'))
		dots += s[i++] == '.';
	if (dots == 3 && i < n && s[i] == ' ' && i >= 7) {
		in->ip = s;
		in->iplen = i;
	}
}

/* where a trailer "(in reply to ... command)" starts in t[0..n), found by its '(',
 * or -1; the stage it names goes to *stage when that is not known yet */
static long
find_trailer(const char *t, size_t n, unsigned char *stage)
{
	long at = -1;
	const char *end = t + n, *p = t;
	while ((p = memchr(p, '(', (size_t)(end - p))) != NULL) {
		if (match_starts(p, (size_t)(end - p), "(in reply to ")) {
			at = p - t;
			unsigned char st = wrapper_stage(p + 13, (size_t)(end - p) - 13);
			if (!*stage)
				*stage = st;
		}
		p++;
	}
	return at;
}

/* cuts what the wrapper wrote after the reply's text */
static void
trim_trailer(struct input *in, long at)
{
	const char *t = in->text;
	size_t n = in->textlen;
	if (at >= 0 && (size_t)at < n && t[n - 1] == ')')
		n = (size_t)at;
	while (n > 0 && isspc((unsigned char)t[n - 1]))
		n--;
	if (n >= 2 && t[n - 1] == '#' && t[n - 2] == '#')
		n -= 2; /* Exchange: "#550 5.1.1 ... ##" */
	if (n >= 1 && t[n - 1] == '\'' && memchr(t, '\'', n - 1) == NULL)
		n--; /* Remote Server returned '...' */
	while (n > 0 && isspc((unsigned char)t[n - 1]))
		n--;
	/* qmail's last words on the attempt: "... Giving up on 192.0.2.4.", "... I'll try
	 * again." (its "/" made spaces); a sentence's end, read backwards from it */
	if (n > 16 && (t[n - 1] == '.' || t[n - 1] == '/')) {
		static const char *const again[] = {" i'll try again.", " i will try again."};
		size_t e = t[n - 1] == '/' ? n - 1 : n, sp = e;
		for (size_t k = 0; k < 2; k++) {
			size_t w = strlen(again[k]);
			if (e >= w && match_starts(t + e - w, w, again[k]))
				n = e - w;
		}
		while (sp > 0 && t[sp - 1] != ' ')
			sp--;
		if (sp >= 14 && e - sp <= 48 && match_starts(t + sp - 14, 14, " giving up on "))
			n = sp - 14;
	}
	while (n > 0 && (isspc((unsigned char)t[n - 1]) || t[n - 1] == '/'))
		n--;
	in->textlen = n;
}

/* looks through the text for the codes of further lines (flattened) and for a reply
 * quoted inside this one */
static void
scan_inner(struct input *in)
{
	const char *t = in->text;
	size_t n = in->textlen;
	for (size_t i = next_code(t, n, 0); i < n; i = next_code(t, n, i + 1)) {
		struct input q = {.code = -1};
		size_t k = reply_at(t, n, i, &q, false);
		if (!k || !q.enhanced[0])
			continue;
		if (q.code == in->code) {
			in->flattened = true;
			in->more = t[i + 3] == '-'; /* the last of them says whether more follow */
		} else if (in->inner < 0) {
			in->inner = q.code;
			in->innerat = i;
			memcpy(in->inner_enhanced, q.enhanced, sizeof q.enhanced);
		}
		i = k - 1;
	}
}

/* a success or intermediate reply followed in the same line by a failure ("354 End
 * data with <CR><LF>.<CR><LF> 451 4.3.0 queue file write error"): the failure is
 * the reply that counts, as the last line of a reply does */
static void
promote_inner(struct input *in)
{
	if (in->code < 0 || in->code >= 400 || in->inner < 400)
		return;
	struct input q = {.code = -1};
	size_t k = reply_at(in->text, in->textlen, in->innerat, &q, false);
	if (!k)
		return;
	in->code = q.code;
	memcpy(in->enhanced, q.enhanced, sizeof q.enhanced);
	in->reply = in->text + in->innerat;
	in->textlen -= k;
	in->text += k;
	in->inner = -1;
	in->inner_enhanced[0] = '\0';
}

/* qmail's enhanced code at the end of a reply's text, where none follows the reply
 * code: "511 sorry, no mailbox here by that name. (#5.1.1)", "(#5.1.1 - chkuser)" */
static void
hash_enhanced(struct input *in)
{
	const char *h;
	if (!in->enhanced[0] && in->code >= 0 && in->textlen &&
	    (h = memchr(in->text, '#', in->textlen)) != NULL && h > in->text && h[-1] == '(')
		enhanced_at(in->text, in->textlen, (size_t)(h + 1 - in->text), in->enhanced);
}

/* the reply whose codes start at r and whose text in->text is: its trailer cut, the
 * replies inside it found, and its span */
static void
reply_read(struct input *in, const char *r)
{
	in->reply = r;
	trim_trailer(in, find_trailer(in->text, in->textlen, &in->stage));
	scan_inner(in);
	promote_inner(in);
	hash_enhanced(in);
	in->replylen = (size_t)(in->text + in->textlen - in->reply);
}

void
wrapper_find(struct input *in)
{
	const char *s = in->raw;
	size_t n = in->rawlen;
	in->stage = STAGE_NONE;
	in->host = in->ip = NULL;
	in->hostlen = in->iplen = 0;
	in->inner = -1;
	in->inner_enhanced[0] = '\0';
	in->flattened = false;
	in->reply = NULL;
	in->replylen = 0;

	if (in->shape == SHAPE_REPLY) {
		/* a reply that starts the line: only a trailer "(in reply to ... command)"
		 * can say its stage */
		reply_read(in, s);
		return;
	}
	if (in->shape != SHAPE_WORD || !memchr(s, ' ', n))
		return;

	/* free text: a wrapper, or a reply whose codes stand inside it */
	struct wrapscan w = scan_wrapper(s, n, true);
	in->stage = w.stage;
	host_find(in, s, n, w.host);
	size_t start = w.start, k = 0;
	struct input r = {.code = -1};
	if (start)
		k = reply_at(s, n, start, &r, true);
	/* words that announce a reply may come more than once ("connect to mx[ip]:
	 * server refused to talk to me: 421 ..."): the reply follows one of them */
	for (int again = 0; start && !k && again < 4 && start < n; again++) {
		struct wrapscan v = scan_wrapper(s + start, n - start, true);
		if (!in->stage)
			in->stage = v.stage;
		if (!in->host && v.host >= 0) /* "after RCPT TO:<a>: host mx [ip]: 550" */
			host_find(in, s, n, (long)start + v.host);
		if (!v.start)
			break;
		size_t next = start + v.start;
		k = reply_at(s, n, next, &r, true);
		start = next;
	}
	if (!k) {
		/* no reply after the words: the whole line is read for the stage */
		start = w.start;
		w = scan_wrapper(s, n, false);
		if (!in->stage)
			in->stage = w.stage;
	}
	if (!k) {
		/* no marker before a code: the first reply code that an enhanced code
		 * follows, else the first enhanced code */
		for (size_t i = next_code(s, n, 0); i < n && !k; i = next_code(s, n, i + 1)) {
			struct input q = {.code = -1};
			size_t e = reply_at(s, n, i, &q, false);
			if (e && q.enhanced[0]) {
				r = q;
				k = e;
				start = i;
			}
		}
	}
	if (!k && in->stage) {
		/* else a plain code after ": ", when the words named the command it
		 * answered ("SMTP error from remote mail server after initial connection:
		 * 450 ...", "LMTP error after DATA: 440 ..."), as Exim writes them */
		for (const char *c = s; !k && (c = memchr(c, ':', n - (size_t)(c - s))); c++) {
			size_t i = (size_t)(c - s) + 2;
			if (i + 3 > n || c[1] != ' ' || !isdig((unsigned char)s[i]) || !code_at(s, n, i))
				continue;
			struct input q = {.code = -1};
			size_t e = reply_at(s, n, i, &q, false);
			if (e) {
				r = q;
				k = e;
				start = i;
			}
		}
	}
	if (!k) {
		for (size_t i = 0; i + 5 <= n; i++) {
			char enh[LIMIT_ENHANCED];
			if (classdigit(s[i]) && enhanced_at(s, n, i, enh)) {
				memcpy(in->enhanced, enh, sizeof enh);
				break;
			}
		}
		/* the text is all of it after a marker, or all of it */
		in->text = s + start;
		in->textlen = n - start;
		trim_trailer(in, find_trailer(in->text, in->textlen, &in->stage));
		in->code = named_code(s, n);
		if (in->enhanced[0] || in->code >= 0)
			in->shape = SHAPE_REPLY;
		return;
	}
	in->code = r.code;
	memcpy(in->enhanced, r.enhanced, sizeof r.enhanced);
	in->text = s + k;
	in->textlen = n - k;
	in->shape = SHAPE_REPLY;
	reply_read(in, s + start);
}

size_t
wrapper_unflatten(const struct input *in, char *out, size_t cap)
{
	const char *t = in->text;
	size_t n = in->textlen, o = 0;
	for (size_t i = 0; i < n && o + 1 < cap;) {
		/* the bytes up to the next code as they are, at once */
		size_t c = next_code(t, n, i), m = c - i;
		if (m > cap - 1 - o)
			m = cap - 1 - o;
		memcpy(out + o, t + i, m);
		o += m;
		i += m;
		if (i >= n || o + 1 >= cap)
			break;
		struct input q = {.code = -1};
		size_t k = reply_at(t, n, i, &q, false);
		if (k && q.code == in->code && q.enhanced[0]) {
			if (o > 0 && out[o - 1] != ' ')
				out[o++] = ' ';
			i = k;
			continue;
		}
		out[o++] = t[i++];
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	return o;
}
