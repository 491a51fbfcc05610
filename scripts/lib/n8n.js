'use strict';
/**
 * Shared machinery for running this package inside the real n8n: the pinned versions, the cached
 * n8n install, an environment with everything that would call out turned off, child processes
 * that are always cleaned up, the sandbox fake API in its own process, and a tiny REST client.
 *
 * Used by scripts/e2e.js, scripts/start.js and e2e/browser.test.js. Runs on the machine's Node
 * (20 or newer); n8n itself runs on the Node that scripts/install-n8n.sh picked for it.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;

/** scripts/versions.env, with the environment winning, as install-n8n.sh reads it. */
function versions() {
	const pins = {};
	for (const line of fs.readFileSync(path.join(ROOT, 'scripts', 'versions.env'), 'utf8').split('\n')) {
		const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
		if (m) pins[m[1]] = process.env[m[1]] || m[2];
	}
	return pins;
}

// ---------------------------------------------------------------------------------------------
// Child processes: every one is registered and killed (with its process group) on exit.

const children = new Set();

function killTree(child, signal = 'SIGTERM') {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal); // the group: n8n starts task runners of its own
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

function killAll() {
	for (const child of children) killTree(child, 'SIGKILL');
}
process.on('exit', killAll);
let shuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		// A second signal, or children that take too long, end everything at once.
		if (shuttingDown) {
			killAll();
			process.exit(128 + (os.constants.signals[signal] ?? 1));
		}
		shuttingDown = true;
		const pending = [...children].map((child) => stopChild(child, 15_000));
		const timer = setTimeout(() => {
			killAll();
			process.exit(128 + (os.constants.signals[signal] ?? 1));
		}, 20_000);
		Promise.all(pending).then(() => {
			clearTimeout(timer);
			process.exit(128 + (os.constants.signals[signal] ?? 1));
		});
	});
}

/**
 * Spawns a process in a group of its own and registers it for clean-up. A command that cannot be
 * started (not installed: ENOENT) is no unhandled 'error' event: `child.spawnError` holds the
 * error and `child.exited` resolves with it.
 */
function spawnTracked(command, args, options = {}) {
	const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options });
	children.add(child);
	child.once('exit', () => children.delete(child));
	child.exited = new Promise((resolve) => {
		child.once('exit', (code, signal) => resolve({ code, signal }));
		child.on('error', (error) => {
			if (child.pid !== undefined) return; // a failed kill or write: the exit still comes
			child.spawnError = error;
			children.delete(child);
			resolve({ code: null, signal: null, error });
		});
	});
	return child;
}

/** Whether a tracked child is gone (exited, killed, or never started). */
function hasEnded(child) {
	return child.exitCode !== null || child.signalCode !== null || child.spawnError !== undefined;
}

/** The one-line description of a spawn failure: "redis-server: not installed (ENOENT)". */
function describeSpawnError(command, error) {
	return error.code === 'ENOENT' ? `${path.basename(command)}: not installed (ENOENT)` : `${path.basename(command)}: ${error.message}`;
}

/** The executable `command` on PATH (or the path itself when it has a slash), or undefined. */
function findCommand(command) {
	const candidates = command.includes('/') ? [command] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
	return candidates.find((candidate) => {
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			return fs.statSync(candidate).isFile();
		} catch {
			return false;
		}
	});
}

/**
 * A dependency of a test that is not installed. The runners print its message alone, one line
 * that says what to install, instead of a stack trace.
 */
class MissingDependency extends Error {
	constructor(message) {
		super(message);
		this.name = 'MissingDependency';
	}
}

/**
 * Throws a MissingDependency naming every missing one of `needs`: [{ what, found, install }],
 * where `found` is a path or undefined.
 */
function requireInstalled(needs) {
	const missing = needs.filter((need) => !need.found);
	if (missing.length === 0) return;
	throw new MissingDependency(
		`${missing.map((need) => need.what).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed: ${missing.map((need) => need.install).join('; ')}`,
	);
}

/** What the queue-mode test needs of the machine besides n8n: Debian's Postgres and Redis. */
function requireQueueDependencies() {
	requireInstalled([
		{ what: "Postgres (initdb)", found: postgresBin(), install: 'apt-get install -y postgresql' },
		{ what: 'redis-server', found: findCommand('redis-server'), install: 'apt-get install -y redis-server' },
	]);
}

