#!/usr/bin/env bash
# Installs the Python tools the Python tests, benchmarks and packaging tests
# use (pytest, mypy, build, setuptools, PyYAML; pinned) into a virtual
# environment in .cache/python/, from PyPI.
# Idempotent: prints the path to its interpreter at once when it is ready.
# Any python3 >= 3.10 will do; PYTHON3 selects one.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/python
py="$dest/bin/python"
requirements=(pytest==9.2.0 mypy==2.4.1 build==1.3.0 setuptools==80.9.0 PyYAML==6.0.2)
stamp="$dest/.requirements"
if [ -x "$py" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${requirements[*]}" ]; then
  echo "$PWD/$py"
  exit 0
fi
# Tests run in parallel may call this at the same time: one installs while
# the others wait, then find it ready.
mkdir -p .cache
exec 9> ".cache/.install-python.lock"
flock 9
if [ -x "$py" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${requirements[*]}" ]; then
  echo "$PWD/$py"
  exit 0
fi
base=${PYTHON3:-python3}
if ! "$base" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "install-python: $base is missing or older than 3.10" >&2
  exit 1
fi
rm -rf "$dest"
if ! "$base" -m venv "$dest" >&2; then
  echo "install-python: $base cannot create a virtual environment (Debian: apt install python3-venv)" >&2
  exit 1
fi
"$py" -m pip install --quiet --disable-pip-version-check "${requirements[@]}" >&2
echo "${requirements[*]}" > "$stamp"
echo "$PWD/$py"
