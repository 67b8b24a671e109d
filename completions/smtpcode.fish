# fish completion for smtpcode(1)
# The table names are kept here; tests/docs.sh checks them against `smtpcode --list`.
set -l tables generic finalsite smaily mailenable reasons phrases providers google microsoft yahoo apple att cox charter godaddy zoho gmx webde mailru yandex orange laposte qq proofpoint mimecast barracuda cisco messagelabs trendmicro
# inputs are codes and reply lines, not files, but with --mail they are files
complete -c smtpcode -f
complete -c smtpcode -n '__fish_contains_opt -s m mail' -F
complete -c smtpcode -s f -l format -x -a 'text json csv' -d 'Output format'
complete -c smtpcode -s t -l table -x -a "$tables" -d 'Look only in this table'
complete -c smtpcode -s l -l list -a "$tables" -d 'Print the entries of a table, or the tables'
# its table may also be the next word
complete -c smtpcode -n 'string match -qr -- "^(-l|--list)\$" (commandline -opc)[-1]' -a "$tables" -d 'Table'
complete -c smtpcode -s q -l quiet -d 'Print nothing; the exit status is the verdict'
complete -c smtpcode -s v -l verbose -d 'Print every table row that applied in full'
complete -c smtpcode -s a -l all -d 'In a mail log, the successful deliveries too'
complete -c smtpcode -s m -l mail -d 'The inputs are e-mails: files, mboxes, Maildirs'
complete -c smtpcode -l summary -d 'Print what the inputs add up to instead of each one'
complete -c smtpcode -l line-buffered -d 'Write each result at once'
complete -c smtpcode -l log-format -x -a 'auto none postfix sendmail exim qmail courier opensmtpd kerio domino assp oracle-ims exchange mailenable hmailserver haraka fortimail' -d 'Read standard input as this log'
complete -c smtpcode -l color -x -a 'auto always never' -d 'Colour text output'
complete -c smtpcode -l colour -x -a 'auto always never' -d 'Colour text output'
complete -c smtpcode -s h -l help -d 'Print help and exit'
complete -c smtpcode -s V -l version -d 'Print the version and exit'