/** Stops a tracked child gently, then hard after `graceMs`. */
async function stopChild(child, graceMs = 20_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	killTree(child, 'SIGTERM');
	const timer = setTimeout(() => killTree(child, 'SIGKILL'), graceMs);
	await child.exited;
	clearTimeout(timer);
}

/**
 * Runs a command to its end with a hard timeout; resolves { code, signal, stdout, stderr, ms }.
 * `onOutput(chunk, stream)` sees the output as it comes.
 */
function run(command, args, { timeoutMs = 600_000, onOutput, ...options } = {}) {
	const started = Date.now();
	const child = spawnTracked(command, args, options);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d) => {
		stdout += d;
		onOutput?.(d, 'stdout');
	});
	child.stderr.on('data', (d) => {
		stderr += d;
		onOutput?.(d, 'stderr');
	});
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killTree(child, 'SIGKILL');
	}, timeoutMs);
	return child.exited.then(({ code, signal, error }) => {
		clearTimeout(timer);
		if (error) stderr += `${describeSpawnError(command, error)}\n`;
		return { code, signal, stdout, stderr, timedOut, spawnError: error, ms: Date.now() - started };
	});
}

/** Like run(), but throws with the output when the command fails. */
async function runOrThrow(command, args, options) {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		if (result.spawnError?.code === 'ENOENT') throw new MissingDependency(describeSpawnError(command, result.spawnError));
		const tail = (result.stdout + result.stderr).split('\n').slice(-40).join('\n');
		throw new Error(
			`${path.basename(command)} ${args.join(' ')} failed (${result.timedOut ? 'timed out' : `exit ${result.code}`}):\n${tail}`,
		);
	}
	return result;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * Calls `probe()` until it answers { done: true, value } and resolves `value`; bounded by
 * `timeoutMs`. `state` in a not-done answer describes what was seen, for the error.
 */
async function pollUntil(probe, { timeoutMs = 30_000, intervalMs = 250, what = 'the condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { done, value, state } = await probe();
		if (done) return value;
		if (Date.now() >= deadline) {
			throw new Error(`${what}: not reached within ${timeoutMs / 1000} s (last seen: ${state ?? 'nothing'})`);
		}
		await sleep(intervalMs);
	}
}

/** Waits until a tracked child (with `child.output`) has printed `pattern`; fails if it ends first. */
function waitForOutput(child, pattern, { timeoutMs = 60_000, what = String(pattern) } = {}) {
	return pollUntil(
		() => {
			if (pattern.test(child.output)) return { done: true };
			if (hasEnded(child)) throw new Error(`${what}: the process ended first (${child.exitCode ?? child.signalCode ?? child.spawnError?.code})`);
			return { done: false, state: 'not printed yet' };
		},
		{ timeoutMs, intervalMs: 100, what },
	);
}

/** Polls `url` until `accept(response)` holds; bounded by `timeoutMs`. */
async function waitForHttp(url, { timeoutMs = 120_000, accept = (r) => r.ok, child } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer';
	while (Date.now() < deadline) {
		if (child && hasEnded(child)) {
			const how = child.spawnError ? describeSpawnError(child.spawnfile, child.spawnError) : `exited (${child.exitCode ?? child.signalCode})`;
			throw new Error(`the process serving ${url} ${how}`);
		}
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
			if (await accept(response)) return response;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = error.cause?.code ?? error.message;
		}
		await sleep(500);
	}
	throw new Error(`${url} did not come up within ${timeoutMs / 1000} s (last: ${last})`);
}

// ---------------------------------------------------------------------------------------------
// The real n8n, from the cache (scripts/install-n8n.sh).

/** Installs n8n if needed (about 8 minutes the first time) and describes it. */
async function ensureN8n({ log = console.error } = {}) {
	const result = await run('bash', [path.join(ROOT, 'scripts', 'install-n8n.sh')], {
		timeoutMs: 3_600_000,
		onOutput: (chunk, stream) => stream === 'stderr' && process.stderr.write(chunk),
	});
	if (result.code !== 0) throw new Error('installing n8n failed (see the log above)');
	const info = JSON.parse(result.stdout.trim().split('\n').pop());
	log(`n8n ${info.n8nVersion} on Node ${info.nodeVersion}${info.systemNode ? " (the machine's)" : ''} from ${info.n8nDir}`);
	return info;
}

