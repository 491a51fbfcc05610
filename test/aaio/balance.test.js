'use strict';
const { SANDBOX, useFakeApi, runAaio, expectNoSecrets } = require('../helpers/fixtures');

const fake = useFakeApi();
const WRONG_KEY = 'wrong-aaio-key-0000111122223333';

describe('Aaio → Balance → Get, run by n8n', () => {
	test('returns one normalized item, paired to its input', async () => {
		const result = await runAaio(fake.api);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual({
			provider: 'aaio',
			currency: 'RUB',
			available: 1592.03,
			frozen: 120.5,
			referral: 346.49,
			total: 2059.02,
			checkedAt: expect.any(String),
		});
		expect(new Date(item.json.checkedAt).toISOString()).toBe(item.json.checkedAt);
		expect(Math.abs(Date.now() - Date.parse(item.json.checkedAt))).toBeLessThan(60_000);
		expectNoSecrets(result);
	});

	test('sends one POST to /api/balance with the key as X-Api-Key and asks for JSON', async () => {
		await runAaio(fake.api);

		expect(fake.api.requests).toHaveLength(1);
		const [request] = fake.api.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/balance');
		expect(request.headers['x-api-key']).toBe(SANDBOX.aaio.apiKey);
		expect(request.headers.accept).toContain('application/json');
	});

	test('turns numeric strings into numbers and adds without float noise', async () => {
		fake.api.intercept(() => ({
			body: { type: 'success', balance: '0.1', hold: '0.2', referral: '100' },
		}));
		const [item] = (await runAaio(fake.api)).items;

		expect(item.json).toMatchObject({ available: 0.1, frozen: 0.2, referral: 100, total: 100.3 });
	});

	test('with Simplify off, returns the body as it came', async () => {
		const body = { type: 'success', balance: '1592.03', referral: 346.49, hold: 0 };
		fake.api.intercept(() => ({ body }));
		const result = await runAaio(fake.api, { parameters: { simplify: false } });

		expect(result.items).toEqual([{ json: body, pairedItem: { item: 0 } }]);
	});

	test('one output item per input item, each paired to its own input', async () => {
		const items = Array.from({ length: 5 }, (_, index) => ({ json: { shop: index } }));
		const result = await runAaio(fake.api, { items });

		expect(result.items.map((item) => item.pairedItem)).toEqual(
			items.map((_, index) => ({ item: index })),
		);
		expect(fake.api.requests).toHaveLength(5);
	});

	test('a balance without a numeric field is an error that says which field', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', balance: 10, hold: 'n/a' } }));
		const result = await runAaio(fake.api);

		expect(result.error.message).toBe(
			'aaio sent an answer without a valid "hold" field. Turn off Simplify to see the answer as it came.',
		);
	});
});

