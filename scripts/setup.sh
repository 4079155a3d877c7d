#!/usr/bin/env bash
# Installs everything Relance needs to build and test, on a fresh Debian 12.
# Idempotent: skips what is already there. Run as root or with sudo available.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need_apt=()
for pkg in build-essential cmake pkg-config nlohmann-json3-dev doctest-dev \
           libpugixml-dev zlib1g-dev \
           emscripten chromium qpdf poppler-utils dpkg-dev \
           clang libclang-rt-14-dev python3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
# Node.js and npm (browser tests): any install will do; Debian's when absent.
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# --- Sources compiled into the wasm build ----------------------------------
# No Emscripten ports exist here, so the libraries the browser app needs are
# compiled from Debian's source packages (`apt-get source`, which needs a
# deb-src entry). Natively the same libraries come from the -dev packages.
# The sources land in a git-ignored cache inside the repo: build/deps/.
deb_src_ready=0
ensure_deb_src() {
  [ $deb_src_ready = 1 ] && return
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ \
     && ! grep -qs '^deb-src ' /etc/apt/sources.list; then
    src=/etc/apt/sources.list.d/debian.sources
    if [ -f "$src" ]; then
      echo "setup: adding deb-src entries to /etc/apt/sources.list.d/debian-src.sources"
      sed 's/^Types:.*/Types: deb-src/' "$src" | $SUDO tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
    elif [ -f /etc/apt/sources.list ]; then
      grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
        | $SUDO tee /etc/apt/sources.list.d/debian-src.list >/dev/null
    fi
  fi
  $SUDO apt-get update -qq
  deb_src_ready=1
}
# fetch_source PACKAGE[=VERSION] DIR-GLOB TARGET-DIR PROBE-FILE
fetch_source() {
  local spec=$1 glob=$2 dest=$3 probe=$4
  [ -f "$dest/$probe" ] && return
  ensure_deb_src
  mkdir -p "$here/build/deps"
  local tmp
  tmp=$(mktemp -d "$here/build/deps/src.XXXXXX")
  chmod 755 "$tmp"  # apt's _apt user downloads into it
  (cd "$tmp" && apt-get source -qq "$spec" >/dev/null 2>&1) || true
  local unpacked
  unpacked=$(find "$tmp" -maxdepth 1 -mindepth 1 -type d -name "$glob" | head -n1)
  if [ -z "$unpacked" ] || [ ! -f "$unpacked/$probe" ]; then
    echo "setup: apt-get source $spec did not give $probe" >&2; rm -rf "$tmp"; exit 1
  fi
  rm -rf "$dest"
  mv "$unpacked" "$dest"
  rm -rf "$tmp"
  echo "setup: $spec sources in $dest"
}
# Dear ImGui 1.86: the UI (Debian's binary package has an x86 .a only).
fetch_source imgui 'imgui-*' "$here/build/deps/imgui-1.86" imgui.cpp
# pugixml 1.13: XML of bank statements (camt.053) and e-invoices (CII, UBL).
fetch_source pugixml 'pugixml-*' "$here/build/deps/pugixml-1.13" src/pugixml.cpp
# zlib 1.2.13: inflate of the XML embedded in Factur-X PDFs. Pinned: the
# plain `apt-get source zlib` asks for a security update's source, absent.
fetch_source zlib=1:1.2.13.dfsg-1 'zlib-*' "$here/build/deps/zlib-1.2.13" inflate.c

# --- Browser test driver (tests/e2e) ----------------------------------------
# playwright-core: it drives Debian's /usr/bin/chromium. Never run
# `playwright install` (browser downloads are blocked and not needed).
# axe-core: the accessibility checks injected in the page (a11y.test.mjs).
# Reinstalled when a pinned version differs from the installed one.
e2e="$here/tests/e2e"
pins() {
  node -e "const p = require('$e2e/package.json').devDependencies; const v = (n) => { try { return require('$e2e/node_modules/' + n + '/package.json').version } catch { return '' } };
    for (const n of Object.keys(p).sort()) console.log(n, p[n], v(n) === p[n] ? 'ok' : 'missing')"
}
if pins | grep -q ' missing$'; then
  echo "setup: installing $(pins | grep ' missing$' | cut -d' ' -f1,2 | tr '\n' ' ')in tests/e2e"
  (cd "$e2e" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi)
fi
