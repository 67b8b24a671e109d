#!/bin/sh
# prose.sh: the words agree with the verdict. Walks every enhanced detail code of the
# registry under each class it can have (2.x.x only for the details a success uses),
# alone, after a reply code of its class and after one of the other class; every
# subject and class row (reached through a detail that no row lists); every reason
# typed as input, and every reason's retry_advice under a 4xx and a 5xx as decide()
# shows it (a phrase of a reply text can give any reason to any code); every reply
# code and class row of the generic table; every row of each vendor table. In each
# answer the words of remediation and retry_advice must not contradict retry, bounce
# and class, and the summaries (the row's and the reason's) must not contradict retry.
# One test per family of checks; a failure names each input, its verdict, and the
# words that contradict it.
#
# A sentence or clause that names a class ("a 4xx", "for a 5.2.2", "4.x.x") speaks
# only to that class: it is read for an input of that class, and skipped for the other
# class and for an input with no class (a reason or a vendor word typed alone). To a
# success every clause is read, conditional or not: a success gets no failure advice.
# usage: [SMTPCODE=./smtpcode] sh tests/prose.sh [SMTPCODE], from the repository root
[ -n "${1:-}" ] && SMTPCODE=$1
. tests/lib.sh

# the words each family looks for, as extended regular expressions over a clause in
# lower case with every run of other characters than letters and digits made one space,
# and a space at each end (so " retry later " is a whole-word match). Not {m,n}: mawk.
w='( [a-z0-9]+)?'
any6="$w$w$w$w$w$w"
any8="$any6$w$w"
# retry is false: nothing may say to retry later
retry_later=" (retry|retrying|try again|try it again|resend|resending|send again|send it again)( it| the message| them)?( much| a little| a bit)? (later|shortly|soon|after a (while|pause|short|few)|after [0-9]|in a (few|little|later)|over (several|a few|some|the next|hours|days)|within (a few|the next|minutes))"
retry_later="$retry_later| will (retry|be retried|try again|keep trying)"
retry_later="$retry_later| (let|allow) (your|the)( [a-z]+)?( [a-z]+)? (retry|retries)"
retry_later="$retry_later| (wait|pause) (and|then) (retry|try again|resend|send again)"
retry_later="$retry_later| (the|automatic|its) retries (run|continue|will)"
retry_later="$retry_later| worth (retrying|a retry|trying again)"
retry_later="$retry_later| (clear|succeed|work|go through|pass) (on|with) (a |the |its )?(own |next )?(retry|attempt)"
retry_later="$retry_later| again in (a )?later (campaign|send|mailing)"
# retry is true: nothing may say not to retry
no_retry=" (do not|don t|never|must not) (retry|resend|re send|try again|send( it| this| the message)? again)"
no_retry="$no_retry| not (be )?retried| no point (in )?(retrying|resending|trying)| pointless| not worth (retrying|a retry)"
no_retry="$no_retry| will not (change|clear|help|work|succeed) on (a )?retry"
no_retry="$no_retry| (retrying|retries|resending|sending( it)? again|trying again|the same message)$any6 (will|would) (fail|not help|not work|be refused|keep failing)"
no_retry="$no_retry| (will|would) (fail|be refused|keep failing) (again|the same way)| fails? the same way"
no_retry="$no_retry| (retry|retrying|resend|resending|try again|send( it)? again) only | only (helps|works) (once|after|when)"
no_retry="$no_retry| (retrying|retries) (does|do|will) not help| blind retries"
no_retry="$no_retry| (retrying|resending)$any8 fails?( again| the same way)? "
# bounce is soft or unknown: nothing may say to remove the address
remove=" (remove|delete|drop|purge|unsubscribe|suppress)( it| them| the address| this address| that address| the old address| the subscriber| this subscriber| the contact| the recipient) "
remove="$remove| (remove|delete|drop)( it| them| the address| the subscriber)? (from|off) (your|the|all|every) | off (your|the) (list|lists|mailing list) "
# bounce is hard: nothing may say to keep it
keep=" keep (the|this|that) address (on|in|for|and|active|but) | keep (the|this|that) address $| keep (it|them|the subscriber) (on|in) (your |the )?lists?"
keep="$keep| (do not|don t) (remove|delete|drop) (it|the address)| keep (sending|mailing)| address is (still )?(valid|fine|good) "
# a success or an intermediate reply: no failure advice ("nothing to fix" is no advice)
failure=" (fix|fixes|fixing|remove|removing|delete|deleting|retry|retries|retrying|resend|resending|correct (it|the|your)|try( it)? again|(send|sending)( it| the message)? again) "
failure_exempt=" nothing (to|needs) fix(ing)? "
# summaries: retry true is not "given up"; retry false is not "being retried"
gaveup=" (given up|gave up|stopped trying|no longer (tried|retried)|will not be (retried|delivered)|was abandoned) "
retrying=" (will be retried|is being retried|will retry|still (queued|being tried|trying)) "

