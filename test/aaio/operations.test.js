'use strict';
// Every operation of the Aaio node, run by n8n's engine against the fake aaio API: the request
// as the fake received it, the output items with Simplify on (the shared schemas of
// nodes/shared/schemas.ts) and off, and the input checks that refuse a request before it is sent.
const { SANDBOX, useFakeApi, runAaio, expectNoSecrets } = require('../helpers/fixtures');
const { aaioOrderSignature } = require('../../dist/nodes/shared/signatures');

const fake = useFakeApi();
const ACCOUNT = SANDBOX.aaio;
const SECRETS = [ACCOUNT.apiKey, ACCOUNT.secretKey1, ACCOUNT.secretKey2, ACCOUNT.payoutSecret];

/** Runs the Aaio node with a complete sandbox credential (override any field in `credentials`). */
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

const formOf = (request) => Object.fromEntries(new URLSearchParams(request.body));
const onlyRequest = () => {
	expect(fake.api.requests).toHaveLength(1);
	return fake.api.requests[0];
};

/** The request was a form POST, with the key (or without, for public endpoints), asking for JSON. */
function expectFormPost(request, path) {
	expect(request.method).toBe('POST');
	expect(request.path).toBe(path);
	expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
	expect(request.headers.accept).toContain('application/json');
	expect(request.body.trim().startsWith('{')).toBe(false);
}

/** The keys of each schema in their order, `provider` first (nodes/shared/schemas.ts). */
const PAYMENT_KEYS = ['provider', 'id', 'orderId', 'status', 'providerStatus', 'amount', 'currency', 'paymentUrl', 'method', 'createdAt', 'expiresAt', 'paidAt', 'commission', 'credited', 'aaio'];
const PAYOUT_KEYS = ['provider', 'id', 'orderId', 'status', 'providerStatus', 'amount', 'amountDebited', 'commission', 'method', 'wallet', 'currency', 'createdAt', 'completedAt', 'cancelReason', 'aaio'];
const METHOD_KEYS = ['provider', 'code', 'name', 'enabled', 'min', 'max', 'commissionPercent', 'commissionFixed'];

const createPayment = (extra = {}) => ({
	resource: 'payment',
	operation: 'create',
	orderId: 'crm-2001',
	amount: '1500.50',
	currency: 'RUB',
	...extra,
});
const getPayment = (extra = {}) => ({ resource: 'payment', operation: 'get', orderId: 'crm-1001', ...extra });

/** Payment → Create's item: what aaio answers is only the URL; the rest is what was sent. */
const createdPayment = (fields) => ({
	provider: 'aaio',
	id: null,
	orderId: 'crm-2001',
	status: 'pending',
	providerStatus: null,
	amount: 1500.5,
	currency: 'RUB',
	paymentUrl: expect.stringMatching(/^https:\/\/aaio\.so\/merchant\/pay\/[0-9a-f-]{36}$/),
	method: null,
	createdAt: null,
	expiresAt: null,
	paidAt: null,
	commission: null,
	credited: null,
	aaio: {},
	...fields,
});

