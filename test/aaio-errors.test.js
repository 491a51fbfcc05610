'use strict';
// Every error case of Balance → Get, for every other operation of the Aaio node: a wrong key,
// a key without the permission, 429, 5xx, an answer that is not JSON, a timeout, a dropped
// connection. Each names aaio and passes aaio's own message; no secret leaks.
const { SANDBOX, useFakeApi, runAaio, expectNoSecrets } = require('./helpers/fixtures');

const fake = useFakeApi();
const ACCOUNT = SANDBOX.aaio;
const WRONG_KEY = 'wrong-aaio-key-0000111122223333';
const SECRETS = [ACCOUNT.apiKey, ACCOUNT.secretKey1, ACCOUNT.secretKey2, ACCOUNT.payoutSecret, WRONG_KEY];

function run(parameters, { credentials = {}, ...rest } = {}) {
	const { apiKey, merchantId, secretKey1, secretKey2, payoutSecret } = ACCOUNT;
	return runAaio(fake.api, {
		parameters,
		credentials: {
			aaioApi: { apiKey, merchantId, secretKey1, secretKey2, payoutSecret, baseUrl: fake.api.url, ...credentials },
		},
		...rest,
	});
}

/** Every operation but Balance → Get, with parameters that work against the sandbox. */
const OPERATIONS = {
	'Order → Create Payment URL': { resource: 'order', operation: 'createPaymentUrl', orderId: 'crm-9001', amount: '100' },
	'Order → Get': { resource: 'order', operation: 'get', orderId: 'crm-1001' },
	'Payment Method → Get Many': { resource: 'paymentMethod', operation: 'getAll' },
	'Payout → Create': { resource: 'payout', operation: 'create', myId: 'payout-9001', amount: '1000', wallet: '2200700011112222' },
	'Payout → Get': { resource: 'payout', operation: 'get', findBy: 'my_id', payoutId: 'payout-0001' },
	'Payout → Get Methods': { resource: 'payout', operation: 'getMethods' },
	'Payout → Get Rates': { resource: 'payout', operation: 'getRates' },
	'Payout → Get SBP Banks': { resource: 'payout', operation: 'getSbpBanks' },
	'Notification IP → Get': { resource: 'notificationIp', operation: 'get' },
};
const ALL = Object.keys(OPERATIONS);
/** What needs no API key (aaio's public IP list; payment URLs are signed instead). */
const KEYLESS = ['Order → Create Payment URL', 'Notification IP → Get'];
/** What needs a key permission ticked in the aaio cabinet. */
const PERMISSIONS = {
	'Order → Get': 'Информация об созданном счете',
	'Payout → Create': 'Вывод средств',
	'Payout → Get': 'Информация про вывод средств',
	'Payout → Get SBP Banks': 'Вывод средств',
};
const PAYOUT_CREATE = 'Payout → Create';

test.each(ALL)('%s works against the sandbox (the base for the cases below)', async (name) => {
	const result = await run(OPERATIONS[name]);

	expect(result.error).toBeUndefined();
	expect(result.items.length).toBeGreaterThan(0);
	expectNoSecrets(result, SECRETS);
});

describe('a wrong API key', () => {
	test.each(ALL.filter((name) => !KEYLESS.includes(name)))('%s: aaio rejects the credentials', async (name) => {
		const result = await run(OPERATIONS[name], { credentials: { apiKey: WRONG_KEY } });

		expect(result.error.message).toBe(
			'aaio rejected the credentials (HTTP 401): Неверный ключ API. Check the Aaio API credential.',
		);
		expect(result.error.description).toContain('aaio.so/business/api/keys');
		expect(fake.api.requests).toHaveLength(1);
		expectNoSecrets(result, SECRETS);
	});

	test.each(KEYLESS)('%s does not depend on it', async (name) => {
		const result = await run(OPERATIONS[name], { credentials: { apiKey: WRONG_KEY } });

		expect(result.error).toBeUndefined();
	});
});

