#!/usr/bin/env node
'use strict';
/**
 * End-to-end test of this package inside the real n8n (`npm run e2e`).
 *
 *  1. Builds and packs the package, and installs the tarball as a community package into a
 *     throw-away n8n user folder (<user folder>/.n8n/nodes/node_modules/n8n-nodes-aaio-morune),
 *     the way n8n installs community packages.
 *  2. Runs the n8n release pinned in scripts/versions.env (on Node 24 from the npm registry, or on
 *     the machine's Node when that n8n allows it) from a cache outside the package's node_modules.
 *  3. Imports credentials and workflows with `n8n import:credentials` / `n8n import:workflow`,
 *     runs them with `n8n execute --id`, and checks both nodes' output items; then starts
 *     `n8n start` and runs the credentials' tests through n8n's REST API.
 *  4. Publishes a workflow for each notification trigger (Aaio Trigger: payment, payout; Morune
 *     Trigger: invoice, payout) through the REST API, as the editor's Publish button does, sends
 *     each a genuine and a forged notification at its production URL on 127.0.0.1, and reads
 *     the executions n8n recorded; publishing one whose credential lacks the secret must fail.
 *  5. Serves the sandbox fake API on 127.0.0.1 in its own process; n8n runs with everything that
 *     would call out turned off, and a preloaded monitor records any attempt to leave loopback.
 *
 * The same checks run on the last n8n 1.x line (`N8N_VERSION=1.123.x npm run e2e`); they differ
 * only where n8n does (docs/compatibility.md): who refuses the HTTP Request node the credentials,
 * and how publishing a trigger reports a failure.
 *
 * Environment: N8N_VERSION / N8N_NODE_VERSION override the pins; E2E_SKIP_BUILD=1 packs the
 * existing dist/; E2E_KEEP=1 keeps the throw-away user folder. Logs go to .e2e/logs/.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const L = require('./lib/n8n');
const F = require('../e2e/fixtures');
const N = require('../e2e/notifications');

const LOG_DIR = path.resolve(process.env.E2E_LOG_DIR || path.join(L.ROOT, '.e2e', 'logs'));
const results = [];
const captured = []; // every n8n output, for the secrets check: { label, text }
const started = Date.now();

function say(message) {
	process.stdout.write(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}\n`);
}

async function check(name, fn) {
	try {
		await fn();
		results.push({ name, ok: true });
		say(`PASS ${name}`);
	} catch (error) {
		results.push({ name, ok: false, error });
		say(`FAIL ${name}\n       ${String(error.message ?? error).split('\n').join('\n       ')}`);
	}
}

function saveLog(label, text) {
	fs.mkdirSync(LOG_DIR, { recursive: true });
	fs.writeFileSync(path.join(LOG_DIR, `${label}.log`), text);
	captured.push({ label, text });
}

const round2 = (n) => Math.round(n * 100) / 100;

/** Checks a normalized balance item (numbers, a fresh ISO timestamp). */
function assertBalanceItem(item, expected) {
	assert.ok(item, 'no output item');
	const { checkedAt, ...rest } = item.json;
	assert.deepEqual(rest, expected);
	assert.equal(typeof checkedAt, 'string', 'checkedAt is not a string');
	const when = Date.parse(checkedAt);
	assert.ok(Number.isFinite(when), `checkedAt is not a date: ${checkedAt}`);
	assert.ok(Math.abs(Date.now() - when) < 15 * 60_000, `checkedAt is not recent: ${checkedAt}`);
	assert.deepEqual(item.pairedItem, { item: 0 }, 'pairedItem');
}

const EXPECTED = {
	aaio: { provider: 'aaio', currency: 'RUB', available: 1592.03, frozen: 120.5, referral: 346.49, total: 2059.02 },
	morune: { provider: 'morune', currency: 'RUB', available: 14034.5, frozen: 1200, referral: null, total: 15234.5 },
};

/** Output items of a node's first run, main output `index`. */
function itemsOf(run, nodeName, index = 0) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	assert.ok(runs?.length, `node "${nodeName}" did not run`);
	return runs[0].data?.main?.[index] ?? [];
}

/** The triggers with a working credential (each has notifications in e2e/notifications.js). */
const WORKING_TRIGGERS = Object.keys(N.NOTIFICATIONS);
/** The triggers whose credential lacks the secret that verifies their event. */
const NO_SECRET_TRIGGERS = Object.keys(F.TRIGGERS).filter((key) => F.TRIGGERS[key].cred.endsWith('NoSecret'));
/** What the trigger nodes answer a notification that fails verification. */
const REJECTED = '{"message":"Notification rejected"}';
/** Executions in these states have not finished yet. */
const UNFINISHED = new Set(['new', 'running', 'waiting']);

/** The credential field that verifies each event, as the trigger's error message names it. */
const SECRET_LABELS = {
	aaio: { payment: 'Secret Key 2', payout: 'Payout Notification Secret' },
	morune: { invoice: 'Shop Additional Key', payout: 'User Additional Key' },
};

const triggerLabel = (t) => `${t.provider} trigger (${t.event})`;

/** POSTs a notification (e2e/notifications.js) to a webhook URL; the answer is scanned for secrets. */
async function postNotification(url, notification, label) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': notification.contentType, ...notification.headers },
		body: notification.body,
		signal: AbortSignal.timeout(15_000),
	});
	const text = await response.text();
	captured.push({ label: `webhook-answer-${label}`, text });
	return { status: response.status, text };
}

/**
 * Ignore Repeats in the real n8n: each trigger's genuine notification (already accepted once)
 * delivered again gets HTTP 200 and starts no execution. Run right after the first delivery
 * and again after n8n was restarted (the memory is in the workflow's static data).
 */
async function checkRepeats({ rest, webhookUrl, executionIds, when }) {
	const before = {};
	const answers = {};
	for (const key of WORKING_TRIGGERS) {
		const t = F.TRIGGERS[key];
		before[key] = await executionIds(t);
		answers[key] = await postNotification(webhookUrl(t), N.NOTIFICATIONS[key].genuine(), `${key}-repeat-${when.replace(/\W+/g, '-')}`).catch(
			(error) => ({ error }),
		);
	}
	// Long enough for an execution that a repeat would (wrongly) have started to be listed.
	await L.sleep(2_000);
	for (const key of WORKING_TRIGGERS) {
		const t = F.TRIGGERS[key];
		await check(`${triggerLabel(t)}: the same genuine notification delivered again ${when} gets HTTP 200 and starts no execution`, async () => {
			const answer = answers[key];
			if (answer.error) throw answer.error;
			assert.equal(answer.status, 200, answer.text);
			assert.ok(before[key].length >= 1, 'the first delivery started no execution');
			assert.deepEqual(await executionIds(t), before[key]);
		});
	}
}