describe('Payment → Create', () => {
	test('sends a signed form with the amount as the shortest text of its value and returns a payment with the URL', async () => {
		const result = await run(
			createPayment({
				additionalFields: {
					description: 'Заказ #2001',
					email: 'buyer@example.com',
					language: 'en',
					method: 'sbp',
					referral: 'partner-7',
					usKey: 'crm-row-42',
				},
			}),
		);

		expect(result.error).toBeUndefined();
		const request = onlyRequest();
		expectFormPost(request, '/merchant/get_pay_url');
		const form = formOf(request);
		expect(form).toEqual({
			merchant_id: ACCOUNT.merchantId,
			order_id: 'crm-2001',
			amount: '1500.5',
			currency: 'RUB',
			desc: 'Заказ #2001',
			email: 'buyer@example.com',
			lang: 'en',
			method: 'sbp',
			referral: 'partner-7',
			us_key: 'crm-row-42',
			sign: aaioOrderSignature(
				{ merchantId: ACCOUNT.merchantId, amount: '1500.5', currency: 'RUB', orderId: 'crm-2001' },
				ACCOUNT.secretKey1,
			),
		});
		expect(result.items).toEqual([{ json: createdPayment(), pairedItem: { item: 0 } }]);
		expect(Object.keys(result.items[0].json)).toEqual(PAYMENT_KEYS);
		// The URL is the one for the order aaio now knows.
		const order = fake.api.state.aaio.orders['crm-2001'];
		expect(order).toMatchObject({ amount: 1500.5, status: 'in_process' });
		expect(result.items[0].json.paymentUrl).toBe(`https://aaio.so/merchant/pay/${order.id}`);
		expectNoSecrets(result, SECRETS);
	});

	test('signs the reference test vector of api-reference.md §1.3 exactly', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', url: 'https://aaio.so/merchant/pay/x' } }));
		const result = await run(createPayment({ orderId: 'my_id_123', amount: '100.18' }), {
			credentials: { secretKey1: 'secret1' },
		});

		expect(formOf(onlyRequest()).sign).toBe(
			'bf7ae2da7c265891b8c0e9d8f619420ed34683ab154f60ed8e82f3ed6d890b11',
		);
		expect(result.items[0].json).toEqual(
			createdPayment({ orderId: 'my_id_123', amount: 100.18, paymentUrl: 'https://aaio.so/merchant/pay/x' }),
		);
	});

	test.each([
		['100.5', '100.5', 100.5],
		['100.50', '100.5', 100.5],
		['100.00', '100', 100],
		[' 250 ', '250', 250],
		['0250.10', '250.1', 250.1],
		['={{ 1e2 }}', '100', 100],
		['={{ (1.005 * 1000).toFixed(2) }}', '1005', 1005],
	])('the amount %j is sent and signed as %j, and is %j in the item', async (amount, sent, number) => {
		const result = await run(createPayment({ amount }));

		expect(result.error).toBeUndefined();
		const form = formOf(onlyRequest());
		expect(form.amount).toBe(sent);
		expect(form.sign).toBe(
			aaioOrderSignature({ merchantId: ACCOUNT.merchantId, amount: sent, currency: 'RUB', orderId: 'crm-2001' }, ACCOUNT.secretKey1),
		);
		expect(result.items[0].json.amount).toBe(number);
	});

	test('the currency and the order ID of the item are the ones sent', async () => {
		const result = await run(createPayment({ orderId: ' crm-2002 ', amount: '99.90', currency: '={{ " USD " }}' }));

		expect(formOf(onlyRequest())).toMatchObject({ order_id: 'crm-2002', amount: '99.9', currency: 'USD' });
		expect(result.items[0].json).toEqual(createdPayment({ orderId: 'crm-2002', amount: 99.9, currency: 'USD' }));
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await run(createPayment({ simplify: false }));

		expect(result.items).toEqual([
			{ json: { type: 'success', url: expect.stringContaining('https://aaio.so/') }, pairedItem: { item: 0 } },
		]);
	});

	test('an answer without the URL names the field', async () => {
		fake.api.intercept(() => ({ body: { type: 'success' } }));
		const result = await run(createPayment());

		expect(result.error.message).toBe(
			'aaio sent an answer without a valid "url" field. Turn off Simplify to see the answer as it came.',
		);
	});

	test.each([
		['a comma decimal', { amount: '100,50' }, 'The Amount "100,50" has a comma: write it with a point as the decimal separator and no thousands separator, as 100.50.'],
		['a zero amount', { amount: '0' }, 'The Amount "0" must be more than 0.'],
		['a text amount', { amount: 'сто' }, 'The Amount "сто" is not a number such as 100 or 100.50.'],
		['floating-point noise', { amount: '={{ 0.1 + 0.2 }}' }, 'The Amount 0.30000000000000004 has 17 digits after the decimal point, and aaio takes at most 2'],
		['three decimals', { amount: '10.999' }, 'The Amount "10.999" has 3 digits after the decimal point, and aaio takes at most 2: write the amount you mean, e.g. 11.00'],
		['400 digits', { amount: '9'.repeat(400) }, 'is too large: it has 400 digits before the decimal point, and aaio takes at most 12.'],
		['an order ID with spaces', { orderId: 'crm 2001' }, 'The Order ID "crm 2001" is not valid: aaio accepts 1 to 64 Latin letters, digits and the characters : - _ [ ] |.'],
		['an order ID longer than 64', { orderId: 'x'.repeat(65) }, `The Order ID "${'x'.repeat(65)}" is not valid: aaio accepts 1 to 64 Latin letters`],
		['an empty order ID', { orderId: '={{ "" }}' }, 'The Order ID "" is not valid'],
		['an unknown currency', { currency: '={{ "KZT" }}' }, 'The Currency "KZT" is not one of RUB, UAH, EUR, USD.'],
		['a description longer than 255', { additionalFields: { description: 'x'.repeat(256) } }, 'The Description is 256 characters long; at most 255 are accepted.'],
	])('%s is refused before any request', async (_, extra, message) => {
		const result = await run(createPayment(extra));

		expect(result.error.message).toContain(message);
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to aaio.");
		expect(fake.api.requests).toHaveLength(0);
	});

	test.each([
		['Secret Key 1', { secretKey1: '' }],
		['Merchant ID', { merchantId: '' }],
	])('without the %s in the credential it says which field, before any request', async (label, credentials) => {
		const result = await run(createPayment(), { credentials });

		expect(result.error.message).toContain(
			`This operation needs the ${label} in the Aaio API credential, and it is empty.`,
		);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('a wrong Secret Key 1 gives aaio’s own message', async () => {
		const result = await run(createPayment(), { credentials: { secretKey1: 'wrong-secret-key-1' } });

		expect(result.error.message).toBe(
			"aaio rejected the request (HTTP 400): Неверная подпись. Check the node's parameters and the Aaio API credential.",
		);
		expectNoSecrets(result, [...SECRETS, 'wrong-secret-key-1']);
	});

	test('the endpoint needs no API key; the node sends it anyway, to aaio only', async () => {
		await run(createPayment());

		// The credential's authentication adds the key to every aaio request (docs/operations.md, Credentials).
		expect(onlyRequest().headers['x-api-key']).toBe(ACCOUNT.apiKey);
	});

	test('under Continue On Fail, a refused item is an error item paired to its input', async () => {
		const items = [{ json: { amount: '100' } }, { json: { amount: '100,5' } }, { json: { amount: '300' } }];
		const result = await run(
			createPayment({ orderId: '={{ "crm-" + $json.amount.replace(",", "") }}', amount: '={{ $json.amount }}' }),
			{ items, settings: { onError: 'continueRegularOutput' } },
		);

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[1].json.error).toContain('The Amount "100,5" has a comma');
		expect(result.items[0].json).toEqual(createdPayment({ orderId: 'crm-100', amount: 100 }));
		expect(result.items[2].json).toEqual(createdPayment({ orderId: 'crm-300', amount: 300 }));
		expect(fake.api.requests).toHaveLength(2);
	});
});

