/* logcols.c: logs of columns (logread.h): Microsoft Exchange's message tracking log
 * and its SMTP protocol logs, CSV read with libcsv, with or without their "#Fields:"
 * header (which, when there is one, says where each column is), and MailEnable's SMTP
 * activity log, tab-separated. A field that libcsv unquotes is copied to this
 * module's buffer, which the line's spans may point into until the next line is read;
 * MailEnable's fields are spans of the line. */
#include <csv.h>
#include <string.h>

#include "limit.h"
#include "logread.h"
#include "names.h"
#include "wrapper.h"

/* the columns read, by name */
#define COLUMNS(X) \
	X(date_time, "date-time") X(client_ip, "client-ip") X(client_hostname, "client-hostname") \
	X(server_ip, "server-ip") X(server_hostname, "server-hostname") \
	X(source_context, "source-context") X(connector_id, "connector-id") X(source, "source") \
	X(event_id, "event-id") X(internal_message_id, "internal-message-id") \
	X(message_id, "message-id") X(recipient_address, "recipient-address") \
	X(recipient_status, "recipient-status") X(sender_address, "sender-address") \
	X(session_id, "session-id") X(remote_endpoint, "remote-endpoint") X(event, "event") \
	X(data, "data")
#define COL_ENUM(id, name) COL_##id,
#define COL_NAME(id, name) name,
enum { COLUMNS(COL_ENUM) NCOLS };
static const char *const col_names[NCOLS] = {COLUMNS(COL_NAME)};

enum { TRACKING, PROTOCOL };

/* the column of each name, for each kind of log: Exchange 2013 and later's order until
 * a "#Fields:" line says otherwise; -1 for none */
static signed char cols[2][NCOLS] = {
	[TRACKING] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 19, -1, -1, -1, -1},
	[PROTOCOL] = {0, -1, -1, -1, -1, -1, 1, -1, -1, -1, -1, -1, -1, -1, 2, 5, 6, 7},
};
static int kind = -1; /* the kind a "#Fields:" line named, or -1: each row by its shape */

#define MAXFIELDS 40

static struct {
	char buf[LIMIT_LINE];
	size_t used, n;
	struct span f[MAXFIELDS];
} row;

static void
onfield(void *s, size_t len, void *data)
{
	(void)data;
	if (row.n == MAXFIELDS || len > sizeof row.buf - row.used)
		return;
	memcpy(row.buf + row.used, s, len);
	row.f[row.n++] = (struct span){row.buf + row.used, len};
	row.used += len;
}

/* splits the line s[0..n) into row.f: one parser for the run, which csv_fini leaves
 * ready for the next line, so that no line allocates */
static bool
split(const char *s, size_t n)
{
	static struct csv_parser p;
	static bool ready;
	if (!ready && csv_init(&p, 0) != 0)
		return false;
	ready = true;
	row.used = row.n = 0;
	bool parsed = csv_parse(&p, s, n, onfield, NULL, NULL) == n;
	return csv_fini(&p, onfield, NULL, NULL) == 0 && parsed;
}

bool
log_cols_copy(const char *p)
{
	return p >= row.buf && p < row.buf + sizeof row.buf;
}

struct span
log_cols_row(void)
{
	return (struct span){row.buf, row.used};
}

/* the field of column c of the current row, or an empty span */
static struct span
col(int k, int c)
{
	int i = cols[k][c];
	return i >= 0 && (size_t)i < row.n ? row.f[i] : (struct span){NULL, 0};
}

/* "#Fields: a,b,c": where each column is, and so which log this is */
static void
fields(const char *s, size_t n)
{
	signed char at[NCOLS];
	memset(at, -1, sizeof at);
	if (!split(s, n))
		return;
	for (size_t i = 0; i < row.n && i < 127; i++) {
		struct span f = row.f[i];
		if (i == 0 && f.n > 9 && memcmp(f.s, "#Fields: ", 9) == 0)
			f.s += 9, f.n -= 9;
		for (int c = 0; c < NCOLS; c++)
			if (strlen(col_names[c]) == f.n && memcmp(col_names[c], f.s, f.n) == 0)
				at[c] = (signed char)i;
	}
	kind = at[COL_event_id] >= 0 ? TRACKING : at[COL_session_id] >= 0 ? PROTOCOL : -1;
	if (kind >= 0)
		memcpy(cols[kind], at, sizeof at);
}

static bool
is(struct span sp, const char *w)
{
	size_t k = strlen(w);
	return sp.n == k && memcmp(sp.s, w, k) == 0;
}

