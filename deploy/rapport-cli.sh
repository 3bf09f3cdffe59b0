#!/bin/sh
# `rapport <command>` on a server set up as docs/self-hosting.md describes: runs the Rapport CLI as the service
# runs, as the rapport user with /etc/rapport/rapport.env. Install: sudo install -m 0755 deploy/rapport-cli.sh
# /usr/local/bin/rapport. Example: sudo rapport backup /var/lib/rapport/backups/rapport-$(date +%F).db
set -eu
RAPPORT_HOME=${RAPPORT_HOME:-/opt/rapport}
RAPPORT_ENV=${RAPPORT_ENV:-/etc/rapport/rapport.env}
# INIT_CWD: relative paths (a backup file) are taken from where you ran the command, as with pnpm rapport.
exec sudo -u rapport -- env INIT_CWD="$PWD" RAPPORT_HOME="$RAPPORT_HOME" RAPPORT_ENV="$RAPPORT_ENV" sh -c '
  set -a; . "$RAPPORT_ENV"; set +a
  cd "$RAPPORT_HOME/server" && exec node run.mjs "$@"' rapport "$@"
