'use strict';
/**
 * The one transport (nodes/shared/transport.ts), tried as bad luck and a hostile server would:
 * redirects, a server that drips, stalls or cuts its answer, enormous bodies, a key echoed back
 * in every encoding. Each case runs through n8n's engine, for both nodes and for a balance
 * trigger's poll, against loopback servers that count what they receive.
 */
const http = require('node:http');
const { SANDBOX, useFakeApi, expectNoSecrets, withoutProbes } = require('../helpers/fixtures');
const { createPoller, runNode } = require('../helpers/n8n-engine');

const fake = useFakeApi();

/** A second origin on loopback, counting what reaches it (it must see nothing). */
const other = { requests: [] };
beforeAll(async () => {
	other.server = http.createServer((req, res) => {
		other.requests.push({ method: req.method, url: req.url, headers: req.headers });
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ type: 'success', balance: 1, hold: 0, referral: 0, status_check: true, data: {} }));
	});
	await new Promise((resolve) => other.server.listen(0, '127.0.0.1', resolve));
	other.url = `http://127.0.0.1:${other.server.address().port}`;
});
beforeEach(() => {
	other.requests.length = 0;
});
afterAll(() => new Promise((resolve) => other.server.close(resolve)));

const credentialsOf = {
	aaio: (extra = {}) => ({ aaioApi: { ...SANDBOX.aaio, baseUrl: fake.api.url, ...extra } }),
	morune: (extra = {}) => ({ moruneApi: { ...SANDBOX.morune, baseUrl: fake.api.url, ...extra } }),
};
const run = (provider, { parameters = {}, credentials, ...rest } = {}) =>
	runNode({
		type: provider,
		parameters: { resource: 'balance', operation: 'get', ...parameters },
		credentials: credentialsOf[provider](credentials),
		...rest,
	});
const poller = (provider, credentials) =>
	createPoller({
		type: `${provider}BalanceTrigger`,
		parameters: { event: 'balanceChanged' },
		credentials: credentialsOf[provider](credentials),
	});

/** Answers the next requests with `spec`. */
const answer = (spec) => fake.api.intercept(() => spec);

