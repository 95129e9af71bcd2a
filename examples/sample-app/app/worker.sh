#!/bin/sh
# The sample "worker": marks itself healthy and idles until compose stops it.
trap 'exit 0' TERM INT
echo "worker: ready on $(uname -m)"
touch /tmp/healthy
while :; do sleep 3600 & wait $!; done
