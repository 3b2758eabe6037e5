#!/usr/bin/env bash
# Builds the embedded database (FerretDB v1.24.2, SQLite backend) from the Go module proxy into
# .tools/ferretdb. Reused once built; the first build takes a few minutes on 2 cores.
#
# scripts/ferretdb/patches/ holds files that replace FerretDB's own in the build (see each file's
# top for why). Go does not let a build replace files of the module cache, so the modules are
# vendored into a scratch folder, the patches copied over them, and the binary built from there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/scripts/ferretdb"
out="$root/.tools/ferretdb"
# Reused while no file under scripts/ferretdb (sources, go.mod, patches) is newer than it.
if [ -x "$out" ] && [ -z "$(find "$src" -type f -newer "$out")" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  for g in /usr/local/go/bin/go "$HOME/go/bin/go"; do [ -x "$g" ] && PATH="$(dirname "$g"):$PATH" && break; done
fi
command -v go >/dev/null 2>&1 || { echo "build-ferretdb: Go (>= 1.24) is needed to build the embedded database; install it, or set MONGODB_URI to a MongoDB 6/7 server." >&2; exit 1; }
echo "build-ferretdb: building FerretDB v1.24.2 into .tools/ (first build takes 2-4 minutes)…" >&2
work="$root/.tools/ferretdb-build"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cp "$src"/go.mod "$src"/go.sum "$src"/*.go "$work/"
cd "$work"
go mod vendor
# FerretDB's internal/util/resource (its leak tracker).
cp "$src/patches/resource.go" vendor/github.com/FerretDB/FerretDB/internal/util/resource/resource.go
go build -mod=vendor -trimpath -o "$out.tmp" .
mv "$out.tmp" "$out"
echo "build-ferretdb: done" >&2