/** Wall time and CPU time of `work`, in ms. */
async function measured(work) {
	const cpu = process.cpuUsage();
	const started = Date.now();
	const result = await work();
	const used = process.cpuUsage(cpu);
	return { result, wallMs: Date.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

const PROVIDERS = ['aaio', 'morune'];

describe.each(PROVIDERS)('%s: redirects are never followed', (provider) => {
	test.each([301, 302, 307, 308])('HTTP %i to another origin: an error naming it; the other origin sees nothing', async (status) => {
		const target = `${other.url}/stolen?from=${provider}`;
		answer({ status, headers: { location: target }, body: '' });

		const result = await run(provider);

		expect(result.items).toEqual([]);
		expect(result.error.message).toBe(
			`${provider} answered with a redirect (HTTP ${status}) to ${target}, which the node does not follow. ` +
				`Check the Base URL in the ${provider === 'aaio' ? 'Aaio' : 'Morune'} API credential.`,
		);
		expect(fake.api.requests).toHaveLength(1);
		expect(other.requests).toHaveLength(0);
		expectNoSecrets(result);
	});

	test.each([301, 302, 307, 308])('HTTP %i to the same origin is not followed either', async (status) => {
		fake.api.intercept((seen) => (seen.path === '/moved' ? undefined : { status, headers: { location: '/moved' }, body: '' }));

		const result = await run(provider);

		expect(result.error.message).toContain(`answered with a redirect (HTTP ${status}) to /moved`);
		expect(fake.api.requests.map((request) => request.path)).not.toContain('/moved');
		expect(fake.api.requests).toHaveLength(1);
	});

	test('the balance trigger does not follow one either', async () => {
		answer({ status: 302, headers: { location: `${other.url}/poll` }, body: '' });
		const trigger = await poller(provider);

		await expect(trigger.poll()).rejects.toThrow(`answered with a redirect (HTTP 302) to ${other.url}/poll`);
		expect(other.requests).toHaveLength(0);
	});
});

describe.each([
	['aaio', '/api/create-payoff', '/api/info-payoff', { orderId: 'redirected-1', method: 'cards_ru', amount: '1200', wallet: '2200700011112222' }],
	['morune', '/payoff/create', '/payoff/info', { orderId: 'redirected-1', amount: '1000', method: 'card', wallet: '5536910012345678' }],
])('%s Payout → Create answered by a 307 to another host', (provider, create, lookup, fields) => {
	test('nothing is re-sent there, no lookup after it, an error', async () => {
		fake.api.intercept((seen) => (seen.path === create ? { status: 307, headers: { location: `${other.url}${create}` }, body: '' } : undefined));

		const result = await run(provider, { parameters: { resource: 'payout', operation: 'create', ...fields } });

		expect(result.items).toEqual([]);
		expect(result.error.message).toContain(`${provider} answered with a redirect (HTTP 307) to ${other.url}${create}`);
		expect(other.requests).toHaveLength(0);
		// The lookup of the payout's ID before the create, then the create; a redirect is a clear refusal.
		expect(withoutProbes(fake.api.requests).map((request) => request.path)).toEqual([lookup, create]);
		expectNoSecrets(result);
	});
});

describe.each(PROVIDERS)('%s: the timeout is a deadline for the whole exchange', (provider) => {
	const body = provider === 'aaio'
		? { type: 'success', balance: 1, hold: 0, referral: 0 }
		: { status: 200, status_check: true, data: { balance: 1, active_balance: 1, freeze_balance: 0 } };

	test('a body dripped a byte every 100 ms ends at Timeout (0.5 s), named for what happened', async () => {
		answer({ body, dripMs: 100 });

		const { result, wallMs } = await measured(() => run(provider, { parameters: { requestOptions: { timeout: 500 } } }));

		expect(result.error.message).toBe(
			`${provider} began to answer but did not finish within 0.5 s. Try again later, or raise Timeout under Request Options in the node.`,
		);
		expect(wallMs).toBeGreaterThanOrEqual(450);
		expect(wallMs).toBeLessThan(3000);
	});

	test('headers dripped four bytes every 50 ms end at Timeout as "did not answer"', async () => {
		answer({ dripHeadersMs: 50 });

		const { result, wallMs } = await measured(() => run(provider, { parameters: { requestOptions: { timeout: 500 } } }));

		expect(result.error.message).toMatch(new RegExp(`^${provider} did not answer within 0\\.5 s\\.`));
		expect(wallMs).toBeLessThan(3000);
	});

	test('headers, then nothing: stalled, at Timeout', async () => {
		answer({ body, stallAfterHeaders: true });

		const { result, wallMs } = await measured(() => run(provider, { parameters: { requestOptions: { timeout: 400 } } }));

		expect(result.error.message).toMatch(new RegExp(`^${provider} began to answer but did not finish within 0\\.4 s\\.`));
		expect(wallMs).toBeLessThan(3000);
	});

	test('without a Timeout, a 16 s drip ends at the documented 10 s', async () => {
		answer({ body: 'x'.repeat(160), dripMs: 100 });

		const { result, wallMs } = await measured(() => run(provider));

		expect(result.error.message).toMatch(new RegExp(`^${provider} began to answer but did not finish within 10 s\\.`));
		expect(wallMs).toBeGreaterThanOrEqual(9900);
		expect(wallMs).toBeLessThan(12_000);
	}, 20_000);

	test('a body cut in the middle is named so, not "could not reach"', async () => {
		answer({ body, cutAfter: 10 });

		const result = await run(provider);

		expect(result.error.message).toBe(`The connection to ${provider} was closed in the middle of its answer. Try again later.`);
	});
});

test('the balance trigger keeps the same deadline', async () => {
	answer({ body: 'x'.repeat(200), dripMs: 100 });
	const trigger = await poller('morune');

	const { wallMs } = await measured(() => expect(trigger.poll()).rejects.toThrow('morune began to answer but did not finish within 10 s.'));
	expect(wallMs).toBeLessThan(12_000);
}, 20_000);

describe.each(PROVIDERS)('%s: hostile bodies cost little', (provider) => {
	test('HTTP 502 with 2 MB of "<": one short error, in well under a second of CPU', async () => {
		answer({ status: 502, headers: { 'content-type': 'text/html' }, body: '<'.repeat(2 * 1024 * 1024) });

		const { result, cpuMs } = await measured(() => run(provider));

		expect(result.error.message).toBe(
			`${provider} sent a response that is not JSON (text/html) with HTTP 502. Check the Base URL in the ${provider === 'aaio' ? 'Aaio' : 'Morune'} API credential, or try again later if ${provider} is down.`,
		);
		expect(result.error.description.length).toBeLessThan(300);
		// A generous regression guard: the old excerpt took seconds on 60 KB.
		expect(cpuMs).toBeLessThan(1500);
	});

	test('HTTP 502 with 2 MB of "<a " and text: the excerpt is the text, bounded', async () => {
		answer({ status: 502, body: `<p>Bad gateway</p>${'<a '.repeat(700_000)}` });

		const { result, cpuMs } = await measured(() => run(provider));

		expect(result.error.description).toBe('Start of the response: Bad gateway');
		expect(cpuMs).toBeLessThan(1500);
	});

	test('an answer over 4 MB is not read whole', async () => {
		answer({ status: 200, body: `{"data":"${'x'.repeat(5 * 1024 * 1024)}"}` });

		const { result, cpuMs } = await measured(() => run(provider));

		expect(result.error.message).toMatch(new RegExp(`^${provider} sent an answer larger than the node reads`));
		expect(cpuMs).toBeLessThan(1500);
	});

	test('an error message of 700 KB is cut in the error', async () => {
		const message = 'Ошибка '.repeat(55_000);
		answer({
			status: 400,
			body: provider === 'aaio' ? { type: 'error', code: 400, message } : { status: 400, status_check: false, error: message },
		});

		const result = await run(provider);

		expect(result.error.message.length).toBeLessThan(500);
		expect(result.error.message).toMatch(/^\S+ rejected the request \(HTTP 400\): Ошибка Ошибка/);
	});
});

test('10,000 morune field errors: the message names the first ones and counts the rest', async () => {
	const error = Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`field${index}`, [`bad ${index}`]]));
	answer({ status: 422, body: { status: 422, status_check: false, error } });

	const result = await run('morune');

	expect(result.error.message).toBe(
		'morune rejected the request (HTTP 422): field0: bad 0; field1: bad 1; field2: bad 2; and 9997 more. Check the node\'s parameters and the Morune API credential.',
	);
});

