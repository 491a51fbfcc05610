'use strict';
// Payout → Create and Payout → Get, as items of the shared payout schema. The cases where the
// answer to a create is lost are in payout-safety.test.js.
const moruneApi = require('../../sandbox/morune');
const { useFakeApi } = require('../helpers/fixtures');
const { MORUNE_ACCOUNT: ACCOUNT, runOperation, requestsTo, moruneError, expectNoMoruneSecrets } = require('../helpers/fixtures');

const fake = useFakeApi();
const CREATE = '/payoff/create';
const INFO = '/payoff/info';
const SEEDED = '6b2d3c1e-7f00-4e4a-9d7b-2f5a1c9e8b10'; // payout-1000 in the sandbox, paid out
const ok = (data) => ({ body: { data, status: 200, status_check: true } });
/** morune's "Y-m-d H:i:s" is Moscow time (UTC+3): the ISO-8601 UTC instant it names. */
const moscow = (text) => new Date(`${text.replace(' ', 'T')}+03:00`).toISOString();

const create = (fields = {}) => ({
	resource: 'payout',
	operation: 'create',
	amount: '1000',
	method: 'card',
	wallet: '5536910012345678',
	orderId: 'payout-2001',
	...fields,
});
const get = (fields) => ({ resource: 'payout', operation: 'get', ...fields });
const createBody = () => JSON.parse(requestsTo(fake.api, CREATE)[0].body);
const paths = () => fake.api.requests.map((request) => request.path);

/** The payout request fails with `answer` before morune creates anything; the lookup gets `lookup` (default: the fake's). */
function failedWith(answer, lookup) {
	fake.api.intercept((request) => {
		if (request.path === CREATE) return answer;
		return request.path === INFO ? lookup : undefined;
	});
}

/** The clean item of a payout created by the node: what morune answers, and what was sent. */
const createdItem = (fields) => ({
	provider: 'morune',
	id: fake.api.state.morune.payouts.at(-1).payoff_id,
	orderId: 'payout-2001',
	status: 'pending',
	providerStatus: null,
	amount: 1000,
	amountDebited: 1000,
	commission: null,
	method: 'card',
	wallet: '5536910012345678',
	currency: 'RUB',
	createdAt: null,
	completedAt: null,
	cancelReason: null,
	// What the request says where morune's answer is silent; the rest only a lookup gives.
	morune: { type: 'api', feeFrom: 'amount', receiveCurrency: null, amountReceived: null, comment: null, balanceAfter: 13034.5 },
	alreadyExisted: false,
	recoveredAfter: null,
	...fields,
});

/** The clean item of a payout as morune's record (`/payoff/info`) holds it. */
const recordItem = (record, fields) => ({
	provider: 'morune',
	id: record.payoff_id,
	orderId: record.order_id,
	status: { wait: 'pending', success: 'paid', fail: 'cancelled' }[record.status],
	providerStatus: record.status,
	amount: Number(record.amount),
	amountDebited: Number(record.amount_withdraw_rub),
	commission: Number(record.commission_rub),
	method: record.service,
	wallet: record.wallet,
	currency: 'RUB',
	createdAt: moscow(record.created_at),
	completedAt: record.paid_at === null ? null : moscow(record.paid_at),
	cancelReason: record.error_message,
	morune: {
		type: record.type,
		feeFrom: record.subtract,
		receiveCurrency: record.receive_currency,
		amountReceived: Number(record.amount_receive),
		comment: record.comment,
		balanceAfter: null,
	},
	...fields,
});

