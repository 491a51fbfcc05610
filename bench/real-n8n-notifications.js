'use strict';
/**
 * `npm run bench:notifications`: where money arrives. Payment notifications delivered in bursts
 * to one running n8n (the pinned version, `n8n start`, the package installed as a community
 * package), our notification triggers against what users build by hand:
 *
 *   hand-built: Webhook node → Crypto node (aaio: SHA-256 of the signed fields with Secret Key 2
 *               written in; morune: HMAC-SHA256 of the sorted body, the key in a Crypto
 *               credential) → IF (signature equals the one sent) → the next step;
 *   ours:       Aaio Trigger / Morune Trigger (event payment) → the same next step, with
 *               Ignore Repeats and Confirm With Provider off (the same work as the hand-built
 *               chain: check the signature), then with each of them on, as their own columns;
 *   verify:     n8n's Webhook node → our Aaio / Morune node's Notification → Verify Signature →
 *               IF (valid) → the same next step;
 *   handIsolate (only with --ways): the hand-built chain with one expression among the Webhook
 *               node's parameters. n8n 2.41 takes an expression isolate (one is built for each
 *               use) for the webhook phase of every trigger node except its own Webhook node
 *               with static parameters (live-webhooks.js, webhookPhaseNeedsIsolate): this way
 *               shows what that isolate costs the same chain.
 *
 * The next step is the same HTTP Request node in every workflow: a POST of the order ID to a
 * sink on 127.0.0.1 in this process, which notes when each notification got there. Per way and
 * concurrency (1 and 16 requests in flight, as a provider's sender would keep them), a burst of
 * genuine notifications, each with an order of its own (signed as the provider signs; the fake
 * API knows every order, for the confirmation): genuine notifications per second (the burst's
 * size over the time from the first send to the last arrival at the next step) and latency p50 /
 * p99 (from sending a notification to its arrival at the next step). Then a burst of forged ones
 * (the amount changed after signing): the answer's latency, and the CPU time n8n spent per
 * notification (its process's CPU time over the burst, until it is idle again), against the
 * same for the genuine burst at concurrency 16. Ways are interleaved per phase; one run (no
 * repetitions): compare within a run. Loopback only: n8n, the fake API and the sink on 127.0.0.1.
 *
 *   npm run bench:notifications                       200 at concurrency 1, 400 at 16, 200 forged
 *   npm run bench:notifications -- --count 20 --no-build   smoke run (CI)
 *   npm run bench:notifications -- --write            also update BENCHMARKS.md
 *   npm run bench:notifications -- --ways hand,handIsolate --providers aaio --profile DIR
 *                                                     some ways, one provider, n8n CPU-profiled
 */
const { fork } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const { option } = require('./cli');
const { SECTIONS, writeSection } = require('./real-n8n-section');

const FAKE_CHILD = process.argv[2] === '--fake-child';

/** A UUID made from a number, so that the fake and the sender agree on it. */
const uuidOf = (prefix, index) => `${prefix}-0000-4000-8000-${String(index).padStart(12, '0')}`;

// ---------------------------------------------------------------------------------------------
// The fake API, in a process of its own: the sandbox, knowing `count` paid orders and invoices
// more, so that Confirm With Provider finds each notification's order.

if (FAKE_CHILD) {
	const { startFakeApi } = require('../sandbox/fake-api');
	const count = Number(process.argv[3]);
	startFakeApi({ host: '127.0.0.1' }).then((api) => {
		api.requests.push = () => 0; // no record of every request
		const order = api.state.aaio.orders['crm-1001'];
		const [invoice] = api.state.morune.invoices;
		for (let index = 0; index < count; index++) {
			const orderId = `bench-aaio-${index}`;
			api.state.aaio.orders[orderId] = { ...order, id: uuidOf('a0000000', index), order_id: orderId };
			api.state.morune.invoices.push({ ...invoice, invoice_id: uuidOf('b0000000', index), order_id: `bench-morune-${index}` });
		}
		// morune's invoice lookup is a linear search: an index instead, answered the same way.
		const byId = new Map(api.state.morune.invoices.map((entry) => [entry.invoice_id, entry]));
		api.intercept((seen) => {
			if (seen.path !== '/invoice/info' || !byId.has(seen.query.invoice_id)) return undefined;
			return { status: 200, body: { data: { ...byId.get(seen.query.invoice_id) }, status: 200, status_check: true } };
		});
		process.send({ url: api.url });
		process.on('disconnect', () => api.close().then(() => process.exit(0)));
	});
	return;
}

