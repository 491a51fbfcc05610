'use strict';
const { useFakeApi } = require('./helpers/fixtures');
const { ACCOUNT, runOperation, requestsTo, moruneError, expectNoMoruneSecrets } = require('./morune-fixtures');

const fake = useFakeApi();
const CREATE = '/payoff/create';
const INFO = '/payoff/info';
const SEEDED = '6b2d3c1e-7f00-4e4a-9d7b-2f5a1c9e8b10'; // payout-1000 in the sandbox, paid out

const create = (fields = {}) => ({
	resource: 'payout',
	operation: 'create',
	amount: 1000,
	service: 'card',
	wallet: '5536910012345678',
	orderId: 'payout-2001',
	...fields,
});
const get = (fields) => ({ resource: 'payout', operation: 'get', ...fields });
const createBody = () => JSON.parse(requestsTo(fake.api, CREATE)[0].body);

/** The payout request fails with `answer` before morune creates anything; the lookup gets `lookup` (default: the fake's). */
function failedWith(answer, lookup) {
	fake.api.intercept((request) => {
		if (request.path === CREATE) return answer;
		return request.path === INFO ? lookup : undefined;
	});
}

describe('Payout → Create', () => {
	test('posts JSON with the user ID from the credential and returns the payout', async () => {
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error).toBeUndefined();
		// The order ID is looked up first (not found), then the payout is created.
		expect(fake.api.requests.map((request) => request.path)).toEqual([INFO, CREATE]);
		const [request] = requestsTo(fake.api, CREATE);
		expect(request).toMatchObject({ method: 'POST', path: CREATE });
		expect(request.headers['content-type']).toContain('application/json');
		expect(createBody()).toEqual({
			user_id: ACCOUNT.userId,
			amount: 1000,
			service: 'card',
			wallet_to: '5536910012345678',
			order_id: 'payout-2001',
		});
		const payout = fake.api.state.morune.payouts.at(-1);
		expect(result.items).toEqual([
			{
				json: { payoff_id: payout.payoff_id, amount_withdraw_rub: 1000, balance: 13034.5, alreadyExisted: false, recoveredAfter: null },
				pairedItem: { item: 0 },
			},
		]);
		expectNoMoruneSecrets(result);
	});

	test('sends the additional fields; an SBP payout carries its bank in payoff_data', async () => {
		const result = await runOperation(fake.api, {
			parameters: create({
				service: 'sbp',
				wallet: '79001234567',
				additionalFields: {
					comment: 'Выплата партнёру',
					hookUrl: 'https://shop.example/payout-hook',
					sbpBankId: '100000000111',
					subtract: 1,
				},
			}),
		});

		expect(result.error).toBeUndefined();
		expect(createBody()).toEqual({
			user_id: ACCOUNT.userId,
			amount: 1000,
			service: 'sbp',
			wallet_to: '79001234567',
			order_id: 'payout-2001',
			comment: 'Выплата партнёру',
			hook_url: 'https://shop.example/payout-hook',
			payoff_data: { sbp_bank_type: '100000000111' },
			subtract: 1,
		});
		// Fee from the balance: 1.5 % of 1000 on top.
		expect(result.items[0].json).toMatchObject({ amount_withdraw_rub: 1015, balance: 13019.5 });
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await runOperation(fake.api, { parameters: create({ simplify: false }) });

		expect(result.items[0].json).toEqual({
			data: { payoff_id: expect.any(String), amount_withdraw_rub: 1000, balance: 13034.5 },
			status: 200,
			status_check: true,
		});
	});

	test('a created payout is reported even when its answer lacks fields', async () => {
		fake.api.intercept((request) => (request.path === CREATE ? { body: { data: null, status: 200, status_check: true } } : undefined));
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ data: null, status: 200, status_check: true, alreadyExisted: false, recoveredAfter: null });
	});

	test.each([
		['an amount of 0', { amount: 0 }, 'The Amount 0 must be more than 0.'],
		['an amount with a comma', { amount: '={{ "99,90" }}' }, 'The Amount "99,90" has a comma: write it with a point as the decimal separator and no thousands separator, as 99.90.'],
		['an amount with a thousands separator', { amount: '={{ "1 000" }}' }, 'The Amount "1 000" has spaces: write it without spaces or thousands separators, as 1000.'],
		['a blank service', { service: ' ' }, 'Enter the Service.'],
		['a service with a space', { service: 'card ru' }, 'The Service "card ru" contains spaces'],
		['a blank wallet', { wallet: '  ' }, 'Enter the Wallet.'],
		['a wallet with spaces', { wallet: '5536 9100 1234 5678' }, 'The Wallet "5536 9100 1234 5678" contains spaces: enter it without spaces or line breaks.'],
		['no order ID', { orderId: '={{ "" }}' }, 'Enter the Order ID.'],
		['an order ID of 256 characters', { orderId: 'p'.repeat(256) }, 'The Order ID is 256 characters long; morune accepts at most 255.'],
		['a hook URL that is not a URL', { additionalFields: { hookUrl: 'hook' } }, 'The Hook URL "hook" is not a valid http(s) address'],
		['an SBP payout without a bank', { service: 'sbp', wallet: '79001234567' }, 'An SBP payout needs the SBP Bank ID (Additional Fields).'],
	])('%s is refused before any request', async (_, fields, message) => {
		const result = await runOperation(fake.api, { parameters: create(fields) });

		expect(result.error.message).toContain(message);
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to morune.");
		expect(fake.api.requests).toHaveLength(0);
	});

	test('an order ID that a different payout has is refused before the create is sent', async () => {
		const result = await runOperation(fake.api, { parameters: create({ orderId: 'payout-1000' }) });

		expect(result.error.message).toMatch(/^morune already has a different payout with Order ID "payout-1000" \(.*\)\. Nothing was sent for this item/);
		expect(fake.api.requests.map((request) => request.path)).toEqual([INFO]);
	});

	describe('a clear refusal is an error, and nothing is looked up after it or sent again', () => {
		test.each([
			['an invalid wallet', { wallet: '1234' }, undefined, 'morune rejected the request (HTTP 422): Недействительный кошелёк.'],
			['an unknown service', { service: 'pigeon' }, undefined, 'morune rejected the request (HTTP 422): service: Выбранное значение для service некорректно.'],
			['too little money', { amount: 20000 }, undefined, 'morune rejected the request (HTTP 422): Недостаточно средств на балансе.'],
		])('%s', async (_, fields, credentials, message) => {
			const result = await runOperation(fake.api, { parameters: create(fields), credentials });

			expect(result.error.message).toContain(message);
			expect(fake.api.requests.map((request) => request.path)).toEqual([INFO, CREATE]);
		});

		test('a wrong secret: the lookup before the create is refused, so nothing is sent', async () => {
			const result = await runOperation(fake.api, { parameters: create(), credentials: { secretKey: 'wrong-secret-0123456789' } });

			expect(result.error.message).toMatch(/^Nothing was sent to morune: .* morune rejected the credentials \(HTTP 401\)/);
			expect(fake.api.requests.map((request) => request.path)).toEqual([INFO]);
		});

		test.each([
			['a rate limit', { ...moruneError(429, 'Too Many Attempts.'), headers: { 'retry-after': '60' } }, 'morune rate limit reached (HTTP 429)'],
			['a rate limit page that is not JSON', { status: 429, headers: { 'content-type': 'text/html' }, body: '<h1>429</h1>' }, 'morune rate limit reached (HTTP 429)'],
			['HTTP 200 with status_check false', { status: 200, body: { data: null, error: 'Выводы отключены', status: 403, status_check: false } }, 'morune refused access (HTTP 200, error code 403): Выводы отключены.'],
		])('%s', async (_, answer, message) => {
			failedWith(answer);
			const result = await runOperation(fake.api, { parameters: create() });

			expect(result.error.message).toContain(message);
			expect(fake.api.requests.map((request) => request.path)).toEqual([INFO, CREATE]);
		});
	});
});

