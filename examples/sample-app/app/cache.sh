#!/bin/sh
# Stand-in for a service the release does not own (a database, a proxy): idles until stopped.
trap 'exit 0' TERM INT
echo "cache: up on $(uname -m)"
while :; do sleep 3600 & wait $!; done
