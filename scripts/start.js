#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the package in the real n8n, with a sandbox, in a few minutes and without an account.
 *
 *  - builds and packs the package and installs it as a community package into a persistent n8n
 *    user folder (.cache/n8n-sandbox; N8N_SANDBOX_USER_FOLDER overrides it);
 *  - starts the sandbox aaio and morune API (sandbox/fake-api.js) on 127.0.0.1:5680 (SANDBOX_PORT) in
 *    test mode (checkout pages, notifications, payouts moving on: sandbox/test-mode.js), with its
 *    outbox, an SMTP server for the examples' emails, on 127.0.0.1:5681 (SANDBOX_SMTP_PORT);
 *  - creates the sandbox credentials (pointing at it) and imports the example workflows; the ones
 *    started by this package's notification triggers ("Payment received", "Payout finished") are
 *    published, and their trigger URLs registered in the sandbox as the notification URLs. An example you changed in n8n is never
 *    overwritten: a newer version of it is imported next to it, as a copy;
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
	const smtpPort = Number(process.env.SANDBOX_SMTP_PORT || sandboxPort + 1);
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
		const env = withoutAiAssistant(n8n, L.n8nEnv(n8n, { userFolder, port, brokerPort, offlineRegistry: false, extra: monitor }));
		const { version } = await L.installCommunityPackage(tarball, userFolder, { env });
		say(`installed ${L.PACKAGE_NAME}@${version} into ${path.join(userFolder, '.n8n', 'nodes')}`);

		// The sandbox process reads these (sandbox/fake-api.js): test mode on, and its outbox.
		process.env.SANDBOX_TEST_MODE = '1';
		process.env.SANDBOX_SMTP_PORT = String(smtpPort);
		const fake = await L.startFake({ port: sandboxPort }).catch((error) => {
			throw new Error(
				`cannot serve the sandbox API on 127.0.0.1:${sandboxPort} and its outbox on ${smtpPort} (SANDBOX_PORT and SANDBOX_SMTP_PORT pick other ports): ${error.message}`,
			);
		});
		let stopping = false;
		fake.child.once('exit', (code, signal) => {
			if (stopping || L.isShuttingDown()) return;
			say(`the sandbox API stopped (${signal ?? `exit ${code}`}); stopping n8n`);
			process.kill(process.pid, 'SIGTERM');
		});

		// The sandbox credentials, each start (their base URL follows the sandbox's port).
		const credsFile = path.join(tmp, 'credentials.json');
		fs.writeFileSync(credsFile, JSON.stringify([...F.credentials(fake.url, ['aaio', 'morune']), sandboxMailCredential(smtpPort)]));
		let r = await L.n8nCli(n8n, ['import:credentials', `--input=${credsFile}`], { env });
		if (r.code !== 0) throw new Error(`import:credentials failed:\n${r.stdout}${r.stderr}`);

		const examples = F.examples();
		await importExamples({ n8n, env, tmp, userFolder, examples });

		// Where the sandbox sends notifications: the active examples' triggers, by their webhook IDs.
		const settings = notificationUrls(examples, `http://127.0.0.1:${port}`);
		const configured = await fetch(`${fake.url}/__sandbox/settings`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ enabled: true, ...settings }),
		});
		if (!configured.ok) throw new Error(`the sandbox refused its settings: ${await configured.text()}`);

		say(`starting n8n ${n8n.n8nVersion} (its log: ${path.join(userFolder, 'n8n.log')})`);
		const server = await L.startN8n(n8n, { env, logFile: path.join(userFolder, 'n8n.log'), timeoutMs: 300_000 });
		const url = `http://127.0.0.1:${port}`;
		process.stdout.write(
			[
				'',
				`  n8n editor         ${url}   (first visit: create the local owner account)`,
				`  example workflow   ${url}/workflow/${examples['balance-check.json'].id}   "${examples['balance-check.json'].name}"`,
				`  test mode          ${url}/workflow/${examples['payment-link.json'].id}   "${examples['payment-link.json'].name}": run it,`,
				`                     open a paymentUrl, press Pay; "${examples['payment-received.json'].name}" runs (Executions)`,
				`  sandbox page       ${fake.url}/   (delivery log with resend/replay/tampered, payouts, faults, outbox)`,
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

/**
 * n8n's AI assistant ("n8n Assistant", the module instance-ai) greets the first login even with
 * N8N_AI_ENABLED=false; its module is turned off as well, when this n8n has one (an unknown name
 * in N8N_DISABLED_MODULES stops n8n).
 */
function withoutAiAssistant(n8n, env) {
	const config = path.join(n8n.n8nDir, 'node_modules', '@n8n', 'backend-common', 'dist', 'modules', 'modules.config.js');
	const known = fs.existsSync(config) ? fs.readFileSync(config, 'utf8') : '';
	if (!known.includes("'instance-ai'")) return env;
	const disabled = new Set(String(env.N8N_DISABLED_MODULES ?? '').split(',').filter(Boolean));
	disabled.add('instance-ai');
	return { ...env, N8N_DISABLED_MODULES: [...disabled].join(',') };
}

/** The credential of the sandbox's outbox (sandbox/mail.js): plain SMTP on loopback, no login. */
function sandboxMailCredential(smtpPort) {
	return {
		id: 'sandboxSmtp00001',
		name: 'sandbox mail',
		type: 'smtp',
		data: { user: '', password: '', host: '127.0.0.1', port: smtpPort, secure: false, disableStartTls: true },
	};
}

/** This package's notification triggers of a workflow, with their provider. */
function notificationTriggers(wf) {
	const providers = { [`${L.PACKAGE_NAME}.aaioTrigger`]: 'aaio', [`${L.PACKAGE_NAME}.moruneTrigger`]: 'morune' };
	return wf.nodes.filter((node) => providers[node.type]).map((node) => ({ node, provider: providers[node.type] }));
}

/** The examples' trigger URLs, as the sandbox's notification URL settings. */
function notificationUrls(examples, base) {
	const urls = { aaio: {}, morune: {} };
	const setting = { aaio: { payment: 'notificationUrl', payout: 'payoutUrl' }, morune: { payment: 'paymentUrl', payout: 'payoutUrl' } };
	for (const wf of Object.values(examples)) {
		for (const { node, provider } of notificationTriggers(wf)) {
			urls[provider][setting[provider][node.parameters.event]] = `${base}/webhook/${node.webhookId}/webhook`;
		}
	}
	return urls;
}

/** What of a workflow a person edits: its nodes (name, type, parameters, credentials) and connections. */
function editable(wf) {
	const nodes = (wf.nodes ?? [])
		.map((node) => ({ name: node.name, type: node.type, parameters: node.parameters, credentials: node.credentials ?? {} }))
		.sort((a, b) => (a.name < b.name ? -1 : 1));
	return crypto.createHash('sha256').update(JSON.stringify({ nodes, connections: wf.connections ?? {} })).digest('hex');
}

/**
 * Imports the examples that are new or changed since the last start (the ledger
 * .cache/n8n-sandbox/examples.json; delete it to import them all again), and publishes the ones
 * started by notification triggers when they are imported (the example files are all inactive). An example edited in n8n since its import (n8n
 * saves edits as they are made) is left as it is: the new version comes in beside it, under its
 * own ID and "(new version)" in its name.
 */
async function importExamples({ n8n, env, tmp, userFolder, examples }) {
	const ledgerFile = path.join(userFolder, 'examples.json');
	const ledger = fs.existsSync(ledgerFile) ? JSON.parse(fs.readFileSync(ledgerFile, 'utf8')) : {};
	const hash = (wf) => crypto.createHash('sha256').update(JSON.stringify(wf)).digest('hex');
	const entryOf = (file) => (typeof ledger[file] === 'string' ? { hash: ledger[file] } : (ledger[file] ?? {}));
	const changed = Object.entries(examples).filter(([file, wf]) => entryOf(file).hash !== hash(wf));
	if (changed.length === 0) return;
	const toImport = [];
	const kept = [];
	for (const [file, wf] of changed) {
		const entry = entryOf(file);
		let copy = wf;
		if (entry.imported) {
			const stored = await exportWorkflow(n8n, env, tmp, wf.id);
			if (stored && editable(stored) !== entry.imported) {
				const id = `${wf.id.slice(0, 12)}${crypto.createHash('sha256').update(hash(wf)).digest('hex').slice(0, 4)}`;
				copy = { ...wf, id, name: `${wf.name} (new version)` };
				kept.push(`"${wf.name}" (you changed it; the new version is "${copy.name}")`);
			}
		}
		toImport.push([file, copy]);
	}
	const wfFile = path.join(tmp, 'workflows.json');
	fs.writeFileSync(wfFile, JSON.stringify(toImport.map(([, wf]) => wf)));
	const r = await L.n8nCli(n8n, ['import:workflow', `--input=${wfFile}`], { env });
	if (r.code !== 0) throw new Error(`import:workflow failed:\n${r.stdout}${r.stderr}`);
	for (const [file, wf] of toImport) {
		// A copy beside an edited example is not published: its triggers' URLs are the same.
		if (wf === examples[file] && notificationTriggers(wf).length > 0) {
			const published = await L.n8nCli(n8n, ['publish:workflow', `--id=${wf.id}`], { env });
			if (published.code !== 0) throw new Error(`publish:workflow ${wf.id} failed:\n${published.stdout}${published.stderr}`);
		}
		ledger[file] = { hash: hash(examples[file]), imported: editable(wf) };
	}
	fs.writeFileSync(ledgerFile, JSON.stringify(ledger, null, 2));
	say(`imported ${toImport.length} example workflow(s): ${toImport.map(([file]) => file).join(', ')}`);
	if (kept.length) say(`kept your edits of ${kept.join(', ')}`);
}

/** A workflow as n8n stores it, or undefined when there is none with that ID. */
async function exportWorkflow(n8n, env, tmp, id) {
	const file = path.join(tmp, `export-${id}.json`);
	const r = await L.n8nCli(n8n, ['export:workflow', `--id=${id}`, `--output=${file}`], { env });
	if (r.code !== 0 || !fs.existsSync(file)) return undefined;
	const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
	return Array.isArray(exported) ? exported[0] : exported;
}

main().catch((error) => {
	process.stderr.write(`[start] ERROR ${error.message}\n`);
	process.exitCode = 1;
});
