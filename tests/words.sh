#!/bin/sh
# words.sh: reply lines as users paste them, judged by their words: every wrapper
# style, the stage rules, mismatches, nested and flattened replies, other languages,
# and verdicts that were wrong once; and who answered (tests/data/providers.tsv). The
# expectations in both files are ours.
. tests/lib.sh
tab=$(printf '\t')
while IFS="$tab" read -r input frags; do
	case $input in '#'* | '') continue ;; esac
	t "$(printf '%.60s' "$input")" 0 --has-each "$frags" -- --format=json -- "$input"
done <<EOF
$(cat tests/data/words.tsv tests/data/providers.tsv)
EOF
done_testing
