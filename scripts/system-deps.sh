#!/usr/bin/env bash
# The system binaries a command needs, checked (and on a bare Debian machine, installed) before
# `npm start`, `npm test`, `npm run drill` and `.ci/run` use them:
#
#   bash scripts/system-deps.sh [--unless-set VAR] BINARY...     BINARY: redis-server, chromium
#
# - Every BINARY on PATH: exits 0 at once and prints nothing.
# - Some missing, running as root where apt-get exists: says on stderr what it installs, runs
#   `apt-get update` once and `apt-get install -y --no-install-recommends <packages>`, and checks
#   the binaries are there now.
# - Some missing otherwise: prints the command to run (apt-get with sudo, or brew on macOS) and
#   exits 1.
# - `--unless-set VAR`: VAR set means the command needs none of them (REDIS_URL names a Redis,
#   so `npm start` starts none). CHROMIUM set names the Chromium to use instead of `chromium`.
# - CARTA_SKIP_SYSTEM_DEPS=1 turns the check off, for machines managed otherwise.
#
# Bash 3.2 (macOS's own) compatible. It runs only builtins and the commands it finds on PATH
# (id, uname, apt-get), so the test runs it against a PATH of stubs.
set -euo pipefail

say() { printf 'carta: %s\n' "$*" >&2; }

usage() {
  say "usage: bash scripts/system-deps.sh [--unless-set VAR] BINARY...   (BINARY: redis-server, chromium)"
  exit 2
}

# What provides each binary; the case statements are the table (no subshell on the fast path).
debian_package_of() {
  case $1 in
    redis-server) package=redis-server ;;
    chromium) package=chromium ;;
    *) return 1 ;;
  esac
}
brew_install_of() {
  case $1 in
    redis-server) brew='brew install redis' ;;
    chromium) brew='brew install --cask chromium' ;;
  esac
}
# The variable that names another binary to run instead (test/drill.e2e-spec.ts honours CHROMIUM).
override_of() {
  case $1 in
    chromium) override=CHROMIUM ;;
    *) override='' ;;
  esac
}

unless_set=''
binaries=()
while [ $# -gt 0 ]; do
  case $1 in
    --unless-set)
      [ $# -ge 2 ] && [[ $2 =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || usage
      unless_set=$2
      shift 2
      ;;
    -*) usage ;;
    *)
      debian_package_of "$1" || {
        say "no package is known for \"$1\" (known: redis-server, chromium)"
        exit 2
      }
      binaries+=("$1")
      shift
      ;;
  esac
done
[ ${#binaries[@]} -gt 0 ] || usage

case ${CARTA_SKIP_SYSTEM_DEPS:-} in
  '' | 0) ;;
  *) exit 0 ;;
esac
if [ -n "$unless_set" ] && [ -n "${!unless_set:-}" ]; then exit 0; fi

missing=()
for binary in "${binaries[@]}"; do
  override_of "$binary"
  if [ -n "$override" ] && [ -n "${!override:-}" ]; then
    # The user chose this binary: check it, never install over it.
    if ! command -v -- "${!override}" >/dev/null 2>&1; then
      say "$override=${!override} is not an executable. Point it at a $binary binary, or unset it to use \"$binary\" from PATH."
      exit 1
    fi
    continue
  fi
  command -v -- "$binary" >/dev/null 2>&1 || missing+=("$binary")
done
[ ${#missing[@]} -gt 0 ] || exit 0

packages=()
for binary in "${missing[@]}"; do
  debian_package_of "$binary"
  packages+=("$package")
done
install="apt-get install -y --no-install-recommends ${packages[*]}"

# "a", "a and b", "a, b and c"
and_list() {
  local list=$1
  shift
  while [ $# -gt 1 ]; do
    list="$list, $1"
    shift
  done
  [ $# -eq 0 ] || list="$list and $1"
  printf '%s' "$list"
}

# Says what is missing and how to install it by hand, then stops.
stop_with() {
  local binary verb=is pronoun=it
  [ ${#missing[@]} -eq 1 ] || { verb=are; pronoun=them; }
  say "$(and_list "${missing[@]}") $verb not installed, and this command needs $pronoun. $1"
  for binary in "${missing[@]}"; do
    override_of "$binary"
    [ -z "$override" ] || printf 'Or set %s to the path of a %s binary.\n' "$override" "$binary" >&2
  done
  [ -z "$unless_set" ] || printf 'Or set %s, and this command needs nothing installed.\n' "$unless_set" >&2
  printf 'Or set CARTA_SKIP_SYSTEM_DEPS=1 if you install %s some other way.\n' "$pronoun" >&2
  exit 1
}

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u 2>/dev/null)" != 0 ]; then
    stop_with "Install with:
  sudo apt-get update && sudo $install"
  fi
  say "installing $(and_list "${missing[@]}"): apt-get update && $install"
  # apt's progress goes to stderr too, so the command's own stdout stays its own.
  apt-get update >&2 || {
    status=$?
    say "apt-get update failed (exit $status), so nothing was installed. Fix apt's sources and run this again."
    exit 1
  }
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}" >&2 || {
    status=$?
    say "apt-get install failed (exit $status) for: $install"
    exit 1
  }
  hash -r
  for binary in "${missing[@]}"; do
    command -v -- "$binary" >/dev/null 2>&1 || {
      say "apt-get installed ${packages[*]}, but \"$binary\" is still not on PATH ($PATH)."
      exit 1
    }
  done
  say "installed ${packages[*]}"
  exit 0
fi

if [ "$(uname -s 2>/dev/null)" = Darwin ]; then
  brews=''
  for binary in "${missing[@]}"; do
    brew_install_of "$binary"
    brews="${brews:+$brews && }$brew"
  done
  stop_with "Install with:
  $brews"
fi

stop_with "Install with your system's package manager; on Debian/Ubuntu:
  sudo apt-get update && sudo $install"