describe.each(PROVIDERS)('%s: a key echoed back in any encoding never comes out', (provider) => {
	// A key with characters that every encoding writes differently.
	const key = 'Ke"y/With+Sp€cial=Chars\\0123456789abcdef';
	const credentials = provider === 'aaio' ? { apiKey: key } : { secretKey: key };
	const base64 = Buffer.from(key).toString('base64');
	const encodings = {
		raw: key,
		'URL-encoded': encodeURIComponent(key),
		'JSON-escaped': JSON.stringify(key).slice(1, -1),
		'PHP-escaped': JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/').replace('€', '\\u20ac'),
		'lower case': key.toLowerCase(),
		'upper case': key.toUpperCase(),
		base64,
		'base64 without padding': base64.replace(/=+$/, ''),
		base64url: Buffer.from(key).toString('base64url'),
		hex: Buffer.from(key).toString('hex'),
	};
	const forbidden = Object.values(encodings);

	test.each(Object.entries(encodings))('%s, in an error message and body', async (_name, echoed) => {
		const message = `Неверный ключ ${echoed}`;
		answer({
			status: 401,
			body:
				provider === 'aaio'
					? { type: 'error', code: 401, message, key: echoed }
					: { status: 401, status_check: false, error: message, key: echoed },
		});

		const result = await run(provider, { credentials });

		expect(result.error.message).toContain('[redacted]');
		expect(result.error.errorResponse?.response ?? result.error.context).toBeDefined();
		expectNoSecrets(result, forbidden);
	});

	test('written as \\u escapes in the JSON text, or as a key of the answer', async () => {
		const escaped = [...key].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
		const message = `Неверный ключ ${escaped}`;
		const text =
			provider === 'aaio'
				? `{"type":"error","code":401,"message":"${message}","${escaped}":"__proto__ stays a key","__proto__":{"polluted":true}}`
				: `{"status":401,"status_check":false,"error":"${message}","${escaped}":1,"__proto__":{"polluted":true}}`;
		answer({ status: 401, headers: { 'content-type': 'application/json' }, body: text });

		const result = await run(provider, { credentials });

		expect(result.error.message).toContain('[redacted]');
		expect(({}).polluted).toBeUndefined();
		expectNoSecrets(result, forbidden);
	});

	test('in a successful answer (Simplify off), a Continue On Fail item and a trigger error', async () => {
		const success =
			provider === 'aaio'
				? { type: 'success', balance: 1, hold: 0, referral: 0, echo: encodings.base64 }
				: { status: 200, status_check: true, data: { balance: 1, active_balance: 1, freeze_balance: 0, echo: encodings['URL-encoded'] } };
		answer({ status: 200, body: success });
		const ok = await run(provider, { credentials, parameters: { simplify: false } });
		expect(ok.error).toBeUndefined();
		expect(JSON.stringify(ok.items)).toContain('[redacted]');
		expectNoSecrets(ok, forbidden);

		answer({ status: 500, body: `<h1>Internal error for key ${encodings['lower case']}</h1>` });
		const failed = await run(provider, { credentials, settings: { onError: 'continueRegularOutput' } });
		expect(failed.items).toHaveLength(1);
		expect(failed.items[0].json.error).toBeDefined();
		expectNoSecrets(failed, forbidden);

		answer({ status: 401, body: { type: 'error', status_check: false, message: encodings.hex, error: encodings.hex } });
		const trigger = await poller(provider, credentials);
		const error = await trigger.poll().catch((thrown) => thrown);
		expect(error.message).toContain('[redacted]');
		expectNoSecrets({ items: [], error }, forbidden);
	});
});