const L = require('../scripts/lib/n8n');
const F = require('../e2e/fixtures');
const { SANDBOX } = require('../sandbox/fake-api');
const N = require('../e2e/notifications');

const COUNT = Number(option('count', '200'));
const COUNTS = { 1: COUNT, 16: COUNT * 2 };
const FORGED = COUNT;
const WARM_UP = Math.min(COUNT, 20);
const WRITE = process.argv.includes('--write');
const BUILD = !process.argv.includes('--no-build');
const PROVIDERS = option('providers', 'aaio,morune').split(',');

const say = (line = '') => process.stdout.write(`${line}\n`);

const ALL_WAYS = {
	hand: { label: 'Hand-built (Webhook → Crypto → IF)', webhookNode: true },
	// Not run unless asked (--ways): the same chain with one expression among the Webhook node's
	// parameters. n8n 2.41 then takes an expression isolate for the webhook phase, as it does for
	// every trigger node but its own Webhook node with static parameters (live-webhooks.js,
	// webhookPhaseNeedsIsolate).
	handIsolate: { label: 'Hand-built, one expression in the Webhook node', webhookNode: true, optional: true },
	// n8n's Webhook node with our action node's Notification → Verify Signature instead of Crypto.
	verify: { label: 'Webhook → our Verify Signature → IF', webhookNode: true },
	ours: { label: 'Ours', ignoreRepeats: false, confirmWithProvider: false },
	repeats: { label: 'Ours + repeat check', ignoreRepeats: true, confirmWithProvider: false },
	confirm: { label: 'Ours + provider confirmation', ignoreRepeats: false, confirmWithProvider: true },
};
/** `--ways hand,ours`: only these (to profile one way at a time). */
const WAYS = Object.fromEntries(
	option('ways', Object.keys(ALL_WAYS).filter((way) => !ALL_WAYS[way].optional).join(','))
		.split(',')
		.map((way) => {
			if (!ALL_WAYS[way]) throw new Error(`Unknown way ${way}`);
			return [way, ALL_WAYS[way]];
		}),
);

// ---------------------------------------------------------------------------------------------
// Notifications, signed as the providers sign them (see e2e/notifications.js).

/** A notification as e2e/notifications.js builds it, with its order ID; forged: the amount changed after signing. */
const asSent = ({ contentType, body, headers, fields }) => ({ contentType, body, headers, orderId: fields.order_id });

function aaioNotification(index, { forged = false } = {}) {
	const ids = { invoice_id: uuidOf('a0000000', index), order_id: `bench-aaio-${index}` };
	return asSent(N.aaioPayment({ ids, tamper: forged ? { amount: '10000.00' } : {} }));
}

function moruneNotification(index, { forged = false } = {}) {
	const ids = { invoice_id: uuidOf('b0000000', index), order_id: `bench-morune-${index}` };
	return asSent(N.moruneInvoice({ ids, tamper: forged ? { amount: '15000.00' } : {} }));
}

const NOTIFY = { aaio: aaioNotification, morune: moruneNotification };

// ---------------------------------------------------------------------------------------------
// Workflows.

const CRYPTO_CREDENTIAL = { id: 'benchCryptoMorun', name: 'morune webhook key (Crypto)', type: 'crypto' };

const webhookIdOf = (provider, way) => {
	const digits = { aaio: 1, morune: 2 }[provider] * 10 + Object.keys(ALL_WAYS).indexOf(way);
	return `0be7c400-0000-4000-8000-${String(digits).padStart(12, '0')}`;
};
const workflowIdOf = (provider, way) =>
	`benchNotify${provider.slice(0, 2)}${way.slice(0, 2)}${Object.keys(ALL_WAYS).indexOf(way)}`.padEnd(16, '0');

