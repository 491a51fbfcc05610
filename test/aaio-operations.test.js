'use strict';
// Every operation of the Aaio node, run by n8n's engine against the fake aaio API: the request
// as the fake received it, the output items with Simplify on and off, and the input checks
// that refuse a request before it is sent.
const { SANDBOX, useFakeApi, runAaio, expectNoSecrets } = require('./helpers/fixtures');
const { aaioOrderSignature } = require('../dist/nodes/shared/signatures');

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

const createPaymentUrl = (extra = {}) => ({
	resource: 'order',
	operation: 'createPaymentUrl',
	orderId: 'crm-2001',
	amount: '1500.50',
	currency: 'RUB',
	...extra,
});

describe('Order → Create Payment URL', () => {
	test('sends a signed form with the amount as the shortest text of its value and returns the URL', async () => {
		const result = await run(
			createPaymentUrl({
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
		expect(result.items).toEqual([
			{
				json: {
					orderId: 'crm-2001',
					amount: 1500.5,
					currency: 'RUB',
					url: expect.stringMatching(/^https:\/\/aaio\.so\/merchant\/pay\//),
				},
				pairedItem: { item: 0 },
			},
		]);
		// The fake accepted the signature and now knows the order.
		expect(fake.api.state.aaio.orders['crm-2001']).toMatchObject({ amount: 1500.5, status: 'in_process' });
		expectNoSecrets(result, SECRETS);
	});

	test('signs the reference test vector of api-reference.md §1.3 exactly', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', url: 'https://aaio.so/merchant/pay/x' } }));
		await run(createPaymentUrl({ orderId: 'my_id_123', amount: '100.18' }), {
			credentials: { secretKey1: 'secret1' },
		});

		expect(formOf(onlyRequest()).sign).toBe(
			'bf7ae2da7c265891b8c0e9d8f619420ed34683ab154f60ed8e82f3ed6d890b11',
		);
	});

	test.each([
		['100.5', '100.5'],
		['100.50', '100.5'],
		['100.00', '100'],
		[' 250 ', '250'],
		['0250.10', '250.1'],
		['={{ 1e2 }}', '100'],
		['={{ (1.005 * 1000).toFixed(2) }}', '1005'],
	])('the amount %j is sent and signed as %j', async (amount, sent) => {
		const result = await run(createPaymentUrl({ amount }));

		expect(result.error).toBeUndefined();
		const form = formOf(onlyRequest());
		expect(form.amount).toBe(sent);
		expect(form.sign).toBe(
			aaioOrderSignature({ merchantId: ACCOUNT.merchantId, amount: sent, currency: 'RUB', orderId: 'crm-2001' }, ACCOUNT.secretKey1),
		);
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await run(createPaymentUrl({ simplify: false }));

		expect(result.items).toEqual([
			{ json: { type: 'success', url: expect.stringContaining('https://aaio.so/') }, pairedItem: { item: 0 } },
		]);
	});

	test.each([
		['a comma decimal', { amount: '100,50' }, 'The amount "100,50" has a comma: write it with a point as the decimal separator'],
		['a zero amount', { amount: '0' }, 'The amount "0" must be more than 0.'],
		['a text amount', { amount: 'сто' }, 'The amount "сто" is not a number such as 100 or 100.50.'],
		['floating-point noise', { amount: '={{ 0.1 + 0.2 }}' }, 'The amount 0.30000000000000004 has 17 digits after the decimal point, and aaio takes at most 2'],
		['three decimals', { amount: '10.999' }, 'The amount "10.999" has 3 digits after the decimal point, and aaio takes at most 2: write the amount you mean, e.g. 11.00'],
		['400 digits', { amount: '9'.repeat(400) }, 'is too large: it has 400 digits before the decimal point, and aaio takes at most 12.'],
		['an order ID with spaces', { orderId: 'crm 2001' }, 'The order ID "crm 2001" is not valid'],
		['an order ID longer than 64', { orderId: 'x'.repeat(65) }, 'aaio accepts 1 to 64 Latin letters'],
		['an unknown currency', { currency: '={{ "KZT" }}' }, 'The currency "KZT" is not one aaio takes for orders'],
	])('%s is refused before any request', async (_, extra, message) => {
		const result = await run(createPaymentUrl(extra));

		expect(result.error.message).toContain(message);
		expect(result.error.description).toContain('Nothing was sent to aaio.');
		expect(fake.api.requests).toHaveLength(0);
	});

	test.each([
		['Secret Key 1', { secretKey1: '' }],
		['Merchant ID', { merchantId: '' }],
	])('without the %s in the credential it says which field, before any request', async (label, credentials) => {
		const result = await run(createPaymentUrl(), { credentials });

		expect(result.error.message).toContain(
			`This operation needs the ${label} in the Aaio API credential, and it is empty.`,
		);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('a wrong Secret Key 1 gives aaio’s own message', async () => {
		const result = await run(createPaymentUrl(), { credentials: { secretKey1: 'wrong-secret-key-1' } });

		expect(result.error.message).toBe(
			"aaio rejected the request (HTTP 400): Неверная подпись. Check the node's parameters and the Aaio API credential.",
		);
		expectNoSecrets(result, [...SECRETS, 'wrong-secret-key-1']);
	});

	test('the endpoint needs no API key; the node sends it anyway, to aaio only', async () => {
		await run(createPaymentUrl());

		// The credential's authentication adds the key to every aaio request (see the README).
		expect(onlyRequest().headers['x-api-key']).toBe(ACCOUNT.apiKey);
	});

	test('under Continue On Fail, a refused item is an error item paired to its input', async () => {
		const items = [{ json: { amount: '100' } }, { json: { amount: '100,5' } }, { json: { amount: '300' } }];
		const result = await run(
			createPaymentUrl({ orderId: '={{ "crm-" + $json.amount.replace(",", "") }}', amount: '={{ $json.amount }}' }),
			{ items, settings: { onError: 'continueRegularOutput' } },
		);

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[1].json.error).toContain('has a comma');
		expect(result.items[0].json.amount).toBe(100);
		expect(result.items[2].json.amount).toBe(300);
		expect(fake.api.requests).toHaveLength(2);
	});
});

describe('Order → Get', () => {
	test('sends the order ID and Merchant ID and returns the order with numbers as numbers', async () => {
		const result = await run({ resource: 'order', operation: 'get', orderId: 'crm-1001' });

		expect(result.error).toBeUndefined();
		const request = onlyRequest();
		expectFormPost(request, '/api/info-pay');
		expect(request.headers['x-api-key']).toBe(ACCOUNT.apiKey);
		expect(formOf(request)).toEqual({ merchant_id: ACCOUNT.merchantId, order_id: 'crm-1001' });
		expect(result.items).toEqual([
			{
				json: {
					id: '2a6ad5c4-9b1c-4e3e-8f53-0c1e1b7f2d11',
					orderId: 'crm-1001',
					status: 'success',
					amount: 1500,
					currency: 'RUB',
					method: 'cards_ru',
					description: 'Заказ #1001',
					email: 'buyer@example.com',
					profit: 1447.5,
					commission: 52.5,
					commissionClient: 0,
					commissionType: '100:0',
					merchantId: ACCOUNT.merchantId,
					merchantDomain: 'shop.example',
					createdAt: '2026-11-20 14:03:11',
					expiresAt: '2026-11-21 14:03:11',
					completedAt: '2026-11-20 14:05:42',
					userVariables: [],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('an order created by the node can be looked up, without fees until it is paid', async () => {
		await run(createPaymentUrl({ orderId: 'crm-3001', amount: '99.90', currency: 'USD' }));
		const [item] = (await run({ resource: 'order', operation: 'get', orderId: 'crm-3001' })).items;

		expect(item.json).toMatchObject({ orderId: 'crm-3001', status: 'in_process', amount: 99.9, currency: 'USD', profit: null, commission: null, completedAt: null });
	});

	test('numeric strings become numbers', async () => {
		const order = fake.api.state.aaio.orders['crm-1001'];
		fake.api.intercept(() => ({ body: { type: 'success', ...order, amount: '1500.00', profit: '1447.50' } }));
		const [item] = (await run({ resource: 'order', operation: 'get', orderId: 'crm-1001' })).items;

		expect(item.json).toMatchObject({ amount: 1500, profit: 1447.5 });
	});

	test('an unknown order is aaio’s message', async () => {
		const result = await run({ resource: 'order', operation: 'get', orderId: 'crm-404' });

		expect(result.error.message).toBe(
			"aaio rejected the request (HTTP 400): Заказ не найден. Check the node's parameters and the Aaio API credential.",
		);
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await run({ resource: 'order', operation: 'get', orderId: 'crm-1001', simplify: false });

		expect(result.items[0].json).toEqual({ type: 'success', ...fake.api.state.aaio.orders['crm-1001'] });
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
			code: 'sbp',
			name: 'СБП',
			min: { RUB: 10, UAH: 5, USD: 0.15, EUR: 0.15 },
			max: { RUB: 300000, UAH: 130000, USD: 3200, EUR: 3000 },
			commissionPercent: 2.5,
			commissionUserPercent: 1,
			commissionMerchantPercent: 1.5,
			commissionType: 0,
		});
	});

	test('limits sent as strings become numbers; missing commissions are null', async () => {
		fake.api.intercept(() => ({
			body: { type: 'success', list: { qiwi: { name: 'QIWI', min: { RUB: '10.00' }, max: { RUB: '15000' } } } },
		}));
		const [item] = (await run({ resource: 'paymentMethod', operation: 'getAll' })).items;

		expect(item.json).toEqual({
			code: 'qiwi',
			name: 'QIWI',
			min: { RUB: 10 },
			max: { RUB: 15000 },
			commissionPercent: null,
			commissionUserPercent: null,
			commissionMerchantPercent: null,
			commissionType: null,
		});
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
		expect(Object.keys(result.items[0].json.list)).toEqual(['cards_ru', 'sbp', 'tether_trc20']);
	});

	test('without the Merchant ID it says so before any request', async () => {
		const result = await run({ resource: 'paymentMethod', operation: 'getAll' }, { credentials: { merchantId: '' } });

		expect(result.error.message).toContain('This operation needs the Merchant ID in the Aaio API credential');
		expect(fake.api.requests).toHaveLength(0);
	});
});

describe('Payout → Get, Get Methods, Get Rates, Get SBP Banks', () => {
	test.each([
		['my_id', 'payout-0001'],
		['id', '48ebfc18-e6c7-11ed-a05b-0242ac120003'],
	])('Get by %s sends that field and returns the payout', async (findBy, payoutId) => {
		const result = await run({ resource: 'payout', operation: 'get', findBy, payoutId });

		const request = onlyRequest();
		expectFormPost(request, '/api/info-payoff');
		expect(formOf(request)).toEqual({ [findBy]: payoutId });
		expect(result.items).toEqual([
			{
				json: {
					id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
					myId: 'payout-0001',
					status: 'success',
					method: 'cards_ru',
					wallet: '2200700012345678',
					amount: 1000,
					amountDown: 1000,
					commission: 75,
					commissionType: 0,
					amountInCurrency: null,
					amountCurrency: null,
					amountRate: null,
					cancelMessage: null,
					createdAt: '2026-11-19 10:00:00',
					completedAt: '2026-11-19 10:02:31',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('Get Methods: one item per method, limits and commissions as numbers', async () => {
		const result = await run({ resource: 'payout', operation: 'getMethods' });

		expectFormPost(onlyRequest(), '/api/methods-payoff');
		expect(result.items.map((item) => item.json.code)).toEqual(['cards_ru', 'sbp', 'mobile_ru', 'tether_trc20']);
		expect(result.items[0].json).toEqual({
			code: 'cards_ru',
			name: 'Банковская карта РФ',
			min: 1000,
			max: 100000,
			commissionPercent: 2.5,
			commissionSum: 50,
		});
	});

	test('Get Rates: one item with every rate as a number', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', USD: '92.35', UAH: 2.21, USDT: 93.1, BTC: '8712000.50' } }));
		const result = await run({ resource: 'payout', operation: 'getRates' });

		expectFormPost(onlyRequest(), '/api/rates-payoff');
		expect(result.items).toEqual([
			{ json: { USD: 92.35, UAH: 2.21, USDT: 93.1, BTC: 8712000.5, checkedAt: expect.any(String) }, pairedItem: { item: 0 } },
		]);
	});

	test('Get Rates: a rate that is not a number is named', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', USD: 92.35, BTC: 'n/a' } }));
		const result = await run({ resource: 'payout', operation: 'getRates' });

		expect(result.error.message).toBe(
			'aaio sent an answer without a valid "BTC" field. Turn off Simplify to see the answer as it came.',
		);
	});

	test('Get SBP Banks: one item per bank, its bankId ready for Payout → Create', async () => {
		const result = await run({ resource: 'payout', operation: 'getSbpBanks' });

		expectFormPost(onlyRequest(), '/api/sbp-banks-payoff');
		expect(result.items.map((item) => item.json)).toEqual([
			{ bankId: '100000000111', name: 'Сбербанк', icon: 'https://aaio.so/assets/img/sbp/sberbank.png' },
			{ bankId: '100000000004', name: 'Т-Банк', icon: 'https://aaio.so/assets/img/sbp/tbank.png' },
			{ bankId: '100000000008', name: 'Альфа-Банк', icon: null },
		]);
	});

	test.each(['get', 'getMethods', 'getRates', 'getSbpBanks'])('%s with Simplify off returns the body as it came', async (operation) => {
		const result = await run({ resource: 'payout', operation, findBy: 'my_id', payoutId: 'payout-0001', simplify: false });

		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.type).toBe('success');
	});
});

describe('Notification IP → Get', () => {
	test('a GET without a body; one item per address', async () => {
		const result = await run({ resource: 'notificationIp', operation: 'get' });

		const request = onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/api/public/ips');
		expect(request.body).toBe('');
		expect(result.items).toEqual([
			{ json: { ip: '91.107.204.74' }, pairedItem: { item: 0 } },
			{ json: { ip: '91.107.204.75' }, pairedItem: { item: 0 } },
		]);
	});

	test('the answer with "type": "success" (as the SDKs expect it) works too', async () => {
		fake.api.intercept(() => ({ body: { type: 'success', list: ['91.107.204.74'] } }));
		const result = await run({ resource: 'notificationIp', operation: 'get' });

		expect(result.items.map((item) => item.json)).toEqual([{ ip: '91.107.204.74' }]);
	});

	test('an error answer is still an error', async () => {
		fake.api.intercept(() => ({ status: 200, body: { type: 'error', code: 400, message: 'Ошибка' } }));
		const result = await run({ resource: 'notificationIp', operation: 'get' });

		expect(result.error.message).toContain('aaio rejected the request (HTTP 200, error code 400): Ошибка.');
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await run({ resource: 'notificationIp', operation: 'get', simplify: false });

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
