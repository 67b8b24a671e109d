#!/bin/sh
# seeds.sh: every code, event, classification and reply text of the vendor documents,
# and the RFC and registry codes, looked up in the built binary. The expectations in
# tests/data/seeds.tsv were written from the documents, not from codes/.
. tests/lib.sh
tab=$(printf '\t')
while IFS="$tab" read -r table input frags; do
	case $table in '#'* | '') continue ;; esac
	if [ "$table" = all ]; then
		t "$input" 0 --has-each "$frags" --noerr -- --format=json -v -- "$input"
	else
		t "$table: $input" 0 --has-each "$frags" --noerr -- --format=json -v --table="$table" -- "$input"
	fi
done <tests/data/seeds.tsv
done_testing