# the walk: one file of inputs per table
keys() { # TABLE: "key<TAB>kind<TAB>text" of each row
	$SMTPCODE --list "$1" --format=json | sed -En \
		's/^\{"key":"([^"]*)","kind":"([^"]*)".*"text":("([^"\\]|\\.)*"|null).*/\1	\2	\3/p'
}
keys generic >"$tmp/generic.keys"
# the details a success may carry: any X.N.0, and those the registry or RFC 3463 give
# for a success (2.1.5 address valid, 2.3.6 priority changed, 2.6.4 lossy conversion,
# 2.6.8 with 252, 2.7.7 integrity)
success_details=" X.1.5 X.3.6 X.6.4 X.6.8 X.7.7 "
while IFS='	' read -r key kind text; do
	case $kind:$key in
	enhanced:X.*.XXX) # a subject: a detail that no row lists falls back to it
		s=${key#X.}; s=${s%.XXX}
		printf '%s\n' "2.$s.99" "4.$s.99" "5.$s.99" "250 2.$s.99" "451 4.$s.99" "550 5.$s.99"
		;;
	enhanced:X.*)
		d=${key#X.}
		printf '%s\n' "4.$d" "5.$d" "451 4.$d" "550 5.$d" "450 5.$d" "550 4.$d"
		case "$success_details" in *" $key "*) printf '%s\n' "2.$d" "250 2.$d" ;; esac
		case $key in X.*.0) printf '%s\n' "2.$d" "250 2.$d" ;; esac
		;;
	enhanced:*) # a class row, reached through a subject no row has
		c=${key%%.*}
		printf '%s\n' "$c.9.9" ;;
	reply:* | class:*)
		printf '%s\n' "$key" ;;
	esac
