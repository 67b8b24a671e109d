# bench/lib.sh: what the throughput scripts share; sourced after they set lines and bin
tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpcode-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
file=$tmp/replies.txt

# run LABEL COMMAND...: times COMMAND reading $file, $runs times (RUNS in the
# environment, 3 by default: a shared machine's timings vary by a third from run to
# run), prints the fastest run's lines and bytes a second and the slowest run's time
# ($size is the file's size, set by the script once the file is made), and leaves the
# fastest run's seconds in $t. Output goes to /dev/null, but grep's to a file: GNU grep
# stops at the first match when its output is /dev/null.
runs=${RUNS:-3}
run() {
	label=$1
	shift
	out=/dev/null
	[ "$1" = grep ] && out=$tmp/out
	t= slow=
	i=0
	while [ "$i" -lt "$runs" ]; do
		start=$(date +%s.%N)
		"$@" <"$file" >"$out" 2>&1
		end=$(date +%s.%N)
		one=$(awk -v s="$start" -v e="$end" 'BEGIN { t = e - s; if (t <= 0) t = 0.000001; print t }')
		t=$(awk -v a="$t" -v b="$one" 'BEGIN { print (a == "" || b < a) ? b : a }')
		slow=$(awk -v a="$slow" -v b="$one" 'BEGIN { print (a == "" || b > a) ? b : a }')
		i=$((i + 1))
	done
	awk -v l="$label" -v t="$t" -v w="$slow" -v r="$runs" -v n="$lines" -v b="$size" 'BEGIN {
		printf "%-28s %8.3f s  %12.0f lines/s  %8.1f MB/s", l, t, n / t, b / t / 1e6
		if (r > 1) printf "  (fastest of %d; slowest %.3f s)", r, w
		printf "\n" }'
}
