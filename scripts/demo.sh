#!/bin/sh
# The main job on the shipped framework: a revision that quietly weakens two commitments is
# caught by the gate, then justified by a change record. Runs in a scratch git repository; the
# shipped framework/ is never touched.
set -eu
prepctl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -R "$here/framework" "$scratch/framework"
cd "$scratch"
git init -q
git add framework
git -c user.name=Demo -c user.email=demo@example.org commit -q -m "framework as shipped"

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

echo
echo "A revision: the High cybersecurity threshold drops usage monitoring, and 'will offer'"
echo "becomes 'may offer' in its response."
file=framework/categories/cybersecurity.yaml
awk '!gone && /- usage-monitoring$/ { gone = 1; next }
     !weak && /will offer/ { sub(/will offer/, "may offer"); weak = 1 }
     { print }' "$file" > "$file.new"
mv "$file.new" "$file"

say prepctl diff --against HEAD
status=0
"$prepctl" diff --against HEAD --today 2026-12-01 || status=$?
echo "(exit $status: the gate stops weakenings no change record justifies)"

say prepctl record --from-diff ...
"$prepctl" record --id demo-cyber-access --title "Monitoring folded into classifiers" \
  --from-diff --against HEAD --approved-by safety-advisory-group --approved-by leadership \
  --approved-on 2026-12-01 \
  --rationale "Classifier v3 carries the monitoring duties; trusted access becomes discretionary."

say prepctl diff --against HEAD
"$prepctl" diff --against HEAD --today 2026-12-01
echo "(exit 0: every weakening is justified, and the record says why and who approved it)"