done <"$tmp/generic.keys" | sort -u >"$tmp/in.generic"
$SMTPCODE --list reasons --format=csv | sed '1d; s/,.*//' >"$tmp/reasons"
cp "$tmp/reasons" "$tmp/in.all"
cp "$tmp/reasons" "$tmp/in.reasons"
vendors=$($SMTPCODE --list --format=csv | sed -n 's/^\([a-z]*\),vendor,.*/\1/p')
for v in $vendors; do
	keys "$v" | while IFS='	' read -r key kind text; do
		case $text in
		null) printf '%s\n' "$key" ;;
		*) text=${text#\"}; text=${text%\"}
		   printf '%s %s\n' "$key" "$(printf '%s' "$text" | sed 's/\\"/"/g; s/\*/x/g')" ;;
		esac
	done >"$tmp/in.$v"
done

: >"$tmp/out"
for t in generic all reasons $vendors; do
	opt="--table=$t"
	[ "$t" = all ] && opt=""
	# shellcheck disable=SC2086
	$SMTPCODE_WRAP $SMTPCODE --format=json -v $opt <"$tmp/in.$t" >"$tmp/out.$t" 2>"$tmp/err.$t"
	sed "s/^/$t	/" "$tmp/out.$t" >>"$tmp/out"
done

n=$((n + 1))
title="the walk: every input is recognized"
inputs=$(cat "$tmp"/in.* | wc -l)
answers=$(wc -l <"$tmp/out")
unrec=$(grep -c '"recognized":false' "$tmp/out")
if [ "$inputs" -gt 500 ] && [ "$answers" -eq "$inputs" ] && [ "$unrec" -eq 0 ]; then
	echo "ok $n - $title ($inputs inputs)"
else
	not_ok "$inputs inputs, $answers answers, $unrec not recognized" \
		"$(cat "$tmp"/err.* | head -5)"
fi

$SMTPCODE --list reasons --format=json >"$tmp/reasons.json"
awk -v RA="$retry_later" -v RB="$no_retry" -v RC="$remove" -v RD="$keep" \
	-v RE="$failure" -v REX="$failure_exempt" -v RF="$gaveup" -v RG="$retrying" '
function unesc(s) { gsub(/\001/, "\"", s); gsub(/\002/, "\\", s); return s }
# field K of the line, escapes hidden: a string without its quotes, or null/true/false
function field(s, k,   re, v) {
	re = "\"" k "\":(\"[^\"]*\"|null|true|false)"
	if (!match(s, re)) return "null"
	v = substr(s, RSTART + length(k) + 3, RLENGTH - length(k) - 3)
	if (v ~ /^"/) v = substr(v, 2, length(v) - 2)
	return v
}
# which class a clause speaks to: "t" (names a 4xx), "p" (a 5xx), both, or neither
function cond(c,   l, r) {
	l = tolower(c)
	gsub(/port [0-9]+/, "port", l)
	r = ""
	if (l ~ /(^|[^0-9.])4(xx|yz|\.x\.x|\.xxx|[0-9][0-9]|\.[0-9]+\.[0-9]+)([^0-9]|$)/) r = r "t"
	if (l ~ /(^|[^0-9.])5(xx|yz|\.x\.x|\.xxx|[0-9][0-9]|\.[0-9]+\.[0-9]+)([^0-9]|$)/) r = r "p"
	return r
}
function applies(c, cls,   k) {
	k = cond(c)
	return k == "" || (cls == "transient" && k ~ /t/) || (cls == "permanent" && k ~ /p/)
}
function norm(c,   l) {
	l = tolower(c)
	gsub(/[^a-z0-9]+/, " ", l)
	return " " l " "
}
# check: the clauses of text T (field name F) that apply to class CLS (every clause
# when ALL) must not match RE; each match is written to family FAM
function check(fam, f, t, re, cls, all, exempt,   parts, np, i, x) {
	if (t == "null" || t == "") return
	checked[fam]++
	x = t
	gsub(/; |\. |, but |, while /, "\003", x)
	np = split(x, parts, "\003")
	for (i = 1; i <= np; i++) {
		if (!all && !applies(parts[i], cls)) continue
		x = norm(parts[i])
		if (exempt != "") gsub(exempt, " ", x)
		if (match(x, re)) {
			bad[fam] = bad[fam] "[" table "] " input " (" what ") " f ": \"" \
				substr(x, RSTART + 1, RLENGTH - 1) "\" in: " unesc(parts[i]) "\n"
			nbad[fam]++
		}
	}
}
# a reason under each class a reply can give it (a phrase of a reply text can pair any
# reason with any code): its retry_advice as decide() shows it. A 4xx is retried and is
# never hard, and shows no advice for a reason that follows the class; a 5xx is retried
# only for a reason whose rule is yes. Not under a 4xx: the reasons that are no refusal
# (bounce none) and those never to be mailed again whatever the code (hard, rule no).
function underclass(r, b, rule, adv, sum,   cls, retry, bounce) {
	table = "reasons"; reason = r
	if (b != "none" && !(b == "hard" && rule == "no") && rule != "class") {
		cls = "transient"; bounce = (b == "hard") ? "soft" : b
		input = r " under a 4xx"; what = cls "; retry true; bounce " bounce "; " r
		check("B", "retry_advice", adv, RB, cls)
		if (bounce == "soft") check("C", "retry_advice", adv, RC, cls)
		check("F", "reason summary", sum, RF, cls)
	}
	cls = "permanent"; retry = (rule == "yes") ? "true" : "false"
	bounce = (b == "none") ? "null" : b
	input = r " under a 5xx"; what = cls "; retry " retry "; bounce " bounce "; " r
	check(retry == "true" ? "B" : "A", "retry_advice", adv, retry == "true" ? RB : RA, cls)
	if (bounce == "hard") check("D", "retry_advice", adv, RD, cls)
	else check("C", "retry_advice", adv, RC, cls)
	check("F", "reason summary", sum, retry == "true" ? RF : RG, cls)
}
FNR == NR {
	gsub(/\\\\/, "\002"); gsub(/\\"/, "\001")
	rsum[field($0, "reason")] = field($0, "summary")
	underclass(field($0, "reason"), field($0, "bounce"), field($0, "retry"),
		field($0, "retry_advice"), field($0, "summary"))
	next
}
{
	table = $0; sub(/\t.*/, "", table)
	line = $0; sub(/^[^\t]*\t/, "", line)
	sub(/,"matches":.*/, "", line)
	gsub(/\\\\/, "\002", line); gsub(/\\"/, "\001", line)
	input = unesc(field(line, "input"))
	cls = field(line, "class"); retry = field(line, "retry"); bounce = field(line, "bounce")
	reason = field(line, "reason")
	what = cls "; retry " retry "; bounce " bounce "; " reason
	rem = field(line, "remediation"); adv = field(line, "retry_advice")
	sum = field(line, "summary"); rs = (reason in rsum) ? rsum[reason] : "null"
	if (retry == "false") { check("A", "remediation", rem, RA, cls); check("A", "retry_advice", adv, RA, cls) }
	if (retry == "true") { check("B", "remediation", rem, RB, cls); check("B", "retry_advice", adv, RB, cls) }
	if (bounce == "soft" || bounce == "null") {
		check("C", "remediation", rem, RC, cls); check("C", "retry_advice", adv, RC, cls)
	}
	if (bounce == "hard") { check("D", "remediation", rem, RD, cls); check("D", "retry_advice", adv, RD, cls) }
	if (cls == "success" || cls == "intermediate") {
		check("E", "remediation", rem, RE, cls, 1, REX); check("E", "retry_advice", adv, RE, cls, 1, REX)
	}
	if (retry == "true") { check("F", "summary", sum, RF, cls); check("F", "reason summary", rs, RF, cls) }
	if (retry == "false") { check("F", "summary", sum, RG, cls); check("F", "reason summary", rs, RG, cls) }
}
END {
	split("A B C D E F", fams, " ")
	for (i = 1; i <= 6; i++) {
		f = fams[i]
		printf "%s\t%d\t%d\n", f, checked[f], nbad[f] > (tmp "/family." f)
		printf "%s", bad[f] > (tmp "/bad." f)
	}
}' tmp="$tmp" "$tmp/reasons.json" "$tmp/out"

family() { # FAMILY TITLE
	n=$((n + 1))
	title="$2"
	IFS='	' read -r _ checked nbad <"$tmp/family.$1"
	if [ "${checked:-0}" -eq 0 ]; then
		not_ok "no text was checked"
	elif [ "$nbad" -eq 0 ]; then
		echo "ok $n - $title ($checked texts)"
	else
		not_ok "$nbad contradictions in $checked texts:"
		sed 's/^/#   /' "$tmp/bad.$1"
	fi
}
family A "retry: no: neither remediation nor retry_advice tells to retry later"
family B "retry: yes: neither remediation nor retry_advice tells not to retry"
family C "soft or unknown bounce: neither remediation nor retry_advice tells to remove the address"
family D "hard bounce: neither remediation nor retry_advice tells to keep the address"
family E "a success: neither remediation nor retry_advice gives failure advice"
family F "the summaries (the row's and the reason's) agree with retry"

done_testing
