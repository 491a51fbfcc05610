'use strict';
/**
 * A local stand-in for the aaio and morune HTTP APIs, served on 127.0.0.1 only.
 *
 * One server answers both providers (their paths do not overlap), so one base URL serves
 * both credentials. The jest tests, the end-to-end run in the real n8n and `npm start` all
 * use this same fake.
 *
 *   const { startFakeApi, SANDBOX } = require('./sandbox/fake-api');
 *   const api = await startFakeApi();          // random free port; { port: 5680 } for a fixed one
 *   api.url                                    // 'http://127.0.0.1:<port>'
 *   api.requests                               // every request seen: { provider, method, path, headers, body }
 *   api.intercept((req) => spec | undefined)   // scripted answers (see `send` for the spec), or undefined for the default
 *   api.queued.push(spec)                      // one scripted answer (see the queue below)
 *   api.state.aaio.balance.balance = 10;       // change what the sandbox account holds
 *   api.reset(); await api.close();
 *
 * Test mode (sandbox/test-mode.js: checkout pages, notifications delivered to the URLs you
 * register, payouts moving on, faults on demand, the sandbox page at /) is off unless turned on:
 * `api.testMode.configure({ enabled: true, … })`, POST /__sandbox/settings, or `--test-mode`.
 *
 * Run as a program (`node sandbox/fake-api.js --port 5680 [--test-mode]`) it prints the sandbox keys and
 * serves until stopped. Over HTTP, `GET /__sandbox/requests`, `POST /__sandbox/reset` and
 * `POST /__sandbox/queue` (a JSON spec, answered to the next request of its `provider`)
 * let another process script it; `POST /__sandbox/clear-requests` forgets the requests seen and the
 * queue but keeps the accounts' state.
 */
const http = require('node:http');

const aaio = require('./aaio');
const morune = require('./morune');
const { createTestMode } = require('./test-mode');
const { startMailbox } = require('./mail');

/** The sandbox accounts. Not real secrets: they only open this fake. */
const SANDBOX = Object.freeze({ aaio: aaio.ACCOUNT, morune: morune.ACCOUNT });

function initialState() {
	return { aaio: aaio.initialState(), morune: morune.initialState() };
}

function providerOf(path) {
	if (aaio.serves(path)) return 'aaio';
	if (morune.serves(path)) return 'morune';
	return undefined;
}

/**
 * Answer with a spec: { status = 200, headers = {}, body (object → JSON, string → as is),
 * delayMs, hang (never answer), destroy (drop the connection) } and, to try a client's
 * patience: dripMs (the body one byte at a time, every dripMs), dripHeadersMs (the status line
 * and headers a few bytes at a time, never finished), stallAfterHeaders (headers, then nothing),
 * cutAfter (that many bytes of a longer body, then the connection dropped).
 */
function send(res, spec) {
	if (spec.destroy) {
		res.socket.destroy();
		return;
	}
	if (spec.hang) return;
	if (spec.dripHeadersMs) {
		const head = Buffer.from('HTTP/1.1 200 OK\r\n' + 'x-slow: ' + 'a'.repeat(100000));
		let sent = 0;
		const timer = setInterval(() => {
			if (res.socket.destroyed || sent >= head.length) return clearInterval(timer);
			res.socket.write(head.subarray(sent, sent + 4));
			sent += 4;
		}, spec.dripHeadersMs);
		res.socket.on('close', () => clearInterval(timer));
		return;
	}
	const write = () => {
		const isText = typeof spec.body === 'string' || spec.body === undefined;
		const payload = Buffer.from(isText ? spec.body ?? '' : JSON.stringify(spec.body));
		const headers = {
			'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
			'content-length': String(payload.length),
			...(spec.headers ?? {}),
		};
		res.writeHead(spec.status ?? 200, headers);
		if (spec.stallAfterHeaders) return res.flushHeaders();
		if (spec.cutAfter !== undefined) {
			res.write(payload.subarray(0, spec.cutAfter));
			setTimeout(() => res.socket.destroy(), 20);
			return;
		}
		if (spec.dripMs) {
			let sent = 0;
			const timer = setInterval(() => {
				if (res.socket?.destroyed || sent >= payload.length) {
					clearInterval(timer);
					if (sent >= payload.length) res.end();
					return;
				}
				res.write(payload.subarray(sent, sent + 1));
				sent += 1;
			}, spec.dripMs);
			res.on('close', () => clearInterval(timer));
			return;
		}
		res.end(payload);
	};
	if (spec.delayMs) setTimeout(write, spec.delayMs);
	else write();
}