/**
 * A changed notification secret in the real n8n: the trigger keeps its credential for a minute
 * (nodes/shared/credentials.ts), and takes up a changed secret at the first notification signed
 * with it. The aaio credential's payout secret is changed through the REST API, as the editor
 * saves it; the payout notification accepted before is sent signed with the new secret (a
 * repeat then: HTTP 200, no execution, which needs the signature to verify first) and with the
 * old one (HTTP 403). Then the secret is changed back.
 */
async function checkChangedSecret({ rest, webhookUrl, executionIds, apiUrl }) {
	const { REREAD_AFTER_MS } = require('../dist/nodes/shared/credentials');
	const t = F.TRIGGERS.aaioPayout;
	const [credential] = F.credentials(apiUrl, [t.cred]);
	const save = async (data) => {
		const r = await rest.request('PATCH', `/rest/credentials/${credential.id}`, { name: credential.name, type: credential.type, data });
		assert.equal(r.status, 200, r.text.slice(0, 300));
	};
	await check(`${triggerLabel(t)}: the credential's payout secret changed while n8n runs: a notification signed with the new one is accepted, with the old one refused`, async () => {
		const before = await executionIds(t);
		await save({ ...credential.data, payoutSecret: F.WRONG.aaioChangedPayoutSecret });
		try {
			// The kept read may be renewed at most every REREAD_AFTER_MS.
			await L.sleep(REREAD_AFTER_MS + 500);
			const changed = await postNotification(webhookUrl(t), N.aaioPayout({ secret: F.WRONG.aaioChangedPayoutSecret }), 'aaioPayout-changed-secret');
			assert.equal(changed.status, 200, changed.text);
			const old = await postNotification(webhookUrl(t), N.aaioPayout(), 'aaioPayout-old-secret');
			assert.equal(old.status, 403, old.text);
			await L.sleep(1_000);
			assert.deepEqual(await executionIds(t), before, 'the payout was accepted before: a repeat starts nothing');
		} finally {
			await save(credential.data);
		}
	});
}

/**
 * Lag is not forgery, in the real n8n (issue 23, item 8): a payment notified while aaio's API
 * still says in_process gets a retryable 503 after the trigger read the order again within its
 * short window (nodes/shared/notifications.ts, LAG_PAUSES_MS), and starts nothing; the resend
 * once the API says success starts exactly one execution. The sandbox's answers to the order
 * lookups are scripted through its control endpoints (sandbox/fake-api.js), for an order of its
 * own (crm-lag-1) so that no earlier check's memory of crm-1001 counts.
 */