/** Installs playwright-core into the cache if needed; returns the module. */
async function ensurePlaywright() {
	const result = await run('bash', [path.join(ROOT, 'scripts', 'install-n8n.sh'), '--playwright'], {
		timeoutMs: 900_000,
		onOutput: (chunk, stream) => stream === 'stderr' && process.stderr.write(chunk),
	});
	if (result.code !== 0) throw new Error('installing playwright-core failed');
	return require(JSON.parse(result.stdout.trim().split('\n').pop()).playwrightCore);
}

const OUTBOUND_MODULES = ['mcp-registry'];

/** The module names this n8n accepts in N8N_DISABLED_MODULES (none before modules existed). */
function knownModules(n8n) {
	const file = path.join(n8n.n8nDir, 'node_modules', '@n8n', 'backend-common', 'dist', 'modules', 'modules.config.js');
	try {
		const list = /MODULE_NAMES = \[([^\]]*)\]/.exec(fs.readFileSync(file, 'utf8'))[1];
		return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
	} catch {
		return [];
	}
}

/**
 * The environment n8n runs with: loopback only, and every feature that would call out of the
 * machine turned off. `userFolder` holds `.n8n/` (database, config, community packages).
 */
function n8nEnv(n8n, { userFolder, port = 5678, brokerPort, offlineRegistry = true, extra = {} }) {
	const env = {};
	// Start from the caller's environment minus npm's run-script variables (npm_config_nodedir
	// and the like would leak into npm calls n8n makes) and any NODE_OPTIONS.
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) || key === 'NODE_OPTIONS' || /^N8N_/.test(key) || key === 'E2E_TESTS') continue;
		env[key] = value;
	}
	const base = `http://127.0.0.1:${port}`;
	Object.assign(env, {
		PATH: `${path.dirname(n8n.node)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		// Loopback only.
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${base}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort ?? port + 1),
		// Nothing that calls out: telemetry, version checks, templates, banners, AI, license server.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_AI_GATEWAY_ENABLED: 'false',
		N8N_MCP_COMMUNITY_NODE_DISCOVERY_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_LICENSE_DETACH_FLOATING_ON_SHUTDOWN: 'false',
		N8N_SENTRY_DSN: '',
		N8N_FRONTEND_SENTRY_DSN: '',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		// Community packages: loaded from <user folder>/.n8n/nodes; the list of verified packages
		// comes from n8n's servers, so it is off; nothing is reinstalled behind our back.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// No Python task runner here (it only logs that its virtual environment is missing).
		N8N_PYTHON_ENABLED: 'false',
		N8N_DEFAULT_LOCALE: 'en',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		N8N_LOG_OUTPUT: 'console',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	});
	// Modules with background tasks that call n8n's servers (mcp-registry fetches
	// api.n8n.io/api/mcp-servers every 8 hours, starting at boot). Only the modules this n8n knows
	// are named: an unknown name in N8N_DISABLED_MODULES stops n8n.
	const disabled = OUTBOUND_MODULES.filter((name) => knownModules(n8n).includes(name));
	if (disabled.length > 0) env.N8N_DISABLED_MODULES = disabled.join(',');
	// isolated-vm was not built for this Node (n8n 1.123.x on Node 20): n8n's legacy engine.
	if (n8n.legacyExpressionEngine) env.N8N_EXPRESSION_ENGINE = 'legacy';
	if (offlineRegistry) {
		// Package update checks ask the registry: point them at a closed loopback port.
		env.N8N_COMMUNITY_PACKAGES_REGISTRY = 'http://127.0.0.1:9';
	}
	return Object.assign(env, extra);
}

/** Runs one n8n CLI command to its end. */
function n8nCli(n8n, args, { env, timeoutMs = 180_000, cwd } = {}) {
	return run(n8n.node, [n8n.n8nBin, ...args], { env, timeoutMs, cwd: cwd ?? env.N8N_USER_FOLDER });
}

/**
 * Starts `n8n start` and waits until this child serves the editor and REST API and has finished
 * starting up (see below); resolves the child.
 */
async function startN8n(n8n, { env, logFile, timeoutMs = 180_000, echo = false }) {
	const out = logFile ? fs.createWriteStream(logFile) : undefined;
	const child = spawnTracked(n8n.node, [n8n.n8nBin, 'start'], { env, cwd: env.N8N_USER_FOLDER });
	child.output = '';
	for (const stream of [child.stdout, child.stderr]) {
		stream.on('data', (d) => {
			child.output += d;
			out?.write(d);
			if (echo) process.stdout.write(d);
		});
	}
	child.once('exit', () => out?.end());
	const base = `http://127.0.0.1:${env.N8N_PORT}`;
	try {
		await waitForHttp(`${base}/healthz`, { timeoutMs, child });
		// /healthz answers before the REST API is mounted; /rest/settings answers once it is.
		await waitForHttp(`${base}/rest/settings`, { timeoutMs, child });
		// The port was free when it was chosen; another process may have taken it since (on a
		// restart, or a machine where other tests run). n8n's own line that it listens on it
		// proves the answers above came from this child.
		await waitForOutput(child, new RegExp(`n8n ready on \\S+, port ${env.N8N_PORT}\\b`), { timeoutMs, what: 'n8n listening on its port' });
		// Start-up is done once n8n prints where the editor is: both lines print it after they
		// activated the published workflows (n8n 1.x registers their webhooks only then, and
		// answers its REST API before: /rest/webhooks/find does not know them yet).
		await waitForOutput(child, /Editor is now accessible via/, { timeoutMs, what: 'the end of n8n\'s start-up' });
	} catch (error) {
		const tail = child.output.split('\n').slice(-30).join('\n');
		await stopChild(child);
		throw new Error(`${error.message}\n--- n8n output ---\n${tail}`);
	}
	child.baseUrl = base;
	return child;
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` the way n8n's own
 * CommunityPackagesService.downloadPackage() does it (n8n 2.41, modules/community-packages/
 * community-packages.service.js), with our `npm pack` tarball in place of one it fetches:
 * extract into nodes/node_modules/<name>, drop dev/peer/optional dependencies from its
 * package.json, `npm install` in it with n8n's flags, and record it in nodes/package.json.
 */
async function installCommunityPackage(tarball, userFolder, { env } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	await runOrThrow('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { timeoutMs: 60_000 });
	const pkgPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
	fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2), 'utf8');
	const npmEnv = { ...(env ?? process.env) };
	for (const key of Object.keys(npmEnv)) if (/^npm_/i.test(key)) delete npmEnv[key];
	await runOrThrow(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--update-notifier=false',
		],
		{ cwd: packageDir, env: npmEnv, timeoutMs: 300_000 },
	);
	const ledgerPath = path.join(nodesDir, 'package.json');
	let ledger = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		ledger = JSON.parse(fs.readFileSync(ledgerPath, 'utf8'));
		ledger.dependencies ??= {};
	} catch {
		/* first package */
	}
	ledger.dependencies[PACKAGE_NAME] = pkg.version;
	fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');
	return { packageDir, version: pkg.version, pkg };
}

/** `npm run build` then `npm pack` into `destDir`; returns the tarball's path. */
async function buildAndPack(destDir, { build = true } = {}) {
	const env = { ...process.env };
	for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
	if (build) await runOrThrow('npm', ['run', 'build'], { cwd: ROOT, env, timeoutMs: 600_000 });
	for (const file of require(path.join(ROOT, 'package.json')).n8n.nodes.concat(require(path.join(ROOT, 'package.json')).n8n.credentials)) {
		if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing after the build`);
	}
	fs.mkdirSync(destDir, { recursive: true });
	const packed = await runOrThrow('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: ROOT,
		env,
		timeoutMs: 120_000,
	});
	const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
	return path.join(destDir, filename);
}