/* a reply code of a refusal at the start of sp */
static bool
refusal(struct span sp)
{
	return sp.n >= 3 && (sp.s[0] == '4' || sp.s[0] == '5') && sp.s[1] >= '0' &&
	       sp.s[1] <= '9' && sp.s[2] >= '0' && sp.s[2] <= '9';
}

/* the address in "<a@b>" in a command, after its ':' */
static struct span
address(struct span cmd)
{
	if (!cmd.n)
		return cmd;
	const char *lt = memchr(cmd.s, '<', cmd.n), *end = cmd.s + cmd.n;
	const char *gt = lt ? memchr(lt, '>', (size_t)(end - lt)) : NULL;
	return gt ? (struct span){lt + 1, (size_t)(gt - lt - 1)} : (struct span){NULL, 0};
}

/* splits s[0..n) at its tabs into at most max fields (the last holds the rest);
 * returns their number */
static size_t
tabs(const char *s, size_t n, struct span *f, size_t max)
{
	size_t k = 0;
	const char *p = s, *end = s + n;
	while (k < max) {
		const char *t = memchr(p, '\t', (size_t)(end - p));
		f[k++] = (struct span){p, (size_t)((t ? t : end) - p)};
		if (!t)
			break;
		p = t + 1;
	}
	return k;
}

/* a reply of refusal: our server's (rejected), or the remote's to our delivery
 * (deferred or bounced, by its class) */
static void
refused(struct logline *l, bool ours)
{
	if (ours) {
		l->outcome = (struct span){"rejected", 8};
		l->kind = LOG_REJECT;
	} else {
		l->outcome = l->reply.s[0] == '4' ? (struct span){"deferred", 8}
		                                  : (struct span){"bounced", 7};
		l->kind = LOG_DELIVERY;
	}
}

/* a message tracking row: SEND, SENDEXTERNAL and DELIVER are deliveries that worked,
 * FAIL a failure, DEFER a deferral; the reply is the recipient-status ("550 5.1.1
 * RESOLVER.ADR.RecipNotFound; not found", "250 2.1.5Recipient OK") */
static void
tracking(struct logline *l)
{
	struct span ev = col(TRACKING, COL_event_id);
	l->queue_id = col(TRACKING, COL_internal_message_id);
	l->recipient = col(TRACKING, COL_recipient_address);
	l->sender = col(TRACKING, COL_sender_address);
	l->reply = col(TRACKING, COL_recipient_status);
	l->relay = col(TRACKING, COL_server_hostname);
	l->client = col(TRACKING, COL_client_ip);
	if (is(ev, "SEND") || is(ev, "SENDEXTERNAL") || is(ev, "DELIVER")) {
		l->outcome = (struct span){"sent", 4};
		l->success = true;
	} else if (is(ev, "FAIL")) {
		l->outcome = (struct span){"bounced", 7};
	} else if (is(ev, "DEFER")) {
		l->outcome = (struct span){"deferred", 8};
	} else {
		return;
	}
	/* the reply came at RCPT unless it says otherwise */
	l->stage = l->reply.n && (l->reply.s[0] == '2' || l->reply.s[0] == '4' ||
	                          l->reply.s[0] == '5') ? STAGE_RCPT : STAGE_NONE;
	l->kind = LOG_DELIVERY;
}

/* a protocol log row: a command names the session's sender or recipient; a reply of
 * a refusal that we sent (">") is our server's, one we received ("<") the remote's
 * refusal of our delivery */
static void
protocol(struct logline *l)
{
	struct span ev = col(PROTOCOL, COL_event), d = col(PROTOCOL, COL_data);
	l->queue_id = col(PROTOCOL, COL_session_id);
	l->id = LOGID_SESSION;
	if (!l->queue_id.n || ev.n != 1)
		return;
	if (ev.s[0] == '+') {
		l->client = col(PROTOCOL, COL_remote_endpoint);
		l->kind = LOG_CONTEXT;
		return;
	}
	if (ev.s[0] != '<' && ev.s[0] != '>')
		return;
	unsigned char st = d.n ? wrapper_stage(d.s, d.n) : STAGE_NONE;
	if (st == STAGE_RCPT && d.n > 8) {
		l->recipient = address(d);
		l->stage = st;
		l->kind = LOG_CONTEXT;
	} else if (st == STAGE_MAIL && d.n > 10) {
		l->sender = address(d);
		l->stage = st;
		l->kind = LOG_CONTEXT;
	} else if (refusal(d)) {
		l->reply = d;
		if (ev.s[0] == '>')
			l->client = col(PROTOCOL, COL_remote_endpoint);
		else
			l->relay = col(PROTOCOL, COL_remote_endpoint);
		refused(l, ev.s[0] == '>');
	} else if (st != STAGE_NONE) {
		l->stage = st;
		l->kind = LOG_CONTEXT;
	}
}