describe('Aaio errors', () => {
	test('a wrong key: the provider message, a failed run, one request only', async () => {
		const result = await runAaio(fake.api, { apiKey: WRONG_KEY });

		expect(result.items).toEqual([]);
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.message).toBe(
			'aaio rejected the credentials (HTTP 401): Неверный ключ API. Check the Aaio API credential.',
		);
		expect(result.error.description).toContain('aaio.so/business/api/keys');
		expect(result.error.httpCode).toBe('401');
		expect(fake.api.requests).toHaveLength(1);
		expectNoSecrets(result, [WRONG_KEY]);
	});

	test.each([
		[
			'type "fail" with a string code, as in the docs',
			{ type: 'fail', code: '400', message: 'Некорректный запрос' },
			'aaio rejected the request (HTTP 200, error code 400): Некорректный запрос.',
		],
		[
			'type "error" with code 401',
			{ type: 'error', code: 401, message: 'Ключ API не найден' },
			'aaio rejected the credentials (HTTP 200, error code 401): Ключ API не найден.',
		],
		[
			'no type at all',
			{ balance: 1, hold: 0, referral: 0 },
			'aaio rejected the request (HTTP 200): the answer\'s type is "undefined", not "success".',
		],
	])('HTTP 200 with %s is an error with the provider message', async (_, body, message) => {
		fake.api.intercept(() => ({ status: 200, body }));
		const result = await runAaio(fake.api);

		expect(result.items).toEqual([]);
		expect(result.error.message).toContain(message);
		expect(fake.api.requests).toHaveLength(1);
	});

	test.each([
		[400, 'Неверные параметры', 'aaio rejected the request (HTTP 400): Неверные параметры.'],
		[
			403,
			'Нет доступа к методу',
			'aaio refused access (HTTP 403): Нет доступа к методу. Give the key the permission this operation needs.',
		],
		[
			404,
			'Метод не найден',
			'aaio did not find what was asked for (HTTP 404): Метод не найден. Check the Base URL in the Aaio API credential.',
		],
		[500, 'Внутренняя ошибка', 'aaio server error (HTTP 500): Внутренняя ошибка. Try again later.'],
		[503, 'Техработы', 'aaio server error (HTTP 503): Техработы. Try again later.'],
	])('HTTP %i with a JSON body names aaio and passes its message', async (status, text, message) => {
		fake.api.intercept(() => ({ status, body: { type: 'error', code: status, message: text } }));
		const result = await runAaio(fake.api);

		expect(result.error.message).toContain(message);
		expect(result.error.httpCode).toBe(String(status));
		expect(fake.api.requests).toHaveLength(1);
	});

	test('429 says it is a rate limit and gives Retry-After', async () => {
		fake.api.intercept(() => ({
			status: 429,
			headers: { 'retry-after': '30' },
			body: { type: 'error', code: 429, message: 'Too many requests' },
		}));
		const result = await runAaio(fake.api);

		expect(result.error.message).toBe(
			'aaio rate limit reached (HTTP 429): Too many requests. Retry after 30 s.',
		);
		expect(result.error.description).toContain('Retry On Fail');
		expect(result.error.httpCode).toBe('429');
	});

	test('429 with an HTML page and no Retry-After is still a rate limit', async () => {
		fake.api.intercept(() => ({
			status: 429,
			headers: { 'content-type': 'text/html' },
			body: '<html><body>Slow down</body></html>',
		}));
		const result = await runAaio(fake.api);

		expect(result.error.message).toBe('aaio rate limit reached (HTTP 429).');
	});

	test('Retry On Fail retries after a 429 and then succeeds', async () => {
		fake.api.intercept((_, count) =>
			count === 1
				? { status: 429, headers: { 'retry-after': '1' }, body: { type: 'error', code: 429, message: 'Too many requests' } }
				: undefined,
		);
		const result = await runAaio(fake.api, {
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 },
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.available).toBe(1592.03);
		expect(fake.api.requests).toHaveLength(2);
	});

	test('an HTML error page is an error naming aaio, with an excerpt of the page', async () => {
		fake.api.intercept(() => ({
			status: 502,
			headers: { 'content-type': 'text/html' },
			body: '<html><head><style>h1{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>',
		}));
		const result = await runAaio(fake.api);

		expect(result.error.message).toBe(
			'aaio sent a response that is not JSON (text/html) with HTTP 502. Check the Base URL in the Aaio API credential, or try again later if aaio is down.',
		);
		expect(result.error.description).toBe('Start of the response: 502 Bad Gateway nginx');
	});

	test('an HTML page with HTTP 200 is an error too', async () => {
		fake.api.intercept(() => ({
			status: 200,
			headers: { 'content-type': 'text/html' },
			body: '<!doctype html><title>aaio</title><p>Welcome</p>',
		}));
		const result = await runAaio(fake.api);

		expect(result.error.message).toContain('aaio sent a response that is not JSON (text/html) with HTTP 200');
	});

	test('an empty body is an error', async () => {
		fake.api.intercept(() => ({ status: 200, body: '' }));
		const result = await runAaio(fake.api);

		expect(result.error.message).toBe(
			'aaio sent an empty response with HTTP 200. Check the Base URL in the Aaio API credential, or try again later if aaio is down.',
		);
	});

	test('a timeout set under Request Options ends the request with an error naming aaio', async () => {
		fake.api.intercept(() => ({ hang: true }));
		const result = await runAaio(fake.api, { parameters: { requestOptions: { timeout: 300 } } });

		expect(result.error.message).toBe(
			'aaio did not answer within 0.3 s. Try again later, or raise Timeout under Request Options in the node.',
		);
		expect(fake.api.requests).toHaveLength(1);
	});

	test('without a timeout option the request gives up after 10 s, not n8n’s 5 minutes', async () => {
		fake.api.intercept(() => ({ hang: true }));
		const result = await runAaio(fake.api);

		expect(result.error.message).toContain('aaio did not answer within 10 s.');
	}, 20_000);

	test('a refused connection is an error naming aaio and the address', async () => {
		const result = await runAaio(fake.api, { baseUrl: 'http://127.0.0.1:9' });

		expect(result.error.message).toBe(
			'Could not connect to aaio at http://127.0.0.1:9: the connection was refused. Check the Base URL in the Aaio API credential, or try again later.',
		);
		expectNoSecrets(result);
	});

	test('a dropped connection is an error naming aaio', async () => {
		fake.api.intercept(() => ({ destroy: true }));
		const result = await runAaio(fake.api);

		expect(result.error.message).toBe(
			'The connection to aaio was closed before it answered. Try again later.',
		);
		expect(fake.api.requests).toHaveLength(1);
	});

	test.each([
		['an empty key', '', 'The API key in the Aaio API credential is empty.'],
		['a key of spaces', '   ', 'The API key in the Aaio API credential is empty.'],
		[
			'a key with a line break',
			'abc\ndef',
			'The API key in the Aaio API credential contains spaces or line breaks. Copy it again without them.',
		],
	])('%s is refused before any request', async (_, apiKey, message) => {
		const result = await runAaio(fake.api, { apiKey });

		// RoutingNode hands a NodeOperationError on wrapped in a NodeApiError, message intact.
		expect(['NodeOperationError', 'NodeApiError']).toContain(result.error.name);
		expect(result.error.message).toContain(message);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('a Base URL that is not http(s) is refused before any request', async () => {
		const result = await runAaio(fake.api, { baseUrl: 'aaio.so' });

		expect(result.error.message).toBe(
			'The Base URL in the Aaio API credential must be an http(s) address, such as the default.',
		);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('a trailing slash in the Base URL is harmless', async () => {
		const result = await runAaio(fake.api, { baseUrl: `${fake.api.url}/` });

		expect(result.error).toBeUndefined();
		expect(fake.api.requests[0].path).toBe('/api/balance');
	});

	test('a provider message that echoes the key does not leak it', async () => {
		fake.api.intercept((request) => ({
			status: 401,
			body: { type: 'error', code: 401, message: `Ключ ${request.headers['x-api-key']} не найден` },
		}));
		const result = await runAaio(fake.api);

		expect(result.error.message).toContain('Ключ [redacted] не найден');
		expectNoSecrets(result);
	});
});
