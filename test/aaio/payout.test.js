'use strict';
// Payout → Create, run by n8n's engine against the fake aaio API: the form it sends and the
// checks that refuse a payout before any money moves. What happens when an answer is lost,
// repeated or stale is in payout-safety.test.js, for both providers.
const { SANDBOX, useFakeApi, runAaio, expectNoSecrets } = require('../helpers/fixtures');

const fake = useFakeApi();
const ACCOUNT = SANDBOX.aaio;
const SECRETS = [ACCOUNT.apiKey, ACCOUNT.secretKey1, ACCOUNT.secretKey2, ACCOUNT.payoutSecret];

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

const createPayout = (extra = {}) => ({
	resource: 'payout',
	operation: 'create',
	orderId: 'payout-2001',
	method: 'cards_ru',
	amount: '1200',
	wallet: '2200700098765432',
	...extra,
});
const formOf = (request) => Object.fromEntries(new URLSearchParams(request.body));
const requestsTo = (path) => fake.api.requests.filter((request) => request.path === path);
const creates = () => requestsTo('/api/create-payoff');
const lookups = () => requestsTo('/api/info-payoff');
const payoutsWith = (myId) => fake.api.state.aaio.payoffs.filter((payoff) => payoff.my_id === myId);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;

/** The payout schema's keys in order (nodes/shared/schemas.ts), then Create's own two. */
const CREATED_KEYS = [
	'provider', 'id', 'orderId', 'status', 'providerStatus', 'amount', 'amountDebited', 'commission', 'method', 'wallet',
	'currency', 'createdAt', 'completedAt', 'cancelReason', 'aaio', 'alreadyExisted', 'recoveredAfter',
];

/** payout-2001 as Create reports it: 1200 RUB to a card, fee 2.5 % + 50 = 80. */
const createdPayout = (fields) => ({
	provider: 'aaio',
	id: expect.stringMatching(/^[0-9a-f-]{36}$/),
	orderId: 'payout-2001',
	status: 'pending',
	providerStatus: 'in_process',
	amount: 1200,
	amountDebited: 1200,
	commission: 80,
	method: 'cards_ru',
	wallet: '2200700098765432',
	currency: 'RUB',
	// aaio's create answer has no dates.
	createdAt: null,
	completedAt: null,
	cancelReason: null,
	aaio: { commissionType: 0, amountInCurrency: 1120, amountCurrency: 'RUB', amountRate: null },
	alreadyExisted: false,
	recoveredAfter: null,
	...fields,
});