describe('Payment → Get', () => {
	test('sends the order ID and Merchant ID and returns a payment of the schema', async () => {
		const result = await run(getPayment());

		expect(result.error).toBeUndefined();
		const request = onlyRequest();
		expectFormPost(request, '/api/info-pay');
		expect(request.headers['x-api-key']).toBe(ACCOUNT.apiKey);
		expect(formOf(request)).toEqual({ merchant_id: ACCOUNT.merchantId, order_id: 'crm-1001' });
		expect(result.items).toEqual([
			{
				json: {
					provider: 'aaio',
					id: '2a6ad5c4-9b1c-4e3e-8f53-0c1e1b7f2d11',
					orderId: 'crm-1001',
					status: 'paid',
					providerStatus: 'success',
					amount: 1500,
					currency: 'RUB',
					paymentUrl: null,
					method: 'cards_ru',
					// aaio's "2026-11-20 14:03:11" is Moscow time (UTC+3).
					createdAt: '2026-11-20T11:03:11.000Z',
					expiresAt: '2026-11-21T11:03:11.000Z',
					paidAt: '2026-11-20T11:05:42.000Z',
					commission: 52.5,
					credited: 1447.5,
					aaio: {
						description: 'Заказ #1001',
						email: 'buyer@example.com',
						commissionClient: 0,
						commissionType: '100:0',
						merchantId: ACCOUNT.merchantId,
						merchantDomain: 'shop.example',
						userVariables: [],
					},
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(Object.keys(result.items[0].json)).toEqual(PAYMENT_KEYS);
	});

	test('a payment created by the node can be looked up: pending, without fees until it is paid', async () => {
		await run(createPayment({ orderId: 'crm-3001', amount: '99.90', currency: 'USD' }));
		const [item] = (await run(getPayment({ orderId: 'crm-3001' }))).items;

		const order = fake.api.state.aaio.orders['crm-3001'];
		expect(item.json).toEqual({
			provider: 'aaio',
			id: order.id,
			orderId: 'crm-3001',
			status: 'pending',
			providerStatus: 'in_process',
			amount: 99.9,
			currency: 'USD',
			paymentUrl: null,
			method: null,
			createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
			expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
			paidAt: null,
			commission: null,
			credited: null,
			aaio: {
				description: null,
				email: null,
				commissionClient: null,
				commissionType: '100:0',
				merchantId: ACCOUNT.merchantId,
				merchantDomain: 'shop.example',
				userVariables: [],
			},
		});
		// The fake writes the time now in Moscow time; the item has it in UTC again.
		expect(Math.abs(Date.parse(item.json.createdAt) - Date.now())).toBeLessThan(60_000);
		expect(Date.parse(item.json.expiresAt) - Date.parse(item.json.createdAt)).toBe(24 * 3600_000);
	});

	test.each([
		['in_process', 'pending'],
		['success', 'paid'],
		['hold', 'paid'],
		['expired', 'expired'],
		['SUCCESS', 'paid'],
		['refund_pending', 'unknown'],
	])('aaio’s status %j is %j, with aaio’s word beside it', async (providerStatus, status) => {
		const order = fake.api.state.aaio.orders['crm-1001'];
		fake.api.intercept(() => ({ body: { type: 'success', ...order, status: providerStatus } }));
		const [item] = (await run(getPayment())).items;

		expect(item.json).toMatchObject({ status, providerStatus });
	});

	test('numeric strings become numbers; dates are read in Moscow time', async () => {
		const order = fake.api.state.aaio.orders['crm-1001'];
		fake.api.intercept(() => ({
			body: {
				type: 'success',
				...order,
				amount: '1500.00',
				profit: '1447.50',
				commission: '52.50',
				date: '2026-11-20 10:15:02',
				expired_date: '2026-11-21 02:00:00',
				complete_date: '2026-11-20 01:30:00',
			},
		}));
		const [item] = (await run(getPayment())).items;

		expect(item.json).toMatchObject({
			amount: 1500,
			credited: 1447.5,
			commission: 52.5,
			createdAt: '2026-11-20T07:15:02.000Z',
			expiresAt: '2026-11-20T23:00:00.000Z',
			// Past midnight in Moscow is the day before in UTC.
			paidAt: '2026-11-19T22:30:00.000Z',
		});
	});

	test.each([
		['a date that is not a date', { date: 'yesterday' }, 'date'],
		['an amount that is not a number', { amount: 'n/a' }, 'amount'],
		['no order ID', { order_id: undefined }, 'order_id'],
		['no status', { status: '' }, 'status'],
	])('%s is named', async (_, change, field) => {
		const order = fake.api.state.aaio.orders['crm-1001'];
		fake.api.intercept(() => ({ body: { type: 'success', ...order, ...change } }));
		const result = await run(getPayment());

		expect(result.error.message).toBe(
			`aaio sent an answer without a valid "${field}" field. Turn off Simplify to see the answer as it came.`,
		);
	});

	test('an unknown order is aaio’s message', async () => {
		const result = await run(getPayment({ orderId: 'crm-404' }));

		expect(result.error.message).toBe(
			"aaio rejected the request (HTTP 400): Заказ не найден. Check the node's parameters and the Aaio API credential.",
		);
	});

	test('an empty order ID is refused before any request', async () => {
		const result = await run(getPayment({ orderId: '={{ " " }}' }));

		expect(result.error.message).toBe('Enter the Order ID.');
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to aaio.");
		expect(fake.api.requests).toHaveLength(0);
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await run(getPayment({ simplify: false }));

		expect(result.items).toEqual([
			{ json: { type: 'success', ...fake.api.state.aaio.orders['crm-1001'] }, pairedItem: { item: 0 } },
		]);
	});
});

describe('Payment Method → Get Many', () => {
	test('one item per method, with its code, limits per currency and commissions as numbers', async () => {
		const result = await run({ resource: 'paymentMethod', operation: 'getAll' });

		const request = onlyRequest();
		expectFormPost(request, '/api/methods-pay');
		expect(formOf(request)).toEqual({ merchant_id: ACCOUNT.merchantId });
		expect(result.items.map((item) => item.json.code)).toEqual(['cards_ru', 'sbp', 'tether_trc20']);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		expect(result.items[1].json).toEqual({
			provider: 'aaio',
			code: 'sbp',
			name: 'СБП',
			enabled: true,
			min: { RUB: 10, UAH: 5, USD: 0.15, EUR: 0.15 },
			max: { RUB: 300000, UAH: 130000, USD: 3200, EUR: 3000 },
			commissionPercent: 2.5,
			commissionFixed: null,
			aaio: { commissionUserPercent: 1, commissionMerchantPercent: 1.5, commissionType: 0 },
		});
		expect(Object.keys(result.items[1].json)).toEqual([...METHOD_KEYS, 'aaio']);
	});

	test('limits sent as strings become numbers; missing commissions are null', async () => {
		fake.api.intercept(() => ({
			body: { type: 'success', list: { qiwi: { name: 'QIWI', min: { RUB: '10.00' }, max: { RUB: '15000' } } } },
		}));
		const [item] = (await run({ resource: 'paymentMethod', operation: 'getAll' })).items;

		expect(item.json).toEqual({
			provider: 'aaio',
			code: 'qiwi',
			name: 'QIWI',
			enabled: true,
			min: { RUB: 10 },
			max: { RUB: 15000 },
			commissionPercent: null,
			commissionFixed: null,
			aaio: { commissionUserPercent: null, commissionMerchantPercent: null, commissionType: null },
		});
	});

	test('limits of numbers and numeric strings side by side all become numbers; a "__proto__" currency is dropped', async () => {
		// Sent as text: an own "__proto__" member, as JSON.parse makes it.
		const text =
			'{"type":"success","list":{"a":{"name":"A","min":{"RUB":10,"UAH":"5.50"},"max":{"RUB":100,"UAH":50}},' +
			'"b":{"name":"B","min":{"__proto__":1,"RUB":10},"max":{"RUB":20,"__proto__":2}}}}';
		fake.api.intercept(() => ({ body: text, headers: { 'content-type': 'application/json' } }));
		const result = await run({ resource: 'paymentMethod', operation: 'getAll' });

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.code, item.json.min, item.json.max])).toEqual([
			['a', { RUB: 10, UAH: 5.5 }, { RUB: 100, UAH: 50 }],
			['b', { RUB: 10 }, { RUB: 20 }],
		]);
		for (const { json } of result.items) {
			expect(Object.keys(json.min)).not.toContain('__proto__');
			expect(Object.keys(json.max)).not.toContain('__proto__');
			expect(Object.getPrototypeOf(json.max)).toBe(Object.prototype);
		}
		expect({}.polluted).toBeUndefined();
	});

	test('a method keyed by its code keeps that code, even when the entry names another one', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', list: { sbp: { code: 'cards_ru', name: 'СБП' }, qiwi: 'not an object' } } }));
		const result = await run({ resource: 'paymentMethod', operation: 'getAll' });

		expect(result.items.map((item) => [item.json.code, item.json.name])).toEqual([
			['sbp', 'СБП'],
			['qiwi', null],
		]);
	});

	test('a limit that is not a number is named', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', list: { qiwi: { name: 'QIWI', min: { RUB: 'ten' } } } } }));
		const result = await run({ resource: 'paymentMethod', operation: 'getAll' });

		expect(result.error.message).toBe(
			'aaio sent an answer without a valid "list[].min" field. Turn off Simplify to see the answer as it came.',
		);
	});

	test('no method open (PHP’s empty list []) is no item', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', list: [] } }));
		const result = await run({ resource: 'paymentMethod', operation: 'getAll' });

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
	});

	test('with Simplify off, one item with the body as it came', async () => {
		const result = await run({ resource: 'paymentMethod', operation: 'getAll', simplify: false });

		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.type).toBe('success');
		expect(Object.keys(result.items[0].json.list)).toEqual(['cards_ru', 'sbp', 'tether_trc20']);
	});

	test('without the Merchant ID it says so before any request', async () => {
		const result = await run({ resource: 'paymentMethod', operation: 'getAll' }, { credentials: { merchantId: '' } });

		expect(result.error.message).toContain('This operation needs the Merchant ID in the Aaio API credential');
		expect(fake.api.requests).toHaveLength(0);
	});
});

