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
const { invokeAsAgentTool, runNode, runWorkflow } = require('../helpers/n8n-engine');

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
		/** The ID a request looks up or creates. */
		idOf: (request) => new URLSearchParams(request.body).get('my_id') ?? undefined,
		isProbe: (request) => {
			const id = new URLSearchParams(request.body).get('my_id');
			return !id || id.startsWith('n8n-probe-');
		},
		/** A lookup answer holding `record`. */
		found: (record) => ({ status: 200, body: { type: 'success', ...record } }),
		/** The record of `id` as the sandbox holds it, with `fields` changed (undefined removes one). */
		recordOf: (id, fields = {}) => withFields({ ...fake.api.state.aaio.payoffs.find((payoff) => payoff.my_id === id) }, fields),
		echoes: { id: 'my_id', wallet: 'wallet', method: 'method', amounts: ['amount', 'amount_down'] },
		/** Each wallet, for each method, as the provider may echo it (same payout), and as it must not be read. */
		wallets: {
			same: [
				['cards_ru', '2200700098765432', '2200 7000 9876 5432'],
				['cards_ru', '2200700098765432', '2200 70** **** 5432'],
				['cards_ru', '2200700098765432', '220070******5432'],
				['qiwi', '+79001234567', '79001234567'],
				['qiwi', '+79001234567', '+7 (900) 123-45-67'],
				['tether_erc20', '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01', '0xabcdef0123456789abcdef0123456789abcdef01'],
			],
			unclear: [
				['qiwi', '+79001234567', '89001234567'],
				['tether_trc20', 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8', 'tjrabprwbzy45sbavfcjinpjc18kjprtv8'],
				['cards_ru', '2200700098765432', '****************'],
			],
		},
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
		idOf: (request) => request.query.order_id ?? (request.body ? JSON.parse(request.body).order_id : undefined),
		isProbe: () => false,
		found: (record) => ({ status: 200, body: { data: record, status: 200, status_check: true } }),
		recordOf: (id, fields = {}) => withFields({ ...fake.api.state.morune.payouts.find((payout) => payout.order_id === id) }, fields),
		echoes: { id: 'order_id', wallet: 'wallet', method: 'service', amounts: ['amount'] },
		wallets: {
			same: [
				['card', '5536910012345678', '5536 9100 1234 5678'],
				['card', '5536910012345678', '553691******5678'],
				['card', '5536910012345678', '5536 91** **** 5678'],
				['qiwi', '+79001234567', '79001234567'],
				['usdt_erc20', '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01', '0xABCDEF0123456789ABCDEF0123456789ABCDEF01'],
			],
			unclear: [
				['qiwi', '+79001234567', '8 900 123 45 67'],
				['usdt_trc20', 'TJRabPrwbZy45sbavfcjinPJC18kjpRTv8', 'TJRABPRWBZY45SBAVFCJINPJC18KJPRTV8'],
				['card', '5536910012345678', '553***'],
			],
		},
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

/** `record` with `fields` set, and those given as undefined removed. */
function withFields(record, fields) {
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined) delete record[key];
		else record[key] = value;
	}
	return record;
}

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
	/** Lookups of a payout's own ID; aaio's probes (an ID nobody has, no ID) are `probes`. */
	const lookups = () => fake.api.requests.filter((request) => request.path === provider.LOOKUP && !provider.isProbe(request)).length;
	const probes = () => fake.api.requests.filter((request) => request.path === provider.LOOKUP && provider.isProbe(request)).length;

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
		// aaio's "not found" is learned once, from a lookup of an ID nobody has and one without an ID.
		expect(probes()).toBe(name === 'aaio' ? 2 : 0);
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
		expect(result.error.description).toContain(`and every lookup failed: ${name} sent a response that is not JSON`);
		expect(result.error.description).not.toContain('found no payout');
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

	// --- A found record must be the one looked up, and show what was sent (issue 23, 2) -----------

	/** Pays `id` once through the sandbox, so that it has a record, and forgets that run's requests. */
	async function payOnce(id, extra = {}) {
		const result = await run(id, { extra });
		expect(result.error).toBeUndefined();
		fake.api.requests.length = 0;
		require('../helpers/n8n-engine').forgetPayoutMemory();
	}
	/** Answers lookups of `id` with `answer(request)` (undefined: the sandbox's own answer). */
	const answerLookupsOf = (id, answer) =>
		fake.api.intercept((request) => (request.path === provider.LOOKUP && provider.idOf(request) === id ? answer(request) : undefined));

	test('the lookup answers with a payout of another ID: nothing is sent, and it is not reported', async () => {
		await payOnce('other-1');
		answerLookupsOf('mine-1', () => provider.found(provider.recordOf('other-1')));
		const result = await run('mine-1');

		expect(creates()).toBe(0);
		expect(lookups()).toBe(1);
		expect(result.items).toEqual([]);
		expect(result.error.message).toContain(`answered the lookup of ${provider.idLabel} "mine-1" with a payout that has the ${provider.idLabel} "other-1"`);
		expect(result.error.message).toMatch(/^Nothing was sent to /);
	});

	test('the lookup answers with a payout that shows no ID: nothing is sent', async () => {
		await payOnce('noid-1');
		answerLookupsOf('noid-2', () => provider.found(provider.recordOf('noid-1', { [provider.echoes.id]: undefined })));
		const result = await run('noid-2');

		expect(creates()).toBe(0);
		expect(result.error.message).toContain(`with a payout that has no ${provider.idLabel}`);
	});

	test('a record of this ID that shows no amount, method or wallet: nothing is sent, never reported as existing', async () => {
		await payOnce('bare-1');
		const bare = Object.fromEntries([provider.echoes.method, provider.echoes.wallet, ...provider.echoes.amounts].map((field) => [field, undefined]));
		answerLookupsOf('bare-1', () => provider.found(provider.recordOf('bare-1', bare)));
		// A request no payout of this ID was made with: 99999 RUB.
		const result = await run('bare-1', { extra: { amount: '99999' } });

		expect(creates()).toBe(0);
		expect(result.items).toEqual([]);
		expect(result.error.message).toBe(
			`${name} already has a payout with ${provider.idLabel} "bare-1", and the node cannot tell whether it is this one (amount not shown; ${name === 'aaio' ? 'method' : 'service'} not shown; wallet not shown). ` +
				`Nothing was sent for this item. Check the payouts in ${provider.cabinet} (${name === 'aaio' ? 'aaio.so → Выводы' : 'Выводы'}) for ${provider.idLabel} "bare-1".`,
		);
		expect(result.error.message).not.toMatch(/own Order ID/);
	});

	test('after a lost answer, a record of this ID that shows no wallet is not reported: state unknown', async () => {
		let created = false;
		fake.api.intercept((request) => {
			if (request.path === provider.CREATE) {
				created = true;
				provider.route(request);
				return { destroy: true };
			}
			if (request.path === provider.LOOKUP && created) return provider.found(provider.recordOf('bare-2', { [provider.echoes.wallet]: undefined }));
			return undefined;
		});
		const result = await run('bare-2');

		expect(creates()).toBe(1);
		expect(lookups()).toBe(2);
		expect(result.items).toEqual([]);
		expect(result.error.message).toContain(`has a payout with ${provider.idLabel} "bare-2", but the node cannot tell whether it is this one (wallet not shown)`);
		expect(result.error.description).not.toMatch(/own Order ID/);
	});

	// --- Wallets compared as the provider writes them (issue 23, 3) ---------------------------------

	/** A payout of the default method and wallet, whose record the lookup shows with `method` and `echoed`. */
	async function recordShowing(id, method, echoed) {
		await payOnce(id);
		answerLookupsOf(id, () => provider.found(provider.recordOf(id, { [provider.echoes.method]: method, [provider.echoes.wallet]: echoed })));
	}

	test.each(provider.wallets.same)('%s wallet %s echoed as "%s" is the same payout: reported, nothing sent', async (method, wallet, echoed) => {
		await recordShowing('wallet-same', method, echoed);
		const result = await run('wallet-same', { extra: { method, wallet } });

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ alreadyExisted: true });
		expect(creates()).toBe(0);
	});

	test.each(provider.wallets.unclear)('%s wallet %s echoed as "%s" may be the same: nothing sent, no advice of a new ID', async (method, wallet, echoed) => {
		await recordShowing('wallet-unclear', method, echoed);
		const result = await run('wallet-unclear', { extra: { method, wallet } });

		expect(creates()).toBe(0);
		expect(result.error.message).toContain('the node cannot tell whether it is this one');
		expect(result.error.message).not.toMatch(/own Order ID|different payout/);
	});

	test('a wallet that really differs is another payout: refused, with the advice of its own ID', async () => {
		await recordShowing('wallet-other', name === 'aaio' ? 'cards_ru' : 'card', '2200700011110000');
		const result = await run('wallet-other');

		expect(creates()).toBe(0);
		expect(result.error.message).toMatch(/already has a different payout .*wallet 2200700011110000, not .*give this payout its own Order ID\.$/);
	});

	// --- One ID, one payout per execution (issue 23, 4) ---------------------------------------------

	/** The record of `id` stays invisible to lookups for `lagMs` after its create. */
	function lagRecords(lagMs) {
		let createdAt;
		fake.api.intercept((request) => {
			if (request.path === provider.CREATE) createdAt = Date.now();
			if (request.path === provider.LOOKUP && createdAt !== undefined && Date.now() - createdAt < lagMs && !provider.isProbe(request)) {
				return provider.notFound;
			}
			return undefined;
		});
	}
	const payoutNode = (id, extra = {}) => ({ type: name, parameters: provider.parameters(id, { ...QUICK, ...extra }), credentials: { [`${name}Api`]: { ...SANDBOX[name], baseUrl: fake.api.url } } });

	test('a second payout node with the same ID in one execution, the record lagging 2 s: one create; the first payout reported', async () => {
		lagRecords(2000);
		const result = await runWorkflow({ nodes: [payoutNode('exec-1'), payoutNode('exec-1')] });

		expect(result.error).toBeUndefined();
		expect(creates()).toBe(1);
		expect(provider.records('exec-1')).toHaveLength(1);
		const [first] = result.runData['Node 1'][0].data.main[0];
		expect(first.json).toMatchObject({ orderId: 'exec-1', alreadyExisted: false });
		expect(result.items[0].json).toMatchObject({ id: first.json.id, orderId: 'exec-1', alreadyExisted: true, recoveredAfter: null });
	});

	test('a second payout node with the same ID but another amount in one execution: refused before sending', async () => {
		lagRecords(2000);
		const result = await runWorkflow({ nodes: [payoutNode('exec-2'), { ...payoutNode('exec-2', { amount: '1500' }), settings: { onError: 'continueRegularOutput' } }] });

		expect(creates()).toBe(1);
		expect(result.items[0].json.error).toMatch(new RegExp(`^${provider.idLabel} "exec-2" was already used in this execution for another payout \\(amount "?1500"?, not "?1[02]00"?\\)\\. Nothing was sent for this item`));
	});

	test('the same ID in another execution relies on the lookup (found: reported, not paid again)', async () => {
		await run('exec-3');
		await run('exec-3');

		expect(creates()).toBe(1);
	});

	// --- An AI agent's calls (issue 23, 5) -----------------------------------------------------------

	const agent = (parameters, toolArgs = {}) =>
		invokeAsAgentTool({
			type: name,
			parameters: { ...parameters, allowAgentPayouts: true },
			credentials: { [`${name}Api`]: { ...SANDBOX[name], baseUrl: fake.api.url } },
			toolArgs,
		});

	test('an agent calls twice with the same ID but another amount and wallet: the second is refused, one create', async () => {
		const fromModel = { amount: '={{ $fromAI("amount", "", "string") }}', wallet: '={{ $fromAI("wallet", "", "string") }}' };
		const firstRequest = name === 'aaio' ? { amount: '1200', wallet: '2200700098765432' } : { amount: '1000', wallet: '5536910012345678' };
		const { answer, invoke } = await agent(provider.parameters('agent-2', fromModel), firstRequest);
		const first = JSON.parse(await answer);
		const second = await invoke({ amount: '1100', wallet: '2200700011112222' }).then(String, (error) => error.message);

		expect(first[0]).toMatchObject({ orderId: 'agent-2', alreadyExisted: false });
		expect(creates()).toBe(1);
		expect(second).toMatch(new RegExp(`${provider.idLabel} "agent-2" was already used in this execution for another payout \\(amount "?1100"?, not "?1[02]00"?; wallet`));
		expect(second).not.toContain('alreadyExisted');
	});

	test('an agent calls twice with the same request: the second gets the first payout as existing, one create', async () => {
		const { answer, invoke } = await agent(provider.parameters('agent-3'));
		const first = JSON.parse(await answer);
		const second = JSON.parse(await invoke({}));

		expect(creates()).toBe(1);
		expect(first[0]).toMatchObject({ orderId: 'agent-3', alreadyExisted: false });
		expect(second[0]).toMatchObject({ id: first[0].id, orderId: 'agent-3', alreadyExisted: true });
	});

	test('"Allow AI Agents to Create Payouts" set by the model ($fromAI) is off: nothing is sent', async () => {
		const { answer } = await invokeAsAgentTool({
			type: name,
			parameters: { ...provider.parameters('agent-4'), allowAgentPayouts: '={{ $fromAI("allow", "", "boolean") }}' },
			credentials: { [`${name}Api`]: { ...SANDBOX[name], baseUrl: fake.api.url } },
			toolArgs: { allow: true },
		});

		await expect(answer).rejects.toThrow(/^Payouts are off for AI agents/);
		expect(fake.api.requests).toHaveLength(0);
	});

	// --- Words and bounds (issue 23, 6) --------------------------------------------------------------

	test('state unknown after rate-limited lookups: no advice of the lookup error, no double stop, not "found no payout"', async () => {
		script({ recorded: false, lookupAnswer: { status: 429, headers: { 'retry-after': '30' }, body: name === 'aaio' ? { type: 'error', code: 429, message: 'Too many requests.' } : { data: null, error: 'Too many requests.', status: 429, status_check: false } } });
		const result = await run('words-1');

		const text = `${result.error.message} ${result.error.description}`;
		expect(result.error.message).toMatch(new RegExp(`^${name} payout "words-1": state unknown\\.`));
		expect(text).not.toMatch(/Try again later|Retry after 30 s|\.\./);
		expect(text).not.toContain('found no payout');
		expect(result.error.description).toContain('every lookup failed');
		expect(creates()).toBe(1);
	});

	test.each([
		['1e7 from an expression', '={{ 1e7 }}', '10000000'],
		['-1', '={{ -1 }}', '-1'],
		['not a number', '={{ "soon" }}', 'soon'],
	])('a Lookup Window of %s is refused before anything is sent', async (_, lookupWindow, shown) => {
		const result = await run('bounds-1', { extra: { lookupWindow } });

		expect(result.error.message).toBe(`Lookup Window (Seconds) must be a number from 0 to 120, not ${shown}. Nothing was sent to ${name}.`);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('a Timeout above 2^31-1 ms is refused before anything is sent (a Node timer would fire after 1 ms)', async () => {
		const result = await run('bounds-2', { extra: { requestOptions: { timeout: 2 ** 31 } } });

		expect(result.error.message).toBe(`Timeout under Request Options must be at most ${2 ** 31 - 1 - 1000} ms (about 24 days), not ${2 ** 31}. Nothing was sent.`);
		expect(fake.api.requests).toHaveLength(0);
	});
});
