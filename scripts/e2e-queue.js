#!/usr/bin/env node
'use strict';
/**
 * End-to-end test of this package in n8n's queue mode (`npm run e2e:queue`), the scale-out setup:
 *
 *  - Debian's Postgres and Redis (packages `postgresql`, `redis-server`), started here on loopback
 *    ports of their own with their data in a throw-away folder;
 *  - an n8n main (`n8n start`: the editor, activation, pollers), two workers (`n8n worker`: the
 *    executions) and one webhook processor (`n8n webhook`: production webhooks), each with its own
 *    user folder and the package installed in it as a community package, all sharing the
 *    database, Redis and the encryption key;
 *  - the sandbox fake API (sandbox/fake-api.js) in a process of its own.
 *
 * It checks: Balance → Get and Payout → Create run on workers with the items of the
 * single-process e2e; each notification trigger kind is served by the webhook processor (genuine:
 * one execution; forged: 403 and none; repeats, at once and while the first still runs: none);
 * the balance trigger on the main fires once per crossing and keeps its memory across restarts of
 * the main by SIGTERM and by SIGKILL between polls; a threshold that is not a number fails
 * activation; 1,000 genuine and 1,000 forged notifications sent at once give exactly 1,000
 * executions, also with a worker killed by SIGKILL in the middle (within what n8n guarantees for
 * a killed worker, see below); no secret in anything the processes printed or stored; no
 * connection outside 127.0.0.1.
 *
 * Each process gets E2E_PROCESS=<its name> in its environment, and the test workflows record
 * `{{ $env.E2E_PROCESS }}` in a Set node ("ran on"), so the execution records say which process
 * ran them (env access in nodes is allowed for this test only).
 *
 * Environment: E2E_SKIP_BUILD=1 packs the existing dist/; E2E_KEEP=1 keeps the throw-away folder;
 * E2E_QUEUE_BURST (default 1000) sets the burst size. Logs go to .e2e/queue-logs/.
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const L = require('./lib/n8n');
const F = require('../e2e/fixtures');
const N = require('../e2e/notifications');
const { moruneSign } = require('../sandbox/signatures');

const LOG_DIR = path.resolve(process.env.E2E_LOG_DIR || path.join(L.ROOT, '.e2e', 'queue-logs'));
const BURST = Number(process.env.E2E_QUEUE_BURST || 1000);
/** How many notifications of a burst are in flight at once. */
const IN_FLIGHT = Number(process.env.E2E_QUEUE_IN_FLIGHT || 50);
/** Only the given steps (comma-separated: workers,notifications,burst,trigger), for development. */
const ONLY = process.env.E2E_QUEUE_ONLY ? new Set(process.env.E2E_QUEUE_ONLY.split(',')) : undefined;
const runs = (step) => !ONLY || ONLY.has(step);
const PACKAGE = L.PACKAGE_NAME;
const results = [];
const captured = []; // { label, text } for the secrets scan
const started = Date.now();
const timings = {};

function say(message) {
	process.stdout.write(`[e2e:queue ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

async function check(name, fn) {
	const t0 = Date.now();
	try {
		await fn();
		results.push({ name, ok: true });
		say(`PASS ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
	} catch (error) {
		results.push({ name, ok: false, error });
		say(`FAIL ${name}\n       ${String(error.stack ?? error).split('\n').slice(0, 12).join('\n       ')}`);
	}
}

const EXPECTED = {
	aaio: { provider: 'aaio', currency: 'RUB', available: 1592.03, frozen: 120.5, referral: 346.49, total: 2059.02 },
	morune: { provider: 'morune', currency: 'RUB', available: 14034.5, frozen: 1200, referral: null, total: 15234.5 },
};
const REJECTED = '{"message":"Notification rejected"}';
const UNFINISHED = new Set(['new', 'running', 'waiting']);
const WORKERS = ['worker-1', 'worker-2'];

// --- workflows ---------------------------------------------------------------------------------

const ranOn = (position = [200, 0]) => ({
	id: 'q-ran-on',
	name: 'ran on',
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	position,
	parameters: {
		mode: 'manual',
		assignments: { assignments: [{ id: 'q-process', name: 'process', value: '={{ $env.E2E_PROCESS }}', type: 'string' }] },
		includeOtherFields: true,
		options: {},
	},
});

const webhookNode = (pathName, webhookId) => ({
	id: `q-webhook-${pathName}`,
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId,
	parameters: { httpMethod: 'POST', path: pathName, responseMode: 'lastNode', options: {} },
});

const chain = (names) => {
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return connections;
};

const workflow = (id, name, nodes) => ({
	id,
	name,
	nodes,
	connections: chain(nodes.map((n) => n.name)),
	settings: { executionOrder: 'v1' },
	pinData: {},
	active: false,
});

const cred = (key) => ({ [F.CRED[key].type]: { id: F.CRED[key].id, name: F.CRED[key].name } });

const balanceNode = (provider, x) => ({
	id: `q-${provider}-balance`,
	name: `${provider} balance`,
	type: `${PACKAGE}.${provider}`,
	typeVersion: 1,
	position: [x, 0],
	parameters: { resource: 'balance', operation: 'get' },
	credentials: cred(provider),
});

const payoutNode = (provider) => ({
	id: `q-${provider}-payout`,
	name: `${provider} payout`,
	type: `${PACKAGE}.${provider}`,
	typeVersion: 1,
	position: [400, 0],
	parameters: F.PAYOUTS[provider].parameters,
	credentials: cred(provider),
});