// ---------------------------------------------------------------------------------------------
// The sandbox fake API (sandbox/fake-api.js), always in a process of its own.

async function startFake({ port } = {}) {
	const fakePort = port ?? (await freePort());
	const child = spawnTracked(process.execPath, [path.join(ROOT, 'sandbox', 'fake-api.js'), '--port', String(fakePort)], {
		cwd: ROOT,
	});
	let banner = '';
	child.stdout.on('data', (d) => (banner += d));
	child.stderr.on('data', (d) => (banner += d));
	const url = `http://127.0.0.1:${fakePort}`;
	try {
		await waitForHttp(`${url}/__sandbox/requests`, { timeoutMs: 20_000, child });
	} catch (error) {
		await stopChild(child);
		throw new Error(`the sandbox API did not start: ${error.message}\n${banner}`);
	}
	const control = async (pathname, body) => {
		const response = await fetch(`${url}${pathname}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(10_000),
		});
		return response.json();
	};
	return {
		url,
		port: fakePort,
		child,
		banner: () => banner,
		requests: () => control('/__sandbox/requests'),
		reset: () => control('/__sandbox/reset', {}),
		clearRequests: () => control('/__sandbox/clear-requests', {}),
		queue: (spec) => control('/__sandbox/queue', spec),
		stop: () => stopChild(child, 5_000),
	};
}

// ---------------------------------------------------------------------------------------------
// n8n's REST API as the editor uses it (cookie auth plus a browser id).

class N8nRest {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
		this.browserId = crypto.randomUUID();
	}

	async request(method, pathname, body) {
		const response = await fetch(`${this.baseUrl}${pathname}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text };
	}

	/** The `data` of a REST answer; throws, naming the call, on any status but 200. */
	async data(method, pathname, body) {
		const r = await this.request(method, pathname, body);
		if (r.status !== 200) throw new Error(`${method} ${pathname}: HTTP ${r.status} ${r.text.slice(0, 500)}`);
		return r.json?.data;
	}

	/**
	 * Publishes ("activates") a workflow's current version as the editor's Publish button does in
	 * n8n 2.x: POST /rest/workflows/:id/activate with the version id. Resolves the raw answer.
	 * n8n answers once the publication is recorded; its triggers are then activated in the
	 * background (see publicationStatus).
	 */
	async activateWorkflow(id) {
		const workflow = await this.data('GET', `/rest/workflows/${id}`);
		return this.request('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
	}

	/**
	 * n8n 2.x's publication outbox activates a published workflow's triggers in the background
	 * and retries a trigger that fails (5 attempts, 1 + 2 + 4 + 8 s apart). Waits until the
	 * status has settled and resolves it: { status: 'published' | 'failed' | 'partial' |
	 * 'not_published', liveVersionId, triggers: [{ nodeId, status, errorMessage }] }.
	 */
	publicationStatus(id, { timeoutMs = 60_000 } = {}) {
		return pollUntil(
			async () => {
				const status = await this.data('GET', `/rest/workflows/${id}/publication-status`);
				return { done: status.status !== 'in_progress', value: status, state: status.status };
			},
			{ timeoutMs, intervalMs: 250, what: `the publication of workflow ${id}` },
		);
	}

	/**
	 * How publishing a workflow ended, from the answer of activateWorkflow(): { status:
	 * 'published' | 'failed' | …, message (the first failed trigger's error), triggers,
	 * background (true when n8n activated the triggers after answering) }. n8n 2.x (with its
	 * default publication service) answers 200 at once and reports in publication-status; an n8n
	 * without that endpoint (1.x) activates before answering and refuses with an error status.
	 */
	async activationOutcome(id, answer, { timeoutMs = 60_000 } = {}) {
		if (answer.status !== 200) {
			return { status: 'failed', message: answer.json?.message ?? answer.text, background: false };
		}
		const probe = await this.request('GET', `/rest/workflows/${id}/publication-status`);
		if (probe.status === 404) return { status: 'published', background: false };
		const status = await this.publicationStatus(id, { timeoutMs });
		const failed = status.triggers.find((trigger) => trigger.status === 'failed');
		return { ...status, message: failed?.errorMessage ?? undefined, background: true };
	}

	/** The webhook n8n has registered for `method` and `path` ({ workflowId, node, … }) or null. */
	findWebhook(method, path) {
		return this.data('POST', '/rest/webhooks/find', { method, path });
	}

	/** A workflow's executions, newest first (at most 100), as the executions list shows them. */
	async executions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const answer = await this.data('GET', `/rest/executions?filter=${filter}&limit=100`);
		return answer.results;
	}

	/**
	 * One execution with its run data. n8n stores and sends `data` serialized with `flatted`;
	 * `parse` is that module's parse (see flattedParse).
	 */
	async execution(id, parse) {
		const execution = await this.data('GET', `/rest/executions/${id}`);
		return { ...execution, data: typeof execution.data === 'string' ? parse(execution.data) : execution.data };
	}

	/** Creates the instance owner (first run) or, when one exists, logs in. */
	async ownerSetupOrLogin(owner) {
		const setup = await this.request('POST', '/rest/owner/setup', owner);
		if (setup.status === 200) return setup;
		const login = await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			email: owner.email,
			password: owner.password,
		});
		if (login.status !== 200) throw new Error(`owner setup (${setup.status}) and login (${login.status}) failed: ${login.text}`);
		return login;
	}
}

