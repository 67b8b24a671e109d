#!/bin/sh
# hostile.sh: input from strangers and output that fails: every byte of a text counts,
# nothing the user or a server wrote reaches the terminal as a control, and a result
# that cannot be written stops the run at once
. tests/lib.sh

# a NUL byte is part of the text, not its end
printf 'Dropped\000garbage\n' >"$tmp/nul1"
printf 'mailboxfull\000zzz\n' >"$tmp/nul2"
printf '1001\000xyz\n' >"$tmp/nul3"
for f in nul1 nul2 nul3; do
	t "a NUL byte does not end the key ($f)" 65 --stdin "$tmp/$f" \
		--has '"recognized":false' --err "␀" -- --format=json
done
t "the key without the NUL is still known" 0 --has '"decided_by":"finalsite:Dropped"' \
	-- --format=json Dropped

# a byte-order mark before the first line is not part of it; invisibles are shown
printf '\357\273\277550 5.1.1 User unknown\n' >"$tmp/bom"
t "a byte-order mark on the first line" 0 --stdin "$tmp/bom" \
	--has '"input":"550 5.1.1 User unknown"' --has '"reason":"userunknown"' -- --format=json
printf '\357\273\277zzz\342\200\213q\n' >"$tmp/bom2"
t "the message shows a zero-width space, and no mark" 65 --stdin "$tmp/bom2" \
	--err "'zzz\\u200Bq'" -- -f text
printf '550 x\342\200\213y\357\273\277z\302\255w\n' >"$tmp/invis"
t "text output shows invisible characters" 0 --stdin "$tmp/invis" \
	--has 'x\u200By\uFEFFz\u00ADw' -- --color=never -v
t "JSON escapes them" 0 --stdin "$tmp/invis" --has '"input":"550 x\u200by\ufeffz\u00adw"' \
	-- --format=json

# option values are echoed safely
t "an option value with an escape sequence" 64 --err "no table '␛]0;PWNED␇'" \
	-- "--table=$(printf '\033]0;PWNED\007')" 550
t "an unknown option with a control character" 64 --err "unknown option: '--x␛'" \
	-- "--x$(printf '\033')"

# options end at the first input
t "a dash word inside an unquoted reply is text" 0 --lines 1 \
	--has '"input":"550 5.7.1 Message rejected -see x"' \
	-- --format=json 550 5.7.1 Message rejected -see x
t "-q inside the text does not make it quiet" 0 --lines 1 --has '"input":"550 -q"' \
	-- --format=json 550 -q
t "-- ends the options" 65 --err "'-q': not a reply code" -- -- -q

# write errors: seen at once, exit 74
n=$((n + 1))
title="--help to a full disk exits 74"
if [ -w /dev/full ]; then
	$SMTPCODE --help >/dev/full 2>"$tmp/err"
	s=$?
	if [ $s -eq 74 ] && grep -q "write error" "$tmp/err"; then echo "ok $n - $title"; else not_ok "exit $s"; fi
	n=$((n + 1))
	title="--version to a full disk exits 74"
	$SMTPCODE --version >/dev/full 2>/dev/null
	s=$?
	if [ $s -eq 74 ]; then echo "ok $n - $title"; else not_ok "exit $s"; fi
	n=$((n + 1))
	title="results to a full disk stop at the first failed write, with one message"
	awk 'BEGIN { for (i = 0; i < 300000; i++) print "550 5.1.1 User unknown" }' >"$tmp/many"
	$SMTPCODE --format=json <"$tmp/many" >/dev/full 2>"$tmp/err" &
	pid=$!
	# a run that went on to the end would take seconds; stopped at once, a blink
	sleep 1
	if kill -0 $pid 2>/dev/null; then
		kill $pid
		not_ok "still running after a failed write"
	else
		wait $pid
		s=$?
		if [ $s -eq 74 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then echo "ok $n - $title"
		else not_ok "exit $s, $(wc -l <"$tmp/err") lines on stderr"; fi
	fi
else
	echo "ok $n - $title # SKIP no /dev/full"
fi

n=$((n + 1))
title="a closed pipe with SIGPIPE ignored ends the run quietly, 74"
(
	trap '' PIPE
	yes 550 2>/dev/null | $SMTPCODE 2>"$tmp/err" | head -n 1 >/dev/null
	echo $? >"$tmp/status"
) &
pid=$!
sleep 2
if kill -0 $pid 2>/dev/null; then
	pkill -P $pid 2>/dev/null
	kill $pid 2>/dev/null
	not_ok "never stopped"
else
	wait $pid
	# the pipeline's status is head's; smtpcode's is not seen here, its silence is
	if [ -s "$tmp/err" ]; then not_ok "stderr: $(head -c 200 "$tmp/err")"; else echo "ok $n - $title"; fi
fi
done_testing