const waitNode = (seconds) => ({
	id: 'q-wait',
	name: 'Wait',
	type: 'n8n-nodes-base.wait',
	typeVersion: 1.1,
	position: [400, 0],
	webhookId: '0e2e0b20-0000-4000-8000-0000000000ff',
	parameters: { amount: seconds, unit: 'seconds' },
});

const NOTIFICATION_KINDS = Object.keys(N.NOTIFICATIONS); // aaioPayment, aaioPayout, moruneInvoice, morunePayout
const triggerNodeName = (t) => `${t.provider} ${t.event} trigger`;
const triggerNode = (key, extra = {}) => {
	const t = F.TRIGGERS[key];
	return {
		id: `q-trigger-${key}`,
		name: triggerNodeName(t),
		type: `${PACKAGE}.${t.provider}Trigger`,
		typeVersion: 2,
		position: [0, 0],
		webhookId: t.webhookId,
		parameters: { event: t.event, ...extra },
		credentials: cred(t.cred),
	};
};

const BURST_WEBHOOK_ID = '0e2e0b20-0000-4000-8000-000000000b01';
const balanceTriggerNode = (threshold) => ({
	id: 'q-balance-trigger',
	name: 'Aaio Balance Trigger',
	type: `${PACKAGE}.aaioBalanceTrigger`,
	typeVersion: 1,
	position: [0, 0],
	parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'fellBelow', threshold },
	credentials: cred('aaio'),
});

const WF = {
	balance: workflow('qBalanceGet00001', 'queue: both balances', [webhookNode('q-balance', '0e2e0b20-0000-4000-8000-000000000001'), ranOn(), balanceNode('aaio', 400), balanceNode('morune', 600)]),
	aaioPayout: workflow('qAaioPayout00001', 'queue: aaio payout', [webhookNode('q-aaio-payout', '0e2e0b20-0000-4000-8000-000000000002'), ranOn(), payoutNode('aaio')]),
	morunePayout: workflow('qMorunePayout001', 'queue: morune payout', [webhookNode('q-morune-payout', '0e2e0b20-0000-4000-8000-000000000003'), ranOn(), payoutNode('morune')]),
	balanceTrigger: workflow('qBalanceTrigger1', 'queue: aaio balance fell below 5000', [balanceTriggerNode(5000), ranOn()]),
	badThreshold: workflow('qBadThreshold001', 'queue: threshold "5 000" from an expression', [balanceTriggerNode('={{ "5 000" }}'), ranOn()]),
	// A 1 s Wait keeps executions in flight on the workers, so that killing one interrupts some.
	burst: workflow('qBurstInvoices01', 'queue: morune invoices (burst)', [
		{ ...triggerNode('moruneInvoice', { confirmWithProvider: false }), id: 'q-burst-trigger', webhookId: BURST_WEBHOOK_ID },
		waitNode(1),
	]),
};
for (const key of NOTIFICATION_KINDS) {
	WF[`trigger:${key}`] = workflow(`qTrig${key}`.slice(0, 16).padEnd(16, '0'), `queue: ${triggerNodeName(F.TRIGGERS[key])}`, [triggerNode(key), ranOn(), waitNode(3)]);
}

// --- the burst's notifications: distinct morune invoices, genuine and forged ------------------------

function burstNotification(runId, i, { forged = false } = {}) {
	const n = String(i).padStart(4, '0');
	const payload = {
		invoice_id: `b${runId}0000-0000-4000-8000-${n.padStart(12, '0')}`,
		order_id: `burst-${runId}-${n}`,
		status: 'success',
		amount: `${100 + i}.00`,
		credited: `${95 + i}.00`,
		currency: 'RUB',
		custom_fields: {},
		type: 1,
		pay_time: '2026-12-01 12:00:00',
		pay_service: 'card',
		payer_details: '553691******1279',
		code: 1,
	};
	const key = forged ? 'forged-key-0000000000000000' : F.SANDBOX.morune.shopWebhookSecret;
	return {
		orderId: payload.order_id,
		contentType: 'application/json',
		body: JSON.stringify(payload),
		headers: { 'x-api-sha256-signature': moruneSign(payload, key) },
	};
}

async function post(url, { contentType, body, headers = {} }, label) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': contentType, ...headers },
		body,
		signal: AbortSignal.timeout(120_000),
	});
	const text = await response.text();
	if (label) captured.push({ label: `answer-${label}`, text });
	return { status: response.status, text };
}

