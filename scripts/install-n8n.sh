#!/usr/bin/env bash
# Installs the real n8n (and, when n8n needs it, Node 24) into a cache folder outside the
# package's own node_modules, keyed by version, and prints one JSON line describing it:
#   {"n8nVersion":"2.41.1","n8nDir":"…","n8nBin":"…/node_modules/n8n/bin/n8n","node":"…/bin/node","nodeVersion":"v24.21.0"}
#
# Usage: bash scripts/install-n8n.sh            # n8n, pinned in scripts/versions.env
#        bash scripts/install-n8n.sh --playwright   # prints {"playwrightCore":"…"} instead
# Environment: N8N_VERSION, N8N_NODE_VERSION, N8N_XLSX_OVERRIDE, PLAYWRIGHT_CORE_VERSION override
# the pins; N8N_E2E_CACHE sets the cache root (default ~/.cache/n8n-nodes-aaio-morune, so that a
# fresh clone of the repo on the same machine, as CI makes, reuses it).
#
# What installing n8n here needs (all of it is in this script, nothing in anyone's memory):
#  1. `npm install --ignore-scripts` with "overrides": {"xlsx": "npm:xlsx@0.18.5"}: n8n's xlsx points
#     at a host that is not a registry, and several native dependencies fetch binaries or C sources
#     from the internet in their install scripts, which fails here.
#  2. Only the native modules n8n needs to run workflows (sqlite3, isolated-vm) are then rebuilt
#     from source, against the headers of the Node that will run n8n (the machine's npm config sets
#     nodedir=/usr, Node 20's headers, which gives a broken build for Node 24).
#  3. A marker file is written only after `n8n --version` answered, so a second run costs one
#     file read.
set -euo pipefail
# The whole script is one compound command, read before it runs: editing the file (a git checkout)
# while an install is under way cannot make bash run a shifted copy of it.
{

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[install-n8n] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Pins: the environment wins over scripts/versions.env.
while IFS='=' read -r key value; do
	[[ -z "$key" || "$key" == \#* ]] && continue
	if [[ -z "${!key:-}" ]]; then export "$key=$value"; fi
done < "$here/versions.env"

if [[ -n "${N8N_E2E_CACHE:-}" ]]; then
	cache_root="$N8N_E2E_CACHE"
elif [[ -n "${XDG_CACHE_HOME:-}" || -n "${HOME:-}" ]]; then
	cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-aaio-morune"
else
	cache_root="$here/../.cache/runtime"
fi
mkdir -p "$cache_root"
cache_root="$(cd "$cache_root" && pwd)"
# A step that hangs is killed; the whole fresh install takes about 8 minutes on 2 cores.
step_timeout="${N8N_INSTALL_STEP_TIMEOUT:-1500}"
npm_quiet=(--no-audit --no-fund --loglevel=error --update-notifier=false)

system_node="$(command -v node)"

# Installs the registry package node-linux-<arch>@$1 into the cache; echoes the binary's path.
install_node() {
	local version="$1" arch pkg dir
	case "$(uname -m)" in
		x86_64) arch=x64 ;;
		aarch64 | arm64) arch=arm64 ;;
		*) die "no Node package for $(uname -m)" ;;
	esac
	pkg="node-linux-$arch"
	dir="$cache_root/node-v$version"
	exec 8> "$cache_root/.lock-node-v$version"
	flock -w 1800 8 || die "timed out waiting for another install of Node $version"
	if [[ ! -f "$dir/.ok" ]]; then
		log "installing Node $version ($pkg from the npm registry) into $dir"
		rm -rf "$dir"
		mkdir -p "$dir"
		printf '{"name":"node-runtime","private":true}\n' > "$dir/package.json"
		(cd "$dir" && timeout "$step_timeout" npm install "${npm_quiet[@]}" --ignore-scripts --save-exact "$pkg@$version" >&2) \
			|| die "npm install $pkg@$version failed"
		local got
		got="$("$dir/node_modules/$pkg/bin/node" --version)" || die "the installed node does not run"
		[[ "$got" == "v$version" ]] || die "installed node says $got, expected v$version"
		[[ -f "$dir/node_modules/$pkg/include/node/node_version.h" ]] || die "$pkg ships no C headers"
		echo "$pkg" > "$dir/.ok"
	fi
	exec 8>&-
	echo "$dir/node_modules/$(cat "$dir/.ok")/bin/node"
}

