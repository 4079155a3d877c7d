#!/usr/bin/env bash
# Installs everything Relance needs to build and test, on a fresh Debian 12.
# Idempotent: skips what is already there. Run as root or with sudo available.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need_apt=()
for pkg in build-essential cmake pkg-config nlohmann-json3-dev doctest-dev \
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

# --- Dear ImGui sources (web app) -------------------------------------------
# Debian ships imgui 1.86 as a source package only usable for wasm through
# `apt-get source`, which needs a deb-src entry. The sources land in a
# git-ignored cache inside the repo.
imgui_dir="$here/build/deps/imgui-1.86"
if [ ! -f "$imgui_dir/imgui.cpp" ]; then
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
  mkdir -p "$here/build/deps"
  tmp=$(mktemp -d "$here/build/deps/imgui-src.XXXXXX")
  chmod 755 "$tmp"  # apt's _apt user downloads into it
  (cd "$tmp" && apt-get source -qq imgui)
  unpacked=$(find "$tmp" -maxdepth 1 -mindepth 1 -type d -name 'imgui-*' | head -n1)
  if [ -z "$unpacked" ] || [ ! -f "$unpacked/imgui.cpp" ]; then
    echo "setup: apt-get source imgui did not give imgui.cpp" >&2; exit 1
  fi
  rm -rf "$imgui_dir"
  mv "$unpacked" "$imgui_dir"
  rm -rf "$tmp"
  echo "setup: imgui sources in $imgui_dir"
fi

# --- Browser test driver (tests/e2e) ----------------------------------------
# playwright-core only: it drives Debian's /usr/bin/chromium. Never run
# `playwright install` (browser downloads are blocked and not needed).
# Reinstalled when the pinned version differs from the installed one.
e2e="$here/tests/e2e"
pinned=$(node -p "require('$e2e/package.json').devDependencies['playwright-core']")
installed=$(node -p "try { require('$e2e/node_modules/playwright-core/package.json').version } catch { '' }")
if [ "$pinned" != "$installed" ]; then
  echo "setup: installing playwright-core $pinned in tests/e2e"
  (cd "$e2e" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi)
fi