/** Runs `tasks` (functions returning promises) with at most `limit` in flight. */
async function pool(tasks, limit, onDone = () => {}) {
	const out = new Array(tasks.length);
	let next = 0;
	let done = 0;
	const lane = async () => {
		while (next < tasks.length) {
			const i = next++;
			try {
				out[i] = await tasks[i]();
			} catch (error) {
				out[i] = { error };
			}
			onDone(++done);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
	return out;
}

// --- main ------------------------------------------------------------------------------------------

async function main() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-queue-'));
	fs.rmSync(LOG_DIR, { recursive: true, force: true });
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const outboundLog = path.join(LOG_DIR, 'outbound-attempts.jsonl');
	const procs = {};
	let pg;
	let redis;
	let fake;
	try {
		// Before the long steps: Debian's Postgres and Redis, which this test starts itself.
		L.requireQueueDependencies();
		const n8n = await L.ensureN8n({ log: say });
		let t0 = Date.now();
		const tarball = await L.buildAndPack(path.join(tmp, 'pack'), { build: process.env.E2E_SKIP_BUILD !== '1' });
		timings.buildAndPack = Date.now() - t0;
		say(`packed ${path.basename(tarball)}`);

		t0 = Date.now();
		[pg, redis, fake] = await Promise.all([
			L.freePort().then((port) => L.startPostgres({ dir: tmp, port, log: say })),
			L.freePort().then((port) => L.startRedis({ dir: tmp, port, log: say })),
			L.startFake(),
		]);
		timings.infrastructure = Date.now() - t0;
		say(`sandbox API on ${fake.url}`);

		// One user folder per process, each with the package installed as a community package.
		const names = ['main', ...WORKERS, 'webhook', ...(ONLY?.has('two-webhooks') ? ['webhook-2'] : [])];
		const ports = {};
		for (const name of names) ports[name] = { http: await L.freePort(), broker: await L.freePort(), health: await L.freePort() };
		const envFor = (name) =>
			L.n8nEnv(n8n, {
				userFolder: path.join(tmp, name),
				port: ports[name].http,
				brokerPort: ports[name].broker,
				extra: {
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: '127.0.0.1',
					DB_POSTGRESDB_PORT: String(pg.port),
					DB_POSTGRESDB_DATABASE: pg.database,
					DB_POSTGRESDB_USER: pg.user,
					DB_POSTGRESDB_PASSWORD: pg.password,
					// n8n's default pool is 2 connections per process. Under 200 notifications at once the
					// webhook processor's connection check (a ping, 5 s timeout) then waits behind the busy
					// pool, fails, and n8n answers every request 503 "Database is not ready!" until a ping
					// succeeds (measured: 44 of 1,000 genuine notifications accepted). See docs/queue-mode.md.
					DB_POSTGRESDB_POOL_SIZE: '10',
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: '127.0.0.1',
					QUEUE_BULL_REDIS_PORT: String(redis.port),
					N8N_ENCRYPTION_KEY: 'e2e-queue-mode-encryption-key-0001',
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(ports[name].health),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					// A killed worker's jobs are found stalled within seconds instead of a minute. The main's
					// queue recovery stays at n8n's default (at start, then every 3 hours): run every minute
					// under a burst, it marked an execution crashed in the instant between its database row
					// and its job, and the worker then skipped it (n8n 2.41.1; see docs/queue-mode.md).
					QUEUE_WORKER_LOCK_DURATION: '20000',
					QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
					QUEUE_WORKER_STALLED_INTERVAL: '10000',
					N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
					E2E_PROCESS: name,
					NODE_OPTIONS: `--require ${path.join(L.ROOT, 'e2e', 'outbound-monitor.cjs')}`,
					E2E_OUTBOUND_LOG: outboundLog,
				},
			});
		const env = Object.fromEntries(names.map((name) => [name, envFor(name)]));
		for (const name of names) fs.mkdirSync(env[name].N8N_USER_FOLDER, { recursive: true });

		await check('the tarball installs as a community package in the user folder of the main, both workers and the webhook processor', async () => {
			for (const name of names) {
				const { packageDir } = await L.installCommunityPackage(tarball, env[name].N8N_USER_FOLDER, { env: env[name] });
				assert.ok(fs.existsSync(path.join(packageDir, 'dist', 'nodes', 'AaioBalanceTrigger', 'AaioBalanceTrigger.node.js')));
			}
		});

		// Credentials and workflows into Postgres, with the main's settings.
		const credsFile = path.join(tmp, 'credentials.json');
		fs.writeFileSync(credsFile, JSON.stringify(F.credentials(fake.url, ['aaio', 'morune']), null, 2));
		const workflowsFile = path.join(tmp, 'workflows.json');
		fs.writeFileSync(workflowsFile, JSON.stringify(Object.values(WF), null, 2));
		await check('n8n import:credentials and import:workflow write into Postgres', async () => {
			let r = await L.n8nCli(n8n, ['import:credentials', `--input=${credsFile}`], { env: env.main });
			captured.push({ label: 'import-credentials', text: r.stdout + r.stderr });
			assert.equal(r.code, 0, r.stderr.slice(-2000));
			r = await L.n8nCli(n8n, ['import:workflow', `--input=${workflowsFile}`], { env: env.main });
			captured.push({ label: 'import-workflows', text: r.stdout + r.stderr });
			assert.equal(r.code, 0, r.stderr.slice(-2000));
			assert.match(r.stdout + r.stderr, new RegExp(`Successfully imported ${Object.keys(WF).length} workflows`));
			assert.equal(await pg.psql('select count(*) from workflow_entity'), String(Object.keys(WF).length));
		});

		// --- the processes ------------------------------------------------------------------------
		t0 = Date.now();
		const health = (name) => `http://127.0.0.1:${name === 'main' || name.startsWith('webhook') ? ports[name].http : ports[name].health}/healthz`;
		const start = async (name) => {
			const command = name === 'main' ? 'start' : name.startsWith('webhook') ? 'webhook' : 'worker';
			procs[name] = await L.startN8nProcess(n8n, command, {
				env: env[name],
				logFile: path.join(LOG_DIR, `${name}.log`),
				healthUrl: health(name),
				args: command === 'worker' ? ['--concurrency=10'] : [],
			});
			return procs[name];
		};
		await start('main');
		await Promise.all(names.filter((name) => name !== 'main').map(start));
		timings.processesStart = Date.now() - t0;
		say(`main, ${WORKERS.join(', ')} and webhook processor up in ${(timings.processesStart / 1000).toFixed(1)} s`);
		const outputs = {}; // all output of every process, over restarts
		const keepOutput = (name) => {
			outputs[name] = (outputs[name] ?? '') + procs[name].output;
		};

		let rest = new L.N8nRest(`http://127.0.0.1:${ports.main.http}`);
		await rest.ownerSetupOrLogin(L.SANDBOX_OWNER);
		const parse = L.flattedParse(n8n);
		const hook = (pathName) => `http://127.0.0.1:${ports.webhook.http}/webhook/${pathName}`;

		const publish = async (wf) => {
			const r = await rest.activateWorkflow(wf.id);
			captured.push({ label: `activate-${wf.id}`, text: r.text });
			return rest.activationOutcome(wf.id, r, { timeoutMs: 60_000 });
		};
		/** Execution rows of a workflow, from Postgres: [{ id, status, mode }]. */
		const executionRows = async (workflowId) => {
			const text = await pg.psql(`select id, status, mode from execution_entity where "workflowId" = '${workflowId}' order by id`);
			return text ? text.split('\n').map((line) => ({ id: line.split('|')[0], status: line.split('|')[1], mode: line.split('|')[2] })) : [];
		};
		const finishedExecutions = (workflowId, count, { timeoutMs = 60_000 } = {}) =>
			L.pollUntil(
				async () => {
					const rows = await executionRows(workflowId);
					const done = rows.length >= count && rows.every((r) => !UNFINISHED.has(r.status));
					return { done, value: rows, state: `${rows.length} executions: ${rows.map((r) => r.status).join(',')}` };
				},
				{ timeoutMs, intervalMs: 300, what: `${count} finished executions of ${workflowId}` },
			);
		const runData = async (id) => {
			const execution = await rest.execution(id, parse);
			const text = JSON.stringify(execution);
			captured.push({ label: `execution-${id}`, text });
			return execution.data.resultData.runData;
		};
		const itemsOf = (data, node) => data[node]?.[0]?.data?.main?.[0] ?? [];
		/** The "ran on" node's record, checked against the worker logs ("Worker started execution N"). */
		const assertRanOnWorker = (data, id) => {
			const process_ = itemsOf(data, 'ran on')[0]?.json?.process;
			assert.ok(WORKERS.includes(process_), `execution ${id} ran on "${process_}", not on a worker`);
			const log = procs[process_].output + (outputs[process_] ?? '');
			assert.match(log, new RegExp(`Worker started execution ${id} \\(`), `${process_}'s log does not show execution ${id}`);
			return process_;
		};

		if (runs('workers')) {
		// --- 1. Balance → Get and Payout → Create on workers ------------------------------------------
		for (const wf of [WF.balance, WF.aaioPayout, WF.morunePayout]) {
			await check(`${wf.name}: published; its production webhook is registered`, async () => {
				const outcome = await publish(wf);
				assert.equal(outcome.status, 'published', JSON.stringify(outcome));
			});
		}
		await check('Balance → Get of both nodes, started at the webhook processor, runs on a worker with the items of the single-process e2e', async () => {
			await fake.reset();
			const r = await post(hook('q-balance'), { contentType: 'application/json', body: '{}' }, 'q-balance');
			assert.equal(r.status, 200, r.text);
			const [row] = await finishedExecutions(WF.balance.id, 1);
			assert.equal(row.status, 'success');
			const data = await runData(row.id);
			const worker = assertRanOnWorker(data, row.id);
			for (const provider of ['aaio', 'morune']) {
				const items = itemsOf(data, `${provider} balance`);
				assert.equal(items.length, 1);
				const { checkedAt, ...rest_ } = items[0].json;
				assert.deepEqual(rest_, EXPECTED[provider]);
				assert.ok(Number.isFinite(Date.parse(checkedAt)));
			}
			// The webhook answers with the last node's item (responseMode lastNode), relayed from the worker.
			const { checkedAt, ...answered } = JSON.parse(r.text);
			assert.deepEqual(answered, EXPECTED.morune);
			const requests = (await fake.requests()).filter((q) => q.provider);
			assert.deepEqual(requests.map((q) => q.provider).sort(), ['aaio', 'morune']);
			say(`  ran on ${worker}`);
		});
		for (const provider of ['aaio', 'morune']) {
			const wf = WF[`${provider}Payout`];
			const { create, lookup } = F.PAYOUTS[provider];
			await check(`${provider} Payout → Create on a worker, answer lost after the payout was made: reported as created, one create; run again: found, nothing sent`, async () => {
				await fake.reset();
				await fake.queue({ provider, path: create, record: true, destroy: true });
				let r = await post(hook(`q-${provider}-payout`), { contentType: 'application/json', body: '{}' }, `q-${provider}-payout`);
				assert.equal(r.status, 200, r.text);
				let rows = await finishedExecutions(wf.id, 1);
				assert.equal(rows[0].status, 'success');
				let data = await runData(rows[0].id);
				assertRanOnWorker(data, rows[0].id);
				let [item] = itemsOf(data, `${provider} payout`);
				assert.equal(item.json.recoveredAfter, `The connection to ${provider} was closed before it answered.`);
				assert.equal(item.json.alreadyExisted, false);
				// aaio's "not found" is learned once per process (nodes/shared/payoutLookup.ts): two more
				// lookups on a worker that has not learned it yet.
				const seen = (await fake.requests()).filter((q) => q.provider);
				assert.deepEqual(F.withoutProbes(seen).map((q) => q.path), [lookup, create, lookup]);
				assert.ok([0, provider === 'aaio' ? 2 : 0].includes(seen.length - F.withoutProbes(seen).length), `${seen.length} requests`);

				await fake.clearRequests();
				r = await post(hook(`q-${provider}-payout`), { contentType: 'application/json', body: '{}' }, `q-${provider}-payout-again`);
				assert.equal(r.status, 200, r.text);
				rows = await finishedExecutions(wf.id, 2);
				data = await runData(rows[1].id);
				assertRanOnWorker(data, rows[1].id);
				[item] = itemsOf(data, `${provider} payout`);
				assert.equal(item.json.alreadyExisted, true);
				assert.deepEqual((await fake.requests()).filter((q) => q.provider).map((q) => q.path), [lookup]);
			});
		}
		}

		if (runs('notifications')) {
		// A threshold that is not a number: publishing fails (n8n retries, then reports it).
		const badThreshold = publish(WF.badThreshold).catch((error) => ({ error }));

		// --- 2. notification triggers on the webhook processor ----------------------------------------
		await fake.reset();
		for (const key of NOTIFICATION_KINDS) {
			const wf = WF[`trigger:${key}`];
			const t = F.TRIGGERS[key];
			const url = hook(`${t.webhookId}/webhook`);
			await check(`${key}: published; served by the webhook processor: 10 copies of a genuine notification at once, then one more while its execution still runs, give one execution on a worker; a forged one gets 403 and none`, async () => {
				const outcome = await publish(wf);
				assert.equal(outcome.status, 'published', JSON.stringify(outcome));
				const genuine = N.NOTIFICATIONS[key].genuine();
				const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(url, genuine, `${key}-copy-${i}`)));
				assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200), JSON.stringify(answers));
				const running = await L.pollUntil(
					async () => {
						const rows = await executionRows(wf.id);
						return { done: rows.some((r) => r.status === 'running'), value: rows, state: JSON.stringify(rows) };
					},
					{ timeoutMs: 20_000, intervalMs: 100, what: 'the first execution running' },
				);
				assert.equal(running.length, 1, `${running.length} executions`);
				const late = await post(url, genuine, `${key}-late-copy`);
				assert.equal(late.status, 200, late.text);
				const statusWhenLate = (await executionRows(wf.id))[0].status;
				assert.equal(statusWhenLate, 'running', 'the first execution had finished before the late copy was answered');
				const forged = N.NOTIFICATIONS[key].forged();
				const refused = await post(url, forged, `${key}-forged`);
				assert.equal(refused.status, 403, refused.text);
				assert.equal(refused.text, REJECTED);
				await L.sleep(1_500);
				const rows = await finishedExecutions(wf.id, 1);
				assert.equal(rows.length, 1, `${rows.length} executions`);
				assert.equal(rows[0].status, 'success');
				assert.equal(rows[0].mode, 'webhook');
				const data = await runData(rows[0].id);
				assertRanOnWorker(data, rows[0].id);
				// The item itself is checked field by field by the single-process e2e; here: which one it is.
				const [item] = itemsOf(data, triggerNodeName(t));
				assert.deepEqual([item.json.provider, item.json.event], [t.provider, t.event]);
				const id = ['invoice_id', 'payoff_id', 'id', 'order_id'].map((field) => genuine.fields[field]).find(Boolean);
				assert.ok(JSON.stringify(item.json).includes(id), `the item does not carry ${id}`);
			});
		}

		await check('a threshold that is not a number ("5 000" from an expression) fails publishing with the node\'s message, showing the value', async () => {
			const outcome = await badThreshold;
			if (outcome.error) throw outcome.error;
			assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
			assert.match(outcome.message ?? '', /The Threshold must be a number such as 5000 or 1000\.50, not "5 000" \(text\)/);
			assert.equal((await executionRows(WF.badThreshold.id)).filter((r) => r.status === 'success').length, 0);
		});
		}

		const burstUrl = hook(`${BURST_WEBHOOK_ID}/webhook`);
		/** Each execution of the burst workflow with the order ID its item carries, from Postgres. */
		const burstRows = async () => {
			const text = await pg.psql(
				`select e.id, e.status, substring(d.data from 'burst-[0-9]+-[0-9]{4}') from execution_entity e join execution_data d on d."executionId" = e.id where e."workflowId" = '${WF.burst.id}' order by e.id`,
			);
			return text ? text.split('\n').map((line) => ({ id: line.split('|')[0], status: line.split('|')[1], orderId: line.split('|')[2] })) : [];
		};
		if (runs('burst')) {
		// --- 3. bursts: 1,000 genuine + 1,000 forged at once ---------------------------------------------
		await check('burst workflow published', async () => {
			const outcome = await publish(WF.burst);
			assert.equal(outcome.status, 'published', JSON.stringify(outcome));
		});
		const runBurst = async (runId, { killAfter } = {}) => {
			const genuine = Array.from({ length: BURST }, (_, i) => burstNotification(runId, i));
			const forged = Array.from({ length: BURST }, (_, i) => burstNotification(runId, i, { forged: true }));
			const tasks = [];
			for (let i = 0; i < BURST; i++) {
				tasks.push(() => post(burstUrl, genuine[i]).then((r) => ({ ...r, kind: 'genuine', orderId: genuine[i].orderId })));
				tasks.push(() => post(burstUrl, forged[i]).then((r) => ({ ...r, kind: 'forged' })));
			}
			let killed;
			const t = Date.now();
			const killing = killAfter
				? L.pollUntil(
						async () => {
							const rows = await executionRows(WF.burst.id);
							const mine = rows.filter((r) => r.status === 'success').length;
							return { done: mine >= killAfter, value: mine };
						},
						{ timeoutMs: 300_000, intervalMs: 200, what: `${killAfter} executions before the kill` },
					).then(async () => {
						killed = { at: Date.now() - t };
						await L.signalChild(procs['worker-1'], 'SIGKILL');
						say(`  worker-1 killed with SIGKILL ${(killed.at / 1000).toFixed(1)} s into the burst`);
					})
				: Promise.resolve();
			const answers = await pool(tasks, IN_FLIGHT);
			const sentIn = Date.now() - t;
			await killing;
			return { answers, sentIn, killed };
		};
		const assertAnswers = (answers) => {
			const errors = answers.filter((a) => a.error);
			assert.equal(errors.length, 0, `${errors.length} requests failed: ${errors.slice(0, 3).map((e) => e.error.message)}`);
			const statuses = {};
			for (const a of answers) statuses[`${a.kind} ${a.status}`] = (statuses[`${a.kind} ${a.status}`] ?? 0) + 1;
			assert.deepEqual(statuses, { 'genuine 200': BURST, 'forged 403': BURST }, `answers: ${JSON.stringify(statuses)}`);
		};

		await check(`burst: ${BURST} genuine (each different) and ${BURST} forged notifications at once (${IN_FLIGHT} in flight): ${BURST} answers 200, ${BURST} answers 403, exactly ${BURST} successful executions, one per genuine notification, none from a forgery`, async () => {
			const t = Date.now();
			const { answers, sentIn } = await runBurst('1');
			assertAnswers(answers);
			const rows = await finishedExecutions(WF.burst.id, BURST, { timeoutMs: 600_000 });
			timings.burst = { sentMs: sentIn, allExecutedMs: Date.now() - t };
			const all = await burstRows();
			assert.equal(all.length, BURST, `${all.length} executions`);
			assert.deepEqual(all.filter((r) => r.status !== 'success'), []);
			const ids = new Set(all.map((r) => r.orderId));
			assert.equal(ids.size, BURST, 'an order ID has two executions, or none');
			for (let i = 0; i < BURST; i++) assert.ok(ids.has(`burst-1-${String(i).padStart(4, '0')}`), `order burst-1-${i} has no execution`);
			say(`  ${BURST * 2} notifications answered in ${(sentIn / 1000).toFixed(1)} s; ${rows.length} executions finished after ${(timings.burst.allExecutedMs / 1000).toFixed(1)} s`);
		});

		await check(`burst with worker-1 killed by SIGKILL in the middle: every notification answered, exactly ${BURST} executions (one per genuine notification); the other worker runs every queued one; those the killed worker was running are not run again and end as errors ("failed to be processed too many times", n8n: maxStalledCount 0)`, async () => {
			const before = (await burstRows()).length;
			const t = Date.now();
			const { answers, sentIn, killed } = await runBurst('2', { killAfter: before + Math.floor(BURST / 3) });
			assertAnswers(answers);
			assert.ok(killed, 'worker-1 was not killed');
			// What worker-1 was running when it died: started in its log, not finished.
			const log1 = procs['worker-1'].output;
			const startedOn1 = new Set([...log1.matchAll(/Worker started execution (\d+) /g)].map((m) => m[1]));
			for (const m of log1.matchAll(/Worker finished execution (\d+) /g)) startedOn1.delete(m[1]);
			// Their jobs stall (no lock renewal), worker-2's stalled check fails them (n8n runs Bull with
			// maxStalledCount 0), and the process that enqueued them (the webhook processor) records
			// the execution as an error; had it died too, the main's queue recovery would mark it crashed.
			const STALLED = /This execution failed to be processed too many times and will no longer retry/;
			const settled = (r) => r.status === 'success' || r.status === 'error' || r.status === 'crashed';
			const rows = await L.pollUntil(
				async () => {
					const list = (await burstRows()).slice(before);
					const done = list.length >= BURST && list.every(settled);
					const counts = {};
					for (const r of list) counts[r.status] = (counts[r.status] ?? 0) + 1;
					return { done, value: list, state: JSON.stringify(counts) };
				},
				{ timeoutMs: 420_000, intervalMs: 1_000, what: 'every execution of the second burst ended' },
			);
			timings.burstWithKill = { sentMs: sentIn, settledMs: Date.now() - t, killedAtMs: killed.at };
			assert.equal(rows.length, BURST, `${rows.length} executions`);
			const succeeded = rows.filter((r) => r.status === 'success');
			const interrupted = rows.filter((r) => r.status !== 'success');
			const ids = new Set(succeeded.map((r) => r.orderId));
			assert.equal(ids.size, succeeded.length, 'an order ID has two successful executions');
			assert.ok(interrupted.length <= 10, `${interrupted.length} executions interrupted: more than worker-1's concurrency (10)`);
			for (const r of interrupted) {
				// Taken by worker-1: it never started on worker-2, and failed as a stalled job (below).
				// worker-1's log may lack it: SIGKILL can come between taking a job and logging it.
				assert.doesNotMatch(procs['worker-2'].output, new RegExp(`Worker started execution ${r.id} `), `execution ${r.id} was run again, or on worker-2`);
				if (r.status === 'error') {
					const data = await pg.psql(`select data from execution_data where "executionId" = ${r.id}`);
					assert.match(data, STALLED, `execution ${r.id} failed for another reason`);
				}
			}
			// Every genuine notification has its execution: the successful ones by order ID, the
			// interrupted ones (their record no longer holds the item) for the order IDs left.
			const missing = Array.from({ length: BURST }, (_, i) => `burst-2-${String(i).padStart(4, '0')}`).filter((id) => !ids.has(id));
			assert.equal(missing.length, interrupted.length, `${missing.length} notifications without an execution, ${interrupted.length} interrupted`);
			timings.burstWithKill.interrupted = interrupted.map((r) => r.status);
			const unlogged = interrupted.filter((r) => !startedOn1.has(r.id)).length;
			say(`  ${succeeded.length} successful; ${interrupted.length} interrupted on worker-1 (${interrupted.map((r) => `${r.id}: ${r.status}`).join(', ') || 'none'}; ${unlogged} taken before worker-1 logged them), not run again; settled after ${(timings.burstWithKill.settledMs / 1000).toFixed(1)} s`);
		});
		keepOutput('worker-1');
		await start('worker-1');
		}

		if (runs('trigger')) {
		// --- 4. the balance trigger on the main, across restarts by SIGTERM and SIGKILL --------------
		const balanceAnswer = (balance) => ({ provider: 'aaio', path: '/api/balance', status: 200, body: { type: 'success', balance, referral: 0, hold: 0 } });
		const balancePolls = async () => (await fake.requests()).filter((q) => q.path === '/api/balance').length;
		const triggerRuns = () => executionRows(WF.balanceTrigger.id);
		/**
		 * From now on the sandbox answers `balance` (its queue holds copies of the answer, so that a
		 * poll more than expected, e.g. a cron tick right after a start, sees the same balance).
		 * Counting of polls starts again at 0.
		 */
		const answerBalance = async (balance) => {
			await fake.clearRequests(); // also empties the queue
			for (let i = 0; i < 5; i++) await fake.queue(balanceAnswer(balance));
		};
		/** The main's next poll: answered `balance`. */
		const nextPoll = async (balance) => {
			await answerBalance(balance);
			await L.pollUntil(async () => ({ done: (await balancePolls()) > 0 }), { timeoutMs: 90_000, intervalMs: 250, what: `a poll (answer ${balance})` });
			await L.sleep(2_500); // long enough for a fired execution to be recorded
		};
		const restartMain = async (signal, balance) => {
			await answerBalance(balance); // the activation poll at start takes it
			await L.signalChild(procs.main, signal);
			keepOutput('main');
			await start('main');
			rest = new L.N8nRest(`http://127.0.0.1:${ports.main.http}`);
			await rest.ownerSetupOrLogin(L.SANDBOX_OWNER);
			await L.pollUntil(async () => ({ done: (await balancePolls()) > 0 }), { timeoutMs: 60_000, what: 'the activation poll after the restart' });
			await L.sleep(2_500);
		};
		const firedItem = async (row) => itemsOf(await runData(row.id), 'Aaio Balance Trigger')[0].json;

		await check('balance trigger (fell below 5000) on the main, polled every minute: fires once per crossing, keeps its memory across a restart of the main by SIGTERM and by SIGKILL between polls, and misses no crossing', async () => {
			await fake.reset();
			const t = Date.now();
			await answerBalance(6000);
			const outcome = await publish(WF.balanceTrigger);
			assert.equal(outcome.status, 'published', JSON.stringify(outcome));
			await L.pollUntil(async () => ({ done: (await balancePolls()) >= 1 }), { timeoutMs: 30_000, what: 'the activation poll' });
			await L.sleep(2_000);
			assert.equal((await triggerRuns()).length, 0, 'the first check (6000) fired');

			await nextPoll(4000);
			let rows = await finishedExecutions(WF.balanceTrigger.id, 1);
			assert.equal(rows.length, 1, 'the drop to 4000 did not fire once');
			let item = await firedItem(rows[0]);
			assert.deepEqual(
				[item.available, item.previous.available, item.event, item.afterRestart, item.possibleRepeat],
				[4000, 6000, 'fellBelow', false, false],
			);
			assertRanOnWorker(await runData(rows[0].id), rows[0].id);

			await nextPoll(6000); // re-armed: n8n saves nothing after a poll that does not fire
			assert.equal((await triggerRuns()).length, 1);
			const stored = JSON.parse(await pg.psql(`select "staticData" from workflow_entity where id = '${WF.balanceTrigger.id}'`));
			assert.equal(stored['node:Aaio Balance Trigger'].lastBalance.available, 4000, 'n8n saved the non-firing poll after all');

			say('  stopping the main with SIGTERM (balance now 3000)');
			await restartMain('SIGTERM', 3000);
			rows = await finishedExecutions(WF.balanceTrigger.id, 2);
			assert.equal(rows.length, 2, 'the drop to 3000 across the SIGTERM restart was missed');
			item = await firedItem(rows[1]);
			assert.deepEqual(
				[item.available, item.previous.available, item.afterRestart, item.possibleRepeat],
				[3000, 4000, true, true],
			);
			assert.match(item.possibleRepeatReason, /already under the threshold \(5000\)/);

			await nextPoll(2500); // still under: no repeat
			assert.equal((await triggerRuns()).length, 2, 'fired again while still under the line');
			await nextPoll(6000); // re-armed, not saved
			say('  killing the main with SIGKILL (balance now 2000)');
			await restartMain('SIGKILL', 2000);
			rows = await finishedExecutions(WF.balanceTrigger.id, 3);
			assert.equal(rows.length, 3, 'the drop to 2000 across the SIGKILL restart was missed');
			item = await firedItem(rows[2]);
			assert.deepEqual([item.available, item.previous.available, item.afterRestart, item.possibleRepeat], [2000, 3000, true, true]);
			assert.ok(rows.every((r) => r.status === 'success'));
			await L.sleep(2_000);
			assert.equal((await triggerRuns()).length, 3, 'more than three alerts');
			timings.balanceTrigger = Date.now() - t;
		});
		}

		// --- a measurement, only when asked (E2E_QUEUE_ONLY=two-webhooks): two webhook processors ----
		if (ONLY?.has('two-webhooks')) {
			await check('measurement: each notification sent to two webhook processors at the same moment (Ignore Repeats keeps a lock per process)', async () => {
				const outcome = await publish(WF.burst);
				assert.equal(outcome.status, 'published', JSON.stringify(outcome));
				const url2 = `http://127.0.0.1:${ports['webhook-2'].http}/webhook/${BURST_WEBHOOK_ID}/webhook`;
				const before = (await burstRows()).length;
				const rounds = Number(process.env.E2E_QUEUE_TWO_WEBHOOK_ROUNDS || 100);
				for (let i = 0; i < rounds; i++) {
					const notification = burstNotification('9', i);
					const answers = await Promise.all([post(burstUrl, notification), post(url2, notification)]);
					assert.deepEqual(answers.map((a) => a.status), [200, 200], JSON.stringify(answers));
				}
				// And each once more, one after the other, to the other processor: caught as a repeat?
				for (let i = 0; i < rounds; i++) await post(i % 2 ? burstUrl : url2, burstNotification('9', i));
				await L.sleep(5_000);
				const rows = (await burstRows()).slice(before);
				const perOrder = {};
				for (const r of rows) perOrder[r.orderId] = (perOrder[r.orderId] ?? 0) + 1;
				const twice = Object.values(perOrder).filter((count) => count > 1).length;
				timings.twoWebhooks = { rounds, executions: rows.length, startedTwice: twice };
				say(`  ${rounds} notifications, each to both processors at once, then once more: ${rows.length} executions; ${twice} notifications started more than once`);
				assert.equal(Object.keys(perOrder).length, rounds, 'a notification started no execution');
			});
		}

		// --- 5. nothing leaks, nothing calls out --------------------------------------------------------
		for (const name of names) keepOutput(name);
		await check('the sandbox keys and notification secrets appear in no output of the main, the workers or the webhook processor, no webhook answer and no execution read back', async () => {
			const leaks = [];
			const haystacks = [...captured, ...names.map((name) => ({ label: `${name} output`, text: outputs[name] }))];
			for (const { label, text } of haystacks) {
				for (const secret of F.SECRETS) if (text.includes(secret)) leaks.push(`${label} contains ${secret.slice(0, 12)}…`);
			}
			assert.deepEqual(leaks, []);
		});
		await check('Postgres (a full dump) and Redis (a snapshot) hold no key or secret in clear', async () => {
			const dump = await L.runOrThrow(path.join(L.postgresBin(), 'pg_dump'), ['-h', '127.0.0.1', '-p', String(pg.port), '-U', pg.user, pg.database], {
				timeoutMs: 120_000,
			});
			assert.ok(dump.stdout.includes('qBurstInvoices01'), 'the dump does not hold the workflows');
			const saved = await L.run('redis-cli', ['-p', String(redis.port), 'SAVE'], { timeoutMs: 30_000 });
			assert.match(saved.stdout, /OK/);
			const rdb = fs.readFileSync(path.join(tmp, 'redis', 'dump.rdb'));
			for (const secret of F.SECRETS) {
				assert.equal(dump.stdout.includes(secret), false, `${secret.slice(0, 12)}… is in Postgres`);
				assert.equal(rdb.includes(secret), false, `${secret.slice(0, 12)}… is in Redis`);
			}
		});
		await check('no n8n process attempted a connection outside 127.0.0.1', async () => {
			const attempts = fs.existsSync(outboundLog) ? fs.readFileSync(outboundLog, 'utf8').trim() : '';
			assert.equal(attempts, '', attempts.split('\n').slice(0, 5).join('\n'));
		});
	} finally {
		for (const [name, child] of Object.entries(procs)) {
			await L.stopChild(child, 15_000);
			fs.writeFileSync(path.join(LOG_DIR, `${name}.full.log`), child.output ?? '');
		}
		if (fake) await fake.stop();
		if (redis) await redis.stop();
		if (pg) {
			fs.writeFileSync(path.join(LOG_DIR, 'postgres.log'), pg.serverLog());
			await pg.stop();
		}
		if (process.env.E2E_KEEP === '1' || results.some((r) => !r.ok)) say(`throw-away folder kept: ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	}
}

main()
	.catch((error) => {
		results.push({ name: 'e2e:queue run', ok: false, error });
		say(`ERROR ${error instanceof L.MissingDependency ? error.message : (error.stack ?? error)}`);
	})
	.finally(() => {
		const passed = results.filter((r) => r.ok).length;
		const failed = results.length - passed;
		say(`timings: ${JSON.stringify(timings)}`);
		say(`logs in ${path.relative(process.cwd(), LOG_DIR) || LOG_DIR}`);
		process.stdout.write(`e2e:queue: ${passed} passed, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
		process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
	});
