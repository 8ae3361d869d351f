#!/usr/bin/env bash
# Runs one actiontrack command for the composite action (action.yml).
#
# Inputs arrive in AT_* environment variables and are never pasted into shell code, so a
# postmortem path or an argument cannot run commands: paths are split on newlines, extra
# arguments on whitespace, and `set -f` stops the shell from expanding globs (actiontrack
# expands them itself).
#
# What the run page shows: the log gets the same human text a terminal does (the JSON result
# goes to a file, named by the `result-path` output, and its counts to $GITHUB_OUTPUT); every
# error and warning is an annotation (actiontrack writes `::error::` lines when GITHUB_ACTIONS
# is true); the job summary gets a Markdown table. Everything is read from a folder of this
# run's own, so a run that fails never reports what an earlier run in the same job left behind.
set -euo pipefail
set -f

tmp="${RUNNER_TEMP:-$(mktemp -d)}"
bin="${ACTIONTRACK_BIN:-$tmp/actiontrack-venv/bin/actiontrack}"
py="$(dirname "$bin")/python"
[ -x "$py" ] || py=python3
outputs="${GITHUB_OUTPUT:-/dev/null}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
run_dir="$(mktemp -d "$tmp/actiontrack-run.XXXXXXXX")"

paths=()
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  if [ -n "$line" ]; then paths+=("$line"); fi
done <<< "${AT_PATHS:-}"

IFS=$' \t\n' read -r -d '' -a extra <<< "${AT_ARGS:-}" || true

global=()
if [ -n "${AT_CONFIG:-}" ]; then global+=(--config "$AT_CONFIG"); fi
backend=()
if [ -n "${AT_BACKEND:-}" ]; then backend+=(--backend "$AT_BACKEND"); fi

# The token the workflow asked for: the github-token input, else GH_TOKEN or GITHUB_TOKEN from
# the workflow's env, else the job's own token. actiontrack reads GH_TOKEN first, so both are
# set to the one chosen here.
token="${AT_GITHUB_TOKEN:-${GH_TOKEN:-${GITHUB_TOKEN:-${AT_JOB_TOKEN:-}}}}"
unset AT_GITHUB_TOKEN AT_JOB_TOKEN
if [ -n "$token" ]; then export GH_TOKEN="$token" GITHUB_TOKEN="$token"; fi

# Appends `name=value` to $GITHUB_OUTPUT for each `name=dotted.key` of one JSON file; a key
# the file lacks (a report that published nothing) writes nothing.
json_outputs() {
  "$py" - "$@" <<'PY'
import json, sys
path, outputs, *pairs = sys.argv[1:]
data = json.load(open(path, encoding="utf-8"))
with open(outputs, "a", encoding="utf-8") as out:
    for pair in pairs:
        name, key = pair.split("=", 1)
        value = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None and "\n" not in str(value):
            out.write(f"{name}={value}\n")
PY
}

# Publishes this run's result, if the run got as far as writing it.
publish() {
  local result="$1" markdown="$2"
  shift 2
  [ -s "$result" ] || return 0
  json_outputs "$result" "$outputs" "$@"
  echo "result-path=$result" >> "$outputs"
  if [ -s "$markdown" ]; then cat "$markdown" >> "$summary"; fi
}

# The cache folder the action restored (action.yml), unless the workflow named its own.
if [ -n "${AT_CACHE_DIR:-}" ] && [ -z "${ACTIONTRACK_CACHE_DIR:-}" ]; then
  export ACTIONTRACK_CACHE_DIR="$AT_CACHE_DIR"
fi
unset AT_CACHE_DIR

code=0
case "${AT_COMMAND:-}" in
  sync)
    result="$run_dir/sync.json"
    "$bin" "${global[@]}" sync "${paths[@]}" "${backend[@]}" -o - -o "$result" \
      -o "$run_dir/sync.md" "${extra[@]}" || code=$?
    # A sync that failed part-way still writes its result: report what it did.
    publish "$result" "$run_dir/sync.md" created=created updated=updated \
      unchanged=unchanged closed=closed orphaned=orphaned
    ;;
  report)
    report_path="${AT_REPORT_PATH:-$run_dir/report.md}"
    result="$run_dir/report.json"
    files=(-o - -o "$report_path" -o "$result")
    if [ -n "${AT_HTML_PATH:-}" ]; then files+=(-o "$AT_HTML_PATH"); fi
    "$bin" "${global[@]}" report --weekly "${backend[@]}" "${files[@]}" "${extra[@]}" \
      || code=$?
    if [ -s "$result" ]; then echo "report-path=$report_path" >> "$outputs"; fi
    publish "$result" "$report_path" overdue=counts.overdue report-issue=published.key \
      report-issue-url=published.url
    ;;
  check)
    result="$run_dir/check.json"
    "$bin" "${global[@]}" check "${paths[@]}" --format github -o - -o "$result" \
      -o "$run_dir/check.md" "${extra[@]}" || code=$?
    publish "$result" "$run_dir/check.md" errors=errors warnings=warnings
    ;;
  *)
    echo "::error title=actiontrack::the command input must be sync, report or check"
    code=2
    ;;
esac
echo "exit-code=$code" >> "$outputs"
exit "$code"