if [[ "${1:-}" == "--playwright" ]]; then
	version="$PLAYWRIGHT_CORE_VERSION"
	dir="$cache_root/playwright-core-$version"
	exec 9> "$cache_root/.lock-playwright-$version"
	flock -w 900 9 || die "timed out waiting for another install of playwright-core"
	if [[ ! -f "$dir/.ok" ]]; then
		log "installing playwright-core@$version into $dir"
		rm -rf "$dir"
		mkdir -p "$dir"
		printf '{"name":"playwright-runtime","private":true}\n' > "$dir/package.json"
		# --ignore-scripts: playwright-core has no browser download of its own, and Debian's chromium is used.
		(cd "$dir" && timeout "$step_timeout" npm install "${npm_quiet[@]}" --ignore-scripts --save-exact "playwright-core@$version" >&2) \
			|| die "npm install playwright-core failed"
		node -e "require('$dir/node_modules/playwright-core')" || die "playwright-core does not load"
		touch "$dir/.ok"
	fi
	printf '{"playwrightCore":"%s"}\n' "$dir/node_modules/playwright-core"
	exit 0
fi

# Resolve a range such as 1.123.x to one exact version (one registry look-up) so the cache is keyed
# by what actually runs.
version="$N8N_VERSION"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
	resolved="$(npm view "n8n@$version" version --json 2>/dev/null \
		| node -e 'let v=JSON.parse(require("fs").readFileSync(0,"utf8"));v=[].concat(v);v.sort((a,b)=>{const x=a.split(/[.-]/).map(Number),y=b.split(/[.-]/).map(Number);for(let i=0;i<3;i++)if(x[i]!==y[i])return x[i]-y[i];return 0});process.stdout.write(v.pop()||"")')" \
		|| die "cannot resolve n8n@$version on the registry"
	[[ -n "$resolved" ]] || die "no n8n release matches $version"
	log "n8n@$version resolves to $resolved"
	version="$resolved"
fi

dir="$cache_root/n8n-$version"
marker="$dir/.ok.json"
exec 9> "$cache_root/.lock-n8n-$version"
flock -w 1800 9 || die "timed out waiting for another install of n8n $version"

if [[ -f "$marker" ]]; then
	# Cheap check on a cached run: the marker names a node binary; it must still be there, and
	# must be the pinned one when it is not the machine's own.
	if node -e '
		const m = require(process.argv[1]);
		const fs = require("fs");
		const ok = fs.existsSync(m.node) && fs.existsSync(m.n8nBin) &&
			(m.systemNode ? m.node === process.argv[2] : m.nodeVersion === "v" + process.argv[3]);
		process.exit(ok ? 0 : 1);' "$marker" "$system_node" "$N8N_NODE_VERSION"; then
		cat "$marker"
		echo
		exit 0
	fi
	log "cached n8n $version is stale (its Node changed); reinstalling"
fi

started=$SECONDS
log "installing n8n $version into $dir (a fresh install takes about 8 minutes on 2 cores)"
rm -rf "$dir"
mkdir -p "$dir"
node -e '
	const [version, xlsx] = process.argv.slice(1);
	process.stdout.write(JSON.stringify({
		name: "n8n-runtime", private: true,
		dependencies: { n8n: version },
		overrides: { xlsx },
	}, null, 2) + "\n");' "$version" "$N8N_XLSX_OVERRIDE" > "$dir/package.json"

(cd "$dir" && timeout "$step_timeout" npm install "${npm_quiet[@]}" --ignore-scripts >&2) \
	|| die "npm install n8n@$version failed"
