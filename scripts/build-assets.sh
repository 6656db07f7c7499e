#!/bin/sh
# Compile our brand of govuk-frontend and vendor the scripts the pages load.
# Output goes to src/commonground/static/build/ (ignored by git, rebuilt by `make setup`).
set -eu
cd "$(dirname "$0")/.."
out=src/commonground/static/build
mkdir -p "$out"
node_modules/.bin/sass --quiet --no-source-map --style=compressed \
  --load-path=node_modules \
  src/commonground/static_src/commonground.scss "$out/commonground.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/govuk-frontend.min.js"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
echo "assets built in $out"
