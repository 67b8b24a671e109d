# fish completion for smtpcode(1)
set -l tables generic finalsite smaily mailenable reasons
complete -c smtpcode -s f -l format -x -a 'text json csv' -d 'Output format'
complete -c smtpcode -s t -l table -x -a "$tables" -d 'Look only in this table'
complete -c smtpcode -s l -l list -a "$tables" -d 'Print the entries of a table'
complete -c smtpcode -s q -l quiet -d 'Print nothing; the exit status is the verdict'
complete -c smtpcode -l color -x -a 'auto always never' -d 'Colour text output'
complete -c smtpcode -l colour -x -a 'auto always never' -d 'Colour text output'
complete -c smtpcode -s h -l help -d 'Print help and exit'
complete -c smtpcode -s V -l version -d 'Print the version and exit'