/** The sandbox owner account of a local, throw-away instance (not a secret: loopback only). */
const SANDBOX_OWNER = Object.freeze({
	email: 'owner@sandbox.local',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-owner-1',
});

/**
 * Parses the run JSON that `n8n execute --rawOutput` prints after its log lines (it starts at a
 * line that is exactly `{` and ends at one that is exactly `}`). On a failed run n8n logs the
 * same JSON after "Execution was NOT successful".
 */
function parseRunJson(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l.replace(/\s+$/, '') === '{');
	if (start === -1) return undefined;
	for (let end = lines.length - 1; end > start; end--) {
		if (lines[end].replace(/\s+$/, '') !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			/* try a shorter span */
		}
	}
	return undefined;
}

/** `flatted`'s parse, from the n8n install itself (how n8n serializes execution data). */
function flattedParse(n8n) {
	return require(require.resolve('flatted', { paths: [n8n.n8nDir] })).parse;
}

module.exports = {
	isShuttingDown: () => shuttingDown,
	MissingDependency,
	findCommand,
	requireInstalled,
	ROOT,
	PACKAGE_NAME,
	SANDBOX_OWNER,
	N8nRest,
	buildAndPack,
	ensureN8n,
	ensurePlaywright,
	flattedParse,
	freePort,
	installCommunityPackage,
	n8nCli,
	n8nEnv,
	parseRunJson,
	pollUntil,
	run,
	runOrThrow,
	sleep,
	spawnTracked,
	startFake,
	startN8n,
	stopChild,
	versions,
	waitForHttp,
};