describe('Payout → Get', () => {
	test('by payout ID: a GET with the user ID and ID in the query; amounts as numbers', async () => {
		const result = await runOperation(fake.api, { parameters: get({ payoutId: SEEDED }) });

		const [request] = fake.api.requests;
		expect(request).toMatchObject({ method: 'GET', path: INFO });
		expect(request.query).toEqual({ user_id: ACCOUNT.userId, id: SEEDED });
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({
					payoff_id: SEEDED,
					status: 'success',
					order_id: 'payout-1000',
					amount: 1000,
					amount_withdraw_rub: 1000,
					commission_rub: 75,
					amount_receive: 925,
					error_message: null,
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('by order ID, for a payout just created', async () => {
		await runOperation(fake.api, { parameters: create({ orderId: 'payout-3001', amount: 500 }) });
		const result = await runOperation(fake.api, { parameters: get({ searchBy: 'orderId', orderId: 'payout-3001' }) });

		expect(fake.api.requests.at(-1).query).toEqual({ user_id: ACCOUNT.userId, order_id: 'payout-3001' });
		expect(result.items[0].json).toMatchObject({ status: 'wait', amount: 500, commission_rub: 62.5, amount_receive: 437.5 });
	});

	test('an unknown payout: a 404 that says the payout was not found', async () => {
		const result = await runOperation(fake.api, { parameters: get({ payoutId: 'e1f0c2d3-0000-4000-8000-000000000000' }) });

		expect(result.error.message).toBe(
			'morune found no such payout (HTTP 404): Вывод не найден. Check the payout ID or order ID, and that the payout belongs to the account in the Morune API credential.',
		);
		expect(fake.api.requests).toHaveLength(1);
	});

	test('a blank payout ID is refused before any request', async () => {
		const result = await runOperation(fake.api, { parameters: get({ payoutId: ' ' }) });

		expect(result.error.message).toBe('Enter the Payout ID.');
		expect(fake.api.requests).toHaveLength(0);
	});
});