/** The production path of a way's webhook. */
function webhookPath(provider, way) {
	if (way === 'hand') return `bench-${provider}-hand-built`;
	if (way === 'handIsolate') return `bench-${provider}-hand-built-expression`;
	if (way === 'verify') return `bench-${provider}-verify-node`;
	return `${webhookIdOf(provider, way)}/webhook`;
}

function nextStep(sinkUrl, idExpression, position) {
	return {
		id: 'bench-next-step',
		name: 'Next step',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url: `${sinkUrl}/done`,
			sendBody: true,
			specifyBody: 'keypair',
			bodyParameters: { parameters: [{ name: 'id', value: idExpression }] },
			options: {},
		},
	};
}

function workflow(provider, way, sinkUrl) {
	const to = (node) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	const base = { id: workflowIdOf(provider, way), name: `bench: ${provider} notifications, ${WAYS[way].label}`, settings: { executionOrder: 'v1' }, pinData: {}, active: false };
	if (!WAYS[way].webhookNode) {
		const credential = F.CRED[provider];
		return {
			...base,
			nodes: [
				{
					id: 'bench-trigger',
					name: 'Trigger',
					type: `${L.PACKAGE_NAME}.${provider}Trigger`,
					typeVersion: 2,
					position: [0, 0],
					webhookId: webhookIdOf(provider, way),
					parameters: { event: 'payment', ignoreRepeats: WAYS[way].ignoreRepeats, confirmWithProvider: WAYS[way].confirmWithProvider },
					credentials: { [credential.type]: { id: credential.id, name: credential.name } },
				},
				nextStep(sinkUrl, '={{ $json.orderId }}', [200, 0]),
			],
			connections: { Trigger: to('Next step') },
		};
	}
	const signatureSent = provider === 'aaio' ? '={{ $json.body.sign }}' : "={{ $json.headers['x-api-sha256-signature'] }}";
	const cryptoNode =
		provider === 'aaio'
			? {
					// aaio signs SHA-256 of merchant_id:amount:currency:<Secret Key 2>:order_id; a hash
					// has no key, so the secret is written into the value.
					parameters: {
						action: 'hash',
						type: 'SHA256',
						value: `={{ $json.body.merchant_id }}:{{ $json.body.amount }}:{{ $json.body.currency }}:${SANDBOX.aaio.secretKey2}:{{ $json.body.order_id }}`,
						dataPropertyName: 'signature',
						encoding: 'hex',
					},
				}
			: {
					parameters: {
						action: 'hmac',
						type: 'SHA256',
						value: '={{ JSON.stringify(Object.fromEntries(Object.keys($json.body).sort().map((key) => [key, $json.body[key]]))) }}',
						dataPropertyName: 'signature',
						encoding: 'hex',
					},
					credentials: { crypto: { id: CRYPTO_CREDENTIAL.id, name: CRYPTO_CREDENTIAL.name } },
				};
	return {
		...base,
		nodes: [
			{
				id: 'bench-webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: webhookIdOf(provider, way),
				parameters: {
					httpMethod: 'POST',
					path: webhookPath(provider, way),
					responseMode: 'onReceived',
					options: way === 'handIsolate' ? { rawBody: '={{ false }}' } : {},
				},
			},
			way === 'verify'
				? {
						id: 'bench-verify',
						name: 'Verify signature',
						type: `${L.PACKAGE_NAME}.${provider}`,
						typeVersion: 1,
						position: [200, 0],
						parameters: { resource: 'notification', operation: 'verifySignature', event: 'payment' },
						credentials: { [F.CRED[provider].type]: { id: F.CRED[provider].id, name: F.CRED[provider].name } },
					}
				: { id: 'bench-crypto', name: 'Crypto', type: 'n8n-nodes-base.crypto', typeVersion: 2, position: [200, 0], ...cryptoNode },
			{
				id: 'bench-if',
				name: 'Signature matches',
				type: 'n8n-nodes-base.if',
				typeVersion: 2.2,
				position: [400, 0],
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [
							way === 'verify'
								? { id: 'bench-signature', leftValue: '={{ $json.valid }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }
								: { id: 'bench-signature', leftValue: '={{ $json.signature }}', rightValue: signatureSent, operator: { type: 'string', operation: 'equals' } },
						],
						combinator: 'and',
					},
					options: {},
				},
			},
			nextStep(sinkUrl, way === 'verify' ? '={{ $json.orderId }}' : '={{ $json.body.order_id }}', [600, 0]),
		],
		connections: {
			Webhook: to(way === 'verify' ? 'Verify signature' : 'Crypto'),
			[way === 'verify' ? 'Verify signature' : 'Crypto']: to('Signature matches'),
			'Signature matches': to('Next step'),
		},
	};
}

