/* fuzz_mail.c: a libFuzzer target for the e-mail reader: any bytes, as lines, are one
 * e-mail (or, when the first line says so, an mbox of them); every string it keeps must
 * fit its buffer and end in a NUL, the recipients stay within LIMIT_RECIPIENTS, and the
 * MIME depth within LIMIT_MIMEDEPTH */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "mail.h"

static struct mail m;

#define FITS(obj, name) \
	do { \
		if ((obj).name##len >= sizeof (obj).name || (obj).name[(obj).name##len] != '\0') \
			check_fail("mail: a string past its buffer: " #name, NULL, 0); \
	} while (0)

static void
check_mail(void)
{
	if (m.nrcpt > LIMIT_RECIPIENTS || m.depth < 0 || m.depth > LIMIT_MIMEDEPTH ||
	    m.textlen > sizeof m.text || m.fieldlen > sizeof m.field || m.declen > sizeof m.dec)
		check_fail("mail: a bound broken", NULL, 0);
	for (size_t i = 0; i < m.nrcpt; i++) {
		const struct mailrcpt *c = &m.rcpt[i];
		FITS(*c, recipient);
		FITS(*c, orig);
		FITS(*c, action);
		FITS(*c, status);
		FITS(*c, remote_mta);
		FITS(*c, last_attempt);
		FITS(*c, diagnostic);
	}
	FITS(m.msg, reporting_mta);
	FITS(m.msg, sender);
	FITS(m.msg, subject);
	FITS(m.msg, message_id);
	FITS(m.msg, feedback_type);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	mail_begin(&m);
	bool blank = true;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl ? nl : end) - s);
		if (blank && mail_mbox_from(s, n)) {
			mail_end(&m);
			check_mail();
			mail_begin(&m);
		} else {
			mail_line(&m, s, n);
		}
		blank = n == 0;
		if (!nl)
			break;
		s = nl + 1;
	}
	mail_end(&m);
	check_mail();
	return 0;
}
