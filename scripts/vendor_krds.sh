#!/usr/bin/env bash
# Copy the parts of the pinned KRDS package (npm krds-uiux) that the pages use into static/vendor/krds/.
set -euo pipefail
src=node_modules/krds-uiux/resources
dst=static/vendor/krds
rm -rf "$dst"
mkdir -p "$dst/css/token" "$dst/css/common" "$dst/css/component" "$dst/fonts" "$dst/img/component"
cp "$src/css/token/krds_tokens.css" "$dst/css/token/"
cp "$src/css/common/common.css" "$dst/css/common/"
cp "$src/css/component/component.css" "$dst/css/component/"
cp "$src"/fonts/PretendardGOV-*.subset.woff2 "$dst/fonts/"
cp -r "$src/img/component/icon" "$dst/img/component/"
# The package's CSS also points at ../../img/img/component/icon/ (a path that does not exist in the
# package); point those at the real folder so no request 404s.
sed -i 's#\.\./\.\./img/img/component/icon/#../../img/component/icon/#g' "$dst/css/component/component.css"
cp node_modules/krds-uiux/package.json "$dst/package.json"
echo "KRDS $(node -p "require('./node_modules/krds-uiux/package.json').version") vendored into $dst"
