'use strict';
const { createPoller, loadPackage } = require('../helpers/n8n-engine');
const { SANDBOX, useFakeApi, expectNoSecrets } = require('../helpers/fixtures');

const fake = useFakeApi();

const aaioCredentials = () => ({ aaioApi: { apiKey: SANDBOX.aaio.apiKey, baseUrl: fake.api.url } });
const moruneCredentials = () => ({ moruneApi: { ...SANDBOX.morune, baseUrl: fake.api.url } });
const aaioPoller = (parameters) =>
	createPoller({ type: 'aaioBalanceTrigger', parameters, credentials: aaioCredentials() });
const setAaio = (balance) => Object.assign(fake.api.state.aaio.balance, balance);

describe('Aaio Balance Trigger, polled by n8n', () => {
	test('is a polling trigger with the Poll Times setting n8n adds', async () => {
		const { description } = (await loadPackage()).nodeTypes.aaioBalanceTrigger.type;

		expect(description.polling).toBe(true);
		expect(description.inputs).toEqual([]);
		expect(description.properties.map((property) => property.name)).toEqual(
			expect.arrayContaining(['pollTimes', 'event', 'threshold', 'fireOnFirstCheck']),
		);
	});

	test('Balance changed: no fire on the first poll, one fire per change, none while unchanged', async () => {
		const trigger = await aaioPoller({ event: 'balanceChanged' });

		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();

		setAaio({ balance: 1700.03 });
		const fired = await trigger.poll();
		expect(fired).toHaveLength(1);
		expect(fired[0].json).toEqual({
			provider: 'aaio',
			currency: 'RUB',
			available: 1700.03,
			frozen: 120.5,
			referral: 346.49,
			total: 2167.02,
			checkedAt: expect.any(String),
			previous: {
				available: 1592.03,
				frozen: 120.5,
				referral: 346.49,
				total: 2059.02,
				currency: 'RUB',
				checkedAt: expect.any(String),
			},
			change: { available: 108, frozen: 0, referral: 0, total: 108 },
			event: 'balanceChanged',
			afterRestart: false,
			possibleRepeat: false,
			possibleRepeatReason: null,
		});
		expect(await trigger.poll()).toBeNull();

		setAaio({ hold: 0 }); // a frozen amount released: total changes, available does not
		expect((await trigger.poll())[0].json.change).toEqual({
			available: 0,
			frozen: -120.5,
			referral: 0,
			total: -120.5,
		});
		expect(fake.api.requests).toHaveLength(5);
	});

	test('Fell below: fires once on crossing, not while under, again after recovering', async () => {
		const trigger = await aaioPoller({ event: 'fellBelow', threshold: 1000 });

		expect(await trigger.poll()).toBeNull(); // 1592.03: baseline
		setAaio({ balance: 999.99 });
		const fired = await trigger.poll();
		expect(fired).toHaveLength(1);
		expect(fired[0].json).toMatchObject({ available: 999.99, previous: { available: 1592.03 } });
		expect(fired[0].json.change.available).toBe(-592.04);

		setAaio({ balance: 500 });
		expect(await trigger.poll()).toBeNull(); // still under: no repeat
		setAaio({ balance: 1000 });
		expect(await trigger.poll()).toBeNull(); // back at the line: re-armed, nothing to say
		setAaio({ balance: 10 });
		expect(await trigger.poll()).toHaveLength(1); // crossed again
	});

	test('Rose above: fires once on crossing', async () => {
		setAaio({ balance: 100 });
		const trigger = await aaioPoller({ event: 'roseAbove', threshold: 5000 });

		expect(await trigger.poll()).toBeNull();
		setAaio({ balance: 5000.01 });
		expect(await trigger.poll()).toHaveLength(1);
		setAaio({ balance: 7000 });
		expect(await trigger.poll()).toBeNull();
	});

	test('the first poll fires with Fire on First Check when the event already holds', async () => {
		setAaio({ balance: 10 });
		const under = await aaioPoller({ event: 'fellBelow', threshold: 1000, fireOnFirstCheck: true });
		const first = await under.poll();
		expect(first).toHaveLength(1);
		expect(first[0].json).toMatchObject({ available: 10, previous: null, change: null });
		expect(await under.poll()).toBeNull();

		setAaio({ balance: 5000 });
		const notUnder = await aaioPoller({ event: 'fellBelow', threshold: 1000, fireOnFirstCheck: true });
		expect(await notUnder.poll()).toBeNull();

		const changed = await aaioPoller({ event: 'balanceChanged', fireOnFirstCheck: true });
		expect(await changed.poll()).toHaveLength(1);
	});

	test('a failed poll surfaces the provider error and keeps the baseline', async () => {
		const trigger = await aaioPoller({ event: 'fellBelow', threshold: 1000 });
		expect(await trigger.poll()).toBeNull();
		const baseline = trigger.staticData();
		expect(baseline.lastBalance.available).toBe(1592.03);

		fake.api.intercept(() => ({ status: 503, body: { type: 'error', code: 503, message: 'Техработы' } }));
		await expect(trigger.poll()).rejects.toThrow('aaio server error (HTTP 503): Техработы. Try again later.');
		fake.api.intercept(() => ({ hang: true }));
		await expect(trigger.poll()).rejects.toThrow('aaio did not answer within 10 s.');
		fake.api.intercept(undefined);
		expect(trigger.staticData()).toEqual(baseline);

		setAaio({ balance: 900 });
		const fired = await trigger.poll();
		expect(fired[0].json.previous.available).toBe(1592.03);
	}, 20_000);

	test('a wrong key surfaces the provider message, without the key', async () => {
		const trigger = await createPoller({
			type: 'aaioBalanceTrigger',
			parameters: { event: 'balanceChanged' },
			credentials: { aaioApi: { apiKey: 'wrong-key-for-trigger-123', baseUrl: fake.api.url } },
		});
		const error = await trigger.poll().catch((caught) => caught);

		expect(error.message).toBe(
			'aaio rejected the credentials (HTTP 401): Неверный ключ API. Check the Aaio API credential.',
		);
		expectNoSecrets({ items: [], error }, ['wrong-key-for-trigger-123']);
	});

	test('an empty key is refused before any request', async () => {
		const trigger = await createPoller({
			type: 'aaioBalanceTrigger',
			parameters: { event: 'balanceChanged' },
			credentials: { aaioApi: { apiKey: ' ', baseUrl: fake.api.url } },
		});

		await expect(trigger.poll()).rejects.toThrow('The API key in the Aaio API credential is empty.');
		expect(fake.api.requests).toHaveLength(0);
	});

	test('Fetch test event (manual) returns the current balance and records nothing', async () => {
		const trigger = await aaioPoller({ event: 'fellBelow', threshold: 1000 });

		const manual = await trigger.poll('manual');
		expect(manual).toHaveLength(1);
		expect(manual[0].json).toMatchObject({ provider: 'aaio', available: 1592.03, previous: null });
		expect(trigger.staticData()).toEqual({});

		expect(await trigger.poll()).toBeNull(); // the first real poll still only records
		expect((await trigger.poll('manual'))[0].json.previous).toEqual({
			available: 1592.03,
			frozen: 120.5,
			referral: 346.49,
			total: 2059.02,
			currency: 'RUB',
			checkedAt: expect.any(String),
		});
	});
});

