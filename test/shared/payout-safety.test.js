'use strict';
/**
 * Payout → Create when luck is bad, for both providers with the same cases (the flow is one,
 * nodes/shared/payout.ts): answers lost before and after the provider records the payout,
 * records that lag, stale payouts with the same ID, failing lookups, one ID twice in a run,
 * Retry On Fail, a re-run of the workflow, and amounts that are not money. Every case counts the
 * create and lookup requests the fake saw and checks what the user is told.
 */
const crypto = require('node:crypto');
const aaioApi = require('../../sandbox/aaio');
const moruneApi = require('../../sandbox/morune');
const { SANDBOX, useFakeApi, expectNoSecrets } = require('../helpers/fixtures');
const { runNode } = require('../helpers/n8n-engine');

const fake = useFakeApi();

const PROVIDERS = {
	aaio: {
		CREATE: '/api/create-payoff',
		LOOKUP: '/api/info-payoff',
		idLabel: 'Order ID',
		cabinet: 'the aaio cabinet',
		parameters: (id, extra = {}) => ({
			resource: 'payout',
			operation: 'create',
			orderId: id,
			method: 'cards_ru',
			amount: '1200',
			wallet: '2200700098765432',
			...extra,
		}),
		route: (request) => aaioApi.route(request, fake.api.state.aaio),
		notFound: { status: 400, body: { type: 'error', code: 400, message: 'Заявка на вывод не найдена' } },
		records: (id) => fake.api.state.aaio.payoffs.filter((payoff) => payoff.my_id === id),
		/** An older payout with the same ID: another amount, another wallet, paid already. */
		addStale(id) {
			fake.api.state.aaio.payoffs.push({
				id: crypto.randomUUID(),
				my_id: id,
				method: 'cards_ru',
				wallet: '2200700011110000',
				amount: 500,
				amount_down: 500,
				commission: 0,
				commission_type: 0,
				status: 'success',
				cancel_message: null,
				date: '2026-11-01 10:00:00',
				complete_date: '2026-11-01 10:05:00',
			});
		},
	},
	morune: {
		CREATE: '/payoff/create',
		LOOKUP: '/payoff/info',
		idLabel: 'Order ID',
		cabinet: 'the morune cabinet',
		parameters: (id, extra = {}) => ({
			resource: 'payout',
			operation: 'create',
			amount: '1000',
			method: 'card',
			wallet: '5536910012345678',
			orderId: id,
			...extra,
		}),
		route: (request) => moruneApi.route(request, fake.api.state.morune),
		notFound: { status: 404, body: { data: null, error: 'Вывод не найден.', status: 404, status_check: false } },
		records: (id) => fake.api.state.morune.payouts.filter((payout) => payout.order_id === id),
		addStale(id) {
			fake.api.state.morune.payouts.push({
				payoff_id: crypto.randomUUID(),
				status: 'success',
				order_id: id,
				service: 'card',
				wallet: '553691******0000',
				type: 'api',
				subtract: 'amount',
				amount: '500.00',
				amount_withdraw_rub: '500.00',
				commission_rub: '37.50',
				receive_currency: 'RUB',
				amount_receive: '462.50',
				comment: null,
				created_at: '2026-11-01 10:00:00',
				paid_at: '2026-11-01 10:05:00',
				error_message: null,
			});
		},
	},
};

/** Short waits: a 0.3 s timeout for the create, a 1.5 s lookup window (lookups at 0, 0.5 and 1.5 s). */
const QUICK = { requestOptions: { timeout: 300 }, lookupWindow: 1.5 };
const LOOKUPS_IN_WINDOW = 3;

