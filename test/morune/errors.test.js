'use strict';
// Every error case of Balance → Get holds for every morune operation. Payout → Create answers
// the cases that leave open whether a payout was made (5xx, non-JSON, no answer) with a
// lookup instead: the last block here, and test/shared/payout-safety.test.js.
const { useFakeApi } = require('../helpers/fixtures');
const {
	OPERATIONS,
	runOperation,
	requestsTo,
	moruneError,
	expectNoMoruneSecrets,
} = require('../helpers/fixtures');

const fake = useFakeApi();
/** The provider's message ends a sentence: a full stop unless it brings one. */
const sentence = (text) => (/[.!?…]$/.test(text) ? text : `${text}.`);
const CLEAR_ANSWER_ONLY = OPERATIONS.filter(({ name }) => name !== 'Payout → Create');

describe.each(OPERATIONS)('$name', ({ parameters, path }) => {
	// The operation's own request gets the scripted answer; Payout → Create's lookup of the
	// order ID before it (one more request) gets the fake's.
	const isPayoutCreate = parameters.resource === 'payout' && parameters.operation === 'create';
	const sent = isPayoutCreate ? 2 : 1;
	const answer = (spec) => fake.api.intercept((seen) => (seen.path === path ? spec : undefined));
	test.each([
		['a string', 'Поле amount обязательно для заполнения.', 'Поле amount обязательно для заполнения.'],
		['a list', ['Первая ошибка', 'Вторая ошибка'], 'Первая ошибка; Вторая ошибка'],
		[
			'an object of field errors',
			{ amount: ['Поле amount должно быть числом.'], order_id: ['Номер заказа должен быть уникальным'] },
			'amount: Поле amount должно быть числом.; order_id: Номер заказа должен быть уникальным',
		],
	])('a 422 whose error is %s is shown readably', async (_, error, shown) => {
		answer(moruneError(422, error));
		const result = await runOperation(fake.api, { parameters });

		expect(result.error.message).toBe(
			`morune rejected the request (HTTP 422): ${sentence(shown)} Check the node's parameters and the Morune API credential.`,
		);
		expect(result.error.httpCode).toBe('422');
		expect(requestsTo(fake.api, path)).toHaveLength(1);
		expect(fake.api.requests).toHaveLength(sent);
	});

	test('HTTP 200 with status_check false is an error with the provider message', async () => {
		answer({
			status: 200,
			body: { data: null, error: 'Пользователь заблокирован', status: 403, status_check: false },
		});
		const result = await runOperation(fake.api, { parameters });

		expect(result.error.message).toBe(
			'morune refused access (HTTP 200, error code 403): Пользователь заблокирован. Give the key the permission this operation needs.',
		);
		expect(fake.api.requests).toHaveLength(sent);
	});

	test('an unknown address (HTTP 404) names morune and passes its message', async () => {
		answer(moruneError(404, 'Страница не найдена'));
		const result = await runOperation(fake.api, { parameters });

		expect(result.error.message).toMatch(/^morune (did not find what was asked for|found no such (payment|payout)) \(HTTP 404\): Страница не найдена\. Check /);
		expect(`${result.error.message} ${result.error.description}`).toContain('Base URL');
		expect(fake.api.requests).toHaveLength(sent);
	});

	test('429 says it is a rate limit and gives Retry-After', async () => {
		answer({ ...moruneError(429, 'Too Many Attempts.'), headers: { 'retry-after': '30' } });
		const result = await runOperation(fake.api, { parameters });

		expect(result.error.message).toBe('morune rate limit reached (HTTP 429): Too Many Attempts. Retry after 30 s.');
		expect(fake.api.requests).toHaveLength(sent);
	});

	test.each([
		['not a UUID', { userId: 'my-account' }, 'The user ID in the Morune API credential must be the account UUID'],
		['an empty secret key', { secretKey: '' }, 'The secret key in the Morune API credential is empty.'],
		['a Base URL that is not http(s)', { baseUrl: 'api.morune.com' }, 'The Base URL in the Morune API credential must be an http(s) address'],
	])('a credential with %s is refused before any request', async (_, credentials, message) => {
		const result = await runOperation(fake.api, { parameters, credentials });

		expect(result.error.message).toContain(message);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('with Continue On Fail, a failing item becomes an error item paired to it; the others go on', async () => {
		let calls = 0;
		fake.api.intercept((seen) => (seen.path === path && ++calls === 2 ? moruneError(422, 'Сбой проверки') : undefined));
		const items = [0, 1, 2].map((index) => ({ json: { index } }));
		// Each item its own order ID, where the operation takes one.
		const perItem = 'orderId' in parameters ? { orderId: '={{ "order-" + $json.index }}' } : {};
		const result = await runOperation(fake.api, {
			parameters: { ...parameters, ...perItem },
			items,
			settings: { onError: 'continueRegularOutput' },
		});

		expect(result.error).toBeUndefined();
		expect(requestsTo(fake.api, path)).toHaveLength(3);
		const failed = result.items.filter((item) => item.json.error !== undefined);
		expect(failed).toEqual([
			expect.objectContaining({
				json: { error: 'morune rejected the request (HTTP 422): Сбой проверки. Check the node\'s parameters and the Morune API credential.' },
				pairedItem: { item: 1 },
			}),
		]);
		const pairedInputs = new Set(result.items.map((item) => item.pairedItem.item));
		expect(pairedInputs).toEqual(new Set([0, 1, 2]));
		// Clean items of the shared schemas, not envelopes.
		for (const item of result.items.filter(({ json }) => json.error === undefined)) {
			expect(item.json.data).toBeUndefined();
			expect(Object.keys(item.json)[0]).toBe('provider');
			expect(item.json.provider).toBe('morune');
		}
		expectNoMoruneSecrets(result);
	});
});

describe.each(CLEAR_ANSWER_ONLY)('$name, when morune fails', ({ parameters }) => {
	test('HTTP 500 is a server error naming morune with its message', async () => {
		fake.api.intercept(() => moruneError(500, 'Внутренняя ошибка системы'));
		const result = await runOperation(fake.api, { parameters });

		expect(result.error.message).toBe('morune server error (HTTP 500): Внутренняя ошибка системы. Try again later.');
		expect(fake.api.requests).toHaveLength(1);
	});

	test('an HTML page is an error naming morune', async () => {
		fake.api.intercept(() => ({
			status: 502,
			headers: { 'content-type': 'text/html; charset=UTF-8' },
			body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
		}));
		const result = await runOperation(fake.api, { parameters });

		expect(result.error.message).toBe(
			'morune sent a response that is not JSON (text/html; charset=UTF-8) with HTTP 502. Check the Base URL in the Morune API credential, or try again later if morune is down.',
		);
		expect(result.error.description).toContain('502 Bad Gateway');
	});

	test('an empty body is an error naming morune', async () => {
		fake.api.intercept(() => ({ status: 204 }));
		const result = await runOperation(fake.api, { parameters });

		expect(result.error.message).toContain('morune sent an empty response with HTTP 204.');
	});

	test('a timeout is an error naming morune', async () => {
		fake.api.intercept(() => ({ hang: true }));
		const result = await runOperation(fake.api, {
			parameters: { ...parameters, requestOptions: { timeout: 250 } },
		});

		expect(result.error.message).toBe(
			'morune did not answer within 0.3 s. Try again later, or raise Timeout under Request Options in the node.',
		);
		expect(fake.api.requests).toHaveLength(1);
	});

	test('a refused connection is an error naming morune', async () => {
		const result = await runOperation(fake.api, { parameters, credentials: { baseUrl: 'http://127.0.0.1:9' } });

		expect(result.error.message).toContain('Could not connect to morune at http://127.0.0.1:9');
		expectNoMoruneSecrets(result);
	});

	test('a reset connection is an error naming morune', async () => {
		fake.api.intercept(() => ({ destroy: true }));
		const result = await runOperation(fake.api, { parameters });

		expect(result.error.message).toBe('The connection to morune was closed before it answered. Try again later.');
		expect(fake.api.requests).toHaveLength(1);
	});
});

describe('Payout → Create, when morune fails without a clear answer', () => {
	const { parameters, path } = OPERATIONS.find(({ name }) => name === 'Payout → Create');
	// One lookup after the failure (Lookup Window 0), a short deadline for the create.
	const create = { ...parameters, lookupWindow: 0, requestOptions: { timeout: 500 } };
	const LOOKUP = '/payoff/info';
	const paid = () => fake.api.state.morune.payouts.filter((payout) => payout.order_id === parameters.orderId);

	test.each([
		['a JSON 500', () => moruneError(500, 'Внутренняя ошибка системы'), 'morune server error (HTTP 500): Внутренняя ошибка системы.'],
		['a JSON 503', () => moruneError(503, 'Сервис недоступен'), 'morune server error (HTTP 503): Сервис недоступен.'],
		['an HTML 502', () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>502 Bad Gateway</h1>' }), 'morune sent a response that is not JSON (text/html) with HTTP 502.'],
		['no answer', () => ({ hang: true }), 'morune did not answer within 0.5 s.'],
	])('%s, nothing recorded: state unknown, one create, one lookup after it, nothing paid', async (_, answer, reason) => {
		fake.api.intercept((seen) => (seen.path === path ? answer() : undefined));
		const result = await runOperation(fake.api, { parameters: create });

		expect(result.items).toEqual([]);
		expect(result.error.message).toBe(
			`morune payout "payout-2001": state unknown. ${reason} Check the payouts in the morune cabinet (Выводы) for Order ID "payout-2001" before you send it again.`,
		);
		expect(result.error.description).toContain('looked Order ID "payout-2001" up 1 time over 0 s and found no payout each time.');
		expect(requestsTo(fake.api, path)).toHaveLength(1);
		expect(requestsTo(fake.api, LOOKUP)).toHaveLength(2);
		expect(paid()).toHaveLength(0);
		expectNoMoruneSecrets(result);
	});

	test('a JSON 500 after morune recorded the payout: found by the lookup and reported, one create', async () => {
		fake.api.queued.push({ provider: 'morune', path, record: true, ...moruneError(500, 'Внутренняя ошибка системы') });
		const result = await runOperation(fake.api, { parameters: create });

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			orderId: 'payout-2001',
			alreadyExisted: false,
			recoveredAfter: 'morune server error (HTTP 500): Внутренняя ошибка системы.',
		});
		expect(requestsTo(fake.api, path)).toHaveLength(1);
		expect(paid()).toHaveLength(1);
	});
});