async function checkLaggingConfirmation({ rest, webhookUrl, executionIds, apiUrl }) {
	const { LAG_PAUSES_MS } = require('../dist/nodes/shared/notificationConfirm');
	const t = F.TRIGGERS.aaioPayment;
	const control = async (what, spec) => {
		const response = await fetch(`${apiUrl}/__sandbox/${what}`, spec === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
		assert.equal(response.status, 200, `sandbox control ${what}`);
		return await response.json();
	};
	const order = { ...require('../sandbox/aaio').initialState().orders['crm-1001'], id: '7c1d2e3f-4a5b-4c6d-8e7f-00000000a1a9', order_id: 'crm-lag-1' };
	const answerOrder = (status) => control('queue', { provider: 'aaio', path: '/api/info-pay', body: { type: 'success', ...order, status } });
	const lookups = async () => (await control('requests')).filter((q) => q.path === '/api/info-pay' && String(q.body).includes(order.order_id)).length;
	const notification = N.aaioPayment({ ids: { invoice_id: order.id, order_id: order.order_id } });
	await check(`${triggerLabel(t)}: notified while the API still says in_process: HTTP 503 after ${1 + LAG_PAUSES_MS.length} lookups, no execution; the resend once the API says success starts exactly one`, async () => {
		const before = await executionIds(t);
		for (let read = 0; read <= LAG_PAUSES_MS.length; read++) await answerOrder('in_process');
		const lagging = await postNotification(webhookUrl(t), notification, 'aaioPayment-lagging');
		assert.equal(lagging.status, 503, lagging.text);
		assert.equal(await lookups(), 1 + LAG_PAUSES_MS.length, 'order lookups while the API lagged');
		await L.sleep(1_500);
		assert.deepEqual(await executionIds(t), before, 'the lagging notification started an execution');

		await answerOrder('success');
		const resent = await postNotification(webhookUrl(t), notification, 'aaioPayment-lagging-resent');
		assert.equal(resent.status, 200, resent.text);
		assert.equal(await lookups(), 2 + LAG_PAUSES_MS.length, 'order lookups after the resend');
		const fresh = await L.pollUntil(
			async () => {
				const list = (await rest.executions(t.id)).filter((e) => !before.includes(e.id));
				const done = list.length > 0 && list.every((e) => !UNFINISHED.has(e.status));
				return { done, value: list, state: list.map((e) => e.status).join(', ') || 'no new execution' };
			},
			{ timeoutMs: 20_000, intervalMs: 200, what: 'the execution of the resent notification' },
		);
		await L.sleep(1_000);
		assert.deepEqual((await executionIds(t)).filter((id) => !before.includes(id)), fresh.map((e) => e.id));
		assert.equal(fresh.length, 1, `${fresh.length} new executions`);
		assert.equal(fresh[0].status, 'success');
	});
}

/**
 * Section 7 of the run: each notification trigger in a published workflow of the running n8n.
 * `refused` holds the pending answers of publishing the NO_SECRET_TRIGGERS workflows.
 */
async function checkTriggers({ n8n, rest, refused, port, apiUrl }) {
	say('publishing the notification trigger workflows');
	const parse = L.flattedParse(n8n);
	// The production URL as the editor shows it: n8n's webhook base URL and endpoint, then the
	// node's webhook id and its path ("webhook").
	const settings = (await rest.request('GET', '/rest/settings')).json?.data ?? {};
	const webhookPath = (t) => `${t.webhookId}/webhook`;
	const webhookUrl = (t) => `${settings.urlBaseWebhook}${settings.endpointWebhook}/${webhookPath(t)}`;
	const executionIds = async (t) => (await rest.executions(t.id)).map((e) => e.id);

	for (const key of WORKING_TRIGGERS) {
		const t = F.TRIGGERS[key];
		await check(`${triggerLabel(t)}: published through the REST API; n8n registers POST /webhook/${webhookPath(t)}`, async () => {
			const r = await rest.activateWorkflow(t.id);
			captured.push({ label: `activate-${key}`, text: r.text });
			assert.equal(r.status, 200, r.text.slice(0, 500));
			assert.equal(r.json?.data?.active, true, 'the answer does not say active');
			const outcome = await rest.activationOutcome(t.id, r, { timeoutMs: 30_000 });
			assert.equal(outcome.status, 'published', JSON.stringify(outcome));
			if (outcome.background) {
				assert.deepEqual(
					outcome.triggers.map((x) => [x.nodeId, x.status]),
					[[F.triggerNodeId(key), 'activated']],
				);
			}
			const hook = await rest.findWebhook('POST', webhookPath(t));
			assert.deepEqual({ workflowId: hook?.workflowId, node: hook?.node }, { workflowId: t.id, node: F.triggerNodeName(t) });
			assert.equal(webhookUrl(t), `http://127.0.0.1:${port}/webhook/${webhookPath(t)}`);
		});
	}

	for (const key of WORKING_TRIGGERS) {
		const t = F.TRIGGERS[key];
		const notification = N.NOTIFICATIONS[key].genuine();
		await check(`${triggerLabel(t)}: a genuine notification gets an empty HTTP 200 and exactly one new successful execution with typed fields`, async () => {
			const before = await executionIds(t);
			const r = await postNotification(webhookUrl(t), notification, `${key}-genuine`);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.text, '', 'the trigger answers with an empty body (responseData noData)');
			// n8n answers at once (responseMode onReceived); the execution may still be running.
			const fresh = await L.pollUntil(
				async () => {
					const list = (await rest.executions(t.id)).filter((e) => !before.includes(e.id));
					const done = list.length > 0 && list.every((e) => !UNFINISHED.has(e.status));
					return { done, value: list, state: list.map((e) => e.status).join(', ') || 'no new execution' };
				},
				{ timeoutMs: 20_000, intervalMs: 200, what: 'a finished execution' },
			);
			assert.equal(fresh.length, 1, `${fresh.length} new executions`);
			assert.equal(fresh[0].status, 'success');
			assert.equal(fresh[0].mode, 'webhook');
			const execution = await rest.execution(fresh[0].id, parse);
			const text = JSON.stringify(execution, null, 2);
			captured.push({ label: `execution-${key}`, text });
			fs.writeFileSync(path.join(LOG_DIR, `trigger-${key}.execution.json`), text);
			const items = itemsOf({ data: execution.data }, F.triggerNodeName(t));
			assert.equal(items.length, 1, `${items.length} items`);
			// Confirmed with the sandbox API (Confirm With Provider is on by default).
			assert.deepEqual(items[0].json, { provider: t.provider, event: t.event, ...notification.expected });
			assert.equal(typeof items[0].json.amount, 'number');
		});
	}

	await checkRepeats({ rest, webhookUrl, executionIds, when: 'at once' });
	await checkChangedSecret({ rest, webhookUrl, executionIds, apiUrl });
	await checkLaggingConfirmation({ rest, webhookUrl, executionIds, apiUrl });

	// The forged notifications, all sent before any is checked: one short wait then covers
	// every execution that a forged notification might (wrongly) have started.
	const forged = {};
	for (const key of WORKING_TRIGGERS) {
		const t = F.TRIGGERS[key];
		const notification = N.NOTIFICATIONS[key].forged();
		const before = await executionIds(t).catch(() => undefined);
		const answer = await postNotification(webhookUrl(t), notification, `${key}-forged`).catch((error) => ({ error }));
		forged[key] = { notification, before, answer };
	}
	await L.sleep(1_000);
	for (const key of WORKING_TRIGGERS) {
		const t = F.TRIGGERS[key];
		const { notification, before, answer } = forged[key];
		await check(`${triggerLabel(t)}: a forged notification (${notification.how}) gets HTTP 403 ${REJECTED} and no new execution`, async () => {
			if (answer.error) throw answer.error;
			assert.ok(before, 'could not list the executions before');
			assert.equal(answer.status, 403, answer.text);
			assert.equal(answer.text, REJECTED);
			assert.deepEqual(await executionIds(t), before);
		});
	}

	for (const key of NO_SECRET_TRIGGERS) {
		const t = F.TRIGGERS[key];
		const secretLabel = SECRET_LABELS[t.provider][t.event];
		await check(`${triggerLabel(t)} with a credential lacking the ${secretLabel}: publishing fails with the node's message, no webhook is registered`, async () => {
			// n8n 2.41 records the publication and answers 200; its publication outbox then
			// activates the trigger, which fails (retried 5 times), and reports it in the
			// publication status. (n8n 1.x refuses in the answer itself.)
			const r = await refused[key];
			if (r.error) throw r.error;
			captured.push({ label: `activate-${key}`, text: r.text });
			const outcome = await rest.activationOutcome(t.id, r, { timeoutMs: 45_000 });
			captured.push({ label: `activation-outcome-${key}`, text: JSON.stringify(outcome) });
			assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
			say(
				`  refused ${outcome.background ? `after HTTP ${r.status}, in publication-status` : `with HTTP ${r.status}`}: ${outcome.message}`,
			);
			if (outcome.background) {
				assert.equal(r.status, 200, r.text.slice(0, 500));
				assert.equal(outcome.liveVersionId, null);
				assert.deepEqual(
					outcome.triggers.map((x) => [x.nodeId, x.status]),
					[[F.triggerNodeId(key), 'failed']],
				);
			}
			assert.match(
				outcome.message ?? '',
				new RegExp(`The ${secretLabel} in the \\w+ API credential is empty, so ${t.provider} notifications cannot be verified\\.`),
			);
			assert.equal(await rest.findWebhook('POST', webhookPath(t)), null, 'a webhook is registered');
			// A correctly signed notification finds no listener at the production URL.
			const genuine = N.NOTIFICATIONS[`${t.provider}${t.event[0].toUpperCase()}${t.event.slice(1)}`].genuine();
			const answer = await postNotification(webhookUrl(t), genuine, `${key}-unpublished`);
			assert.equal(answer.status, 404, answer.text.slice(0, 300));
			assert.deepEqual(await executionIds(t), []);
		});
	}
}

