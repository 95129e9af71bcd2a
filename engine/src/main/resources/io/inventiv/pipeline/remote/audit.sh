#!/bin/sh
# `sh -c THIS audit REMOTE_DIR`: the whole audit log (rollback picks its release from it).
cat "$1/.inventiv/audit.log" 2>/dev/null
exit 0
