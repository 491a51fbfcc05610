'use strict';
const { SANDBOX, useFakeApi, runMorune, expectNoSecrets } = require('../helpers/fixtures');

const fake = useFakeApi();
const WRONG_SECRET = 'wrong-morune-secret-99998888777';

const moruneError = (status, error) => ({
	status,
	body: { data: null, error, status, status_check: false },
});

describe('Morune → Balance → Get, run by n8n', () => {
	test('returns one normalized item with the same keys as aaio', async () => {
		const result = await runMorune(fake.api);

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: {
					provider: 'morune',
					currency: 'RUB',
					available: 14034.5,
					frozen: 1200,
					referral: null,
					total: 15234.5,
					checkedAt: expect.any(String),
				},
				pairedItem: { item: 0 },
			},
		]);
		expectNoSecrets(result);
	});

	test('sends one GET with the user ID in the path and the raw secret as x-api-signature-sha256', async () => {
		await runMorune(fake.api);

		expect(fake.api.requests).toHaveLength(1);
		const [request] = fake.api.requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`/account/users/${SANDBOX.morune.userId}/balance`);
		expect(request.headers['x-api-signature-sha256']).toBe(SANDBOX.morune.secretKey);
		expect(request.headers['x-api-key']).toBeUndefined();
		expect(request.headers.accept).toContain('application/json');
	});

	test('turns numeric strings into numbers', async () => {
		fake.api.intercept(() => ({
			body: {
				data: { balance: '1000.50', active_balance: '900.25', freeze_balance: '100.25' },
				status: 200,
				status_check: true,
			},
		}));
		const [item] = (await runMorune(fake.api)).items;

		expect(item.json).toMatchObject({ available: 900.25, frozen: 100.25, total: 1000.5 });
	});

	test('with Simplify off, returns the body, envelope and all, as it came', async () => {
		const result = await runMorune(fake.api, { parameters: { simplify: false } });

		expect(result.items).toEqual([
			{
				json: {
					data: { balance: 15234.5, active_balance: 14034.5, freeze_balance: 1200 },
					status: 200,
					status_check: true,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a balance without data is an error that says which field', async () => {
		fake.api.intercept(() => ({ body: { data: {}, status: 200, status_check: true } }));
		const result = await runMorune(fake.api);

		expect(result.error.message).toBe(
			'morune sent an answer without a valid "data.balance" field. Turn off Simplify to see the answer as it came.',
		);
	});
});

describe('Morune errors', () => {
	test('a wrong secret: the provider message, a failed run, one request only', async () => {
		const result = await runMorune(fake.api, { secretKey: WRONG_SECRET });

		expect(result.items).toEqual([]);
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.message).toBe(
			'morune rejected the credentials (HTTP 401): Ошибка авторизации: неверный user_id или секретный ключ. Check the Morune API credential.',
		);
		expect(result.error.description).toContain('Profile settings → Integration');
		expect(fake.api.requests).toHaveLength(1);
		expectNoSecrets(result, [WRONG_SECRET]);
	});

	test.each([
		['a string', 'Поле user id должно быть в формате UUID.', 'Поле user id должно быть в формате UUID.'],
		['a list', ['Первая ошибка', 'Вторая ошибка'], 'Первая ошибка; Вторая ошибка'],
		[
			'an object of field errors',
			{ amount: ['Поле amount обязательно.'], order_id: ['Номер заказа должен быть уникальным'] },
			'amount: Поле amount обязательно.; order_id: Номер заказа должен быть уникальным',
		],
	])('a 422 whose error is %s is shown readably', async (_, error, shown) => {
		fake.api.intercept(() => moruneError(422, error));
		const result = await runMorune(fake.api);

		const stop = shown.endsWith('.') ? '' : '.';
		expect(result.error.message).toBe(
			`morune rejected the request (HTTP 422): ${shown}${stop} Check the node's parameters and the Morune API credential.`,
		);
		expect(result.error.httpCode).toBe('422');
	});

	test('HTTP 200 with status_check false is an error with the provider message', async () => {
		fake.api.intercept(() => ({
			status: 200,
			body: { data: null, error: 'Пользователь заблокирован', status: 403, status_check: false },
		}));
		const result = await runMorune(fake.api);

		expect(result.error.message).toBe(
			'morune refused access (HTTP 200, error code 403): Пользователь заблокирован. Give the key the permission this operation needs.',
		);
	});

	test.each([
		[404, 'Страница не найдена', 'morune did not find what was asked for (HTTP 404): Страница не найдена.'],
		[500, 'Внутренняя ошибка системы', 'morune server error (HTTP 500): Внутренняя ошибка системы. Try again later.'],
	])('HTTP %i names morune and passes its message', async (status, error, message) => {
		fake.api.intercept(() => moruneError(status, error));
		const result = await runMorune(fake.api);

		expect(result.error.message).toContain(message);
		expect(fake.api.requests).toHaveLength(1);
	});

	test('429 says it is a rate limit and gives Retry-After as an HTTP date', async () => {
		const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
		fake.api.intercept(() => ({
			...moruneError(429, 'Too Many Attempts.'),
			headers: { 'retry-after': inTwoMinutes },
		}));
		const result = await runMorune(fake.api);

		expect(result.error.message).toMatch(
			/^morune rate limit reached \(HTTP 429\): Too Many Attempts\. Retry after 1[12]\d s\.$/,
		);
	});

	test('an HTML page is an error naming morune', async () => {
		fake.api.intercept(() => ({
			status: 500,
			headers: { 'content-type': 'text/html; charset=UTF-8' },
			body: '<html><body><h1>Server Error</h1></body></html>',
		}));
		const result = await runMorune(fake.api);

		expect(result.error.message).toBe(
			'morune sent a response that is not JSON (text/html; charset=UTF-8) with HTTP 500. Check the Base URL in the Morune API credential, or try again later if morune is down.',
		);
	});

	test('an empty body is an error naming morune', async () => {
		fake.api.intercept(() => ({ status: 204 }));
		const result = await runMorune(fake.api);

		expect(result.error.message).toContain('morune sent an empty response with HTTP 204.');
	});

	test('a timeout is an error naming morune', async () => {
		fake.api.intercept(() => ({ hang: true }));
		const result = await runMorune(fake.api, { parameters: { requestOptions: { timeout: 250 } } });

		expect(result.error.message).toBe(
			'morune did not answer within 0.3 s. Try again later, or raise Timeout under Request Options in the node.',
		);
	});

	test('a refused connection is an error naming morune', async () => {
		const result = await runMorune(fake.api, { baseUrl: 'http://127.0.0.1:9' });

		expect(result.error.message).toContain('Could not connect to morune at http://127.0.0.1:9');
		expectNoSecrets(result);
	});

	test.each([
		['not a UUID', 'my-shop'],
		['empty', ''],
		['a UUID with spaces around it', ` ${SANDBOX.morune.userId} `],
	])('a user ID that is %s is refused before any request', async (_, userId) => {
		const result = await runMorune(fake.api, { userId });

		expect(result.error.message).toContain(
			'The user ID in the Morune API credential must be the account UUID',
		);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('an empty secret key is refused before any request', async () => {
		const result = await runMorune(fake.api, { secretKey: '' });

		expect(result.error.message).toContain('The secret key in the Morune API credential is empty.');
		expect(fake.api.requests).toHaveLength(0);
	});
});