/** The webhook id of the Aaio Trigger that checks the sender's address (sourceIpWorkflow). */
const SOURCE_IP_WEBHOOK = '0e2e0a10-0000-4000-8000-0000000000f1';

/** A copy of the aaio payment trigger's workflow whose trigger checks the source IP. */
function sourceIpWorkflow(paymentWorkflow) {
	const wf = structuredClone(paymentWorkflow);
	Object.assign(wf, { id: 'e2eAaioPaymentIp', name: 'e2e: aaio payment trigger, source IP checked' });
	const [node] = wf.nodes;
	Object.assign(node, { id: `${node.id}-ip`, webhookId: SOURCE_IP_WEBHOOK });
	node.parameters = { ...node.parameters, options: { checkSourceIp: true } };
	return wf;
}

/**
 * The sender's address in the real n8n, behind one proxy (N8N_PROXY_HOPS=1): the trigger takes
 * n8n's client address, which is the X-Forwarded-For entry the proxy appended (the rightmost),
 * never one the sender wrote. The sandbox lists aaio's addresses 91.107.204.74 and .75. The same
 * genuine notification is refused from the proxy itself (no header), and when the sender wrote
 * aaio's address at the left of the header; it is accepted when the proxy saw aaio's address.
 */
async function checkSourceIp({ rest, workflow, webhookUrl, parse }) {
	const label = 'aaio trigger (payment) with Check Source IP, behind one proxy (N8N_PROXY_HOPS=1)';
	const notification = N.NOTIFICATIONS.aaioPayment.genuine();
	const send = (forwardedFor, tag) =>
		postNotification(
			webhookUrl,
			{ ...notification, headers: { ...notification.headers, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) } },
			`aaioPaymentIp-${tag}`,
		);
	const executionIds = async () => (await rest.executions(workflow.id)).map((e) => e.id);
	await check(`${label}: published`, async () => {
		const r = await rest.activateWorkflow(workflow.id);
		assert.equal(r.status, 200, r.text.slice(0, 500));
		const outcome = await rest.activationOutcome(workflow.id, r, { timeoutMs: 30_000 });
		assert.equal(outcome.status, 'published', JSON.stringify(outcome));
		await L.pollUntil(
			async () => {
				const hook = await rest.findWebhook('POST', `${SOURCE_IP_WEBHOOK}/webhook`).catch(() => null);
				return { done: Boolean(hook), state: hook ? 'registered' : 'not registered' };
			},
			{ timeoutMs: 30_000, intervalMs: 500, what: 'the source-IP trigger webhook' },
		);
	});
	await check(`${label}: a genuine notification from an address not on aaio's list gets HTTP 403 and no execution, also when the sender wrote aaio's address into X-Forwarded-For`, async () => {
		const before = await executionIds();
		for (const [forwardedFor, tag] of [
			[undefined, 'no-header'],
			['10.9.9.9', 'other-address'],
			['91.107.204.74, 10.9.9.9', 'written-by-sender'],
		]) {
			const answer = await send(forwardedFor, tag);
			assert.equal(answer.status, 403, `${tag}: ${answer.text}`);
			assert.equal(answer.text, REJECTED);
		}
		await L.sleep(1_000);
		assert.deepEqual(await executionIds(), before);
	});
	await check(`${label}: the same notification through the proxy from aaio's address gets HTTP 200 and one execution`, async () => {
		const before = await executionIds();
		const answer = await send('91.107.204.74', 'aaio-address');
		assert.equal(answer.status, 200, answer.text);
		const fresh = await L.pollUntil(
			async () => {
				const list = (await rest.executions(workflow.id)).filter((e) => !before.includes(e.id));
				return { done: list.length > 0 && list.every((e) => !UNFINISHED.has(e.status)), value: list, state: `${list.length} new` };
			},
			{ timeoutMs: 20_000, intervalMs: 200, what: 'a finished execution' },
		);
		assert.equal(fresh.length, 1);
		assert.equal(fresh[0].status, 'success');
		const execution = await rest.execution(fresh[0].id, parse);
		captured.push({ label: 'execution-aaioPaymentIp', text: JSON.stringify(execution) });
	});
}

/**
 * n8n's HTTP Request node with each credential of this package (the aaio one from
 * e2e/fixtures.js, a morune one like it), sending a payout to the sandbox API.
 */
function httpRequestWorkflows(aaioWorkflow, apiUrl) {
	const build = (id, name, credentialType, credential, path_) => {
		const wf = structuredClone(aaioWorkflow);
		const node = wf.nodes.find((n) => n.type === 'n8n-nodes-base.httpRequest');
		const oldName = node.name;
		Object.assign(wf, { id, name: `e2e: HTTP Request with the ${name} credential` });
		node.name = `http with ${name} key`;
		node.parameters = { ...node.parameters, url: `${apiUrl}${path_}`, nodeCredentialType: credentialType };
		node.credentials = { [credentialType]: { id: credential.id, name: credential.name } };
		wf.connections = JSON.parse(JSON.stringify(wf.connections).split(JSON.stringify(oldName)).join(JSON.stringify(node.name)));
		return wf;
	};
	return {
		httpRequestWithAaioKey: build(aaioWorkflow.id, 'aaio', 'aaioApi', F.CRED.aaio, '/api/create-payoff'),
		httpRequestWithMoruneKey: build('e2eHttpMoruneK01', 'morune', 'moruneApi', F.CRED.morune, '/payoff/create'),
	};
}