log "npm install done after $((SECONDS - started)) s"

# Which Node runs n8n: the machine's own if it satisfies n8n's engines, else the pinned Node 24.
engines="$(node -p 'require(process.argv[1]).engines?.node ?? ""' "$dir/node_modules/n8n/package.json")"
if node -e '
	const semver = require(process.argv[1]);
	process.exit(!process.argv[2] || semver.satisfies(process.version, process.argv[2]) ? 0 : 1);' \
	"$dir/node_modules/semver" "$engines"; then
	n8n_node="$system_node"
	system=true
	log "n8n $version wants node $engines: the machine's $(node --version) will do"
else
	n8n_node="$(install_node "$N8N_NODE_VERSION")"
	system=false
	log "n8n $version wants node $engines: using the registry's Node $("$n8n_node" --version)"
fi
node_bin_dir="$(dirname "$n8n_node")"
node_version="$("$n8n_node" --version)"

# Rebuild the native modules n8n needs, from source, against the running Node's headers. One
# whose engines exclude that Node is skipped: n8n 1.123.x ships isolated-vm 6 (Node >= 22) for its
# "vm" expression engine, and on Node 20 it then runs with its legacy expression engine instead.
natives=()
skipped=()
for name in sqlite3 isolated-vm; do
	[[ -d "$dir/node_modules/$name" ]] || continue
	if "$n8n_node" -e '
		const semver = require(process.argv[1]);
		const range = require(process.argv[2]).engines?.node;
		process.exit(!range || semver.satisfies(process.version, range) ? 0 : 1);' \
		"$dir/node_modules/semver" "$dir/node_modules/$name/package.json"; then
		natives+=("$name")
	else
		skipped+=("$name")
		log "skipping $name: it does not support Node $("$n8n_node" --version)"
	fi
done
legacy_expressions=false
if [[ " ${skipped[*]} " == *" isolated-vm "* ]]; then legacy_expressions=true; fi
if (( ${#natives[@]} > 0 )); then
	log "building ${natives[*]} from source for Node $node_version"
	rebuild_env=(PATH="$node_bin_dir:$PATH" npm_config_build_from_source=true)
	if [[ "$system" == false ]]; then
		rebuild_env+=(npm_config_nodedir="$(dirname "$node_bin_dir")")
	fi
	(cd "$dir" && env "${rebuild_env[@]}" timeout "$step_timeout" npm rebuild "${npm_quiet[@]}" --ignore-scripts=false --foreground-scripts=false "${natives[@]}" >&2) \
		|| die "rebuilding ${natives[*]} failed"
	for name in "${natives[@]}"; do
		(cd "$dir" && "$n8n_node" -e "require('$name')") || die "$name does not load in Node $node_version"
	done
fi
log "native modules built after $((SECONDS - started)) s"

# Smoke test: n8n answers --version (in a throw-away user folder, with nothing calling out).
smoke="$(mktemp -d)"
trap 'rm -rf "$smoke"' EXIT
got="$(cd "$smoke" && env N8N_USER_FOLDER="$smoke" N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false \
	timeout 300 "$n8n_node" "$dir/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -n 1)" || die "n8n --version failed"
[[ "$got" == "$version" ]] || die "n8n --version printed '$got', expected $version"

node -e '
	const [n8nVersion, n8nDir, node, nodeVersion, systemNode, legacy, installSeconds] = process.argv.slice(1);
	process.stdout.write(JSON.stringify({
		n8nVersion, n8nDir, n8nBin: n8nDir + "/node_modules/n8n/bin/n8n", node, nodeVersion,
		systemNode: systemNode === "true", legacyExpressionEngine: legacy === "true",
		installSeconds: Number(installSeconds),
	}));' "$version" "$dir" "$n8n_node" "$node_version" "$system" "$legacy_expressions" "$((SECONDS - started))" > "$marker.tmp"
mv "$marker.tmp" "$marker"
log "n8n $version ready after $((SECONDS - started)) s"
cat "$marker"
echo
exit 0
}
