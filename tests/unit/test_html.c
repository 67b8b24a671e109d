/* test_html.c: the text of an HTML body, line by line */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "html.h"

static char out[4096];

/* the text of the lines, each rewritten in place as the mail reader does */
static const char *
text(const char *const *lines)
{
	struct html h;
	html_begin(&h);
	size_t o = 0;
	for (; *lines; lines++) {
		char buf[512];
		size_t n = strlen(*lines);
		assert_true(n < sizeof buf);
		memcpy(buf, *lines, n);
		size_t k = html_text(&h, buf, n, sizeof buf);
		assert_true(k <= n + 1);
		memcpy(out + o, buf, k);
		o += k;
	}
	out[o] = '\0';
	return out;
}

#define TEXT(...) text((const char *const[]){__VA_ARGS__, NULL})

static void
tags_and_blocks(void **state)
{
	(void)state;
	/* a paragraph ends with a blank line, a <br> with a line end; inline tags are
	 * nothing, table cells a space; the head, its style and a script are left out */
	assert_string_equal(TEXT("<html><head><title>NDR</title><style>p{x:y}</style></head>",
	                         "<body><p><b>Delivery</b> has failed:</p><p>a@b.example<br>",
	                         "#550 5.1.1 not found ##</p><table><tr><td>x</td><td>y</td></tr>",
	                         "</table><script>if (a<b) c();</script>end"),
	                    "Delivery has failed:\n\na@b.example\n#550 5.1.1 not found ##\n\nx y\n\nend ");
	/* a head left open ends where the body starts */
	assert_string_equal(TEXT("<head><title>t</title><body>text"), "text ");
}

static void
references(void **state)
{
	(void)state;
	assert_string_equal(TEXT("&lt;a@b&gt; &amp; &quot;x&quot; it&#39;s &#x3042;&nbsp;&rsquo;"),
	                    "<a@b> & \"x\" it's \xe3\x81\x82 \xe2\x80\x99 ");
	/* what is no reference stays as it is */
	assert_string_equal(TEXT("AT&T &bogus; &#0; &#xd800; & a"), "AT&T &bogus; &#0; &#xd800; & a ");
}

static void
across_lines(void **state)
{
	(void)state;
	/* a tag, a quoted attribute and a comment go on over line ends; a line end is a
	 * space, white space runs are one */
	assert_string_equal(TEXT("one <a", "href=\"x>y", "\">two</a>   three", "four"),
	                    "one two three four ");
	assert_string_equal(TEXT("a<!-- <p>b@c 550</p>", "-- > still -->d"), "ad ");
	/* a tag begun on an earlier line breaks as far as the bytes of this line allow */
	assert_string_equal(TEXT("x<p", ">y"), "x\ny ");
}

static void
never_longer(void **state)
{
	(void)state;
	/* in place: what is written never passes what was read */
	const char *s = "<p>&#65536;&#x10FFFF;<br>&ndash;</p>";
	char buf[64];
	struct html h;
	html_begin(&h);
	memcpy(buf, s, strlen(s));
	size_t k = html_text(&h, buf, strlen(s), strlen(s));
	assert_true(k <= strlen(s));
	assert_memory_equal(buf, "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\n\xe2\x80\x93", 12);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tags_and_blocks),
		cmocka_unit_test(references),
		cmocka_unit_test(across_lines),
		cmocka_unit_test(never_longer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