// ---------------------------------------------------------------------------------------------
// Queue mode (scripts/e2e-queue.js): Debian's Postgres and Redis on loopback ports of their own
// with their data in a throw-away folder, and n8n's main, worker and webhook processes.

/** The bin folder of Debian's newest installed Postgres (package postgresql), or undefined. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/**
 * Starts a throw-away Postgres cluster in `<dir>/postgres` on 127.0.0.1:`port` (no Unix socket
 * outside `dir`), with a database and a login role for n8n. Postgres refuses to run as root, so
 * as root the cluster belongs to Debian's `postgres` user. Resolves { port, database, user,
 * password, psql(sql) → rows as text, stop() }.
 */
async function startPostgres({ dir, port, log = () => {} }) {
	const bin = postgresBin();
	if (!bin) throw new MissingDependency("Postgres (initdb) is not installed: apt-get install -y postgresql (Debian's package)");
	const asRoot = process.getuid?.() === 0;
	const data = path.join(dir, 'postgres');
	const socketDir = path.join(dir, 'postgres-socket');
	fs.mkdirSync(socketDir, { recursive: true });
	fs.chmodSync(dir, 0o755);
	const as = (command, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
	fs.mkdirSync(data, { recursive: true, mode: 0o700 });
	if (asRoot) await runOrThrow('chown', ['postgres', socketDir, data], { timeoutMs: 10_000 });
	await runOrThrow(...as(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']), {
		timeoutMs: 120_000,
		cwd: dir,
	});
	// In the foreground, as a tracked child: stopped with everything else, also on Ctrl-C.
	const serverArgs = [
		'-D', data,
		'-p', String(port),
		'-c', 'listen_addresses=127.0.0.1',
		'-k', socketDir,
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=300',
	];
	const server = spawnTracked(...as(path.join(bin, 'postgres'), serverArgs), { cwd: dir });
	server.output = '';
	server.stdout.on('data', (d) => (server.output += d));
	server.stderr.on('data', (d) => (server.output += d));
	await pollUntil(
		async () => {
			if (hasEnded(server)) throw new Error(`postgres exited: ${server.spawnError?.message ?? server.output.slice(-2000)}`);
			const r = await run(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { timeoutMs: 10_000 });
			return { done: r.code === 0, state: r.stdout.trim() };
		},
		{ timeoutMs: 60_000, intervalMs: 200, what: 'Postgres' },
	);
	const psql = async (sql, { database = 'postgres', user = 'postgres' } = {}) => {
		const r = await runOrThrow(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], {
			timeoutMs: 60_000,
		});
		return r.stdout.trim();
	};
	const db = { port, database: 'n8n', user: 'n8n', password: 'n8n-e2e-queue' };
	await psql(`CREATE ROLE ${db.user} LOGIN PASSWORD '${db.password}'`);
	await psql(`CREATE DATABASE ${db.database} OWNER ${db.user}`);
	log(`Postgres (${path.basename(path.dirname(bin))}) on 127.0.0.1:${port}, data in ${data}`);
	return {
		...db,
		dataDir: data,
		psql: (sql) => psql(sql, { database: db.database, user: db.user }),
		server,
		serverLog: () => server.output,
		/** Fast shutdown (SIGINT), then SIGKILL after 20 s. */
		stop: async () => {
			if (server.exitCode !== null || server.signalCode !== null) return;
			killTree(server, 'SIGINT');
			const timer = setTimeout(() => killTree(server, 'SIGKILL'), 20_000);
			await server.exited;
			clearTimeout(timer);
		},
	};
}

