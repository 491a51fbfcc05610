'use strict';
// Payout → Create, run by n8n's engine against the fake aaio API: the form it sends and the
// checks that refuse a payout before any money moves. What happens when an answer is lost,
// repeated or stale is in payout-safety.test.js, for both providers.
const { SANDBOX, useFakeApi, runAaio, expectNoSecrets } = require('./helpers/fixtures');

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
	myId: 'payout-2001',
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
/** A short timeout, so that a lost answer ends the create request quickly. */
const SHORT_TIMEOUT = { requestOptions: { timeout: 300 } };

describe('Payout → Create', () => {
	test('sends one form POST and returns the payout with numbers as numbers', async () => {
		const result = await run(createPayout({ additionalFields: { commissionType: 1, webhookUrl: 'https://example.com/hook' } }));

		expect(result.error).toBeUndefined();
		// My ID is looked up first (not found), then the payout is created.
		expect(fake.api.requests.map((request) => request.path)).toEqual(['/api/info-payoff', '/api/create-payoff']);
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
		expect(result.items).toEqual([
			{
				json: {
					id: expect.stringMatching(/^[0-9a-f-]{36}$/),
					myId: 'payout-2001',
					status: 'in_process',
					method: 'cards_ru',
					wallet: '2200700098765432',
					amount: 1200,
					amountDown: 1280,
					commission: 80,
					commissionType: 1,
					amountInCurrency: 1200,
					amountCurrency: 'RUB',
					amountRate: null,
					cancelMessage: null,
					createdAt: null,
					completedAt: null,
					alreadyExisted: false,
					recoveredAfter: null,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(fake.api.state.aaio.balance.balance).toBe(312.03);
		expectNoSecrets(result, SECRETS);
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await run(createPayout({ simplify: false }));

		const { cancel_message, date, complete_date, ...created } = payoutsWith('payout-2001')[0];
		expect(result.items).toEqual([{ json: { type: 'success', ...created }, pairedItem: { item: 0 } }]);
	});

	test('an SBP payout sends the bank; a mobile payout sends the operator', async () => {
		await run(createPayout({ method: 'sbp', bank: '100000000004', myId: 'payout-sbp' }));
		await run(createPayout({ method: 'mobile_ru', mobileOperator: 'mts_ru', wallet: '79161234567', amount: '300', myId: 'payout-mts' }));

		const [sbp, mobile] = creates().map(formOf);
		expect(sbp).toMatchObject({ method: 'sbp', bank: '100000000004' });
		expect(mobile).toMatchObject({ method: 'mobile_ru', mobile_operator: 'mts_ru' });
		expect(payoutsWith('payout-sbp')).toHaveLength(1);
		expect(payoutsWith('payout-mts')).toHaveLength(1);
	});

	test('bank and operator are sent only with the method that uses them', async () => {
		// An expression method shows every field; the ones that do not apply are left out.
		await run(createPayout({ method: '={{ "cards_ru" }}', bank: '100000000004', mobileOperator: 'mts_ru' }));

		expect(formOf(creates()[0])).toEqual({
			my_id: 'payout-2001',
			method: 'cards_ru',
			amount: '1200',
			wallet: '2200700098765432',
		});
	});

	test.each([
		['Bank ID', { method: 'sbp' }],
		['Mobile Operator', { method: 'mobile_ru' }],
	])('n8n itself asks for the %s when it is left empty', async (label, extra) => {
		await expect(run(createPayout(extra))).rejects.toThrow(`Parameter "${label}" is required.`);
		expect(fake.api.requests).toHaveLength(0);
	});

	test.each([
		['a comma decimal', { amount: '1200,50' }, 'The amount "1200,50" has a comma'],
		['a negative amount', { amount: '-100' }, 'The amount "-100" must be more than 0.'],
		['a zero amount', { amount: '0.00' }, 'must be more than 0'],
		['an amount that is not a number', { amount: 'all' }, 'The amount "all" is not a number'],
		['a wallet with spaces', { wallet: '2200 7000 9876 5432' }, 'The wallet "2200 7000 9876 5432" contains spaces'],
		['an empty wallet', { wallet: '={{ "" }}' }, 'The wallet is empty.'],
		['an empty My ID', { myId: '={{ "" }}' }, 'My ID is empty'],
		['SBP without a bank', { method: 'sbp', bank: '={{ "" }}' }, 'An SBP payout needs a bank: put the bankId from Payout → Get SBP Banks'],
		['mobile_ru without an operator', { method: 'mobile_ru', mobileOperator: '={{ "" }}' }, 'A mobile_ru payout needs the mobile operator: one of beeline_ru, megafon_ru, mts_ru, tele2.'],
		['mobile_ru with an unknown operator', { method: 'mobile_ru', mobileOperator: '={{ "yota" }}' }, ', not "yota".'],
	])('%s is refused before anything is sent', async (_, extra, message) => {
		const result = await run(createPayout(extra));

		expect(result.error.message).toContain(message);
		expect(result.error.description).toContain('Nothing was sent to aaio.');
		expect(fake.api.requests).toHaveLength(0);
		expect(fake.api.state.aaio.payoffs).toHaveLength(1);
	});

	test('a clear refusal from aaio is its message, with no lookup after it', async () => {
		const result = await run(createPayout({ amount: '2000' }));

		expect(result.error.message).toBe(
			"aaio rejected the request (HTTP 400): Недостаточно средств на балансе. Check the node's parameters and the Aaio API credential.",
		);
		expect(fake.api.requests.map((request) => request.path)).toEqual(['/api/info-payoff', '/api/create-payoff']);
	});

	test('a My ID that a different payout has is refused before the create is sent', async () => {
		const result = await run(createPayout({ myId: 'payout-0001' }));

		expect(result.error.message).toMatch(/^aaio already has a different payout with My ID "payout-0001" \(.*amount.*\)\. Nothing was sent for this item: give this payout its own My ID\.$/);
		expect(creates()).toHaveLength(0);
		expect(lookups()).toHaveLength(1);
		expect(payoutsWith('payout-0001')).toHaveLength(1);
	});
});
