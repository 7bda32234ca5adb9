#!/usr/bin/env bash
# `npm test`: every suite runs even when an earlier one fails, so a failure never hides what
# did not run; each suite's outcome is listed at the end and the exit code is 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

suites=(lint typecheck format:check test:unit test:e2e)
failed=()
summary=()
for suite in "${suites[@]}"; do
  printf '\n--- npm run %s\n' "$suite"
  start=$SECONDS
  if npm run --silent "$suite"; then
    summary+=("passed  $suite ($((SECONDS - start)) s)")
  else
    summary+=("FAILED  $suite ($((SECONDS - start)) s)")
    failed+=("$suite")
  fi
done

printf '\n--- npm test: %d of %d suites passed\n' "$((${#suites[@]} - ${#failed[@]}))" "${#suites[@]}"
printf '  %s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