/** Starts redis-server on 127.0.0.1:`port` with no persistence, its files in `<dir>/redis`. */
async function startRedis({ dir, port, log = () => {} }) {
	requireInstalled([{ what: 'redis-server', found: findCommand('redis-server'), install: 'apt-get install -y redis-server' }]);
	const redisDir = path.join(dir, 'redis');
	fs.mkdirSync(redisDir, { recursive: true });
	const child = spawnTracked(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--dir', redisDir, '--save', '', '--appendonly', 'no', '--rdbcompression', 'no', '--protected-mode', 'yes', '--daemonize', 'no'],
		{ cwd: redisDir },
	);
	child.output = '';
	child.stdout.on('data', (d) => (child.output += d));
	child.stderr.on('data', (d) => (child.output += d));
	const ping = () =>
		new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			let answer = '';
			socket.setTimeout(2_000, () => socket.destroy());
			socket.on('connect', () => socket.write('PING\r\n'));
			socket.on('data', (d) => {
				answer += d;
				socket.end();
			});
			socket.on('close', () => resolve(answer.startsWith('+PONG')));
			socket.on('error', () => resolve(false));
		});
	await pollUntil(
		async () => {
			if (hasEnded(child)) throw new Error(`redis-server exited: ${child.spawnError?.message ?? child.output.slice(-1000)}`);
			return { done: await ping(), state: 'no PONG' };
		},
		{ timeoutMs: 30_000, intervalMs: 200, what: 'redis-server' },
	);
	log(`Redis on 127.0.0.1:${port}`);
	return { port, child, stop: () => stopChild(child, 5_000) };
}

/**
 * Starts one n8n process of a queue-mode setup: `start` (the main), `worker` or `webhook`, and
 * waits until it is ready (the main's REST API; a worker's or webhook processor's /healthz).
 * The child keeps its whole output in `child.output` (and `logFile`).
 */
async function startN8nProcess(n8n, command, { env, args = [], logFile, healthUrl, timeoutMs = 180_000 }) {
	const out = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
	const child = spawnTracked(n8n.node, [n8n.n8nBin, command, ...args], { env, cwd: env.N8N_USER_FOLDER });
	child.output = '';
	for (const stream of [child.stdout, child.stderr]) {
		stream.on('data', (d) => {
			child.output += d;
			out?.write(d);
		});
	}
	child.once('exit', () => out?.end());
	try {
		await waitForHttp(healthUrl, { timeoutMs, child });
		if (command === 'start') {
			await waitForHttp(`http://127.0.0.1:${env.N8N_PORT}/rest/settings`, { timeoutMs, child });
		}
	} catch (error) {
		const tail = child.output.split('\n').slice(-30).join('\n');
		await stopChild(child);
		throw new Error(`n8n ${command}: ${error.message}\n--- output ---\n${tail}`);
	}
	return child;
}

/** Sends `signal` to a tracked child's process group and resolves once it has exited. */
async function signalChild(child, signal) {
	killTree(child, signal);
	return child.exited;
}

Object.assign(module.exports, { postgresBin, requireQueueDependencies, startPostgres, startRedis, startN8nProcess, signalChild });
