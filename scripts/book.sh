#!/usr/bin/env bash
# Builds the book (docs/book.toml, docs/src/) into target/book with mdbook, pinned.
# Usage: scripts/book.sh            install the pinned mdbook from crates.io when missing, then build
#        scripts/book.sh install    only install it (.ci/run starts this in the background early)
#        MDBOOK=/path/to/mdbook scripts/book.sh
# The install (`cargo install mdbook --locked`, without its serve and watch features) takes about
# 2 min 10 s of CPU; on the 2 shared cores here it took 6.5 min of wall time with other builds
# beside it, which is why .ci/run runs it beside the tests. Later runs reuse it.
# Exit status: non-zero when the book does not build (a page SUMMARY.md names is missing, a
# broken {{#include}}, ...).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=0.5.4
installed="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin/mdbook"
mdbook=${MDBOOK:-$(command -v mdbook || echo "$installed")}
if ! "$mdbook" --version 2>/dev/null | grep -q "v$version\$"; then
    echo "book: installing mdbook $version (cargo install --locked)"
    cargo install mdbook --version "$version" --locked --no-default-features --features search --quiet
    mdbook=$installed
fi
[ "${1:-build}" = install ] && { "$mdbook" --version; exit 0; }
"$mdbook" build "$root/docs"
pages=$(find "$root/target/book" -name '*.html' | wc -l)
echo "book: $pages pages in target/book (open target/book/index.html)"
# The user guide and reference, an mdBook: `mdbook build docs` (CI does, .ci/run) writes it to
# target/book; `mdbook serve docs` shows it while you write. Its pages' commands are run by
# `cargo test --test docs_commands`; CONTRIBUTING.md says how docs stay true.