describe('Payout → Create', () => {
	test('the first create and the same payout found later have the same keys, and the same values where the create could know them', async () => {
		const first = (await runOperation(fake.api, { parameters: create({ additionalFields: { comment: 'Выплата партнёру' } }) })).items[0].json;
		const later = (await runOperation(fake.api, { parameters: create({ additionalFields: { comment: 'Выплата партнёру' } }) })).items[0].json;

		expect(later.alreadyExisted).toBe(true);
		expect(Object.keys(first)).toEqual(Object.keys(later));
		expect(Object.keys(first.morune)).toEqual(Object.keys(later.morune));
		for (const key of ['id', 'orderId', 'status', 'amount', 'amountDebited', 'method', 'currency']) expect([key, first[key]]).toEqual([key, later[key]]);
		for (const key of ['type', 'feeFrom', 'comment']) expect([key, first.morune[key]]).toEqual([key, later.morune[key]]);
	});

	test('looks the order ID up, posts JSON with the user ID from the credential and returns the payout', async () => {
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error).toBeUndefined();
		// The order ID is looked up first (not found), then the payout is created.
		expect(paths()).toEqual([INFO, CREATE]);
		expect(fake.api.requests[0].query).toEqual({ user_id: ACCOUNT.userId, order_id: 'payout-2001' });
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
		expect(result.items).toEqual([{ json: createdItem(), pairedItem: { item: 0 } }]);
		expect(Object.keys(result.items[0].json)[0]).toBe('provider');
		expectNoMoruneSecrets(result);
	});

	test('sends the additional fields; an SBP payout carries its bank in payoff_data; Fee From Balance is subtract 1', async () => {
		const result = await runOperation(fake.api, {
			parameters: create({
				method: 'sbp',
				wallet: '79001234567',
				sbpBankId: '100000000111',
				additionalFields: {
					comment: 'Выплата партнёру',
					feeFrom: 'balance',
					webhookUrl: 'https://shop.example/payout-hook',
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
		expect(result.items).toEqual([
			{
				json: createdItem({
					method: 'sbp',
					wallet: '79001234567',
					amountDebited: 1015,
					morune: { type: 'api', feeFrom: 'balance', receiveCurrency: null, amountReceived: null, comment: 'Выплата партнёру', balanceAfter: 13019.5 },
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('Fee From Amount is subtract 2; the SBP bank is not sent for another method', async () => {
		const result = await runOperation(fake.api, {
			parameters: create({ sbpBankId: '100000000111', additionalFields: { feeFrom: 'amount' } }),
		});

		expect(result.error).toBeUndefined();
		expect(createBody()).toEqual({
			user_id: ACCOUNT.userId,
			amount: 1000,
			service: 'card',
			wallet_to: '5536910012345678',
			order_id: 'payout-2001',
			subtract: 2,
		});
		expect(fake.api.state.morune.payouts.at(-1).subtract).toBe('amount');
	});

	test('a method from an expression that comes out as sbp sends its bank', async () => {
		const result = await runOperation(fake.api, {
			parameters: create({ method: '={{ "sbp" }}', wallet: '79001234567', sbpBankId: ' 100000000111 ' }),
		});

		expect(result.error).toBeUndefined();
		expect(createBody().payoff_data).toEqual({ sbp_bank_type: '100000000111' });
	});

	test.each([
		['a decimal text', '500.50', 500.5],
		['a number from an expression', '={{ 500.5 }}', 500.5],
		['a text from an expression', '={{ "0500.50" }}', 500.5],
	])('an amount as %s is sent as a JSON number and reported as one', async (_, amount, sent) => {
		const result = await runOperation(fake.api, { parameters: create({ amount }) });

		expect(result.error).toBeUndefined();
		expect(createBody().amount).toBe(sent);
		expect(result.items[0].json).toMatchObject({ amount: sent, amountDebited: sent });
	});

	test('the texts are trimmed before they are sent and reported', async () => {
		const result = await runOperation(fake.api, {
			parameters: create({ orderId: ' payout-2001  ', method: ' card ', wallet: ' 5536910012345678 ' }),
		});

		expect(createBody()).toMatchObject({ order_id: 'payout-2001', service: 'card', wallet_to: '5536910012345678' });
		expect(fake.api.requests[0].query.order_id).toBe('payout-2001');
		expect(result.items[0].json).toMatchObject({ orderId: 'payout-2001', method: 'card', wallet: '5536910012345678' });
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await runOperation(fake.api, { parameters: create({ simplify: false }) });

		expect(result.items).toEqual([
			{
				json: {
					data: { payoff_id: fake.api.state.morune.payouts.at(-1).payoff_id, amount_withdraw_rub: 1000, balance: 13034.5 },
					status: 200,
					status_check: true,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a payout that already exists with this order ID is reported from the lookup; nothing is sent again', async () => {
		await runOperation(fake.api, { parameters: create() });
		const result = await runOperation(fake.api, { parameters: create() });

		expect(paths()).toEqual([INFO, CREATE, INFO]);
		expect(fake.api.state.morune.payouts).toHaveLength(2);
		const record = fake.api.state.morune.payouts.at(-1);
		expect(result.items).toEqual([
			{ json: recordItem(record, { alreadyExisted: true, recoveredAfter: null }), pairedItem: { item: 0 } },
		]);
		expect(result.items[0].json).toMatchObject({ status: 'pending', providerStatus: 'wait', commission: 75, wallet: '5536910012345678' });
	});

	test("a success answer that cannot be read is not trusted blindly: the payout is looked up and reported from morune's record", async () => {
		fake.api.intercept((request) => {
			if (request.path !== CREATE) return undefined;
			moruneApi.route(request, fake.api.state.morune); // morune makes the payout …
			return ok(null); // … and its answer says nothing about it
		});
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error).toBeUndefined();
		expect(paths()).toEqual([INFO, CREATE, INFO]);
		expect(fake.api.state.morune.payouts).toHaveLength(2);
		expect(result.items).toEqual([
			{
				json: recordItem(fake.api.state.morune.payouts.at(-1), {
					alreadyExisted: false,
					recoveredAfter: 'morune sent an answer without a valid "data" field. Turn off Simplify to see the answer as it came.',
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test.each([
		['an amount of 0', { amount: '0' }, 'The Amount "0" must be more than 0.'],
		['an empty amount', { amount: '={{ "" }}' }, 'The Amount is empty: enter an amount such as 100 or 100.50.'],
		['an amount with a comma', { amount: '99,90' }, 'The Amount "99,90" has a comma: write it with a point as the decimal separator and no thousands separator, as 99.90.'],
		['an amount with a thousands separator', { amount: '1 000' }, 'The Amount "1 000" has spaces: write it without spaces or thousands separators, as 1000.'],
		['an amount with three decimals', { amount: '={{ 10.125 }}' }, 'The Amount 10.125 has 3 digits after the decimal point, and morune takes at most 2: it is floating-point noise from a calculation (0.1 + 0.2 gives 0.30000000000000004). Round it in the expression with .toFixed(2), e.g. {{ ($json.amount * 1.2).toFixed(2) }}; here that gives 10.13.'],
		['a blank method', { method: ' ' }, 'Enter the Method.'],
		['a method with a space', { method: 'card ru' }, 'The Method "card ru" contains spaces: enter it without spaces or line breaks.'],
		['a blank wallet', { wallet: '  ' }, 'Enter the Wallet.'],
		['a wallet with spaces', { wallet: '5536 9100 1234 5678' }, 'The Wallet "5536 9100 1234 5678" contains spaces: enter it without spaces or line breaks.'],
		['no order ID', { orderId: '={{ "" }}' }, 'Enter the Order ID.'],
		['an order ID of 256 characters', { orderId: 'p'.repeat(256) }, 'The Order ID is 256 characters long; at most 255 are accepted.'],
		['a comment of 256 characters', { additionalFields: { comment: 'к'.repeat(256) } }, 'The Comment is 256 characters long; at most 255 are accepted.'],
		['a webhook URL that is not a URL', { additionalFields: { webhookUrl: 'hook' } }, 'The Webhook URL "hook" is not a valid http(s) address, like https://example.com/paid.'],
		['an SBP payout whose bank comes out empty', { method: 'sbp', wallet: '79001234567', sbpBankId: '={{ "" }}' }, 'An SBP payout needs a bank: put the ID from SBP Bank → Get Many into SBP Bank ID.'],
	])('%s is refused before any request', async (_, fields, message) => {
		const result = await runOperation(fake.api, { parameters: create(fields) });

		expect(result.error.message).toBe(message);
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to morune.");
		expect(fake.api.requests).toHaveLength(0);
	});

	test('an order ID that a different payout has is refused before the create is sent', async () => {
		const result = await runOperation(fake.api, { parameters: create({ orderId: 'payout-1000' }) });

		expect(result.error.message).toBe(
			'morune already has a different payout with Order ID "payout-1000" (wallet 553691******1279, not 5536910012345678). Nothing was sent for this item: give this payout its own Order ID.',
		);
		expect(paths()).toEqual([INFO]);
	});

	describe('a clear refusal is an error, and nothing is looked up after it or sent again', () => {
		test.each([
			['an invalid wallet', { wallet: '1234' }, "morune rejected the request (HTTP 422): Недействительный кошелёк. Check the node's parameters and the Morune API credential."],
			['an unknown method', { method: 'pigeon' }, "morune rejected the request (HTTP 422): service: Выбранное значение для service некорректно. Check the node's parameters and the Morune API credential."],
			['too little money', { amount: '20000' }, "morune rejected the request (HTTP 422): Недостаточно средств на балансе. Check the node's parameters and the Morune API credential."],
		])('%s', async (_, fields, message) => {
			const result = await runOperation(fake.api, { parameters: create(fields) });

			expect(result.error.message).toBe(message);
			expect(paths()).toEqual([INFO, CREATE]);
		});

		test('a wrong secret: the lookup before the create is refused, so nothing is sent', async () => {
			const result = await runOperation(fake.api, { parameters: create(), credentials: { secretKey: 'wrong-secret-0123456789' } });

			expect(result.error.message).toMatch(/^Nothing was sent to morune: .* morune rejected the credentials \(HTTP 401\)/);
			expect(paths()).toEqual([INFO]);
		});

		test.each([
			['a rate limit', { ...moruneError(429, 'Too Many Attempts.'), headers: { 'retry-after': '60' } }, 'morune rate limit reached (HTTP 429)'],
			['a rate limit page that is not JSON', { status: 429, headers: { 'content-type': 'text/html' }, body: '<h1>429</h1>' }, 'morune rate limit reached (HTTP 429)'],
			['HTTP 200 with status_check false', { status: 200, body: { data: null, error: 'Выводы отключены', status: 403, status_check: false } }, 'morune refused access (HTTP 200, error code 403): Выводы отключены.'],
		])('%s', async (_, answer, message) => {
			failedWith(answer);
			const result = await runOperation(fake.api, { parameters: create() });

			expect(result.error.message).toContain(message);
			expect(paths()).toEqual([INFO, CREATE]);
		});
	});
});

describe('Payout → Get', () => {
	test('by payout ID: a GET with the user ID and ID in the query; a payout of the shared schema', async () => {
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', payoutId: SEEDED }) });

		const [request] = fake.api.requests;
		expect(request).toMatchObject({ method: 'GET', path: INFO, body: '' });
		expect(request.query).toEqual({ user_id: ACCOUNT.userId, id: SEEDED });
		expect(result.items).toEqual([
			{
				json: {
					provider: 'morune',
					id: SEEDED,
					orderId: 'payout-1000',
					status: 'paid',
					providerStatus: 'success',
					amount: 1000,
					amountDebited: 1000,
					commission: 75,
					method: 'card',
					wallet: '553691******1279',
					currency: 'RUB',
					createdAt: '2026-11-19T15:02:11.000Z',
					completedAt: '2026-11-19T15:05:40.000Z',
					cancelReason: null,
					morune: { type: 'api', feeFrom: 'amount', receiveCurrency: 'RUB', amountReceived: 925, comment: null, balanceAfter: null },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(Object.keys(result.items[0].json)[0]).toBe('provider');
		expectNoMoruneSecrets(result);
	});

	test('by order ID (the default Find By), for a payout just created', async () => {
		await runOperation(fake.api, { parameters: create({ orderId: 'payout-3001', amount: '500' }) });
		const result = await runOperation(fake.api, { parameters: get({ orderId: 'payout-3001' }) });

		expect(fake.api.requests.at(-1).query).toEqual({ user_id: ACCOUNT.userId, order_id: 'payout-3001' });
		const record = fake.api.state.morune.payouts.at(-1);
		expect(result.items).toEqual([{ json: recordItem(record), pairedItem: { item: 0 } }]);
		expect(result.items[0].json).toMatchObject({
			orderId: 'payout-3001',
			status: 'pending',
			providerStatus: 'wait',
			amount: 500,
			commission: 62.5,
			completedAt: null,
			morune: { amountReceived: 437.5 },
		});
	});

	test.each([
		['wait', 'pending', null],
		['success', 'paid', null],
		['fail', 'cancelled', 'Кошелёк заблокирован'],
		['Fail', 'cancelled', null],
		['processing', 'unknown', null],
	])("morune's status %s is the payout status %s, morune's word kept beside it", async (word, status, reason) => {
		fake.api.intercept(() => ok({ ...fake.api.state.morune.payouts[0], status: word, error_message: reason }));
		const [item] = (await runOperation(fake.api, { parameters: get({ findBy: 'id', payoutId: SEEDED }) })).items;

		expect(item.json).toMatchObject({ status, providerStatus: word, cancelReason: reason });
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', payoutId: SEEDED, simplify: false }) });

		expect(result.items).toEqual([
			{ json: { data: fake.api.state.morune.payouts[0], status: 200, status_check: true }, pairedItem: { item: 0 } },
		]);
	});

	test.each([
		['without the ID', { payoff_id: null }, 'data.payoff_id'],
		['without a status', { status: '' }, 'data.status'],
		['with an amount that is not one', { amount_withdraw_rub: '1 000' }, 'data.amount_withdraw_rub'],
		['with a date that is not one', { created_at: '19.11.2026' }, 'data.created_at'],
	])('an answer %s is an error that names the field', async (_, change, field) => {
		fake.api.intercept(() => ok({ ...fake.api.state.morune.payouts[0], ...change }));
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', payoutId: SEEDED }) });

		expect(result.error.message).toBe(
			`morune sent an answer without a valid "${field}" field. Turn off Simplify to see the answer as it came.`,
		);
	});

	test('an unknown payout: a 404 that says the payout was not found', async () => {
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', payoutId: 'e1f0c2d3-0000-4000-8000-000000000000' }) });

		expect(result.error.message).toBe(
			'morune found no such payout (HTTP 404): Вывод не найден. Check the payout ID or order ID, and that the payout belongs to the account in the Morune API credential.',
		);
		expect(result.error.httpCode).toBe('404');
		expect(fake.api.requests).toHaveLength(1);
	});

	test.each([
		['a blank payout ID', { findBy: 'id', payoutId: ' ' }, 'Enter the Payout ID.'],
		['an order ID that comes out empty', { orderId: '={{ "" }}' }, 'Enter the Order ID.'],
	])('%s is refused before any request', async (_, fields, message) => {
		const result = await runOperation(fake.api, { parameters: get(fields) });

		expect(result.error.message).toBe(message);
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to morune.");
		expect(fake.api.requests).toHaveLength(0);
	});
});
