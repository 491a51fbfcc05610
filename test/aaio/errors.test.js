'use strict';
// Every error case of Balance → Get, for every other operation of the Aaio node: a wrong key,
// a key without the permission, 429, 5xx, an answer that is not JSON, a timeout, a dropped
// connection. Each names aaio and passes aaio's own message; no secret leaks.
const { SANDBOX, useFakeApi, runAaio, expectNoSecrets, withoutProbes } = require('../helpers/fixtures');

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
	'Payment → Create': { resource: 'payment', operation: 'create', orderId: 'crm-9001', amount: '100' },
	'Payment → Get': { resource: 'payment', operation: 'get', orderId: 'crm-1001' },
	'Payment Method → Get Many': { resource: 'paymentMethod', operation: 'getAll' },
	// One lookup after an unclear failure (lookupWindow 0): payout-safety.test.js tries the window.
	'Payout → Create': { resource: 'payout', operation: 'create', orderId: 'payout-9001', method: 'cards_ru', amount: '1000', wallet: '2200700011112222', lookupWindow: 0 },
	'Payout → Get': { resource: 'payout', operation: 'get', findBy: 'orderId', orderId: 'payout-0001' },
	'Payout → Get Methods': { resource: 'payout', operation: 'getMethods' },
	'Payout → Get Rates': { resource: 'payout', operation: 'getRates' },
	'SBP Bank → Get Many': { resource: 'sbpBank', operation: 'getAll' },
	'Notification IP → Get Many': { resource: 'notificationIp', operation: 'getAll' },
};
const ALL = Object.keys(OPERATIONS);
/** What needs no API key (aaio's public IP list; payment URLs are signed instead). */
const KEYLESS = ['Payment → Create', 'Notification IP → Get Many'];
/** What needs a key permission ticked in the aaio cabinet. */
const PERMISSIONS = {
	'Payment → Get': 'Информация об созданном счете',
	// Its lookup of the order ID before the create comes first (the create needs «Вывод средств» too).
	'Payout → Create': 'Информация про вывод средств',
	'Payout → Get': 'Информация про вывод средств',
	'SBP Bank → Get Many': 'Вывод средств',
};
const PAYOUT_CREATE = 'Payout → Create';

test.each(ALL)('%s works against the sandbox (the base for the cases below)', async (name) => {
	const result = await run(OPERATIONS[name]);

	expect(result.error).toBeUndefined();
	expect(result.items.length).toBeGreaterThan(0);
	// Clean items of the shared schemas, each naming its provider first.
	for (const item of result.items) expect(Object.keys(item.json)[0]).toBe('provider');
	expect(result.items.map((item) => item.json.provider)).toEqual(result.items.map(() => 'aaio'));
	expectNoSecrets(result, SECRETS);
});

describe('a wrong API key', () => {
	test.each(ALL.filter((name) => !KEYLESS.includes(name)))('%s: aaio rejects the credentials', async (name) => {
		const result = await run(OPERATIONS[name], { credentials: { apiKey: WRONG_KEY } });

		// Payout → Create looks the order ID up first: that lookup is what aaio refuses, and nothing is sent.
		const refusal = 'aaio rejected the credentials (HTTP 401): Неверный ключ API. Check the Aaio API credential.';
		expect(result.error.message).toBe(
			name === PAYOUT_CREATE
				? `Nothing was sent to aaio: the node looks Order ID "payout-9001" up before it creates the payout, so that a retry or a re-run can never pay twice, and the lookup failed. ${refusal} The lookup needs the API key permission "Информация про вывод средств".`
				: refusal,
		);
		if (name !== PAYOUT_CREATE) expect(result.error.description).toContain('aaio.so/business/api/keys');
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

		expect(result.error.message).toContain(
			`aaio rejected the credentials (HTTP 401): У ключа API нет разрешения «${permission}». Check the Aaio API credential.`,
		);
		if (name !== PAYOUT_CREATE) expect(result.error.description).toContain('give it the permissions the operation needs');
		expect(fake.api.requests).toHaveLength(1);
	});

	test('Payout → Create with a key that may create payouts but not look them up: nothing is sent', async () => {
		fake.api.intercept((seen) =>
			seen.path === '/api/info-payoff'
				? { status: 401, body: { type: 'error', code: 401, message: 'У ключа API нет разрешения «Информация про вывод средств»' } }
				: undefined,
		);
		const result = await run(OPERATIONS[PAYOUT_CREATE]);

		expect(result.error.message).toMatch(/^Nothing was sent to aaio: .*The lookup needs the API key permission "Информация про вывод средств"\.$/);
		expect(fake.api.requests.map((request) => request.path)).toEqual(['/api/info-payoff']);
	});

	test.each(ALL.filter((name) => !PERMISSIONS[name]))('%s works with a key without permissions', async (name) => {
		const result = await run(OPERATIONS[name], { credentials: { apiKey: ACCOUNT.limitedApiKey } });

		expect(result.error).toBeUndefined();
	});
});

describe.each(ALL)('%s', (name) => {
	const isCreate = name === PAYOUT_CREATE;
	/** Requests for one clear answer: Payout → Create looks the order ID up before it sends the create. */
	const sent = isCreate ? 2 : 1;
	// Payout → Create: its lookup before the create gets the fake's answer (not found), the create `spec`.
	const answered = (spec) => fake.api.intercept((seen) => (!isCreate || seen.path === '/api/create-payoff' ? spec : undefined));
	/**
	 * Payout → Create settles a failure without a clear answer by looking the order ID up (once here,
	 * lookupWindow 0): its error says the state is unknown and what happened to the create.
	 */
	const expectFailure = (result, message) => {
		if (isCreate) {
			expect(result.error.message).toMatch(/^aaio payout "payout-9001": state unknown\. /);
			expect(result.error.message).toContain(message.replace(/ Try again later\.$/, ''));
			expect(withoutProbes(fake.api.requests).map((request) => request.path)).toEqual(['/api/info-payoff', '/api/create-payoff', '/api/info-payoff']);
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
		expect(withoutProbes(fake.api.requests)).toHaveLength(sent);
	});

	test('HTTP 200 with "type": "error" is aaio’s message', async () => {
		answered({ status: 200, body: { type: 'error', code: 400, message: 'Некорректный запрос' } });
		const result = await run(OPERATIONS[name]);

		expect(result.error.message).toContain('aaio rejected the request (HTTP 200, error code 400): Некорректный запрос.');
		expect(withoutProbes(fake.api.requests)).toHaveLength(sent);
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
