#!/usr/bin/env bash
# ThreadSanitizer over the examples with async calls and listeners: the C++
# producers with the C and the C++ consumer suites (64-bit).
# Usage: tsan.sh SEAM_BINARY WORK_DIR
set -uo pipefail
seam=$1; work=$2
here=$(cd "$(dirname "$0")" && pwd)
names=(async_demo events kvstore types)
export SEAM_E2E_SANITIZER=thread
fails=0
"$here/c_consumers.sh" "$seam" "$work/c" 64 "${names[@]}" || fails=1
"$here/cpp_consumers.sh" "$seam" "$work/cpp" "${names[@]}" || fails=1
exit $fails