describe('Morune Balance Trigger, polled by n8n', () => {
	test('polls the same balance request and fires on a change with referral null', async () => {
		const trigger = await createPoller({
			type: 'moruneBalanceTrigger',
			parameters: { event: 'balanceChanged' },
			credentials: moruneCredentials(),
		});

		expect(await trigger.poll()).toBeNull();
		Object.assign(fake.api.state.morune.balance, { active_balance: 15234.5, freeze_balance: 0 });
		const fired = await trigger.poll();

		expect(fired[0].json).toMatchObject({
			provider: 'morune',
			available: 15234.5,
			frozen: 0,
			referral: null,
			total: 15234.5,
			change: { available: 1200, frozen: -1200, referral: null, total: 0 },
		});
		expect(fake.api.requests[0]).toMatchObject({
			method: 'GET',
			path: `/account/users/${SANDBOX.morune.userId}/balance`,
		});
		expect(fake.api.requests[0].headers['x-api-signature-sha256']).toBe(SANDBOX.morune.secretKey);
	});

	test('a user ID that is not a UUID is refused before any request', async () => {
		const trigger = await createPoller({
			type: 'moruneBalanceTrigger',
			parameters: { event: 'balanceChanged' },
			credentials: { moruneApi: { ...SANDBOX.morune, userId: 'shop-1', baseUrl: fake.api.url } },
		});

		await expect(trigger.poll()).rejects.toThrow('must be the account UUID');
		expect(fake.api.requests).toHaveLength(0);
	});
});
