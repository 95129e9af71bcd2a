#!/bin/sh
# Which compose the host has, decided once for every script that runs it (the engine prepends
# this file to deploy.sh, status.sh and logs.sh). COMPOSE_VERSION is 2 for the `docker compose`
# plugin (what the VMs run, preferred), 1 for `docker-compose`, empty when there is neither;
# COMPOSE_CMD is the command's words; COMPOSE_PS_ALL the `ps` flag that also lists stopped
# containers (v1 lists them by default, v2 only with --all, which adds one-off `run` containers:
# their com.docker.compose.oneoff label drops them where it matters).
# shellcheck disable=SC2034 # read by the script this file is put before
if docker compose version >/dev/null 2>&1; then COMPOSE_VERSION=2 COMPOSE_CMD="docker compose" COMPOSE_PS_ALL=--all
elif command -v docker-compose >/dev/null 2>&1; then COMPOSE_VERSION=1 COMPOSE_CMD=docker-compose COMPOSE_PS_ALL=
else COMPOSE_VERSION='' COMPOSE_CMD='' COMPOSE_PS_ALL=''; fi
