'use strict';
// The two morune keys: each request carries only the header its endpoint needs, shop
// operations need the optional shop fields, and the credential keeps working as before.
const { testCredential, loadPackage } = require('../helpers/n8n-engine');
const { useFakeApi } = require('../helpers/fixtures');
const {
	MORUNE_ACCOUNT: ACCOUNT,
	OPERATIONS,
	KEYS,
	runOperation,
	moruneError,
	expectNoMoruneSecrets,
} = require('../helpers/fixtures');

const fake = useFakeApi();
const SHOP_OPERATIONS = OPERATIONS.filter((operation) => operation.key === 'shop');
const ACCOUNT_OPERATIONS = OPERATIONS.filter((operation) => operation.key === 'user');
const NO_SHOP = { shopId: '', shopSecretKey: '' };

/** Payout → Create looks its order ID up (GET /payoff/info, an account endpoint) before it sends the create. */
const requestsOf = (parameters) => (parameters.resource === 'payout' && parameters.operation === 'create' ? 2 : 1);

describe.each(OPERATIONS)('$name', ({ parameters, method, path, key }) => {
	const own = KEYS[key];
	const other = KEYS[key === 'shop' ? 'user' : 'shop'];

	test(`sends ${method} ${path} with only the ${own.header} header`, async () => {
		const result = await runOperation(fake.api, { parameters });

		expect(result.error).toBeUndefined();
		expect(fake.api.requests).toHaveLength(requestsOf(parameters));
		const request = fake.api.requests.at(-1);
		expect(request).toMatchObject({ method, path });
		for (const each of fake.api.requests) {
			expect(each.headers[own.header]).toBe(ACCOUNT[own.field]);
			expect(each.headers[other.header]).toBeUndefined();
			expect(each.headers.accept).toContain('application/json');
			// Neither the other secret nor the webhook keys go anywhere in the request.
			const sent = JSON.stringify(each);
			for (const secret of [ACCOUNT[other.field], ACCOUNT.shopWebhookSecret, ACCOUNT.userWebhookSecret]) {
				expect(sent).not.toContain(secret);
			}
		}
		expectNoMoruneSecrets(result);
	});

	test(`a wrong ${own.field} is refused by morune with its message`, async () => {
		const wrong = `wrong-${own.field}-0123456789abcdef`;
		const result = await runOperation(fake.api, { parameters, credentials: { [own.field]: wrong } });

		expect(result.error.message).toMatch(
			/(^|the lookup failed\. )morune rejected the credentials \(HTTP 401\): Ошибка авторизации: неверный (user_id|shop_id) или секретный ключ( кассы)?\. Check the Morune API credential\.( The lookup .*)?$/,
		);
		expect(fake.api.requests).toHaveLength(1);
		expect(JSON.stringify(result.error)).not.toContain(wrong);
	});
});

describe('shop operations need the shop fields', () => {
	test.each(SHOP_OPERATIONS)('$name without a shop ID is refused before any request', async ({ parameters }) => {
		const result = await runOperation(fake.api, { parameters, credentials: { shopId: '' } });

		expect(result.error.message).toBe(
			'This operation needs the Shop ID in the Morune API credential, and it is empty.',
		);
		expect(result.error.description).toBe('Fix the Morune API credential. Nothing was sent to morune.');
		expect(fake.api.requests).toHaveLength(0);
	});

	test.each(SHOP_OPERATIONS)('$name without a shop secret key is refused before any request', async ({ parameters }) => {
		const result = await runOperation(fake.api, { parameters, credentials: { shopSecretKey: '  ' } });

		expect(result.error.message).toBe(
			'This operation needs the Shop Secret Key in the Morune API credential, and it is empty.',
		);
		expect(fake.api.requests).toHaveLength(0);
	});

	test.each(ACCOUNT_OPERATIONS)('$name works without any shop field', async ({ parameters }) => {
		const result = await runOperation(fake.api, { parameters, credentials: NO_SHOP });

		expect(result.error).toBeUndefined();
		expect(fake.api.requests).toHaveLength(requestsOf(parameters));
	});

	test.each([
		['a shop ID that is not a UUID', { shopId: 'my-shop' }, 'The shop ID in the Morune API credential must be the shop UUID'],
		['a shop secret key with a line break', { shopSecretKey: `${ACCOUNT.shopSecretKey}\n` }, 'The shop secret key in the Morune API credential contains spaces or line breaks.'],
	])('%s is refused before any request, whatever the operation', async (_, credentials, message) => {
		for (const { parameters } of [SHOP_OPERATIONS[0], ACCOUNT_OPERATIONS[0]]) {
			const result = await runOperation(fake.api, { parameters, credentials });
			expect(result.error.message).toContain(message);
		}
		expect(fake.api.requests).toHaveLength(0);
	});
});

test('a secret that morune echoes in an error is redacted', async () => {
	fake.api.intercept(() => moruneError(422, `Ключ ${ACCOUNT.shopSecretKey} отключён`));
	const result = await runOperation(fake.api, { parameters: SHOP_OPERATIONS[0].parameters });

	expect(result.error.message).toContain('Ключ [redacted] отключён');
	expectNoMoruneSecrets(result);
});

describe('moruneApi credential', () => {
	test('keeps user ID and secret key required and adds optional shop fields and webhook keys', async () => {
		const { type } = (await loadPackage()).credentialTypes.moruneApi;
		const byName = Object.fromEntries(type.properties.map((property) => [property.name, property]));

		expect(byName.userId.required).toBe(true);
		expect(byName.secretKey).toMatchObject({ required: true, typeOptions: { password: true } });
		expect(byName.shopId.required).toBeUndefined();
		expect(byName.shopId.typeOptions?.password).toBeUndefined();
		for (const secret of ['shopSecretKey', 'shopWebhookSecret', 'userWebhookSecret']) {
			expect(byName[secret].required).toBeUndefined();
			expect(byName[secret].typeOptions).toEqual({ password: true });
		}
		expect(type.authenticate).toEqual(expect.any(Function));
	});

	test('its authenticate picks the header by endpoint', async () => {
		const { authenticate } = (await loadPackage()).credentialTypes.moruneApi.type;
		// As the package's transport sends them: marked as its own (the credential refuses others).
		const { OWN_REQUEST } = require('../../dist/nodes/shared/transport');
		const headersFor = async (url) =>
			(await authenticate(ACCOUNT, { url, headers: { Accept: 'application/json' }, [OWN_REQUEST]: true })).headers;

		expect(await headersFor('/invoice/create')).toEqual({ Accept: 'application/json', 'x-api-key': ACCOUNT.shopSecretKey });
		expect(await headersFor(`/shops/${ACCOUNT.shopId}/payment-tariffs`)).toEqual({ Accept: 'application/json', 'x-api-key': ACCOUNT.shopSecretKey });
		for (const url of [`/account/users/${ACCOUNT.userId}/balance`, '/payoff/create', '/payoff/info?order_id=x', '/payoff/get-sbp-bank-list']) {
			expect(await headersFor(url)).toEqual({ Accept: 'application/json', 'x-api-signature-sha256': ACCOUNT.secretKey });
		}
	});

	test('its test still reads the balance with the user secret only, even with shop fields set', async () => {
		expect(await testCredential('moruneApi', { ...ACCOUNT, baseUrl: fake.api.url })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const [request] = fake.api.requests;
		expect(request.path).toBe(`/account/users/${ACCOUNT.userId}/balance`);
		expect(request.headers['x-api-signature-sha256']).toBe(ACCOUNT.secretKey);
		expect(request.headers['x-api-key']).toBeUndefined();
	});
});