/** The address of a loopback port nothing listens on any more: a connection there is refused. */
async function closedPortUrl() {
	const closed = http.createServer();
	await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${closed.address().port}`;
	await new Promise((resolve) => closed.close(resolve));
	return url;
}

describe.each(PROVIDERS)('%s: transport failures are named', (provider) => {
	test('a refused connection', async () => {
		const url = await closedPortUrl();

		const result = await run(provider, { credentials: { baseUrl: url } });

		expect(result.error.message).toMatch(new RegExp(`^Could not connect to ${provider} at ${url}: the connection was refused\\.`));
	});

	test('a TLS failure (https to a plain HTTP port)', async () => {
		const url = fake.api.url.replace('http:', 'https:');

		const result = await run(provider, { credentials: { baseUrl: url } });

		expect(result.error.message).toMatch(new RegExp(`^The secure connection to ${provider} at ${url} failed \\(`));
	});

	test('a connection dropped before any answer', async () => {
		answer({ destroy: true });

		const result = await run(provider);

		expect(result.error.message).toBe(`The connection to ${provider} was closed before it answered. Try again later.`);
	});
});

/*
 * The same failures in the shape n8n 1.x's request helper throws them. Both lines wrap a failed
 * request in a NodeApiError with a generic message (n8n-core's httpRequestWithAuthentication);
 * n8n 2.x keeps the original error, with its system code, as the `cause`. n8n 1.x loses it: its
 * ExecutionBaseError declares a class field `cause`, which resets it after `super()`, and sets it
 * again only when it is not an Error (n8n-workflow 1.120.31, dist/cjs/errors/abstract/
 * execution-base.error.js lines 16 and 26-31, as installed with n8n 1.123.81). What is left is
 * the code in `httpCode` and the original message in `messages`. Here the engine (n8n-core 2.41)
 * makes the real request and builds its NodeApiError; the error then loses its cause as in 1.x.
 */
describe('n8n 1.x: the request helper loses the cause of a failure', () => {
	const authentication = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/authentication');
	const { NodeApiError } = require('n8n-workflow');
	const original = authentication.httpRequestWithAuthentication;
	/** What the helper threw, as 1.x shapes it. */
	const thrown = [];
	/** When set, the helper throws this raw error (wrapped as the helper wraps it) instead of sending. */
	let rawFailure;
	const as1x = (error) => {
		if (error instanceof NodeApiError) Object.defineProperty(error, 'cause', { value: undefined, enumerable: true, writable: true });
		thrown.push(error);
		return error;
	};
	beforeAll(() => {
		jest.spyOn(authentication, 'httpRequestWithAuthentication').mockImplementation(async function (...args) {
			if (rawFailure) throw as1x(new NodeApiError(args[3], rawFailure));
			try {
				return await original.apply(this, args);
			} catch (error) {
				throw as1x(error);
			}
		});
	});
	afterAll(() => jest.restoreAllMocks());
	beforeEach(() => {
		thrown.length = 0;
		rawFailure = undefined;
	});

	/** The helper really threw the 1.x shape: no cause, the code in httpCode, a generic message. */
	const expect1xShape = (code) => {
		expect(thrown).toHaveLength(1);
		expect(thrown[0].cause).toBeUndefined();
		expect(thrown[0].code).toBeUndefined();
		expect(thrown[0].httpCode).toBe(code);
	};

	describe.each(PROVIDERS)('%s', (provider) => {
		test('a refused connection', async () => {
			const url = await closedPortUrl();

			const result = await run(provider, { credentials: { baseUrl: url } });

			expect1xShape('ECONNREFUSED');
			expect(thrown[0].message).toBe('The service refused the connection - perhaps it is offline');
			expect(result.error.message).toBe(
				`Could not connect to ${provider} at ${url}: the connection was refused. Check the Base URL in the ${provider === 'aaio' ? 'Aaio' : 'Morune'} API credential, or try again later.`,
			);
		});

		test('a TLS failure (https to a plain HTTP port)', async () => {
			const url = fake.api.url.replace('http:', 'https:');

			const result = await run(provider, { credentials: { baseUrl: url } });

			expect1xShape('EPROTO');
			expect(result.error.message).toMatch(new RegExp(`^The secure connection to ${provider} at ${url} failed \\(EPROTO\\)\\.`));
		});

		test('a connection dropped before any answer', async () => {
			answer({ destroy: true });

			const result = await run(provider);

			expect1xShape('ECONNRESET');
			expect(thrown[0].message).toMatch(/^The connection to the server was closed unexpectedly/);
			expect(result.error.message).toBe(`The connection to ${provider} was closed before it answered. Try again later.`);
			expect(fake.api.requests).toHaveLength(1);
		});

		test('a body cut in the middle (read by the transport itself, the same on both lines)', async () => {
			answer({ body: { status: 200 }, cutAfter: 5 });

			const result = await run(provider);

			expect(thrown).toHaveLength(0);
			expect(result.error.message).toBe(`The connection to ${provider} was closed in the middle of its answer. Try again later.`);
		});

		test('a Payout → Create whose answer is lost after the payout was made: recovered, and the reason names the dropped connection', async () => {
			const [create, route] =
				provider === 'aaio'
					? ['/api/create-payoff', (request) => require('../../sandbox/aaio').route(request, fake.api.state.aaio)]
					: ['/payoff/create', (request) => require('../../sandbox/morune').route(request, fake.api.state.morune)];
			fake.api.intercept((request) => {
				if (request.path !== create) return undefined;
				route(request);
				return { destroy: true };
			});
			const fields =
				provider === 'aaio'
					? { orderId: 'lost-1x', method: 'cards_ru', amount: '1200', wallet: '2200700011112222' }
					: { orderId: 'lost-1x', amount: '1000', method: 'card', wallet: '5536910012345678' };

			const result = await run(provider, { parameters: { resource: 'payout', operation: 'create', ...fields, lookupWindow: 1.5 } });

			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({
				alreadyExisted: false,
				recoveredAfter: `The connection to ${provider} was closed before it answered.`,
			});
			expect(fake.api.requests.filter((request) => request.path === create)).toHaveLength(1);
			expect(thrown.map((error) => error.httpCode)).toEqual(['ECONNRESET']);
		});
	});

	// A DNS failure cannot be made on loopback: the raw error is built as axios reports it, then
	// wrapped by n8n's helper (1.x shape) or kept as its cause (2.x shape, checked below too).
	// n8n's own idle timeout (the transport's backstop, a second after its deadline), as axios
	// reports it; n8n 1.x's NodeApiError says only "The connection was aborted".
	test.each(PROVIDERS)('%s: n8n\'s own timeout, in the 1.x shape', async (provider) => {
		rawFailure = Object.assign(new Error('timeout of 11000ms exceeded'), { code: 'ECONNABORTED' });

		const result = await run(provider);

		expect1xShape('ECONNABORTED');
		expect(thrown[0].message).toBe('The connection was aborted, perhaps the server is offline');
		expect(result.error.message).toBe(`${provider} did not answer within 10 s. Try again later, or raise Timeout under Request Options in the node.`);
	});

	test.each(PROVIDERS)('%s: a DNS failure, in the 1.x shape', async (provider) => {
		rawFailure = Object.assign(new Error('getaddrinfo ENOTFOUND aaio.example'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' });

		const result = await run(provider);

		expect1xShape('ENOTFOUND');
		expect(result.error.message).toMatch(new RegExp(`^Could not find the ${provider} server ${fake.api.url}: the DNS lookup failed\\.`));
		expect(fake.api.requests).toHaveLength(0);
	});
});

test.each(PROVIDERS)('%s: a DNS failure, in the 2.x shape (the cause kept)', async (provider) => {
	const authentication = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/authentication');
	const { NodeApiError } = require('n8n-workflow');
	const raw = Object.assign(new Error('getaddrinfo ENOTFOUND aaio.example'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' });
	const spy = jest.spyOn(authentication, 'httpRequestWithAuthentication').mockImplementation(async function (...args) {
		throw new NodeApiError(args[3], raw);
	});
	try {
		const result = await run(provider);

		expect(result.error.message).toMatch(new RegExp(`^Could not find the ${provider} server ${fake.api.url}: the DNS lookup failed\\.`));
	} finally {
		spy.mockRestore();
	}
});

describe.each(PROVIDERS)('%s: the balance currency comes from the answer', (provider) => {
	const balance = (extra) =>
		provider === 'aaio'
			? { type: 'success', balance: 10, hold: 0, referral: 0, ...extra }
			: { status: 200, status_check: true, data: { balance: 10, active_balance: 10, freeze_balance: 0, ...extra } };

	test('RUB, as documented, when the answer names none', async () => {
		const result = await run(provider);
		expect(result.items[0].json.currency).toBe('RUB');
	});

	test('the currency the answer names', async () => {
		answer({ body: balance({ currency: 'usd' }) });
		const result = await run(provider);
		expect(result.items[0].json.currency).toBe('USD');
	});

	test('an unknown currency is an error, never RUB', async () => {
		answer({ body: balance({ currency: 'GOLD' }) });
		const result = await run(provider);
		expect(result.items).toEqual([]);
		expect(result.error.message).toMatch(/without a valid "(data\.)?currency" field/);
	});
});
