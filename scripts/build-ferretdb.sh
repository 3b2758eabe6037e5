#!/usr/bin/env bash
# Builds the embedded database (FerretDB v1.24.2, SQLite backend) from the Go module proxy into
# .tools/ferretdb. Reused once built; the first build takes a few minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.tools/ferretdb"
if [ -x "$out" ] && [ "$out" -nt "$root/scripts/ferretdb/main.go" ] && [ "$out" -nt "$root/scripts/ferretdb/go.mod" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  for g in /usr/local/go/bin/go "$HOME/go/bin/go"; do [ -x "$g" ] && PATH="$(dirname "$g"):$PATH" && break; done
fi
command -v go >/dev/null 2>&1 || { echo "build-ferretdb: Go (>= 1.24) is needed to build the embedded database; install it, or set MONGODB_URI to a MongoDB 6/7 server." >&2; exit 1; }
echo "build-ferretdb: building FerretDB v1.24.2 into .tools/ (first build takes 2-4 minutes)…" >&2
mkdir -p "$root/.tools"
cd "$root/scripts/ferretdb"
go build -trimpath -o "$out.tmp" .
mv "$out.tmp" "$out"
echo "build-ferretdb: done" >&2