describe('Payout → Create', () => {
	test('looks the order ID up, sends one form POST and returns a payout of the schema', async () => {
		const result = await run(createPayout({ additionalFields: { feeFrom: 'balance', webhookUrl: 'https://example.com/hook' } }));

		expect(result.error).toBeUndefined();
		// The order ID is looked up first; aaio's refusal is compared with its answers to a lookup of
		// an ID nobody has and to one without an ID (learned once per process), then the payout is created.
		expect(fake.api.requests.map((request) => request.path)).toEqual([
			'/api/info-payoff',
			'/api/info-payoff',
			'/api/info-payoff',
			'/api/create-payoff',
		]);
		expect(lookups().map(formOf)).toEqual([
			{ my_id: 'payout-2001' },
			{ my_id: expect.stringMatching(/^n8n-probe-[0-9a-f]{32}$/) },
			{},
		]);
		const [request] = creates();
		expect(request.method).toBe('POST');
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request.headers['x-api-key']).toBe(ACCOUNT.apiKey);
		expect(formOf(request)).toEqual({
			my_id: 'payout-2001',
			method: 'cards_ru',
			amount: '1200',
			wallet: '2200700098765432',
			commission_type: '1',
			webhook_url: 'https://example.com/hook',
		});
		const [payoff] = payoutsWith('payout-2001');
		expect(result.items).toEqual([
			{
				json: createdPayout({
					id: payoff.id,
					// The fee comes from the balance on top: 1200 + 80 left it.
					amountDebited: 1280,
					aaio: { commissionType: 1, amountInCurrency: 1200, amountCurrency: 'RUB', amountRate: null },
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(Object.keys(result.items[0].json)).toEqual(CREATED_KEYS);
		expect(fake.api.state.aaio.balance.balance).toBe(312.03);
		expectNoSecrets(result, SECRETS);
	});

	test.each([
		['amount', '0', 1200],
		['balance', '1', 1280],
	])('Fee From %j is sent as commission_type %j', async (feeFrom, commissionType, debited) => {
		const result = await run(createPayout({ additionalFields: { feeFrom } }));

		expect(formOf(creates()[0])).toEqual({
			my_id: 'payout-2001',
			method: 'cards_ru',
			amount: '1200',
			wallet: '2200700098765432',
			commission_type: commissionType,
		});
		expect(result.items[0].json).toMatchObject({ amountDebited: debited, aaio: { commissionType: Number(commissionType) } });
	});

	test('without Fee From nothing is sent for it, and aaio takes the fee from the amount', async () => {
		const result = await run(createPayout());

		expect(formOf(creates()[0])).toEqual({ my_id: 'payout-2001', method: 'cards_ru', amount: '1200', wallet: '2200700098765432' });
		expect(result.items).toEqual([{ json: createdPayout({ id: payoutsWith('payout-2001')[0].id }), pairedItem: { item: 0 } }]);
		expect(fake.api.state.aaio.balance.balance).toBe(392.03);
	});

	test('the texts are sent trimmed; an empty optional field is not sent', async () => {
		await run(createPayout({ orderId: ' payout-2001 ', method: ' cards_ru ', amount: ' 1200.00 ', wallet: ' 2200700098765432 ', additionalFields: { webhookUrl: '  ' } }));

		expect(formOf(lookups()[0])).toEqual({ my_id: 'payout-2001' });
		expect(formOf(creates()[0])).toEqual({ my_id: 'payout-2001', method: 'cards_ru', amount: '1200', wallet: '2200700098765432' });
	});

	test('a payout in another currency has aaio’s conversion under aaio', async () => {
		const result = await run(createPayout({ method: 'tether_trc20', amount: '1500', wallet: 'TXyz1234567890abcdefghijklmnopqrst' }));

		expect(result.error).toBeUndefined();
		// 1500 − (1 % + 150) = 1335 RUB, at 93.1 RUB per USDT: 14.34 USDT.
		expect(result.items[0].json).toEqual(
			createdPayout({
				id: payoutsWith('payout-2001')[0].id,
				method: 'tether_trc20',
				wallet: 'TXyz1234567890abcdefghijklmnopqrst',
				amount: 1500,
				amountDebited: 1500,
				commission: 165,
				aaio: { commissionType: 0, amountInCurrency: 14.34, amountCurrency: 'USDT', amountRate: 93.1 },
			}),
		);
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await run(createPayout({ simplify: false }));

		const { cancel_message, date, complete_date, ...created } = payoutsWith('payout-2001')[0];
		expect(result.items).toEqual([{ json: { type: 'success', ...created }, pairedItem: { item: 0 } }]);
	});

	test('run again, the payout is found by its order ID and nothing is sent', async () => {
		const first = await run(createPayout());
		fake.api.requests.length = 0;
		const again = await run(createPayout());

		expect(again.error).toBeUndefined();
		expect(fake.api.requests.map((request) => request.path)).toEqual(['/api/info-payoff']);
		expect(payoutsWith('payout-2001')).toHaveLength(1);
		// The lookup's answer has the dates, and not the conversion.
		expect(again.items).toEqual([
			{
				json: createdPayout({
					id: first.items[0].json.id,
					createdAt: expect.stringMatching(ISO_UTC),
					aaio: { commissionType: 0, amountInCurrency: null, amountCurrency: null, amountRate: null },
					alreadyExisted: true,
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(Object.keys(again.items[0].json)).toEqual(CREATED_KEYS);
		// aaio's Moscow time, in UTC.
		const { date } = payoutsWith('payout-2001')[0];
		expect(again.items[0].json.createdAt).toBe(new Date(`${date.replace(' ', 'T')}+03:00`).toISOString());
		expect(Math.abs(Date.parse(again.items[0].json.createdAt) - Date.now())).toBeLessThan(60_000);
	});

	test('an SBP payout sends the bank; a mobile payout sends the operator', async () => {
		await run(createPayout({ method: 'sbp', sbpBankId: '100000000004', orderId: 'payout-sbp' }));
		await run(createPayout({ method: 'mobile_ru', mobileOperator: 'mts_ru', wallet: '79161234567', amount: '300', orderId: 'payout-mts' }));

		const [sbp, mobile] = creates().map(formOf);
		expect(sbp).toEqual({ my_id: 'payout-sbp', method: 'sbp', amount: '1200', wallet: '2200700098765432', bank: '100000000004' });
		expect(mobile).toEqual({ my_id: 'payout-mts', method: 'mobile_ru', amount: '300', wallet: '79161234567', mobile_operator: 'mts_ru' });
		expect(payoutsWith('payout-sbp')).toHaveLength(1);
		expect(payoutsWith('payout-mts')).toHaveLength(1);
	});

	test('bank and operator are sent only with the method that uses them', async () => {
		// An expression method shows every field; the ones that do not apply are left out.
		await run(createPayout({ method: '={{ "cards_ru" }}', sbpBankId: '100000000004', mobileOperator: 'mts_ru' }));

		expect(formOf(creates()[0])).toEqual({
			my_id: 'payout-2001',
			method: 'cards_ru',
			amount: '1200',
			wallet: '2200700098765432',
		});
	});

	test.each([
		['SBP Bank ID', { method: 'sbp' }],
		['Mobile Operator', { method: 'mobile_ru' }],
	])('n8n itself asks for the %s when it is left empty', async (label, extra) => {
		await expect(run(createPayout(extra))).rejects.toThrow(`Parameter "${label}" is required.`);
		expect(fake.api.requests).toHaveLength(0);
	});

	test.each([
		['a comma decimal', { amount: '1200,50' }, 'The Amount "1200,50" has a comma: write it with a point as the decimal separator and no thousands separator, as 1200.50.'],
		['a negative amount', { amount: '-100' }, 'The Amount "-100" must be more than 0.'],
		['a zero amount', { amount: '0.00' }, 'The Amount "0.00" must be more than 0.'],
		['an amount that is not a number', { amount: 'all' }, 'The Amount "all" is not a number such as 100 or 100.50.'],
		['a wallet with spaces', { wallet: '2200 7000 9876 5432' }, 'The Wallet "2200 7000 9876 5432" contains spaces: enter it without spaces or line breaks.'],
		['an empty wallet', { wallet: '={{ "" }}' }, 'Enter the Wallet.'],
		['an empty order ID', { orderId: '={{ "" }}' }, 'Enter the Order ID.'],
		['an order ID longer than 255', { orderId: '={{ "x".repeat(256) }}' }, 'The Order ID is 256 characters long; at most 255 are accepted.'],
		['an empty method', { method: '={{ " " }}', sbpBankId: '100000000004', mobileOperator: 'mts_ru' }, 'Enter the Method.'],
		['a method with spaces', { method: 'cards ru' }, 'The Method "cards ru" contains spaces: enter it without spaces or line breaks.'],
		['SBP without a bank', { method: 'sbp', sbpBankId: '={{ "" }}' }, 'An SBP payout needs a bank: put the ID from SBP Bank → Get Many into SBP Bank ID.'],
		['mobile_ru without an operator', { method: 'mobile_ru', mobileOperator: '={{ "" }}' }, 'A mobile_ru payout needs the mobile operator: one of beeline_ru, megafon_ru, mts_ru, tele2.'],
		['mobile_ru with an unknown operator', { method: 'mobile_ru', mobileOperator: '={{ "yota" }}' }, 'A mobile_ru payout needs the mobile operator: one of beeline_ru, megafon_ru, mts_ru, tele2, not "yota".'],
		['a webhook URL that is not http(s)', { additionalFields: { webhookUrl: 'ftp://example.com/hook' } }, 'The Webhook URL "ftp://example.com/hook" is not a valid http(s) address, like https://example.com/paid.'],
	])('%s is refused before anything is sent', async (_, extra, message) => {
		const result = await run(createPayout(extra));

		expect(result.error.message).toBe(message);
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to aaio.");
		expect(fake.api.requests).toHaveLength(0);
		expect(fake.api.state.aaio.payoffs).toHaveLength(1);
	});

	test('a clear refusal from aaio is its message, with no lookup after it', async () => {
		const result = await run(createPayout({ amount: '2000' }));

		expect(result.error.message).toBe(
			"aaio rejected the request (HTTP 400): Недостаточно средств на балансе. Check the node's parameters and the Aaio API credential.",
		);
		expect(lookups().map(formOf)).toEqual([{ my_id: 'payout-2001' }, { my_id: expect.stringMatching(/^n8n-probe-/) }, {}]);
		expect(creates()).toHaveLength(1);
		expect(payoutsWith('payout-2001')).toHaveLength(0);
	});

	test('an order ID that a different payout has is refused before the create is sent', async () => {
		const result = await run(createPayout({ orderId: 'payout-0001' }));

		expect(result.error.message).toBe(
			'aaio already has a different payout with Order ID "payout-0001" (amount 1000, not 1200; wallet 2200700012345678, not 2200700098765432). Nothing was sent for this item: give this payout its own Order ID.',
		);
		expect(creates()).toHaveLength(0);
		expect(lookups()).toHaveLength(1);
		expect(payoutsWith('payout-0001')).toHaveLength(1);
	});

	/*
	 * aaio does not document how its lookup says "no such payout". The node learns it: aaio's
	 * refusal of a lookup for an ID nobody has, when it differs from aaio's refusal of a lookup
	 * without an ID. Only that refusal lets the create go out.
	 */
	const MISSING_ID = { status: 400, body: { type: 'error', code: 400, message: 'Не передан параметр my_id или id' } };
	/** Answers lookups that name an ID with `byId(id)` (undefined: the sandbox's answer), those without one with `withoutId`. */
	const answerLookups = (byId, withoutId = MISSING_ID) =>
		fake.api.intercept((seen) => {
			if (seen.path !== '/api/info-payoff') return undefined;
			const { my_id: id } = formOf(seen);
			return id ? byId(id) : withoutId;
		});
	const probes = () => lookups().filter((request) => formOf(request).my_id !== 'payout-2001');

	test.each([
		['another wording', { status: 400, body: { type: 'fail', code: 400, message: 'Выплата отсутствует' } }],
		['HTTP 200 with type "fail" and code 404', { status: 200, body: { type: 'fail', code: '404', message: 'Not exists' } }],
		['a message that names the ID', { status: 400, body: { type: 'fail', code: 400, message: 'Выплата {id} не найдена' } }],
	])('the lookup answered in %s, as for an ID nobody has: the create goes out, once', async (_, answer) => {
		answerLookups((id) => JSON.parse(JSON.stringify(answer).replace('{id}', id)));
		const result = await run(createPayout());

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ orderId: 'payout-2001', alreadyExisted: false });
		expect(lookups()).toHaveLength(3);
		expect(probes()).toHaveLength(2);
		expect(creates()).toHaveLength(1);
		expect(payoutsWith('payout-2001')).toHaveLength(1);
	});

	test.each([
		['an IP allow-list refusal, the same for every lookup', () => ({ status: 400, body: { type: 'fail', code: 400, message: 'IP адрес не в белом списке' } }), 3],
		['{"type":"fail"} without a message (HTTP 200)', () => ({ status: 200, body: { type: 'fail' } }), 1],
		['{"type":"fail"} without a message (HTTP 400)', () => ({ status: 400, body: { type: 'fail', code: 400 } }), 1],
		['a missing-parameter refusal of the lookup that named the ID', (id) => (id === 'payout-2001' ? MISSING_ID : undefined), 3],
		['another refusal of this ID only', (id) => (id === 'payout-2001' ? { status: 400, body: { type: 'fail', code: 400, message: 'Неверный формат my_id' } } : undefined), 3],
	])('the lookup answered with %s: nothing is sent, and the error says the node cannot tell', async (_, byId, lookupCount) => {
		answerLookups(byId, byId(''));
		const result = await run(createPayout());

		expect(creates()).toHaveLength(0);
		expect(lookups()).toHaveLength(lookupCount);
		expect(result.error.message).toMatch(/^Nothing was sent to aaio: the node looks Order ID "payout-2001" up before it creates the payout/);
		expect(result.error.message).toContain('the node cannot tell whether a payout with Order ID "payout-2001" exists.');
		expect(result.error.message).not.toMatch(/\.\./);
		expect(payoutsWith('payout-2001')).toHaveLength(0);
	});

	test('aaio rewords its "not found" after the node learned it: nothing is sent, and it is not asked again at once', async () => {
		expect((await run(createPayout({ orderId: 'learn-1' }))).error).toBeUndefined();
		const learned = lookups().length;
		answerLookups(() => ({ status: 400, body: { type: 'fail', code: 400, message: 'Такой выплаты нет' } }));
		const result = await run(createPayout({ orderId: 'learn-2' }));

		expect(learned).toBe(3);
		expect(lookups()).toHaveLength(learned + 1);
		expect(creates()).toHaveLength(1);
		expect(result.error.message).toMatch(/^Nothing was sent to aaio/);
	});

	test('learned once per process: the items of a run and the next run ask no more than once', async () => {
		const items = [{ json: { id: 'many-1' } }, { json: { id: 'many-2' } }, { json: { id: 'many-3' } }];
		fake.api.state.aaio.balance.balance = 100000;
		const first = await run(createPayout({ orderId: '={{ $json.id }}' }), { items });
		const second = await run(createPayout({ orderId: 'many-4' }));

		expect(first.items.map((item) => item.json.orderId)).toEqual(['many-1', 'many-2', 'many-3']);
		expect(second.items[0].json.orderId).toBe('many-4');
		expect(lookups().filter((request) => !/^many-/.test(formOf(request).my_id ?? ''))).toHaveLength(2);
		expect(creates()).toHaveLength(4);
	});

	test('a re-run after a lost answer whose lookups get an unclear refusal: never a second create', async () => {
		let created = false;
		fake.api.intercept((seen) => {
			if (seen.path === '/api/create-payoff') {
				created = true;
				// Recorded, then the answer is lost.
				require('../../sandbox/aaio').route(seen, fake.api.state.aaio);
				return { destroy: true };
			}
			if (seen.path === '/api/info-payoff' && created) return { status: 200, body: { type: 'fail' } };
			return undefined;
		});
		const parameters = createPayout({ orderId: 'rerun-unclear', lookupWindow: 0.5, requestOptions: { timeout: 300 } });
		const first = await run(parameters);
		const second = await run(parameters);

		expect(first.error.message).toMatch(/^aaio payout "rerun-unclear": state unknown\./);
		expect(first.error.description).toContain('every lookup failed');
		expect(first.error.description).not.toContain('found no payout');
		expect(second.error.message).toMatch(/^Nothing was sent to aaio/);
		expect(creates()).toHaveLength(1);
		expect(payoutsWith('rerun-unclear')).toHaveLength(1);
	});

	test.each([
		['a key without the permission (401)', { status: 401, body: { type: 'error', code: 401, message: 'Нет разрешения' } }],
		['a proxy page (HTTP 404, not JSON)', { status: 404, body: '<h1>Not Found</h1>' }],
		['a rate limit', { status: 429, body: { type: 'error', code: 429, message: 'Слишком много запросов' } }],
	])('the lookup before the create answered with %s: nothing is sent', async (_, answer) => {
		fake.api.intercept((seen) => (seen.path === '/api/info-payoff' ? answer : undefined));
		const result = await run(createPayout());

		expect(result.error.message).toMatch(/^Nothing was sent to aaio: /);
		expect(creates()).toHaveLength(0);
	});
});
