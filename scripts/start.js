#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the package in the real n8n, with a sandbox, in a few minutes and without an account.
 *
 *  - builds and packs the package and installs it as a community package into a persistent n8n
 *    user folder (.cache/n8n-sandbox; N8N_SANDBOX_USER_FOLDER overrides it);
 *  - starts the sandbox aaio and morune API (sandbox/fake-api.js) on 127.0.0.1:5680 (SANDBOX_PORT);
 *  - creates the two sandbox credentials (pointing at it) and imports the example workflows;
 *  - starts the n8n editor on http://127.0.0.1:5678 (N8N_PORT), loopback only, with everything
 *    that would call out turned off; stops everything on Ctrl-C.
 *
 * The first run installs n8n into the cache (about 8 minutes); later runs start in seconds.
 * START_SKIP_BUILD=1 packs the existing dist/ without building it again.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const L = require('./lib/n8n');
const F = require('../e2e/fixtures');

const say = (message) => process.stdout.write(`[start] ${message}\n`);

async function main() {
	const userFolder = path.resolve(process.env.N8N_SANDBOX_USER_FOLDER || path.join(L.ROOT, '.cache', 'n8n-sandbox'));
	const port = Number(process.env.N8N_PORT || 5678);
	const sandboxPort = Number(process.env.SANDBOX_PORT || 5680);
	const brokerPort = Number(process.env.N8N_RUNNERS_BROKER_PORT || port + 1);
	fs.mkdirSync(userFolder, { recursive: true });

	const n8n = await L.ensureN8n({ log: say });

	say(process.env.START_SKIP_BUILD === '1' ? 'packing the package' : 'building and packing the package');
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-start-'));
	try {
		const tarball = await L.buildAndPack(tmp, { build: process.env.START_SKIP_BUILD !== '1' });
		// E2E_OUTBOUND_LOG (set by the browser test) preloads the monitor of outbound connections.
		const monitor = process.env.E2E_OUTBOUND_LOG
			? { NODE_OPTIONS: `--require ${path.join(L.ROOT, 'e2e', 'outbound-monitor.cjs')}` }
			: {};
		const env = L.n8nEnv(n8n, { userFolder, port, brokerPort, offlineRegistry: false, extra: monitor });
		const { version } = await L.installCommunityPackage(tarball, userFolder, { env });
		say(`installed ${L.PACKAGE_NAME}@${version} into ${path.join(userFolder, '.n8n', 'nodes')}`);

		const fake = await L.startFake({ port: sandboxPort }).catch((error) => {
			throw new Error(`cannot serve the sandbox API on 127.0.0.1:${sandboxPort} (SANDBOX_PORT picks another port): ${error.message}`);
		});
		let stopping = false;
		fake.child.once('exit', (code, signal) => {
			if (stopping || L.isShuttingDown()) return;
			say(`the sandbox API stopped (${signal ?? `exit ${code}`}); stopping n8n`);
			process.kill(process.pid, 'SIGTERM');
		});

		// The sandbox credentials, each start (their base URL follows the sandbox's port).
		const credsFile = path.join(tmp, 'credentials.json');
		fs.writeFileSync(credsFile, JSON.stringify(F.credentials(fake.url, ['aaio', 'morune'])));
		let r = await L.n8nCli(n8n, ['import:credentials', `--input=${credsFile}`], { env });
		if (r.code !== 0) throw new Error(`import:credentials failed:\n${r.stdout}${r.stderr}`);

		// The examples: imported when new or changed since the last start, so edits made in the
		// editor survive restarts. Delete .cache/n8n-sandbox/examples.json to import them again.
		const ledgerFile = path.join(userFolder, 'examples.json');
		const ledger = fs.existsSync(ledgerFile) ? JSON.parse(fs.readFileSync(ledgerFile, 'utf8')) : {};
		const examples = F.examples();
		const hash = (wf) => crypto.createHash('sha256').update(JSON.stringify(wf)).digest('hex');
		const changed = Object.entries(examples).filter(([file, wf]) => ledger[file] !== hash(wf));
		if (changed.length > 0) {
			const wfFile = path.join(tmp, 'workflows.json');
			fs.writeFileSync(wfFile, JSON.stringify(changed.map(([, wf]) => wf)));
			r = await L.n8nCli(n8n, ['import:workflow', `--input=${wfFile}`], { env });
			if (r.code !== 0) throw new Error(`import:workflow failed:\n${r.stdout}${r.stderr}`);
			for (const [file, wf] of changed) ledger[file] = hash(wf);
			fs.writeFileSync(ledgerFile, JSON.stringify(ledger, null, 2));
			say(`imported ${changed.length} example workflow(s): ${changed.map(([file]) => file).join(', ')}`);
		}

		say(`starting n8n ${n8n.n8nVersion} (its log: ${path.join(userFolder, 'n8n.log')})`);
		const server = await L.startN8n(n8n, { env, logFile: path.join(userFolder, 'n8n.log'), timeoutMs: 300_000 });
		const url = `http://127.0.0.1:${port}`;
		process.stdout.write(
			[
				'',
				`  n8n editor         ${url}   (first visit: create the local owner account)`,
				`  example workflow   ${url}/workflow/${examples['balance-check.json'].id}   "${examples['balance-check.json'].name}"`,
				`  sandbox API        ${fake.url}   (fake aaio and morune, loopback only)`,
				`    aaio    API key     ${F.SANDBOX.aaio.apiKey}`,
				`    morune  user ID     ${F.SANDBOX.morune.userId}`,
				`            secret key  ${F.SANDBOX.morune.secretKey}`,
				'  credentials        "aaio sandbox" and "morune sandbox" point at the sandbox API.',
				'                     For a real account, create an "Aaio API" or "Morune API" credential with your key.',
				'',
				'  Ctrl-C stops n8n and the sandbox.',
				'',
				`[start] ready: ${url}`,
				'',
			].join('\n'),
		);
		const { code, signal } = await server.exited;
		stopping = true;
		say(`n8n exited (${signal ?? `exit ${code}`})`);
		await fake.stop();
		process.exitCode = code ?? 1;
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`[start] ERROR ${error.message}\n`);
	process.exitCode = 1;
});