describe('a key without the permission', () => {
	test.each(Object.entries(PERMISSIONS))('%s needs «%s»', async (name, permission) => {
		const result = await run(OPERATIONS[name], { credentials: { apiKey: ACCOUNT.limitedApiKey } });

		expect(result.error.message).toBe(
			`aaio rejected the credentials (HTTP 401): У ключа API нет разрешения «${permission}». Check the Aaio API credential.`,
		);
		expect(result.error.description).toContain('give it the permissions the operation needs');
		expect(fake.api.requests).toHaveLength(1);
	});

	test.each(ALL.filter((name) => !PERMISSIONS[name]))('%s works with a key without permissions', async (name) => {
		const result = await run(OPERATIONS[name], { credentials: { apiKey: ACCOUNT.limitedApiKey } });

		expect(result.error).toBeUndefined();
	});
});

describe.each(ALL)('%s', (name) => {
	const answered = (spec) => fake.api.intercept(() => spec);
	const isCreate = name === PAYOUT_CREATE;
	/**
	 * Payout → Create settles a failure without a clear answer with one lookup, which fails the
	 * same way here: its error says the state is unknown and carries the create's error.
	 */
	const expectFailure = (result, message) => {
		if (isCreate) {
			expect(result.error.message).toContain('aaio payout "payout-9001": state unknown.');
			expect(result.error.description).toContain(`Create: ${message}`);
			expect(fake.api.requests.map((request) => request.path)).toEqual(['/api/create-payoff', '/api/info-payoff']);
		} else {
			expect(result.error.message).toContain(message);
			expect(fake.api.requests).toHaveLength(1);
		}
		expect(result.items).toEqual([]);
		expectNoSecrets(result, SECRETS);
	};

	test('429 is a rate limit with Retry-After and aaio’s message, sent once', async () => {
		answered({ status: 429, headers: { 'retry-after': '30' }, body: { type: 'error', code: 429, message: 'Слишком много запросов' } });
		const result = await run(OPERATIONS[name]);

		expect(result.error.message).toBe('aaio rate limit reached (HTTP 429): Слишком много запросов. Retry after 30 s.');
		expect(result.error.description).toContain('Retry On Fail');
		expect(fake.api.requests).toHaveLength(1);
	});

	test('HTTP 200 with "type": "error" is aaio’s message', async () => {
		answered({ status: 200, body: { type: 'error', code: 400, message: 'Некорректный запрос' } });
		const result = await run(OPERATIONS[name]);

		expect(result.error.message).toContain('aaio rejected the request (HTTP 200, error code 400): Некорректный запрос.');
		expect(fake.api.requests).toHaveLength(1);
	});

	test.each([500, 503])('HTTP %i is a server error with aaio’s message', async (status) => {
		answered({ status, body: { type: 'error', code: status, message: 'Технические работы' } });
		const result = await run(OPERATIONS[name]);

		expectFailure(result, `aaio server error (HTTP ${status}): Технические работы. Try again later.`);
	});

	test('an HTML page is an error naming aaio, with an excerpt', async () => {
		answered({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
		const result = await run(OPERATIONS[name]);

		expectFailure(result, 'aaio sent a response that is not JSON (text/html) with HTTP 502.');
	});

	test('a timeout names aaio and the time', async () => {
		answered({ hang: true });
		const result = await run({ ...OPERATIONS[name], requestOptions: { timeout: 300 } });

		expectFailure(result, 'aaio did not answer within 0.3 s.');
	});

	test('a dropped connection names aaio', async () => {
		answered({ destroy: true });
		const result = await run(OPERATIONS[name]);

		expectFailure(result, 'The connection to aaio was closed before it answered.');
	});

	test('an empty API key is refused before any request', async () => {
		const result = await run(OPERATIONS[name], { credentials: { apiKey: '' } });

		expect(result.error.message).toContain('The API key in the Aaio API credential is empty.');
		expect(fake.api.requests).toHaveLength(0);
	});
});