/* tells whether the current row has the shape of a row of kind k (by the columns a
 * "#Fields:" line gave, when headed) */
static bool
shaped(int k, bool headed)
{
	if (k == PROTOCOL) {
		struct span e = col(k, COL_event);
		return e.n == 1 && memchr("+-<>*", e.s[0], 5);
	}
	struct span e = col(k, COL_event_id);
	if (e.n < 3 || (!headed && row.n < 14))
		return false;
	for (size_t i = 0; i < e.n; i++)
		if (!((e.s[i] >= 'A' && e.s[i] <= 'Z') || e.s[i] == '_'))
			return false;
	return true;
}

/* the raw column c of the row s[0..n), quotes kept: found by counting the commas
 * outside quotes; an empty span when the row is shorter */
static struct span
rawcol(const char *s, size_t n, int c)
{
	size_t i = 0;
	for (int k = 0; k < c; k++) {
		bool q = false;
		for (; i < n && (q || s[i] != ','); i++)
			if (s[i] == '"')
				q = !q;
		if (i >= n)
			return (struct span){NULL, 0};
		i++;
	}
	size_t b = i;
	bool q = false;
	for (; i < n && (q || s[i] != ','); i++)
		if (s[i] == '"')
			q = !q;
	return (struct span){s + b, i - b};
}

/* tells whether the row s[0..n) is one of Exchange's that records nothing read, so
 * that libcsv need not split it: a tracking row of another event (RECEIVE, DSN,
 * AGENTINFO, ...), a protocol row of information or a disconnection */
static bool
nothing(const char *s, size_t n)
{
	static const char *const read[] = {"SEND", "SENDEXTERNAL", "DELIVER", "FAIL", "DEFER"};
	int k = kind >= 0 ? kind : TRACKING;
	if (k == TRACKING) {
		struct span e = rawcol(s, n, cols[TRACKING][COL_event_id]);
		if (e.n < 3 || (kind < 0 && !rawcol(s, n, 13).s))
			return false;
		for (size_t i = 0; i < e.n; i++)
			if (!((e.s[i] >= 'A' && e.s[i] <= 'Z') || e.s[i] == '_'))
				return false;
		for (size_t i = 0; i < sizeof read / sizeof read[0]; i++)
			if (is(e, read[i]))
				return false;
		return true;
	}
	struct span e = rawcol(s, n, cols[PROTOCOL][COL_event]);
	return e.n == 1 && (e.s[0] == '*' || e.s[0] == '-');
}

bool
log_cols(const char *s, size_t n, struct logline *l)
{
	if (n > 9 && s[0] == '#') {
		if (memcmp(s, "#Fields: ", 9) == 0)
			fields(s, n);
		else if (!(n > 11 && memcmp(s, "#Software: ", 11) == 0) &&
		         !(n > 10 && memcmp(s, "#Version: ", 10) == 0) &&
		         !(n > 11 && memcmp(s, "#Log-type: ", 11) == 0) &&
		         !(n > 7 && memcmp(s, "#Date: ", 7) == 0))
			return false;
		*l = (struct logline){.kind = LOG_OTHER, .format = "exchange"};
		return true;
	}
	if (nothing(s, n)) {
		*l = (struct logline){.kind = LOG_OTHER, .format = "exchange"};
		l->time = rawcol(s, n, 0);
		l->message = (struct span){s, n};
		return true;
	}
	if (!split(s, n) || row.n < 9)
		return false;
	/* the kind its "#Fields:" line named, when the row has its shape; else the kind
	 * whose shape it has: a tracking row's event is a word of capitals (in a row of
	 * Exchange's 14 columns at least, when no header says), a protocol row's a sign */
	int k = kind >= 0 && shaped(kind, true) ? kind
	        : shaped(TRACKING, false)       ? TRACKING
	        : shaped(PROTOCOL, false)       ? PROTOCOL
	                                        : -1;
	if (k < 0)
		return false;
	*l = (struct logline){.kind = LOG_OTHER, .format = "exchange"};
	l->time = col(k, COL_date_time);
	l->message = (struct span){s, n};
	if (k == TRACKING)
		tracking(l);
	else
		protocol(l);
	return true;
}

/* MailEnable's SMTP activity log (MailEnable's knowledge base, "How to analyse
 * MailEnable logging files"): tab-separated, "date time, SMTP-IN or SMTP-OU, message
 * id, local socket, remote address, command, its details, the response, bytes sent,
 * bytes received". Of an inbound row, a response of a refusal is our server's; of an
 * outbound row, the remote's refusal of our delivery. A recipient accepted names the
 * message's recipient for the rows after it. */
