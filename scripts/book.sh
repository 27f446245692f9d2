#!/usr/bin/env bash
# Builds the book (docs/book.toml, docs/src/) into target/book with mdbook, pinned.
# Usage: scripts/book.sh            (installs the pinned mdbook from crates.io when missing)
#        MDBOOK=/path/to/mdbook scripts/book.sh
# The install (`cargo install mdbook --locked`, without its serve and watch features) took
# about 2 min of CPU on 2 cores (6.5 min with other builds beside it); later runs reuse it.
# Exit status: non-zero when the book does not build (a page SUMMARY.md names is missing, a
# broken {{#include}}, ...).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=0.5.4
mdbook=${MDBOOK:-$(command -v mdbook || echo "${CARGO_HOME:-$HOME/.cargo}/bin/mdbook")}
if ! "$mdbook" --version 2>/dev/null | grep -q "v$version\$"; then
    echo "book: installing mdbook $version (cargo install --locked)"
    cargo install mdbook --version "$version" --locked --no-default-features --features search --quiet
    mdbook="${CARGO_HOME:-$HOME/.cargo}/bin/mdbook"
fi
"$mdbook" build "$root/docs"
pages=$(find "$root/target/book" -name '*.html' | wc -l)
echo "book: $pages pages in target/book (open target/book/index.html)"
