#!/usr/bin/env bash
# Runs one actiontrack command for the composite action (action.yml).
#
# Inputs arrive in AT_* environment variables and are never pasted into shell code, so a
# postmortem path or an argument cannot run commands: paths are split on newlines, extra
# arguments on whitespace, and `set -f` stops the shell from expanding globs (actiontrack
# expands them itself). Counts go to $GITHUB_OUTPUT, the report to $GITHUB_STEP_SUMMARY.
set -euo pipefail
set -f

tmp="${RUNNER_TEMP:-$(mktemp -d)}"
bin="${ACTIONTRACK_BIN:-$tmp/actiontrack-venv/bin/actiontrack}"
py="$(dirname "$bin")/python"
[ -x "$py" ] || py=python3
outputs="${GITHUB_OUTPUT:-/dev/null}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

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

# Reads one JSON file and appends `name=value` lines for the given keys to $GITHUB_OUTPUT.
json_outputs() {
  "$py" - "$@" <<'PY'
import json, sys
path, outputs, *keys = sys.argv[1:]
data = json.load(open(path, encoding="utf-8"))
with open(outputs, "a", encoding="utf-8") as out:
    for key in keys:
        value = data
        for part in key.split("."):
            value = value[part]
        out.write(f"{key.rsplit('.', 1)[-1]}={int(value)}\n")
PY
}

code=0
case "${AT_COMMAND:-}" in
  sync)
    result="$tmp/actiontrack-sync.json"
    "$bin" "${global[@]}" sync "${paths[@]}" "${backend[@]}" --format json "${extra[@]}" \
      > "$result" || code=$?
    cat "$result"
    # A sync that failed part-way still prints its JSON: report what it did.
    if "$py" -c 'import json, sys; json.load(open(sys.argv[1]))' "$result" 2>/dev/null; then
      json_outputs "$result" "$outputs" created updated unchanged closed orphaned
      "$py" - "$result" >> "$summary" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
print("### actiontrack sync\n")
print("| created | updated | unchanged | closed | orphaned |\n|---:|---:|---:|---:|---:|")
print("| " + " | ".join(str(data[k]) for k in ("created", "updated", "unchanged", "closed", "orphaned")) + " |")
PY
    fi
    ;;
  report)
    report_path="${AT_REPORT_PATH:-$tmp/actiontrack-report.md}"
    counts="$tmp/actiontrack-report.json"
    files=(--output "$report_path" --output "$counts")
    if [ -n "${AT_HTML_PATH:-}" ]; then files+=(--output "$AT_HTML_PATH"); fi
    "$bin" "${global[@]}" report --weekly "${backend[@]}" "${files[@]}" "${extra[@]}" || code=$?
    if [ -f "$counts" ]; then
      json_outputs "$counts" "$outputs" counts.overdue
      echo "report-path=$report_path" >> "$outputs"
      cat "$report_path" >> "$summary"
    fi
    ;;
  check)
    "$bin" "${global[@]}" check "${paths[@]}" --format github "${extra[@]}" || code=$?
    ;;
  *)
    echo "::error::actiontrack: the command input must be sync, report or check"
    code=2
    ;;
esac
echo "exit-code=$code" >> "$outputs"
exit "$code"
