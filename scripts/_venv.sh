# Shared by scripts/run and scripts/test: create .venv with Python 3.11 if it is missing.
ensure_venv() {
  if [[ -x .venv/bin/python ]]; then return; fi
  local python="${PYTHON:-}"
  if [[ -z "$python" ]]; then
    for candidate in python3.11 python3; do
      if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        python="$candidate"; break
      fi
    done
  fi
  if [[ -z "$python" ]]; then
    echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)." >&2
    exit 1
  fi
  "$python" -m venv .venv
}
