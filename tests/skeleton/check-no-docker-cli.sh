#!/usr/bin/env bash
# No docker CLI process in core/ (issue 21): core talks to the engine through the Engine API
# (core/docker: EngineApi, ContainerExec) only. The one docker program core may start is the
# operator's compose tool (`docker compose`, ComposeTool). Prints, as file:line, each "docker"
# program literal whose next argument is a subcommand other than compose, or that is handed to a
# process start (QProcess start/startDetached/execute/setProgram, runAsync, a program field)
# without "compose" next.
#   check-no-docker-cli.sh SOURCE_DIR
set -uo pipefail
cd "$1" || exit 2
mapfile -t files < <(find core -type f \( -name '*.cpp' -o -name '*.h' \) | sort)
[ "${#files[@]}" -gt 0 ] || { echo "no sources under $1/core"; exit 2; }
perl -0777 -ne '
    my $text = $_;
    my $literal = qr/(?:QStringLiteral|QLatin1String|QString|QByteArray)?\s*\(?\s*"(?:[^"\n]*\/)?docker"\s*\)?/;
    my $argument = qr/^\s*,\s*(?:QStringList\s*)?\{?\s*(?:QStringLiteral|QLatin1String|QString)?\s*\(?\s*"([^"\n]*)"/;
    while ($text =~ /$literal/g) {
        my ($from, $to) = ($-[0], $+[0]);
        my $after = substr($text, $to, 400);
        my $before = substr($text, $from > 160 ? $from - 160 : 0, $from > 160 ? 160 : $from);
        my $line = 1 + (substr($text, 0, $from) =~ tr/\n//);
        my $spawn = $before =~ /(?:runAsync|start|startDetached|execute|setProgram)\s*\([^;{}]*$/ || $before =~ /program\s*=\s*$/;
        if ($after =~ $argument) {
            next if $1 eq "compose";
            print "$ARGV:$line: docker CLI `docker $1` (use the Engine API: core/docker)\n";
            $bad = 1;
        } elsif ($spawn) {
            print "$ARGV:$line: docker program started without `compose` (use the Engine API: core/docker)\n";
            $bad = 1;
        }
    }
    END { exit($bad ? 1 : 0) }
' "${files[@]}"
