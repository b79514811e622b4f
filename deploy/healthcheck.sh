#!/bin/bash
# Exits 0 when the hub's /healthz answers 200 on the local port, 1 otherwise. Uses bash's
# /dev/tcp, so the image needs neither curl nor wget. Bounded: the caller's timeout applies.
set -u
port="${SLUICE_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 4 status <&3 || exit 1
case "$status" in
  "HTTP/1.1 200"*) exit 0 ;;
  *) exit 1 ;;
esac