describe.each(Object.keys(PROVIDERS))('%s Payout → Create', (name) => {
	const provider = PROVIDERS[name];
	const credentials = { [`${name}Api`]: { ...SANDBOX[name], baseUrl: '' } };
	const run = (id, { extra = {}, items, settings } = {}) => {
		credentials[`${name}Api`].baseUrl = fake.api.url;
		return runNode({ type: name, parameters: provider.parameters(id, { ...QUICK, ...extra }), credentials, items, settings });
	};
	const paths = () => fake.api.requests.map((request) => request.path);
	const count = (path) => paths().filter((seen) => seen === path).length;
	const creates = () => count(provider.CREATE);
	const lookups = () => count(provider.LOOKUP);

	/**
	 * Scripts the fake: the create is recorded (or not) and its answer lost; lookups after the
	 * create find nothing until the `visibleFrom`-th (1-based; Infinity: never).
	 */
	function script({ recorded, lost = { destroy: true }, visibleFrom = 1, lookupAnswer }) {
		let created = false;
		let after = 0;
		fake.api.intercept((request) => {
			if (request.path === provider.CREATE) {
				created = true;
				if (recorded) provider.route(request);
				return lost;
			}
			if (request.path === provider.LOOKUP && created) {
				after += 1;
				if (lookupAnswer) return lookupAnswer;
				return after < visibleFrom ? provider.notFound : undefined;
			}
			return undefined;
		});
	}

	const expectNoTryAgain = (text) => {
		expect(text).not.toMatch(/try again|safe to send it again|send it again with the same/i);
	};

	test('the answer is lost and nothing was recorded: state unknown, check the cabinet; one create, never two', async () => {
		script({ recorded: false });
		const result = await run('lost-1');

		expect(creates()).toBe(1);
		expect(lookups()).toBe(1 + LOOKUPS_IN_WINDOW);
		expect(result.items).toEqual([]);
		expect(result.error.message).toBe(
			`${name} payout "lost-1": state unknown. The connection to ${name} was closed before it answered. ` +
				`Check the payouts in ${provider.cabinet} (${name === 'aaio' ? 'aaio.so → Выводы' : 'Выводы'}) for ${provider.idLabel} "lost-1" before you send it again.`,
		);
		expect(result.error.description).toContain(`looked ${provider.idLabel} "lost-1" up 3 times over 1.5 s and found no payout`);
		expect(result.error.description).toContain('sending it again could pay twice');
		expectNoTryAgain(result.error.message);
		expect(provider.records('lost-1')).toHaveLength(0);
		expectNoSecrets(result);
	});

	test('the answer is lost after the payout was recorded: found at once, reported as this payout, without advice', async () => {
		script({ recorded: true, lost: { hang: true } });
		const result = await run('lost-2');

		expect(creates()).toBe(1);
		expect(lookups()).toBe(2);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			alreadyExisted: false,
			recoveredAfter: `${name} did not answer within 0.3 s.`,
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(provider.records('lost-2')).toHaveLength(1);
	});

	test.each([2, 3])('the record shows only on lookup %i after the lost answer: found then, one create', async (visibleFrom) => {
		script({ recorded: true, visibleFrom });
		const result = await run(`lag-${visibleFrom}`);

		expect(creates()).toBe(1);
		expect(lookups()).toBe(1 + visibleFrom);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.recoveredAfter).toBe(`The connection to ${name} was closed before it answered.`);
		expectNoTryAgain(result.items[0].json.recoveredAfter);
	});

	test('a stale payout with the same ID exists: refused before the create is sent', async () => {
		provider.addStale('stale-1');
		const result = await run('stale-1');

		expect(creates()).toBe(0);
		expect(lookups()).toBe(1);
		expect(result.items).toEqual([]);
		expect(result.error.message).toMatch(
			new RegExp(`^${name} already has a different payout with ${provider.idLabel} "stale-1" \\(.*amount 500(\\.00)?, not 1[02]00.*\\)\\. Nothing was sent for this item: give this payout its own ${provider.idLabel}\\.$`),
		);
		expect(result.error.message).toContain('wallet');
	});

	test('a stale payout appears only after the lost answer: never reported as this one; state unknown', async () => {
		let created = false;
		fake.api.intercept((request) => {
			if (request.path === provider.CREATE) {
				created = true;
				provider.addStale('stale-2');
				return { destroy: true };
			}
			return undefined;
		});
		const result = await run('stale-2');

		expect(created).toBe(true);
		expect(creates()).toBe(1);
		expect(lookups()).toBe(2);
		expect(result.items).toEqual([]);
		expect(result.error.message).toMatch(
			new RegExp(`^${name} payout "stale-2": state unknown\\. The connection to ${name} was closed before it answered\\. A different payout already uses ${provider.idLabel} "stale-2" \\(.*amount 500.*\\), so it is not this one\\. Check the payouts in`),
		);
		expectNoTryAgain(result.error.message);
	});

	test('the lookups fail after the lost answer: state unknown, with the lookup’s failure', async () => {
		script({ recorded: false, lookupAnswer: { status: 502, body: '<h1>Bad gateway</h1>' } });
		const result = await run('lookup-fails');

		expect(creates()).toBe(1);
		expect(lookups()).toBe(1 + LOOKUPS_IN_WINDOW);
		expect(result.error.message).toMatch(new RegExp(`^${name} payout "lookup-fails": state unknown\\.`));
		expect(result.error.description).toContain(`could not: ${name} sent a response that is not JSON`);
	});

	test('the lookup before the create fails: nothing is sent, and the error says so', async () => {
		fake.api.intercept((request) => (request.path === provider.LOOKUP ? { status: 503, body: '<h1>maintenance</h1>' } : undefined));
		const result = await run('precheck-fails');

		expect(creates()).toBe(0);
		expect(lookups()).toBe(1);
		expect(result.error.message).toMatch(
			new RegExp(`^Nothing was sent to ${name}: the node looks ${provider.idLabel} "precheck-fails" up before it creates the payout`),
		);
	});

	test('a clear refusal of the create (HTTP 4xx from the provider) is its error, with no lookup after it', async () => {
		const refusal = name === 'aaio'
			? { status: 400, body: { type: 'error', code: 400, message: 'Неверный кошелёк' } }
			: { status: 422, body: { data: null, error: 'Недействительный кошелёк.', status: 422, status_check: false } };
		fake.api.intercept((request) => (request.path === provider.CREATE ? refusal : undefined));
		const result = await run('refused-1');

		expect(creates()).toBe(1);
		expect(lookups()).toBe(1);
		expect(result.error.message).toMatch(/кошел[её]к/);
	});

	test('two items with the same ID in one run: the second is refused before sending, paired to its item', async () => {
		const items = [{ json: { n: 1 } }, { json: { n: 2 } }];
		const result = await run('twice-1', { items, settings: { onError: 'continueRegularOutput' } });

		expect(creates()).toBe(1);
		expect(provider.records('twice-1')).toHaveLength(1);
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json).toMatchObject({ alreadyExisted: false, recoveredAfter: null });
		expect(result.items[1].json.error).toBe(
			`Item 2 has the ${provider.idLabel} "twice-1" of item 1, which this run already pays out. Nothing was sent for this item: give each payout its own ${provider.idLabel}.`,
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('Retry On Fail after a lost answer never sends the create again; it finds the payout once it shows', async () => {
		// Recorded, but invisible to every lookup of the first try (3 in the window).
		script({ recorded: true, visibleFrom: LOOKUPS_IN_WINDOW + 1 });
		const result = await runNode({
			type: name,
			parameters: provider.parameters('retry-1', QUICK),
			credentials: { [`${name}Api`]: { ...SANDBOX[name], baseUrl: fake.api.url } },
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});

		expect(creates()).toBe(1);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.recoveredAfter).toContain('An earlier try of this item got no clear answer');
		expect(provider.records('retry-1')).toHaveLength(1);
	});

	test('Retry On Fail when nothing was recorded: every try only looks, one create in all', async () => {
		script({ recorded: false });
		const result = await runNode({
			type: name,
			parameters: provider.parameters('retry-2', QUICK),
			credentials: { [`${name}Api`]: { ...SANDBOX[name], baseUrl: fake.api.url } },
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});

		expect(creates()).toBe(1);
		expect(lookups()).toBe(1 + 2 * LOOKUPS_IN_WINDOW);
		expect(result.error.message).toContain('state unknown');
		expect(provider.records('retry-2')).toHaveLength(0);
	});

	test('re-running the workflow after a lost answer: the payout is found first and not paid again', async () => {
		script({ recorded: true, visibleFrom: Infinity });
		const first = await run('rerun-1');
		expect(first.error.message).toContain('state unknown');

		fake.api.intercept(undefined);
		const second = await run('rerun-1');

		expect(creates()).toBe(1);
		expect(second.error).toBeUndefined();
		expect(second.items[0].json).toMatchObject({ alreadyExisted: true, recoveredAfter: null });
		expect(provider.records('rerun-1')).toHaveLength(1);
	});

	test.each([
		['1004.9999999999999 (from 1.005 * 1000)', '={{ 1.005 * 1000 }}'],
		['0.30000000000000004 (from 0.1 + 0.2)', '={{ 0.1 + 0.2 }}'],
		['10.999', '10.999'],
		['"1e2"', '={{ "1e2" }}'],
		['400 digits', '9'.repeat(400)],
	])('the amount %s is refused before any request', async (_, amount) => {
		const result = await run('amount-1', { extra: { amount } });

		expect(result.error.message).toMatch(/^The (A|a)mount /);
		expect(creates()).toBe(0);
		expect(lookups()).toBe(0);
	});
});