describe('Payout → Get, Get Methods, Get Rates', () => {
	/** payout-0001 of the sandbox, as a payout of the schema. */
	const PAYOUT_0001 = {
		provider: 'aaio',
		id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
		orderId: 'payout-0001',
		status: 'paid',
		providerStatus: 'success',
		amount: 1000,
		amountDebited: 1000,
		commission: 75,
		method: 'cards_ru',
		wallet: '2200700012345678',
		currency: 'RUB',
		// aaio's "2026-11-19 10:00:00", Moscow time.
		createdAt: '2026-11-19T07:00:00.000Z',
		completedAt: '2026-11-19T07:02:31.000Z',
		cancelReason: null,
		aaio: { commissionType: 0, amountInCurrency: null, amountCurrency: null, amountRate: null },
	};

	test.each([
		['orderId', { orderId: 'payout-0001' }, { my_id: 'payout-0001' }],
		['id', { payoutId: '48ebfc18-e6c7-11ed-a05b-0242ac120003' }, { id: '48ebfc18-e6c7-11ed-a05b-0242ac120003' }],
	])('Get by %s sends that field only and returns a payout of the schema', async (findBy, ids, form) => {
		// The other ID is filled in too, and hidden: it is not sent.
		const result = await run({ resource: 'payout', operation: 'get', findBy, orderId: 'payout-0001', payoutId: '48ebfc18-e6c7-11ed-a05b-0242ac120003', ...ids });

		const request = onlyRequest();
		expectFormPost(request, '/api/info-payoff');
		expect(formOf(request)).toEqual(form);
		expect(result.items).toEqual([{ json: PAYOUT_0001, pairedItem: { item: 0 } }]);
		expect(Object.keys(result.items[0].json)).toEqual(PAYOUT_KEYS);
	});

	test('Find By is Order ID unless set', async () => {
		const result = await run({ resource: 'payout', operation: 'get', orderId: 'payout-0001' });

		expect(formOf(onlyRequest())).toEqual({ my_id: 'payout-0001' });
		expect(result.items[0].json).toEqual(PAYOUT_0001);
	});

	test.each([
		['in_process', 'pending'],
		['success', 'paid'],
		['cancel', 'cancelled'],
		['paused', 'unknown'],
	])('aaio’s payout status %j is %j, with aaio’s word beside it', async (providerStatus, status) => {
		const [payoff] = fake.api.state.aaio.payoffs;
		fake.api.intercept(() => ({
			body: { type: 'success', ...payoff, status: providerStatus, cancel_message: providerStatus === 'cancel' ? 'Неверный номер карты' : null },
		}));
		const [item] = (await run({ resource: 'payout', operation: 'get', orderId: 'payout-0001' })).items;

		expect(item.json).toEqual({
			...PAYOUT_0001,
			status,
			providerStatus,
			cancelReason: providerStatus === 'cancel' ? 'Неверный номер карты' : null,
		});
	});

	test('a payout in another currency keeps aaio’s conversion under aaio', async () => {
		const [payoff] = fake.api.state.aaio.payoffs;
		fake.api.intercept(() => ({
			body: { type: 'success', ...payoff, method: 'tether_trc20', amount_in_currency: '9.17', amount_currency: 'USDT', amount_rate: '93.10' },
		}));
		const [item] = (await run({ resource: 'payout', operation: 'get', orderId: 'payout-0001' })).items;

		expect(item.json).toEqual({
			...PAYOUT_0001,
			method: 'tether_trc20',
			aaio: { commissionType: 0, amountInCurrency: 9.17, amountCurrency: 'USDT', amountRate: 93.1 },
		});
	});

	test.each([
		['orderId', { orderId: '={{ "" }}' }, 'Enter the Order ID.'],
		['id', { payoutId: '={{ " " }}' }, 'Enter the Payout ID.'],
	])('Get by %s with an empty ID is refused before any request', async (findBy, ids, message) => {
		const result = await run({ resource: 'payout', operation: 'get', findBy, ...ids });

		expect(result.error.message).toBe(message);
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to aaio.");
		expect(fake.api.requests).toHaveLength(0);
	});

	test('Get of an unknown payout is aaio’s message', async () => {
		const result = await run({ resource: 'payout', operation: 'get', orderId: 'payout-404' });

		expect(result.error.message).toBe(
			"aaio rejected the request (HTTP 400): Заявка на вывод не найдена. Check the node's parameters and the Aaio API credential.",
		);
	});

	test('Get Methods: one item per method, limits in RUB and commissions as numbers', async () => {
		const result = await run({ resource: 'payout', operation: 'getMethods' });

		expectFormPost(onlyRequest(), '/api/methods-payoff');
		expect(result.items.map((item) => item.json.code)).toEqual(['cards_ru', 'sbp', 'mobile_ru', 'tether_trc20']);
		expect(result.items[0].json).toEqual({
			provider: 'aaio',
			code: 'cards_ru',
			name: 'Банковская карта РФ',
			enabled: true,
			min: { RUB: 1000 },
			max: { RUB: 100000 },
			commissionPercent: 2.5,
			commissionFixed: 50,
		});
		expect(Object.keys(result.items[0].json)).toEqual(METHOD_KEYS);
		expect(result.items[3].json).toMatchObject({ code: 'tether_trc20', min: { RUB: 1500 }, max: { RUB: 500000 }, commissionFixed: 150 });
	});

	test('Get Methods: limits sent as strings become numbers; missing ones are null', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', list: { qiwi: { name: 'QIWI', min: '100.00', commission_percent: '2' } } } }));
		const result = await run({ resource: 'payout', operation: 'getMethods' });

		expect(result.items.map((item) => item.json)).toEqual([
			{ provider: 'aaio', code: 'qiwi', name: 'QIWI', enabled: true, min: { RUB: 100 }, max: null, commissionPercent: 2, commissionFixed: null },
		]);
	});

	test('Get Rates: one item with every rate as a number, in RUB', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', USD: '92.35', UAH: 2.21, USDT: 93.1, BTC: '8712000.50' } }));
		const before = Date.now();
		const result = await run({ resource: 'payout', operation: 'getRates' });

		expectFormPost(onlyRequest(), '/api/rates-payoff');
		expect(result.items).toEqual([
			{
				json: {
					provider: 'aaio',
					currency: 'RUB',
					rates: { USD: 92.35, UAH: 2.21, USDT: 93.1, BTC: 8712000.5 },
					checkedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(Object.keys(result.items[0].json)).toEqual(['provider', 'currency', 'rates', 'checkedAt']);
		expect(Date.parse(result.items[0].json.checkedAt)).toBeGreaterThanOrEqual(before - 1000);
	});

	test('Get Rates: a rate that is not a number is named', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', USD: 92.35, BTC: 'n/a' } }));
		const result = await run({ resource: 'payout', operation: 'getRates' });

		expect(result.error.message).toBe(
			'aaio sent an answer without a valid "BTC" field. Turn off Simplify to see the answer as it came.',
		);
	});

	test.each([
		['get', { orderId: 'payout-0001' }],
		['getMethods', {}],
		['getRates', {}],
	])('%s with Simplify off returns the body as it came', async (operation, extra) => {
		const result = await run({ resource: 'payout', operation, simplify: false, ...extra });

		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.type).toBe('success');
		expect(result.items[0].json.provider).toBeUndefined();
	});
});