bool
log_mailenable(const char *s, size_t n, struct logline *l)
{
	struct span f[10];
	size_t k = tabs(s, n, f, 10);
	if (k < 8 || f[1].n != 7 || (memcmp(f[1].s, "SMTP-IN", 7) != 0 &&
	                              memcmp(f[1].s, "SMTP-OU", 7) != 0))
		return false;
	bool in = f[1].s[6] == 'N';
	*l = (struct logline){.kind = LOG_OTHER, .format = "mailenable"};
	l->time = f[0];
	l->message = (struct span){s, n};
	l->queue_id = f[2];
	l->id = LOGID_SESSION;
	struct span cmd = f[5], arg = f[6], resp = f[7];
	/* the command's word alone: "MAIL" with "FROM:<s>" after it */
	unsigned char st = is(cmd, "MAIL") ? STAGE_MAIL
	                   : cmd.n          ? wrapper_stage(cmd.s, cmd.n)
	                                    : STAGE_NONE;
	if (in)
		l->client = f[4];
	else
		l->relay = f[4];
	if (refusal(resp)) {
		l->reply = resp;
		l->stage = st;
		if (st == STAGE_RCPT)
			l->recipient = address(arg);
		else if (st == STAGE_MAIL)
			l->sender = address(arg);
		refused(l, in);
	} else if (resp.n && resp.s[0] == '2' && (st == STAGE_RCPT || st == STAGE_MAIL)) {
		if (st == STAGE_RCPT)
			l->recipient = address(arg);
		else
			l->sender = address(arg);
		l->kind = LOG_CONTEXT;
	}
	return true;
}

/* the text of a hMailServer field: inside its quotes */
static struct span
unquote(struct span f)
{
	if (f.n >= 2 && f.s[0] == '"' && f.s[f.n - 1] == '"')
		return (struct span){f.s + 1, f.n - 2};
	return f;
}

/* hMailServer's log (its Logger: tab-separated, text fields quoted, line ends inside
 * them written "[nl]"): "\"SMTPD\" thread session \"time\" \"ip\" \"SENT: 550 text\""
 * is our server's reply to the session's command before it ("RECEIVED: RCPT
 * TO:<r>"); of "SMTPC", our delivery's, "RECEIVED: 550 text" the remote's refusal;
 * "\"APPLICATION\" ... \"hMailServer SpamProtection rejected RCPT (Sender: s, ...)\""
 * a refusal of its own. Its other kinds (TCPIP, DEBUG, IMAPD, POP3D) are the log's. */
bool
log_hmailserver(const char *s, size_t n, struct logline *l)
{
	struct span f[7];
	size_t k = tabs(s, n, f, 7);
	if (k < 3 || f[0].n < 3 || f[0].s[0] != '"')
		return false;
	struct span kind = unquote(f[0]);
	*l = (struct logline){.kind = LOG_OTHER, .format = "hmailserver"};
	l->message = (struct span){s, n};
	if (is(kind, "APPLICATION")) {
		struct span t = unquote(f[k - 1]);
		l->time = unquote(f[k - 2]);
		const char *r = t.n ? log_find(t.s, t.n, " rejected RCPT") : NULL;
		if (r) {
			l->reply = t;
			l->sender = log_field(t.s, t.n, "(Sender: ");
			l->stage = STAGE_RCPT;
			l->outcome = (struct span){"rejected", 8};
			l->kind = LOG_REJECT;
		}
		return true;
	}
	bool server = is(kind, "SMTPD");
	if ((!server && !is(kind, "SMTPC")) || k < 6)
		return true;
	l->queue_id = f[2];
	l->id = LOGID_SESSION;
	l->time = unquote(f[3]);
	struct span ip = unquote(f[4]), t = unquote(f[5]);
	bool sent = log_starts(t, "SENT: ");
	if (!sent && !log_starts(t, "RECEIVED: "))
		return true;
	struct span d = {t.s + (sent ? 6 : 10), t.n - (sent ? 6 : 10)};
	/* a command: ours to the remote (SMTPC), the client's to us (SMTPD) */
	if (sent != server) {
		unsigned char st = d.n ? wrapper_stage(d.s, d.n) : STAGE_NONE;
		if (st == STAGE_RCPT)
			l->recipient = address(d);
		else if (st == STAGE_MAIL)
			l->sender = address(d);
		if (st != STAGE_NONE) {
			l->stage = st;
			l->kind = LOG_CONTEXT;
		}
		return true;
	}
	if (!refusal(d))
		return true;
	l->reply = d;
	if (server)
		l->client = ip;
	else
		l->relay = ip;
	refused(l, server);
	return true;
}
