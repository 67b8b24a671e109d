# lib.sh: TAP helpers for the end-to-end tests; sourced by tests/*.sh
#
# t TITLE STATUS [--stdin FILE] [--out FILE] [--has TEXT]... [--has-each TEXTS]...
#   [--lacks TEXT]... [--err TEXT] [--noerr] [--lines N] -- ARGS...
# runs $SMTPCODE ARGS, and checks the exit status, stdout against FILE (exact), that
# stdout has (or lacks) each TEXT, and each of TEXTS (texts separated by tabs, as the
# columns of a tests/data file), that stderr has TEXT or is empty, that stdout has N
# lines.

SMTPCODE=${SMTPCODE:-./smtpcode}
SMTPCODE_WRAP=${SMTPCODE_WRAP:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
failed=0

not_ok() {
	echo "not ok $n - $title"
	printf '# %s\n' "$@"
	failed=$((failed + 1))
}

t() {
	title=$1 want=$2
	shift 2
	stdin=/dev/null out="" err="" noerr="" lines=""
	: >"$tmp/has"
	: >"$tmp/lacks"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		case $1 in
		--stdin) stdin=$2 ;;
		--out) out=$2 ;;
		--has) printf '%s\n' "$2" >>"$tmp/has" ;;
		--has-each) printf '%s\n' "$2" | tr '\t' '\n' >>"$tmp/has" ;;
		--lacks) printf '%s\n' "$2" >>"$tmp/lacks" ;;
		--err) err=$2 ;;
		--noerr) noerr=1; shift; continue ;;
		--lines) lines=$2 ;;
		*) echo "lib.sh: bad test option $1" >&2; exit 2 ;;
		esac
		shift 2
	done
	shift
	n=$((n + 1))
	# shellcheck disable=SC2086
	$SMTPCODE_WRAP $SMTPCODE "$@" <"$stdin" >"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	if [ "$got" != "$want" ]; then
		not_ok "exit status $got, expected $want" "stderr: $(head -c 600 "$tmp/stderr")"
		return
	fi
	if [ -n "$out" ] && ! cmp -s "$out" "$tmp/stdout"; then
		not_ok "stdout differs from $out:" "$(diff "$out" "$tmp/stdout" | head -20)"
		return
	fi
	while IFS= read -r s; do
		if ! grep -qF -- "$s" "$tmp/stdout"; then
			not_ok "stdout lacks: $s" "stdout: $(head -c 600 "$tmp/stdout")"
			return
		fi
	done <"$tmp/has"
	while IFS= read -r s; do
		if grep -qF -- "$s" "$tmp/stdout"; then
			not_ok "stdout has: $s"
			return
		fi
	done <"$tmp/lacks"
	if [ -n "$err" ] && ! grep -qF -- "$err" "$tmp/stderr"; then
		not_ok "stderr lacks: $err" "stderr: $(head -c 600 "$tmp/stderr")"
		return
	fi
	if [ -n "$noerr" ] && [ -s "$tmp/stderr" ]; then
		not_ok "stderr not empty:" "$(head -c 600 "$tmp/stderr")"
		return
	fi
	if [ -n "$lines" ] && [ "$(wc -l <"$tmp/stdout")" -ne "$lines" ]; then
		not_ok "stdout has $(wc -l <"$tmp/stdout") lines, expected $lines"
		return
	fi
	echo "ok $n - $title"
}

done_testing() {
	echo "1..$n"
	echo "# $(basename "$0"): $((n - failed)) passed, $failed failed"
	[ "$failed" -eq 0 ]
}
