'use strict';
const moruneApi = require('../sandbox/morune');
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

/** The payout request reaches morune, which creates the payout, but its answer is `answer`. */
function createdThenAnswer(answer) {
	fake.api.intercept((request) => {
		if (request.path !== CREATE) return undefined;
		moruneApi.route(request, fake.api.state.morune);
		return answer;
	});
}

/** The payout request fails with `answer` before morune creates anything; the lookup gets `lookup` (default: the fake's). */
function failedWith(answer, lookup) {
	fake.api.intercept((request) => {
		if (request.path === CREATE) return answer;
		return request.path === INFO ? lookup : undefined;
	});
}

const TIMEOUT = { requestOptions: { timeout: 250 } };

describe('Payout → Create', () => {
	test('posts JSON with the user ID from the credential and returns the payout', async () => {
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error).toBeUndefined();
		const [request] = fake.api.requests;
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
			{ json: { payoff_id: payout.payoff_id, amount_withdraw_rub: 1000, balance: 13034.5 }, pairedItem: { item: 0 } },
		]);
		expect(fake.api.requests).toHaveLength(1);
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
		fake.api.intercept(() => ({ body: { data: null, status: 200, status_check: true } }));
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ data: null, status: 200, status_check: true });
	});

	test.each([
		['an amount of 0', { amount: 0 }, 'The Amount must be a number greater than 0, like 100.50 (got 0).'],
		['an amount with a comma', { amount: '={{ "99,90" }}' }, 'The Amount "99,90" has a comma: use a point as the decimal separator'],
		['an amount with a thousands separator', { amount: '={{ "1 000" }}' }, 'The Amount must be a number greater than 0, like 100.50 (got "1 000").'],
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

	describe('a clear refusal is an error, and nothing is looked up or sent again', () => {
		test.each([
			['a duplicate order ID', { orderId: 'payout-1000' }, undefined, 'morune rejected the request (HTTP 422): Номер заказа должен быть уникальным.'],
			['an invalid wallet', { wallet: '1234' }, undefined, 'morune rejected the request (HTTP 422): Недействительный кошелёк.'],
			['an unknown service', { service: 'pigeon' }, undefined, 'morune rejected the request (HTTP 422): service: Выбранное значение для service некорректно.'],
			['too little money', { amount: 20000 }, undefined, 'morune rejected the request (HTTP 422): Недостаточно средств на балансе.'],
			['a wrong secret', {}, { secretKey: 'wrong-secret-0123456789' }, 'morune rejected the credentials (HTTP 401)'],
		])('%s', async (_, fields, credentials, message) => {
			const result = await runOperation(fake.api, { parameters: create(fields), credentials });

			expect(result.error.message).toContain(message);
			expect(fake.api.requests.map((request) => request.path)).toEqual([CREATE]);
		});

		test.each([
			['a rate limit', { ...moruneError(429, 'Too Many Attempts.'), headers: { 'retry-after': '60' } }, 'morune rate limit reached (HTTP 429)'],
			['a rate limit page that is not JSON', { status: 429, headers: { 'content-type': 'text/html' }, body: '<h1>429</h1>' }, 'morune rate limit reached (HTTP 429)'],
			['HTTP 200 with status_check false', { status: 200, body: { data: null, error: 'Выводы отключены', status: 403, status_check: false } }, 'morune refused access (HTTP 200, error code 403): Выводы отключены.'],
		])('%s', async (_, answer, message) => {
			failedWith(answer);
			const result = await runOperation(fake.api, { parameters: create() });

			expect(result.error.message).toContain(message);
			expect(fake.api.requests.map((request) => request.path)).toEqual([CREATE]);
		});
	});

	describe('an unclear failure: one lookup by order ID, and the payout request is never sent again', () => {
		const expectOneCreateThenLookup = () => {
			expect(fake.api.requests.map((request) => request.path)).toEqual([CREATE, INFO]);
			const [, lookup] = fake.api.requests;
			expect(lookup.method).toBe('GET');
			expect(lookup.query).toEqual({ user_id: ACCOUNT.userId, order_id: 'payout-2001' });
			expect(lookup.headers['x-api-signature-sha256']).toBe(ACCOUNT.secretKey);
			expect(lookup.headers['x-api-key']).toBeUndefined();
			expect(lookup.body).toBe('');
		};

		test.each([
			['a timeout', { hang: true }, 'morune did not answer within 0.3 s.'],
			['a reset connection', { destroy: true }, 'The connection to morune was closed before it answered.'],
			['HTTP 500', moruneError(500, 'Внутренняя ошибка системы'), 'morune server error (HTTP 500): Внутренняя ошибка системы.'],
			['HTTP 200 that is not JSON', { status: 200, body: 'OK' }, 'morune sent a response that is not JSON (text/plain; charset=utf-8) with HTTP 200.'],
			['HTTP 200 with status 500 in the body', { status: 200, body: { data: null, error: 'Ошибка', status: 500, status_check: false } }, 'morune server error (HTTP 200, error code 500): Ошибка.'],
		])('after %s, a payout that exists is reported with its status', async (_, answer, reason) => {
			createdThenAnswer(answer);
			const result = await runOperation(fake.api, { parameters: create(TIMEOUT) });

			expect(result.error).toBeUndefined();
			expectOneCreateThenLookup();
			const payout = fake.api.state.morune.payouts.at(-1);
			expect(result.items).toEqual([
				{
					json: expect.objectContaining({
						payoff_id: payout.payoff_id,
						order_id: 'payout-2001',
						status: 'wait',
						amount: 1000,
						amount_withdraw_rub: 1000,
						commission_rub: 75,
						recoveredAfter: expect.stringContaining(reason),
					}),
					pairedItem: { item: 0 },
				},
			]);
			expect(fake.api.state.morune.payouts.filter((entry) => entry.order_id === 'payout-2001')).toHaveLength(1);
			expectNoMoruneSecrets(result);
		});

		test('with Simplify off, the payout found is the lookup body as it came, marked as recovered', async () => {
			createdThenAnswer(moruneError(503, 'Сервис недоступен'));
			const result = await runOperation(fake.api, { parameters: create({ simplify: false }) });

			expect(result.items[0].json).toEqual({
				data: expect.objectContaining({ order_id: 'payout-2001', amount: '1000.00' }),
				status: 200,
				status_check: true,
				recoveredAfter: 'morune server error (HTTP 503): Сервис недоступен. Try again later.',
			});
		});

		test.each([
			['a timeout', { hang: true }, 'none'],
			['HTTP 502 with an HTML page', { status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad Gateway</h1>' }, '502'],
			['HTTP 500', moruneError(500, 'Внутренняя ошибка системы'), '500'],
		])('after %s, a payout that does not exist is an error saying it is safe to send again', async (_, answer, httpCode) => {
			failedWith(answer);
			const result = await runOperation(fake.api, { parameters: create(TIMEOUT) });

			expectOneCreateThenLookup();
			expect(result.error.message).toBe(
				'morune gave no clear answer to the payout request, and it has no payout with order ID "payout-2001": the payout was not created. It is safe to send it again with the same order ID.',
			);
			expect(result.error.description).toMatch(/^The payout request: .+ The lookup by order ID: Вывод не найден$/);
			expect(result.error.httpCode).toBe(httpCode);
			expect(fake.api.state.morune.payouts.some((entry) => entry.order_id === 'payout-2001')).toBe(false);
		});

		test.each([
			['HTTP 500, then a 500', moruneError(500, 'Сбой'), moruneError(500, 'Сбой базы'), 'morune server error (HTTP 500): Сбой базы. Try again later.'],
			['a timeout, then a timeout', { hang: true }, { hang: true }, 'morune did not answer within 0.3 s.'],
			['a reset connection, then an HTML page', { destroy: true }, { status: 200, body: '<html>maintenance</html>' }, 'morune sent a response that is not JSON'],
			['HTTP 500, then a 401', moruneError(500, 'Сбой'), moruneError(401, 'Ошибка авторизации'), 'morune rejected the credentials (HTTP 401): Ошибка авторизации.'],
		])('after %s on the lookup, the state is unknown: check the cabinet', async (_, answer, lookup, lookupReason) => {
			failedWith(answer, lookup);
			const result = await runOperation(fake.api, { parameters: create(TIMEOUT) });

			expect(fake.api.requests.map((request) => request.path)).toEqual([CREATE, INFO]);
			expect(result.error.message).toBe(
				'morune gave no clear answer to the payout request, and looking it up by order ID "payout-2001" failed too. Whether the payout was created is unknown: check the payouts in the morune cabinet before you send it again.',
			);
			expect(result.error.description).toContain(`The lookup by order ID: ${lookupReason}`);
			expectNoMoruneSecrets(result);
		});

		test('a refused connection: the lookup is refused too, the state is unknown', async () => {
			const result = await runOperation(fake.api, { parameters: create(), credentials: { baseUrl: 'http://127.0.0.1:9' } });

			expect(result.error.message).toContain('Whether the payout was created is unknown: check the payouts in the morune cabinet');
			expect(result.error.description).toBe(
				'The payout request: Could not connect to morune at http://127.0.0.1:9: the connection was refused. Check the Base URL in the Morune API credential, or try again later. ' +
					'The lookup by order ID: Could not connect to morune at http://127.0.0.1:9: the connection was refused. Check the Base URL in the Morune API credential, or try again later.',
			);
			expectNoMoruneSecrets(result);
		});

		test('with Continue On Fail, each item is settled on its own and paired to its input', async () => {
			// Item 0: created, answer lost. Item 1: not created. Item 2: created normally.
			fake.api.intercept((request) => {
				if (request.path !== CREATE) return undefined;
				const { order_id: orderId } = JSON.parse(request.body);
				if (orderId === 'p-0') {
					moruneApi.route(request, fake.api.state.morune);
					return { destroy: true };
				}
				return orderId === 'p-1' ? moruneError(500, 'Сбой') : undefined;
			});
			const items = [0, 1, 2].map((index) => ({ json: { index } }));
			const result = await runOperation(fake.api, {
				parameters: create({ orderId: '={{ "p-" + $json.index }}' }),
				items,
				settings: { onError: 'continueRegularOutput' },
			});

			expect(requestsTo(fake.api, CREATE)).toHaveLength(3);
			expect(requestsTo(fake.api, INFO).map((request) => request.query.order_id).sort()).toEqual(['p-0', 'p-1']);
			const byInput = Object.fromEntries(result.items.map((item) => [item.pairedItem.item, item.json]));
			expect(byInput[0]).toMatchObject({ order_id: 'p-0', status: 'wait', recoveredAfter: expect.stringContaining('closed') });
			expect(byInput[1]).toEqual({ error: expect.stringContaining('no payout with order ID "p-1": the payout was not created') });
			expect(byInput[2]).toEqual({ payoff_id: expect.any(String), amount_withdraw_rub: 1000, balance: expect.any(Number) });
			expect(result.items).toHaveLength(3);
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

		expect(fake.api.requests[1].query).toEqual({ user_id: ACCOUNT.userId, order_id: 'payout-3001' });
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
