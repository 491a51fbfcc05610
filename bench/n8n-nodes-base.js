'use strict';
/**
 * n8n's own HTTP Request node, for the benchmark, from n8n-nodes-base of the same version line
 * as the engine. n8n-nodes-base is not a dependency of this package (it is large); the first
 * run installs it with `npm install --ignore-scripts` into
 * `~/.cache/n8n-nodes-aaio-morune/bench/n8n-nodes-base-<version>/` (N8N_E2E_CACHE moves it)
 * (outside the repository), and later runs reuse it.
 *
 * One engine: every n8n package the cache shares with this package's dev dependencies at the
 * same version (n8n-workflow, n8n-core, @n8n/*) is resolved from this package's node_modules
 * when the cache's code asks for it, so the HTTP Request node and our nodes run on a single
 * n8n-workflow / n8n-core instance (same classes, same DI container, same HTTP helpers).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');

const PACKAGE_ROOT = path.resolve(__dirname, '..');
const OWN_MODULES = path.join(PACKAGE_ROOT, 'node_modules');
const ownRequire = Module.createRequire(path.join(PACKAGE_ROOT, 'package.json'));

/** The version of a package as found from `modulesDir`, read without loading it. */
function versionOf(modulesDir, name) {
	try {
		return JSON.parse(fs.readFileSync(path.join(modulesDir, name, 'package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
}

/** n8n-nodes-base is released with n8n-core under the same version number. */
const VERSION = process.env.BENCH_N8N_NODES_BASE_VERSION || versionOf(OWN_MODULES, 'n8n-core');
// Beside the n8n that scripts/install-n8n.sh caches, so that a fresh clone (as CI makes) reuses it.
const CACHE_ROOT =
	process.env.N8N_E2E_CACHE ||
	path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-aaio-morune');
const CACHE_DIR = path.join(CACHE_ROOT, 'bench', `n8n-nodes-base-${VERSION}`);
/** Written last, so that an interrupted install is not taken for a complete one. */
const MARKER = path.join(CACHE_DIR, '.installed');
const MODULES = path.join(CACHE_DIR, 'node_modules');
const BASE_DIR = path.join(MODULES, 'n8n-nodes-base');

/** Installs n8n-nodes-base into the cache folder unless it is there already. */
function ensureInstalled(log = console.log) {
	if (fs.existsSync(MARKER)) return;
	log(`Installing n8n-nodes-base@${VERSION} into ${CACHE_DIR} (once; about a minute)…`);
	// Installed aside and moved into place whole, so that two runs never share a half install.
	const staging = `${CACHE_DIR}.staging-${process.pid}`;
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	fs.writeFileSync(
		path.join(staging, 'package.json'),
		JSON.stringify({ name: 'bench-n8n-nodes-base', private: true }, null, '\t'),
	);
	execFileSync(
		'npm',
		['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=peer', `n8n-nodes-base@${VERSION}`],
		{ cwd: staging, stdio: ['ignore', 'ignore', 'inherit'] },
	);
	fs.writeFileSync(path.join(staging, '.installed'), `${new Date().toISOString()}\n`);
	fs.rmSync(CACHE_DIR, { recursive: true, force: true });
	fs.renameSync(staging, CACHE_DIR);
}

/** The bare package name of a require request ('@n8n/di/lib' → '@n8n/di'), or undefined for paths. */
function packageOf(request) {
	if (request.startsWith('.') || path.isAbsolute(request) || request.startsWith('node:')) return undefined;
	const parts = request.split('/');
	return request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

let shared;
/**
 * Installs n8n-nodes-base if needed, and from then on resolves the n8n packages the cache
 * shares with this package from this package's copy.
 */
function shareEngine() {
	if (shared) return shared;
	ensureInstalled();
	const candidates = [
		'n8n-workflow',
		'n8n-core',
		...fs.readdirSync(path.join(MODULES, '@n8n')).map((name) => `@n8n/${name}`),
	];
	shared = new Set(
		candidates.filter((name) => {
			const theirs = versionOf(MODULES, name);
			return theirs !== undefined && theirs === versionOf(OWN_MODULES, name);
		}),
	);
	if (!shared.has('n8n-workflow')) {
		throw new Error(
			`n8n-nodes-base@${VERSION} comes with n8n-workflow ${versionOf(MODULES, 'n8n-workflow')}, this package ` +
				`has ${versionOf(OWN_MODULES, 'n8n-workflow')}: set BENCH_N8N_NODES_BASE_VERSION to the release that matches.`,
		);
	}
	// Module filenames are real paths: compare with the cache's real path (it may be a link).
	const cacheModules = fs.realpathSync(MODULES) + path.sep;
	const resolve = Module._resolveFilename;
	Module._resolveFilename = function (request, parent, ...rest) {
		if (parent?.filename?.startsWith(cacheModules) && shared.has(packageOf(request))) {
			return ownRequire.resolve(request);
		}
		return resolve.call(this, request, parent, ...rest);
	};
	return shared;
}

/** Requires a file of n8n-nodes-base (path relative to its folder) on this package's engine. */
function requireFromBase(relative) {
	shareEngine();
	const loaded = require(path.join(BASE_DIR, relative));
	assertOneEngine();
	return loaded;
}

/** The HTTP Request node type (versioned; the newest version is `newestVersion`). */
function loadHttpRequestNode() {
	const { HttpRequest } = requireFromBase('dist/nodes/HttpRequest/HttpRequest.node.js');
	const nodeType = new HttpRequest();
	const newestVersion = Math.max(...Object.keys(nodeType.nodeVersions).map(Number));
	return { nodeType, newestVersion, type: 'n8n-nodes-base.httpRequest' };
}

/** Fails when a second n8n-workflow or n8n-core was loaded from the cache. */
function assertOneEngine() {
	const modules = fs.realpathSync(MODULES);
	const duplicates = Object.keys(require.cache).filter(
		(file) =>
			file.startsWith(path.join(modules, 'n8n-workflow') + path.sep) ||
			file.startsWith(path.join(modules, 'n8n-core') + path.sep),
	);
	if (duplicates.length) throw new Error(`A second n8n engine was loaded: ${duplicates[0]}`);
}

module.exports = {
	ensureInstalled,
	shareEngine,
	requireFromBase,
	loadHttpRequestNode,
	/** A package's version as n8n-nodes-base's install has it. */
	cachedVersionOf: (name) => versionOf(MODULES, name),
	/** A package's version in this package's node_modules. */
	ownVersionOf: (name) => versionOf(OWN_MODULES, name),
};
