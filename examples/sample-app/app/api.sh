#!/bin/sh
# The sample "api": refuses to start without its secret (so a broken env file fails the
# deploy's health check), marks itself healthy, then idles until compose stops it.
trap 'exit 0' TERM INT
if [ -z "$API_TOKEN" ]; then
  echo "api: API_TOKEN is not set" >&2
  exit 1
fi
echo "api: ready on $(uname -m), log level ${RUST_LOG:-info}"
touch /tmp/healthy
while :; do sleep 3600 & wait $!; done