// ---------------------------------------------------------------------------------------------
// The sink (the next step's target) and the sender.

function startSink() {
	const arrivals = new Map();
	const waiters = new Set();
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const at = performance.now();
			try {
				const { id } = JSON.parse(body);
				if (!arrivals.has(id)) arrivals.set(id, at);
			} catch {
				/* counted as nothing */
			}
			res.end('{}');
			for (const waiter of waiters) waiter();
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () =>
			resolve({
				url: `http://127.0.0.1:${server.address().port}`,
				arrivals,
				/** Resolves once every id has arrived; rejects after `timeoutMs`. */
				waitFor(ids, timeoutMs = 180_000) {
					return new Promise((done, fail) => {
						const check = () => {
							if (ids.every((id) => arrivals.has(id))) {
								waiters.delete(check);
								clearTimeout(timer);
								done();
							}
						};
						const timer = setTimeout(() => {
							waiters.delete(check);
							fail(new Error(`${ids.filter((id) => !arrivals.has(id)).length} of ${ids.length} notifications never reached the next step`));
						}, timeoutMs);
						waiters.add(check);
						check();
					});
				},
				close: () => new Promise((done) => server.close(done)),
			}),
		);
	});
}

/** Sends `notifications` to `url`, `concurrency` at a time; each gets { sentAt, answeredAt, status }. */
async function send(url, notifications, concurrency) {
	let next = 0;
	const worker = async () => {
		while (next < notifications.length) {
			const notification = notifications[next++];
			notification.sentAt = performance.now();
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': notification.contentType, ...notification.headers },
				body: notification.body,
				signal: AbortSignal.timeout(60_000),
			});
			await response.arrayBuffer();
			notification.answeredAt = performance.now();
			notification.status = response.status;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The CPU time (ms) process `pid` has used so far. */
function cpuMs(pid) {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	// utime and stime are fields 14 and 15 of stat; here, after "pid (comm) ", at 11 and 12.
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** Waits until process `pid` is idle (under 20 ms of CPU in 300 ms), for at most 60 s. */
async function untilIdle(pid) {
	const started = Date.now();
	let last = cpuMs(pid);
	while (Date.now() - started < 60_000) {
		await L.sleep(300);
		const now = cpuMs(pid);
		if (now - last < 20) return;
		last = now;
	}
}

const percentile = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// ---------------------------------------------------------------------------------------------

async function main() {
	const n8n = await L.ensureN8n({ log: say });
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-notify-'));
	const userFolder = path.join(tmp, 'user');
	fs.mkdirSync(userFolder, { recursive: true });
	let fakeChild;
	let server;
	let sink;
	const total = WARM_UP + COUNTS[1] + COUNTS[16] + FORGED + 10;
	try {
		const tarball = await L.buildAndPack(path.join(tmp, 'pack'), { build: BUILD });
		const port = await L.freePort();
		const env = L.n8nEnv(n8n, { userFolder, port, brokerPort: await L.freePort() });
		await L.installCommunityPackage(tarball, userFolder, { env });

		// Every way of a provider takes its orders from one range, none used twice.
		fakeChild = fork(__filename, ['--fake-child', String(Object.keys(WAYS).length * total)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		const fakeUrl = await new Promise((resolve, reject) => {
			fakeChild.once('message', (message) => resolve(message.url));
			fakeChild.once('exit', (code) => reject(new Error(`the fake API exited (${code})`)));
		});
		sink = await startSink();
		say(`fake API on ${fakeUrl}, next-step sink on ${sink.url}`);

		const workflows = PROVIDERS.flatMap((provider) => Object.keys(WAYS).map((way) => workflow(provider, way, sink.url)));
		const fixtures = path.join(tmp, 'fixtures');
		fs.mkdirSync(fixtures);
		const credentials = [
			...F.credentials(fakeUrl, ['aaio', 'morune']),
			{ ...CRYPTO_CREDENTIAL, data: { hmacSecret: SANDBOX.morune.shopWebhookSecret } },
		];
		fs.writeFileSync(path.join(fixtures, 'credentials.json'), JSON.stringify(credentials));
		fs.writeFileSync(path.join(fixtures, 'workflows.json'), JSON.stringify(workflows));
		for (const [command, file] of [['import:credentials', 'credentials.json'], ['import:workflow', 'workflows.json']]) {
			await L.runOrThrow(n8n.node, [n8n.n8nBin, command, `--input=${path.join(fixtures, file)}`], { env, cwd: userFolder });
		}

		const profileDir = option('profile', '');
		const serverEnv = profileDir ? { ...env, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : env;
		server = await L.startN8n(n8n, { env: serverEnv, logFile: path.join(tmp, 'n8n.log') });
		const rest = new L.N8nRest(server.baseUrl);
		await rest.ownerSetupOrLogin(L.SANDBOX_OWNER);
		for (const { id } of workflows) {
			const outcome = await rest.activationOutcome(id, await rest.activateWorkflow(id));
			if (outcome.status !== 'published') throw new Error(`publishing ${id}: ${outcome.status} ${outcome.message ?? ''}`);
		}
		const urlOf = (provider, way) => `${server.baseUrl}/webhook/${webhookPath(provider, way)}`;
		const pid = server.pid;

		const results = {};
		for (const provider of PROVIDERS) {
			const nextIndex = Object.fromEntries(Object.keys(WAYS).map((way, order) => [way, order * total]));
			const take = (way, count, options) =>
				Array.from({ length: count }, () => NOTIFY[provider](nextIndex[way]++, options));
			const burst = async (way, count, concurrency, { forged = false } = {}) => {
				const notifications = take(way, count, { forged });
				await untilIdle(pid);
				const cpuBefore = cpuMs(pid);
				const started = performance.now();
				await send(urlOf(provider, way), notifications, concurrency);
				const wrong = notifications.find((notification) => notification.status !== (forged && !WAYS[way].webhookNode ? 403 : 200));
				if (wrong) throw new Error(`${provider}, ${way}: a ${forged ? 'forged' : 'genuine'} notification got HTTP ${wrong.status}`);
				if (!forged) await sink.waitFor(notifications.map((notification) => notification.orderId));
				await untilIdle(pid);
				const cpuPerNotification = (cpuMs(pid) - cpuBefore) / count;
				if (forged) {
					const reached = notifications.filter((notification) => sink.arrivals.has(notification.orderId));
					if (reached.length) throw new Error(`${provider}, ${way}: ${reached.length} forged notifications reached the next step`);
					return { answerP50: percentile(notifications.map((n) => n.answeredAt - n.sentAt), 50), cpuPerNotification };
				}
				const latencies = notifications.map((notification) => sink.arrivals.get(notification.orderId) - notification.sentAt);
				const last = Math.max(...notifications.map((notification) => sink.arrivals.get(notification.orderId)));
				return {
					perSecond: count / ((last - started) / 1000),
					p50: percentile(latencies, 50),
					p99: percentile(latencies, 99),
					answerP50: percentile(notifications.map((n) => n.answeredAt - n.sentAt), 50),
					cpuPerNotification,
				};
			};
			say(`${provider}:`);
			const row = Object.fromEntries(Object.keys(WAYS).map((way) => [way, {}]));
			for (const way of Object.keys(WAYS)) await burst(way, WARM_UP, 4);
			for (const concurrency of [1, 16]) {
				for (const way of Object.keys(WAYS)) {
					row[way][concurrency] = await burst(way, COUNTS[concurrency], concurrency);
					const r = row[way][concurrency];
					say(`  ${WAYS[way].label}, concurrency ${concurrency}: ${r.perSecond.toFixed(0)}/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, n8n CPU ${r.cpuPerNotification.toFixed(2)} ms each`);
				}
			}
			for (const way of Object.keys(WAYS)) {
				row[way].forged = await burst(way, FORGED, 16, { forged: true });
				const r = row[way].forged;
				say(`  ${WAYS[way].label}, forged: answered in ${r.answerP50.toFixed(1)} ms (p50), n8n CPU ${r.cpuPerNotification.toFixed(2)} ms each`);
			}
			results[provider] = row;
		}
		const section = report(results, { n8nVersion: n8n.n8nVersion, nodeVersion: n8n.nodeVersion });
		say();
		say(section);
		const json = option('json', '');
		if (json) fs.writeFileSync(json, JSON.stringify(results, null, 2));
		if (WRITE) {
			writeSection(section, 'notifications');
			say('Wrote it into BENCHMARKS.md.');
		}
	} finally {
		if (server) await L.stopChild(server);
		if (sink) await sink.close();
		if (fakeChild) fakeChild.kill('SIGTERM');
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

const MARKERS = SECTIONS.notifications.markers;

function report(results, { n8nVersion, nodeVersion }) {
	const ways = Object.keys(WAYS);
	const lines = [
		MARKERS[0],
		'',
		`In the real n8n ${n8nVersion} (\`npm run bench:notifications\`), one \`n8n start\`, one run: ${COUNTS[1]} genuine notifications at`,
		`concurrency 1, ${COUNTS[16]} at concurrency 16, then ${FORGED} forged (the amount changed after signing) at 16, each way in turn`,
		'per phase. Latency: from sending a notification to its arrival at the next step. CPU: the n8n process\'s',
		'CPU time over the burst until idle, per notification (a genuine one includes its execution).',
	];
	for (const provider of PROVIDERS) {
		const row = results[provider];
		const cell = (fn) => ways.map((way) => fn(row[way])).join(' | ');
		lines.push(
			'',
			`**${provider}** (${provider === 'aaio' ? 'a form POST, SHA-256 of the signed fields' : 'a JSON POST, HMAC-SHA256 of the sorted body in a header'}):`,
			'',
			`| | ${ways.map((way) => WAYS[way].label).join(' | ')} |`,
			`|---|${ways.map(() => '--:').join('|')}|`,
			`| Genuine per second, concurrency 1 | ${cell((r) => r[1].perSecond.toFixed(0))} |`,
			`| Latency p50 / p99, concurrency 1 (ms) | ${cell((r) => `${r[1].p50.toFixed(1)} / ${r[1].p99.toFixed(1)}`)} |`,
			`| Genuine per second, concurrency 16 | ${cell((r) => r[16].perSecond.toFixed(0))} |`,
			`| Latency p50 / p99, concurrency 16 (ms) | ${cell((r) => `${r[16].p50.toFixed(1)} / ${r[16].p99.toFixed(1)}`)} |`,
			`| n8n CPU per genuine notification, concurrency 16 (ms) | ${cell((r) => r[16].cpuPerNotification.toFixed(2))} |`,
			`| Forged: answer p50 (ms) | ${cell((r) => r.forged.answerP50.toFixed(1))} |`,
			`| n8n CPU per forged notification (ms) | ${cell((r) => r.forged.cpuPerNotification.toFixed(2))} |`,
			`| Forged: answered | ${ways.map((way) => (WAYS[way].webhookNode ? '200, the chain runs and stops at IF' : '403, no execution')).join(' | ')} |`,
		);
	}
	lines.push('', `${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, Node ${nodeVersion}, ${os.cpus().length} cores.`, '', MARKERS[1]);
	return lines.join('\n');
}

module.exports = { MARKERS };

if (require.main === module) {
	main().then(
		() => process.exit(0),
		(error) => {
			process.stderr.write(`${error.stack ?? error}\n`);
			process.exit(1);
		},
	);
}
