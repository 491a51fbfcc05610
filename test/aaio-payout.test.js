'use strict';
// Payout → Create, run by n8n's engine against the fake aaio API: the form it sends, the
// checks that refuse a payout before any money moves, and what happens when the answer to the
// create request is lost (one lookup by My ID, never a second create).
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
		expect(fake.api.requests).toHaveLength(1);
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

	test('a clear refusal from aaio is its message, with no lookup', async () => {
		const result = await run(createPayout({ amount: '2000' }));

		expect(result.error.message).toBe(
			"aaio rejected the request (HTTP 400): Недостаточно средств на балансе. Check the node's parameters and the Aaio API credential.",
		);
		expect(creates()).toHaveLength(1);
		expect(lookups()).toHaveLength(0);
	});

	test('a My ID that is already taken is aaio’s refusal (the fake’s assumption), with no lookup', async () => {
		const result = await run(createPayout({ myId: 'payout-0001' }));

		expect(result.error.message).toContain('Заявка с таким my_id уже существует');
		expect(lookups()).toHaveLength(0);
		expect(payoutsWith('payout-0001')).toHaveLength(1);
	});
});

describe('Payout → Create when the answer is lost', () => {
	test('a timeout after aaio recorded the payout: the lookup finds it and returns it as an item', async () => {
		fake.api.state.aaio.payoffFault = { afterRecording: true, response: { hang: true } };
		const result = await run(createPayout(SHORT_TIMEOUT));

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({
					myId: 'payout-2001',
					status: 'in_process',
					amount: 1200,
					amountDown: 1200,
					commission: 80,
					createdAt: expect.any(String),
					recoveredAfter:
						'aaio did not answer within 0.3 s. Try again later, or raise Timeout under Request Options in the node.',
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(creates()).toHaveLength(1);
		expect(lookups()).toHaveLength(1);
		expect(formOf(lookups()[0])).toEqual({ my_id: 'payout-2001' });
		expect(lookups()[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(payoutsWith('payout-2001')).toHaveLength(1);
		expectNoSecrets(result, SECRETS);
	});

	test('a dropped connection after recording: found; with Simplify off, the lookup’s body and recoveredAfter', async () => {
		fake.api.state.aaio.payoffFault = { afterRecording: true, response: { destroy: true } };
		const result = await run(createPayout({ simplify: false }));

		expect(result.items).toHaveLength(1);
		// What /api/info-payoff answers, plus what went wrong with the create's answer.
		const { amount_in_currency, amount_currency, ...info } = payoutsWith('payout-2001')[0];
		expect(result.items[0].json).toEqual({
			type: 'success',
			...info,
			recoveredAfter: 'The connection to aaio was closed before it answered. Try again later.',
		});
		expect(creates()).toHaveLength(1);
	});

	test('a 503 before recording: the lookup finds nothing, so the error says it is safe to send again', async () => {
		fake.api.state.aaio.payoffFault = {
			afterRecording: false,
			response: { status: 503, body: { type: 'error', code: 503, message: 'Технические работы' } },
		};
		const result = await run(createPayout());

		expect(result.items).toEqual([]);
		expect(result.error.message).toBe(
			'aaio did not create payout "payout-2001", so it is safe to send it again. The create request failed: aaio server error (HTTP 503): Технические работы. Try again later.',
		);
		expect(result.error.description).toContain('aaio answered "Заявка на вывод не найдена".');
		expect(result.error.httpCode).toBe('503');
		expect(creates()).toHaveLength(1);
		expect(lookups()).toHaveLength(1);
		expect(payoutsWith('payout-2001')).toHaveLength(0);
		expectNoSecrets(result, SECRETS);
	});

	test('"not found" in HTTP 200 with "type": "error" counts as not created too', async () => {
		fake.api.state.aaio.payoffFault = { afterRecording: false, response: { hang: true } };
		fake.api.intercept((request) =>
			request.path === '/api/info-payoff'
				? { status: 200, body: { type: 'error', code: 400, message: 'Заявка не найдена' } }
				: undefined,
		);
		const result = await run(createPayout(SHORT_TIMEOUT));

		expect(result.error.message).toContain('aaio did not create payout "payout-2001", so it is safe to send it again.');
		expect(result.error.message).toContain('aaio did not answer within 0.3 s.');
		expect(creates()).toHaveLength(1);
	});

	test('an HTML page instead of aaio’s JSON: the lookup decides (not created)', async () => {
		fake.api.state.aaio.payoffFault = {
			afterRecording: false,
			response: { status: 200, headers: { 'content-type': 'text/html' }, body: '<h1>Cloudflare</h1>' },
		};
		const result = await run(createPayout());

		expect(result.error.message).toContain('aaio did not create payout "payout-2001", so it is safe to send it again.');
		expect(result.error.message).toContain('aaio sent a response that is not JSON (text/html) with HTTP 200');
		expect(creates()).toHaveLength(1);
	});

	test('the lookup fails too: the state is unknown, check the cabinet', async () => {
		fake.api.state.aaio.payoffFault = { afterRecording: true, response: { hang: true } };
		fake.api.intercept((request) =>
			request.path === '/api/info-payoff'
				? { status: 500, body: { type: 'error', code: 500, message: 'Внутренняя ошибка' } }
				: undefined,
		);
		const result = await run(createPayout(SHORT_TIMEOUT));

		expect(result.error.message).toBe(
			'aaio payout "payout-2001": state unknown. The create request got no clear answer and looking the payout up by My ID failed too: check the payouts in the aaio cabinet before sending it again.',
		);
		expect(result.error.description).toContain('Create: aaio did not answer within 0.3 s.');
		expect(result.error.description).toContain('Lookup: aaio server error (HTTP 500): Внутренняя ошибка.');
		expect(result.error.description).toContain('A second create could pay out twice.');
		expect(creates()).toHaveLength(1);
		expect(lookups()).toHaveLength(1);
		expectNoSecrets(result, SECRETS);
	});

	test('a lookup the key may not make is a failed lookup, never "not created"', async () => {
		fake.api.state.aaio.payoffFault = {
			afterRecording: false,
			response: { status: 502, body: { type: 'error', code: 502, message: 'Bad gateway' } },
		};
		fake.api.intercept((request) =>
			request.path === '/api/info-payoff'
				? { status: 401, body: { type: 'error', code: 401, message: 'У ключа API нет разрешения «Информация про вывод средств»' } }
				: undefined,
		);
		const result = await run(createPayout());

		expect(result.error.message).toContain('state unknown');
		expect(result.error.description).toContain('нет разрешения «Информация про вывод средств»');
		expect(creates()).toHaveLength(1);
	});

	test('a lookup answer that does not say "not found" is a failed lookup too', async () => {
		fake.api.state.aaio.payoffFault = { afterRecording: false, response: { destroy: true } };
		fake.api.intercept((request) =>
			request.path === '/api/info-payoff' ? { status: 400, body: { type: 'error', code: 400, message: 'Неверный запрос' } } : undefined,
		);
		const result = await run(createPayout());

		expect(result.error.message).toContain('state unknown');
		expect(creates()).toHaveLength(1);
	});

	test('a refused connection: no answer and no lookup possible, so the state is unknown', async () => {
		const result = await run(createPayout(), { credentials: { baseUrl: 'http://127.0.0.1:9' } });

		expect(result.error.message).toContain('aaio payout "payout-2001": state unknown.');
		expect(result.error.description).toContain('Create: Could not connect to aaio at http://127.0.0.1:9');
		expectNoSecrets(result, SECRETS);
	});

	test('under Continue On Fail each item is settled on its own, paired to its input', async () => {
		fake.api.intercept((request) => {
			const { my_id: myId } = formOf(request);
			if (request.path === '/api/create-payoff' && myId === 'p-lost') return { status: 503, body: { type: 'error', code: 503, message: 'Техработы' } };
			if (request.path === '/api/info-payoff' && myId === 'p-lost') return { status: 500, body: 'oops' };
			return undefined;
		});
		const items = [{ json: { id: 'p-ok', amount: '100' } }, { json: { id: 'p-lost', amount: '100' } }, { json: { id: 'p-bad', amount: '1,5' } }];
		const result = await run(
			createPayout({ method: 'sbp', bank: '100000000111', myId: '={{ $json.id }}', amount: '={{ $json.amount }}' }),
			{ items, settings: { onError: 'continueRegularOutput' } },
		);

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json).toMatchObject({ myId: 'p-ok', recoveredAfter: null });
		expect(result.items[1].json.error).toContain('state unknown');
		expect(result.items[2].json.error).toContain('has a comma');
		expect(creates().map((request) => formOf(request).my_id).sort()).toEqual(['p-lost', 'p-ok']);
	});

	test('with Retry On Fail, a payout that was not created is sent again and made once', async () => {
		fake.api.state.aaio.payoffFault = {
			afterRecording: false,
			response: { status: 503, body: { type: 'error', code: 503, message: 'Техработы' } },
		};
		const result = await run(createPayout(), { settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 } });

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ myId: 'payout-2001', recoveredAfter: null });
		// One create per run of the node: the node itself never repeats it.
		expect(creates()).toHaveLength(2);
		expect(payoutsWith('payout-2001')).toHaveLength(1);
	});

	test('with Retry On Fail, a payout found by the lookup is not sent again', async () => {
		fake.api.state.aaio.payoffFault = { afterRecording: true, response: { hang: true } };
		const result = await run(createPayout(SHORT_TIMEOUT), { settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 } });

		expect(result.items[0].json.recoveredAfter).toContain('aaio did not answer within 0.3 s.');
		expect(creates()).toHaveLength(1);
	});
});