describe('SBP Bank → Get Many', () => {
	test('one item per bank, its id ready for Payout → Create’s SBP Bank ID', async () => {
		const result = await run({ resource: 'sbpBank', operation: 'getAll' });

		expectFormPost(onlyRequest(), '/api/sbp-banks-payoff');
		expect(result.items).toEqual(
			[
				{ provider: 'aaio', id: '100000000111', name: 'Сбербанк', icon: 'https://aaio.so/assets/img/sbp/sberbank.png' },
				{ provider: 'aaio', id: '100000000004', name: 'Т-Банк', icon: 'https://aaio.so/assets/img/sbp/tbank.png' },
				{ provider: 'aaio', id: '100000000008', name: 'Альфа-Банк', icon: null },
			].map((json) => ({ json, pairedItem: { item: 0 } })),
		);
		expect(Object.keys(result.items[0].json)).toEqual(['provider', 'id', 'name', 'icon']);
	});

	test('a bank without a name is named', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', list: [{ bankId: '100000000111' }] } }));
		const result = await run({ resource: 'sbpBank', operation: 'getAll' });

		expect(result.error.message).toBe(
			'aaio sent an answer without a valid "list[].bankName" field. Turn off Simplify to see the answer as it came.',
		);
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await run({ resource: 'sbpBank', operation: 'getAll', simplify: false });

		expect(result.items).toEqual([
			{
				json: {
					type: 'success',
					list: [
						{ bankId: '100000000111', bankName: 'Сбербанк', bankIcon: 'https://aaio.so/assets/img/sbp/sberbank.png' },
						{ bankId: '100000000004', bankName: 'Т-Банк', bankIcon: 'https://aaio.so/assets/img/sbp/tbank.png' },
						{ bankId: '100000000008', bankName: 'Альфа-Банк' },
					],
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('Notification IP → Get Many', () => {
	test('a GET without a body; one item per address', async () => {
		const result = await run({ resource: 'notificationIp', operation: 'getAll' });

		const request = onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/api/public/ips');
		expect(request.body).toBe('');
		expect(result.items).toEqual([
			{ json: { provider: 'aaio', ip: '91.107.204.74' }, pairedItem: { item: 0 } },
			{ json: { provider: 'aaio', ip: '91.107.204.75' }, pairedItem: { item: 0 } },
		]);
	});

	test('the answer with "type": "success" (as the SDKs expect it) works too', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', list: ['91.107.204.74'] } }));
		const result = await run({ resource: 'notificationIp', operation: 'getAll' });

		expect(result.items.map((item) => item.json)).toEqual([{ provider: 'aaio', ip: '91.107.204.74' }]);
	});

	test('an error answer is still an error', async () => {
		fake.api.intercept(() => ({ status: 200, body: { type: 'error', code: 400, message: 'Ошибка' } }));
		const result = await run({ resource: 'notificationIp', operation: 'getAll' });

		expect(result.error.message).toContain('aaio rejected the request (HTTP 200, error code 400): Ошибка.');
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await run({ resource: 'notificationIp', operation: 'getAll', simplify: false });

		expect(result.items).toEqual([{ json: { list: ['91.107.204.74', '91.107.204.75'] }, pairedItem: { item: 0 } }]);
	});
});

describe('Balance → Get keeps working with the new credential fields', () => {
	test('a stray space in an optional field it does not use does not block it', async () => {
		const result = await run({ resource: 'balance', operation: 'get' }, { credentials: { secretKey2: 'has space ' } });

		expect(result.error).toBeUndefined();
		expect(result.items[0].json.available).toBe(1592.03);
	});
});