function readBody(req) {
	return new Promise((resolve) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

async function startFakeApi({ port = 0, host = '127.0.0.1', smtpPort } = {}) {
	if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
		throw new Error(`The fake API serves loopback only, not ${host}`);
	}
	const api = {
		state: initialState(),
		requests: [],
		interceptor: undefined,
		queued: [],
		intercept(fn) {
			api.interceptor = fn;
		},
		reset() {
			api.state = initialState();
			api.requests.length = 0;
			api.interceptor = undefined;
			api.queued.length = 0;
			api.testMode.reset();
		},
	};
	const sockets = new Set();

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://fake');
		const body = await readBody(req);
		const path = url.pathname;

		// Test mode's pages and control paths (never counted as API requests).
		if (api.testMode && (await api.testMode.handle(req, res, url, body))) return;

		if (path.startsWith('/__sandbox/')) {
			const json = (status, payload) => send(res, { status, body: payload });
			if (path === '/__sandbox/requests') return json(200, api.requests);
			if (path === '/__sandbox/reset' && req.method === 'POST') {
				api.reset();
				return json(200, { ok: true });
			}
			if (path === '/__sandbox/clear-requests' && req.method === 'POST') {
				api.requests.length = 0;
				api.queued.length = 0;
				return json(200, { ok: true });
			}
			if (path === '/__sandbox/queue' && req.method === 'POST') {
				api.queued.push(JSON.parse(body));
				return json(200, { ok: true, queued: api.queued.length });
			}
			return json(404, { error: 'unknown sandbox control path' });
		}

		const provider = providerOf(path);
		const seen = {
			provider,
			method: req.method,
			path,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body,
		};
		api.requests.push(seen);

		// A queued spec answers the next request of its provider (and path, when it names one). With
		// `pass` the sandbox answers as usual; with `record` the sandbox handles the request (a
		// payout is recorded) before the spec answers it instead.
		const queuedIndex = api.queued.findIndex(
			(spec) => (!spec.provider || spec.provider === provider) && (!spec.path || spec.path === path),
		);
		const queued = queuedIndex === -1 ? undefined : api.queued.splice(queuedIndex, 1)[0];
		const sandboxed = () => (provider === 'aaio' ? aaio.route(seen, api.state.aaio) : morune.route(seen, api.state.morune));
		if (queued && !queued.pass) {
			if (queued.record) sandboxed();
			return send(res, queued);
		}
		// A slow answer: the sandbox's own, late.
		if (queued?.pass && queued.delayMs) return send(res, { ...sandboxed(), delayMs: queued.delayMs });
		const scripted = api.interceptor?.(seen, api.requests.length);
		if (scripted) return send(res, scripted);

		if (provider === 'aaio') return send(res, aaio.route(seen, api.state.aaio));
		if (provider === 'morune') return send(res, morune.route(seen, api.state.morune));
		return send(res, { status: 404, body: 'Not found' });
	});
	// Idle keep-alive connections stay open until close(): a server that drops them races
	// with a client reusing them, which would turn into random connection resets.
	server.keepAliveTimeout = 0;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	const address = server.address();
	api.port = address.port;
	api.url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
	api.testMode = createTestMode(api);
	// The outbox (sandbox/mail.js), when asked for: an SMTP server for n8n's Send Email node.
	if (smtpPort !== undefined) api.mailbox = await startMailbox({ port: smtpPort, host });
	api.close = () =>
		new Promise((resolve) => {
			api.testMode.stop();
			api.mailbox?.close();
			for (const socket of sockets) socket.destroy();
			server.close(() => resolve());
		});
	return api;
}

module.exports = { startFakeApi, SANDBOX };

if (require.main === module) {
	const option = (name, env) => {
		const at = process.argv.indexOf(name);
		return at === -1 ? process.env[env] : process.argv[at + 1];
	};
	const port = Number(option('--port', 'SANDBOX_PORT') ?? 5680);
	const smtp = option('--smtp-port', 'SANDBOX_SMTP_PORT');
	startFakeApi({ port, smtpPort: smtp === undefined ? undefined : Number(smtp) }).then((api) => {
		if (process.argv.includes('--test-mode') || process.env.SANDBOX_TEST_MODE === '1') api.testMode.configure({ enabled: true });
		const fields = (account) =>
			Object.entries(account)
				.map(([name, value]) => `    ${name.padEnd(18)} ${value}`)
				.join('\n');
		process.stdout.write(
			[
				`Sandbox aaio and morune API on ${api.url} (use it as the Base URL of both credentials)`,
				'  aaio API credential:',
				fields(SANDBOX.aaio),
				'  morune API credential:',
				fields(SANDBOX.morune),
				`  the sandbox page (test mode ${api.testMode.settings.enabled ? 'on' : 'off'}): ${api.url}/`,
				...(api.mailbox ? [`  the outbox (SMTP, no TLS, no login): 127.0.0.1:${api.mailbox.port}`] : []),
				'',
			].join('\n'),
		);
		const stop = () => api.close().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}