async function main() {
	const pins = L.versions();
	say(`n8n ${pins.N8N_VERSION}, package ${L.PACKAGE_NAME}`);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const userFolder = path.join(tmp, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	fs.rmSync(LOG_DIR, { recursive: true, force: true });
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const outboundLog = path.join(LOG_DIR, 'outbound-attempts.jsonl');
	let fake;
	let server;
	try {
		// --- 1. n8n from the cache (installed on the first run) ------------------------------
		const n8n = await L.ensureN8n({ log: say });
		const n8nMajor = Number(n8n.n8nVersion.split('.')[0]);

		// --- 2. build, pack, install as a community package -----------------------------------
		let tarball;
		await check('the package builds and packs', async () => {
			tarball = await L.buildAndPack(path.join(tmp, 'pack'), { build: process.env.E2E_SKIP_BUILD !== '1' });
			say(`packed ${path.basename(tarball)}`);
		});
		if (!tarball) throw new Error('cannot go on without the tarball');

		const fakeReady = L.startFake();
		const ports = { n8n: await L.freePort(), broker: await L.freePort() };
		const env = L.n8nEnv(n8n, {
			userFolder,
			port: ports.n8n,
			brokerPort: ports.broker,
			extra: {
				NODE_OPTIONS: `--require ${path.join(L.ROOT, 'e2e', 'outbound-monitor.cjs')}`,
				E2E_OUTBOUND_LOG: outboundLog,
			},
		});

		await check('the tarball installs as a community package in <user folder>/.n8n/nodes', async () => {
			const { packageDir, version } = await L.installCommunityPackage(tarball, userFolder, { env });
			assert.ok(fs.existsSync(path.join(packageDir, 'dist', 'nodes', 'Aaio', 'Aaio.node.js')), 'Aaio.node.js missing');
			assert.ok(fs.existsSync(path.join(packageDir, 'dist', 'nodes', 'Morune', 'Morune.node.js')), 'Morune.node.js missing');
			assert.ok(!fs.existsSync(path.join(packageDir, 'node_modules', 'n8n-workflow')), 'n8n-workflow was installed into the package');
			const ledger = JSON.parse(fs.readFileSync(path.join(userFolder, '.n8n', 'nodes', 'package.json'), 'utf8'));
			assert.equal(ledger.dependencies[L.PACKAGE_NAME], version);
		});

		fake = await fakeReady;
		say(`sandbox API on ${fake.url}`);

		// --- 3. import credentials and workflows ---------------------------------------------
		const fixturesDir = path.join(tmp, 'fixtures');
		fs.mkdirSync(fixturesDir);
		const credsFile = path.join(fixturesDir, 'credentials.json');
		fs.writeFileSync(credsFile, JSON.stringify(F.credentials(fake.url), null, 2));
		const tests = F.testWorkflows();
		Object.assign(tests, httpRequestWorkflows(tests.httpRequestWithAaioKey, fake.url));
		const examples = F.examples();
		const exampleIds = {};
		const sandboxed = Object.entries(examples).map(([file, wf], i) => {
			exampleIds[file] = `e2eExample${String(i + 1).padStart(2, '0')}`;
			return F.sandboxedExample(wf, exampleIds[file]);
		});
		const triggers = F.triggerWorkflows();
		triggers.aaioPaymentIp = sourceIpWorkflow(triggers.aaioPayment);
		const workflowsFile = path.join(fixturesDir, 'workflows.json');
		fs.writeFileSync(
			workflowsFile,
			JSON.stringify([...Object.values(tests), ...Object.values(examples), ...sandboxed, ...Object.values(triggers)], null, 2),
		);

		const credentialCount = Object.keys(F.CRED).length;
		await check(`n8n import:credentials imports the ${credentialCount} credentials`, async () => {
			const r = await L.n8nCli(n8n, ['import:credentials', `--input=${credsFile}`], { env });
			saveLog('import-credentials', r.stdout + r.stderr);
			assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr.slice(-2000)}`);
			assert.match(r.stdout + r.stderr, new RegExp(`Successfully imported ${credentialCount} credentials`));
		});
		await check('n8n import:workflow imports the test workflows, the examples and the trigger workflows', async () => {
			const r = await L.n8nCli(n8n, ['import:workflow', `--input=${workflowsFile}`], { env });
			saveLog('import-workflows', r.stdout + r.stderr);
			assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr.slice(-2000)}`);
			const count = Object.keys(tests).length + Object.keys(examples).length * 2 + Object.keys(triggers).length;
			assert.match(r.stdout + r.stderr, new RegExp(`Successfully imported ${count} workflows`));
		});

		/**
		 * `n8n execute --id` with the sandbox reset first (unless `keepState`), and the answers in
		 * `queue` scripted (see sandbox/fake-api.js).
		 */
		const execute = async (label, id, { queue = [], keepState = false } = {}) => {
			if (keepState) await fake.clearRequests();
			else await fake.reset();
			for (const spec of queue) await fake.queue(spec);
			const r = await L.n8nCli(n8n, ['execute', `--id=${id}`, '--rawOutput'], { env });
			saveLog(`execute-${label}`, `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
			const run = L.parseRunJson(r.stdout);
			if (run) fs.writeFileSync(path.join(LOG_DIR, `execute-${label}.run.json`), JSON.stringify(run, null, 2));
			const allRequests = await fake.requests();
			const requests = allRequests.filter((q) => q.provider);
			return { ...r, run, requests, allRequests };
		};

		// --- 4. the nodes in the real engine --------------------------------------------------
		const good = await execute('good-keys', tests.good.id);
		await check('n8n execute: both nodes run with the sandbox keys (exit 0)', async () => {
			assert.equal(good.code, 0, `exit ${good.code}\n${(good.stdout + good.stderr).slice(-3000)}`);
			assert.ok(good.run, 'no run JSON in the output');
			assert.equal(good.run.status, 'success');
		});
		await check('aaio node: one normalized balance item', async () => {
			const items = itemsOf(good.run, 'aaio balance');
			assert.equal(items.length, 1);
			assertBalanceItem(items[0], EXPECTED.aaio);
			assert.equal(round2(items[0].json.available + items[0].json.frozen + items[0].json.referral), items[0].json.total);
		});
		await check('morune node: one normalized balance item', async () => {
			const items = itemsOf(good.run, 'morune balance');
			assert.equal(items.length, 1);
			assertBalanceItem(items[0], EXPECTED.morune);
		});
		await check('each node made exactly one request to its sandbox API', async () => {
			const byProvider = (p) => good.requests.filter((q) => q.provider === p);
			assert.equal(byProvider('aaio').length, 1, JSON.stringify(good.requests.map((q) => `${q.method} ${q.path}`)));
			assert.equal(byProvider('aaio')[0].path, '/api/balance');
			assert.equal(byProvider('morune').length, 1);
			assert.equal(byProvider('morune')[0].path, `/account/users/${F.SANDBOX.morune.userId}/balance`);
		});

		for (const [provider, wf] of [
			['aaio', tests.aaioWrong],
			['morune', tests.moruneWrong],
		]) {
			const bad = await execute(`${provider}-wrong-key`, wf.id);
			await check(`${provider} node with a wrong key: a failed execution with the provider's message`, async () => {
				assert.notEqual(bad.code, 0, 'n8n execute exited 0');
				assert.match(bad.stdout + bad.stderr, /Execution was NOT successful/);
				assert.ok(bad.run, 'no run JSON in the output');
				assert.equal(bad.run.status, 'error');
				const error = bad.run.data.resultData.error;
				assert.ok(error, 'no resultData.error');
				assert.match(error.message, new RegExp(provider, 'i'), `message does not name ${provider}: ${error.message}`);
				assert.equal(bad.run.data.resultData.lastNodeExecuted, `${provider} balance`);
				const nodeError = bad.run.data.resultData.runData[`${provider} balance`][0].error;
				assert.ok(nodeError, 'the node run has no error');
				assert.equal(String(nodeError.httpCode), '401', `httpCode ${nodeError.httpCode}`);
				assert.equal(bad.requests.length, 1, `expected 1 request, the sandbox saw ${bad.requests.length}`);
			});
		}

		const cof = await execute('continue-on-fail', tests.continueOnFail.id);
		await check('Continue On Fail: each node outputs a paired error item and the execution succeeds', async () => {
			assert.equal(cof.code, 0, `exit ${cof.code}`);
			assert.equal(cof.run?.status, 'success');
			for (const provider of ['aaio', 'morune']) {
				const items = itemsOf(cof.run, `${provider} balance`);
				assert.equal(items.length, 1, `${provider}: ${items.length} items`);
				assert.deepEqual(Object.keys(items[0].json), ['error']);
				assert.match(items[0].json.error, new RegExp(provider, 'i'), `${provider}: ${items[0].json.error}`);
				assert.deepEqual(items[0].pairedItem, { item: 0 });
			}
		});

		// --- 4b. payout safety in the real engine: a lost answer, a stale record ----------------
		for (const provider of ['aaio', 'morune']) {
			const { create, lookup } = F.PAYOUTS[provider];
			const wf = tests[`${provider}Payout`];
			const paths = (run) => run.requests.map((q) => q.path);
			// aaio's "not found" is undocumented: each new n8n process learns it with two lookups that
			// cannot find anything (nodes/shared/payoutLookup.ts), after the first refused lookup.
			const probes = provider === 'aaio' ? [lookup, lookup] : [];
			const passProbes = probes.map(() => ({ provider, path: lookup, pass: true }));
			const lost = await execute(`${provider}-payout-lost-answer`, wf.id, {
				queue: [{ provider, path: create, record: true, destroy: true }],
			});
			await check(`${provider} Payout → Create, answer lost after the payout was made: reported as created, one create`, async () => {
				assert.equal(lost.code, 0, `exit ${lost.code}\n${(lost.stdout + lost.stderr).slice(-2000)}`);
				const [item] = itemsOf(lost.run, `${provider} payout`);
				assert.equal(item.json.recoveredAfter, `The connection to ${provider} was closed before it answered.`);
				assert.equal(item.json.alreadyExisted, false);
				assert.deepEqual(paths(lost), [lookup, ...probes, create, lookup]);
			});
			const again = await execute(`${provider}-payout-rerun`, wf.id, { keepState: true });
			await check(`${provider} Payout → Create run again: the payout is found first and not sent again`, async () => {
				assert.equal(again.code, 0, `exit ${again.code}`);
				assert.equal(itemsOf(again.run, `${provider} payout`)[0].json.alreadyExisted, true);
				assert.deepEqual(paths(again), [lookup]);
			});
			const stale = provider === 'aaio'
				? { type: 'success', id: 'a0e2e000-0000-4000-8000-000000000001', my_id: 'e2e-payout-1', method: 'cards_ru', wallet: '2200700011110000', amount: 500, amount_down: 500, commission: 0, commission_type: 0, status: 'success' }
				: { status: 200, status_check: true, data: { payoff_id: 'a0e2e000-0000-4000-8000-000000000002', order_id: 'e2e-payout-1', status: 'success', service: 'card', wallet: '553691******0000', subtract: 'amount', amount: '500.00' } };
			const unknown = await execute(`${provider}-payout-stale-record`, wf.id, {
				queue: [
					{ provider, path: lookup, pass: true },
					...passProbes,
					{ provider, path: create, destroy: true },
					{ provider, path: lookup, status: 200, body: stale },
				],
			});
			await check(`${provider} Payout → Create, answer lost and only an older payout with the ID found: state unknown, never a success`, async () => {
				assert.notEqual(unknown.code, 0, 'n8n execute exited 0');
				assert.equal(unknown.run?.status, 'error');
				const message = unknown.run.data.resultData.error.message;
				assert.match(message, new RegExp(`^${provider} payout "e2e-payout-1": state unknown\\. .*A different payout already uses`));
				assert.doesNotMatch(message, /safe to send|try again/i);
				assert.deepEqual(paths(unknown), [lookup, ...probes, create, lookup]);
			});
			// A lookup refusal that does not say "no such payout" (aaio: {"type":"fail"} without a message;
			// morune: a 400 instead of its documented 404) after a lost answer, then again on a re-run.
			const unclear = provider === 'aaio'
				? { provider, path: lookup, status: 200, body: { type: 'fail' } }
				: { provider, path: lookup, status: 400, body: { status: 400, status_check: false, error: 'Bad request' } };
			const first = await execute(`${provider}-payout-unclear-refusal`, wf.id, {
				queue: [{ provider, path: lookup, pass: true }, ...passProbes, { provider, path: create, record: true, destroy: true }, unclear],
			});
			const rerun = await execute(`${provider}-payout-unclear-refusal-rerun`, wf.id, { keepState: true, queue: [unclear] });
			await check(`${provider} Payout → Create, answer lost, then a re-run whose lookup gets an unclear refusal: state unknown, then nothing sent (one create in all)`, async () => {
				assert.equal(first.run?.status, 'error');
				assert.match(first.run.data.resultData.error.message, new RegExp(`^${provider} payout "e2e-payout-1": state unknown\\.`));
				assert.deepEqual(paths(first), [lookup, ...probes, create, lookup]);
				assert.equal(rerun.run?.status, 'error');
				assert.match(rerun.run.data.resultData.error.message, new RegExp(`^Nothing was sent to ${provider}: `));
				assert.deepEqual(paths(rerun), [lookup]);
			});
		}

		// The credentials are for this package's nodes only (their keys can pay out). n8n 2.x
		// refuses another node the credential itself (restrictToSupportedNodes); n8n 1.x does not
		// enforce that field, and the credential's own check refuses the request instead
		// (nodes/shared/ownRequests.ts). Either way nothing reaches the sandbox, which records
		// every request it gets.
		for (const [provider, type] of [['aaio', 'aaioApi'], ['morune', 'moruneApi']]) {
			const via = await execute(`http-request-with-${provider}-key`, tests[`httpRequestWith${provider === 'aaio' ? 'Aaio' : 'Morune'}Key`].id);
			await check(`n8n's HTTP Request node may not send the ${provider} credential's key (restricted to this package's nodes): nothing is sent`, async () => {
				assert.notEqual(via.code, 0, 'n8n execute exited 0');
				const refusal =
					n8nMajor >= 2
						? new RegExp(`Credential type "${type}" is restricted to specific nodes`)
						: new RegExp(`The ${provider === 'aaio' ? 'Aaio' : 'Morune'} API credential can only be used by the nodes of n8n-nodes-aaio-morune, not by the HTTP Request node or another node\\. Nothing was sent\\.`);
				assert.match(via.run?.data?.resultData?.error?.message ?? '', refusal, (via.stdout + via.stderr).slice(-1500));
				assert.equal(via.allRequests.length, 0, `the sandbox saw ${JSON.stringify(via.allRequests.map((q) => `${q.method} ${q.path}`))}`);
			});
		}

		// --- 5. the examples, with their external step replaced -------------------------------
		const exBasic = await execute('example-balance-check', exampleIds['balance-check.json']);
		await check('example "balance-check" runs in the sandbox', async () => {
			assert.equal(exBasic.code, 0, `exit ${exBasic.code}`);
			assertBalanceItem(itemsOf(exBasic.run, 'aaio balance')[0], EXPECTED.aaio);
			assertBalanceItem(itemsOf(exBasic.run, 'morune balance')[0], EXPECTED.morune);
		});
		const exAlert = await execute('example-balance-alert-email', exampleIds['balance-alert-email.json']);
		await check('example "balance-alert-email": only aaio (1592.03 < 5000) reaches the email step', async () => {
			assert.equal(exAlert.code, 0, `exit ${exAlert.code}`);
			const toEmail = itemsOf(exAlert.run, 'Send alert email');
			assert.deepEqual(
				toEmail.map((i) => [i.json.provider, i.json.available]),
				[['aaio', 1592.03]],
			);
			const notLow = itemsOf(exAlert.run, 'Available below threshold?', 1);
			assert.deepEqual(notLow.map((i) => i.json.provider), ['morune']);
		});
		const exSheet = await execute('example-balance-log-google-sheets', exampleIds['balance-log-google-sheets.json']);
		await check('example "balance-log-google-sheets": one row per provider reaches the sheet step', async () => {
			assert.equal(exSheet.code, 0, `exit ${exSheet.code}`);
			const rows = itemsOf(exSheet.run, 'Append to Google Sheet').map((i) => i.json);
			assert.equal(rows.length, 2);
			const { 'Checked at': at1, ...aaioRow } = rows.find((r) => r.Provider === 'aaio') ?? {};
			const { 'Checked at': at2, ...moruneRow } = rows.find((r) => r.Provider === 'morune') ?? {};
			assert.ok(at1 && at2, 'Checked at is empty');
			assert.deepEqual(aaioRow, { Provider: 'aaio', Currency: 'RUB', Available: 1592.03, Frozen: 120.5, Referral: '346.49', Total: 2059.02 });
			assert.deepEqual(moruneRow, { Provider: 'morune', Currency: 'RUB', Available: 14034.5, Frozen: 1200, Referral: '', Total: 15234.5 });
		});

		const exLink = await execute('example-payment-link', exampleIds['payment-link.json']);
		await check('example "payment-link": both nodes return a pending 990 RUB payment with its URL', async () => {
			assert.equal(exLink.code, 0, `exit ${exLink.code}`);
			const [aaioLink] = itemsOf(exLink.run, 'aaio payment link');
			const [moruneLink] = itemsOf(exLink.run, 'morune payment link');
			assert.match(aaioLink.json.paymentUrl, /^https:\/\/aaio\.so\/merchant\/pay\/[0-9a-f-]{36}$/);
			assert.match(moruneLink.json.paymentUrl, /^https:\/\/pay\.morune\.com\/pay\/[0-9a-f-]{36}$/);
			assert.deepEqual(
				[aaioLink.json.status, aaioLink.json.amount, moruneLink.json.status, moruneLink.json.amount],
				['pending', 990, 'pending', 990],
			);
		});
		const exReport = await execute('example-daily-balance-report', exampleIds['daily-balance-report.json']);
		await check('example "daily-balance-report": one report with both balances reaches the email step', async () => {
			assert.equal(exReport.code, 0, `exit ${exReport.code}`);
			const [report] = itemsOf(exReport.run, 'Send the report');
			assert.deepEqual(report.json.balances.map((b) => [b.provider, b.available]), [['aaio', 1592.03], ['morune', 14034.5]]);
		});
		const exApproval = await execute('example-payouts-approval', exampleIds['payouts-approval.json']);
		await check('example "payouts-approval" without a person\'s approval: nothing is paid', async () => {
			assert.equal(exApproval.code, 0, `exit ${exApproval.code}`);
			assert.equal(itemsOf(exApproval.run, 'Not approved: nothing paid').length, 1);
			assert.equal(exApproval.requests.filter((q) => q.path === '/api/create-payoff').length, 0);
		});

		// --- 6. the running editor: node types, icons, credential tests -----------------------
		say('starting n8n (editor and REST API) for the credential tests');
		server = await L.startN8n(n8n, { env, logFile: path.join(LOG_DIR, 'n8n-start.log') });
		const rest = new L.N8nRest(server.baseUrl);
		await check('owner setup through the REST API', async () => {
			await rest.ownerSetupOrLogin(L.SANDBOX_OWNER);
			assert.ok(rest.cookie, 'no auth cookie');
		});
		// Publishing a trigger whose credential lacks its secret fails only after n8n's own
		// retries (about 15 s): publish those now, check them last (section 7).
		const refused = {};
		for (const key of NO_SECRET_TRIGGERS) {
			refused[key] = rest.activateWorkflow(F.TRIGGERS[key].id).catch((error) => ({ error }));
		}
		await check('the editor (n8n start) serves both node types and their icons', async () => {
			const types = await rest.request('GET', '/types/nodes.json');
			assert.equal(types.status, 200);
			for (const name of ['aaio', 'morune']) {
				const type = types.json.find((t) => t.name === `${L.PACKAGE_NAME}.${name}`);
				assert.ok(type, `${L.PACKAGE_NAME}.${name} is not among n8n's node types`);
				const icons = [type.iconUrl?.light ?? type.iconUrl, type.iconUrl?.dark].filter(Boolean);
				assert.ok(icons.length > 0, `${name} has no icon URL`);
				for (const icon of icons) {
					const r = await fetch(`${server.baseUrl}/${icon}`, { signal: AbortSignal.timeout(10_000) });
					assert.equal(r.status, 200, `${icon}: HTTP ${r.status}`);
					assert.match(await r.text(), /<svg/, `${icon} is not an SVG`);
				}
			}
		});
		const testCredential = async (key) => {
			const cred = F.CRED[key];
			await fake.reset();
			const r = await rest.request('POST', '/rest/credentials/test', {
				credentials: { id: cred.id, name: cred.name, type: cred.type, data: F.credentialData(key, fake.url) },
			});
			captured.push({ label: `credential-test-${key}`, text: r.text });
			return { ...r, result: r.json?.data ?? r.json, requests: (await fake.requests()).filter((q) => q.provider) };
		};
		for (const provider of ['aaio', 'morune']) {
			await check(`${provider} credential test: the sandbox key gives OK`, async () => {
				const r = await testCredential(provider);
				assert.equal(r.status, 200, r.text);
				assert.equal(r.result.status, 'OK', r.text);
				assert.ok(r.requests.some((q) => q.provider === provider), 'the test made no request to the sandbox');
			});
			await check(`${provider} credential test: a wrong key gives an error`, async () => {
				const r = await testCredential(`${provider}Wrong`);
				assert.equal(r.status, 200, r.text);
				assert.equal(r.result.status, 'Error', r.text);
				assert.ok(r.result.message, 'no message');
				say(`  n8n's credential test says: ${r.result.message}`);
				assert.ok(r.requests.some((q) => q.provider === provider), 'the test made no request to the sandbox');
			});
		}
		// --- 7. the notification triggers: published, notified over HTTP -----------------------
		await checkTriggers({ n8n, rest, refused, port: ports.n8n, apiUrl: fake.url });

		await L.stopChild(server);
		saveLog('n8n-start', server.output);
		server = undefined;

		// --- 7b. n8n restarted: a notification accepted before is still a repeat ----------------
		say('restarting n8n: repeats must stay repeats');
		// From here on n8n trusts one proxy in front of it (N8N_PROXY_HOPS=1): the source IP check.
		server = await L.startN8n(n8n, { env: { ...env, N8N_PROXY_HOPS: '1' }, logFile: path.join(LOG_DIR, 'n8n-restart.log') });
		const restarted = new L.N8nRest(server.baseUrl);
		await restarted.ownerSetupOrLogin(L.SANDBOX_OWNER);
		const settings = (await restarted.request('GET', '/rest/settings')).json?.data ?? {};
		const webhookUrl = (t) => `${settings.urlBaseWebhook}${settings.endpointWebhook}/${t.webhookId}/webhook`;
		const executionIds = async (t) => (await restarted.executions(t.id)).map((e) => e.id);
		await check('after the restart n8n registers the trigger webhooks again', async () => {
			for (const key of WORKING_TRIGGERS) {
				const path_ = `${F.TRIGGERS[key].webhookId}/webhook`;
				await L.pollUntil(
					async () => {
						// Any answer but HTTP 200 means n8n is not there yet; the wait is bounded.
						const answer = await restarted.request('POST', '/rest/webhooks/find', { method: 'POST', path: path_ });
						const hook = answer.status === 200 ? answer.json?.data : undefined;
						const state = answer.status === 200 ? (hook ? 'registered' : 'not registered') : `HTTP ${answer.status} ${answer.text.slice(0, 80)}`;
						return { done: Boolean(hook), value: hook, state };
					},
					{ timeoutMs: 30_000, intervalMs: 500, what: `the webhook ${path_}` },
				);
			}
		});
		await checkRepeats({ rest: restarted, webhookUrl, executionIds, when: 'after an n8n restart' });
		await checkSourceIp({ rest: restarted, workflow: triggers.aaioPaymentIp, webhookUrl: `${settings.urlBaseWebhook}${settings.endpointWebhook}/${SOURCE_IP_WEBHOOK}/webhook`, parse: L.flattedParse(n8n) });
		await L.stopChild(server);
		saveLog('n8n-restart', server.output);
		server = undefined;

		// --- 8. nothing leaks, nothing calls out ----------------------------------------------
		await check('the sandbox keys and notification secrets appear in no n8n log, execution output or webhook answer', async () => {
			const leaks = [];
			for (const { label, text } of captured) {
				for (const secret of F.SECRETS) if (text.includes(secret)) leaks.push(`${label} contains ${secret.slice(0, 12)}…`);
			}
			assert.deepEqual(leaks, []);
		});
		await check("n8n's database holds the keys encrypted only", async () => {
			let db = fs.readFileSync(path.join(userFolder, '.n8n', 'database.sqlite'));
			for (const file of ['database.sqlite-wal', 'database.sqlite-journal']) {
				const p = path.join(userFolder, '.n8n', file);
				if (fs.existsSync(p)) db = Buffer.concat([db, fs.readFileSync(p)]);
			}
			for (const secret of F.SECRETS) assert.equal(db.includes(secret), false, `${secret.slice(0, 12)}… is in the database in clear`);
		});
		await check('n8n attempted no connection outside 127.0.0.1', async () => {
			const attempts = fs.existsSync(outboundLog) ? fs.readFileSync(outboundLog, 'utf8').trim() : '';
			assert.equal(attempts, '', `outbound attempts:\n${attempts.split('\n').slice(0, 5).join('\n')}`);
		});
	} finally {
		if (server) await L.stopChild(server);
		if (fake) await fake.stop();
		if (process.env.E2E_KEEP === '1' || results.some((r) => !r.ok)) {
			say(`user folder kept: ${userFolder}`);
		} else {
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	}
}

main()
	.catch((error) => {
		results.push({ name: 'e2e run', ok: false, error });
		say(`ERROR ${error instanceof L.MissingDependency ? error.message : (error.stack ?? error)}`);
	})
	.finally(() => {
		const passed = results.filter((r) => r.ok).length;
		const failed = results.length - passed;
		say(`logs in ${path.relative(process.cwd(), LOG_DIR) || LOG_DIR}`);
		process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
		process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
	});
