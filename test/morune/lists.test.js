'use strict';
// Payment Method → Get Many (morune's payment tariffs) and SBP Bank → Get Many: one item of the
// shared schema per entry.
const { useFakeApi } = require('../helpers/fixtures');
const { MORUNE_ACCOUNT: ACCOUNT, runOperation } = require('../helpers/fixtures');

const fake = useFakeApi();
const methods = (fields = {}) => ({ resource: 'paymentMethod', operation: 'getAll', ...fields });
const banks = (fields = {}) => ({ resource: 'sbpBank', operation: 'getAll', ...fields });
const ok = (data) => ({ body: { data, status: 200, status_check: true } });
const unreadable = (field) =>
	`morune sent an answer without a valid "${field}" field. Turn off Simplify to see the answer as it came.`;

describe('Payment Method → Get Many', () => {
	test('a GET on the shop path; one payment method per tariff, fees and limits as numbers', async () => {
		const result = await runOperation(fake.api, { parameters: methods() });

		const [request] = fake.api.requests;
		expect(request).toMatchObject({ method: 'GET', path: `/shops/${ACCOUNT.shopId}/payment-tariffs`, query: {}, body: '' });
		expect(result.items.map((item) => item.json.code)).toEqual(['card', 'sbp', 'qiwi', 'tether_trc20']);
		for (const item of result.items) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(Object.keys(item.json)[0]).toBe('provider');
		}
		expect(result.items[0].json).toEqual({
			provider: 'morune',
			code: 'card',
			name: 'Банковская карта',
			enabled: true,
			min: { RUB: 100 },
			max: { RUB: 300000 },
			commissionPercent: 4.5,
			commissionFixed: 0,
			morune: { shopPercent: 4.5, userPercent: 0, providerStatus: 'enabled' },
		});
		// qiwi comes with its numbers as strings, and disabled.
		expect(result.items[2].json).toEqual({
			provider: 'morune',
			code: 'qiwi',
			name: 'QIWI',
			enabled: false,
			min: { RUB: 50 },
			max: { RUB: 15000 },
			commissionPercent: 6,
			commissionFixed: 5,
			morune: { shopPercent: 6, userPercent: 0, providerStatus: 'disabled' },
		});
		// No upper limit.
		expect(result.items[3].json).toMatchObject({ code: 'tether_trc20', min: { RUB: 1000 }, max: null });
	});

	test('the limits are keyed by the currency of the tariff', async () => {
		fake.api.intercept(() =>
			ok({ tariffs: [{ percent: 1, fix: 0, minSum: '10.00', maxSum: 500, service: 'card_usd', currency: 'USD', status: 'enabled' }] }),
		);
		const [item] = (await runOperation(fake.api, { parameters: methods() })).items;

		expect(item.json).toMatchObject({ code: 'card_usd', name: null, min: { USD: 10 }, max: { USD: 500 } });
	});

	test('Enabled Only returns only the enabled methods', async () => {
		const result = await runOperation(fake.api, { parameters: methods({ enabledOnly: true }) });

		expect(result.items.map((item) => [item.json.code, item.json.enabled, item.json.morune.providerStatus])).toEqual([
			['card', true, 'enabled'],
			['sbp', true, 'enabled'],
			['tether_trc20', true, 'enabled'],
		]);
	});

	test('with Simplify off, returns the body as it came, one item', async () => {
		const result = await runOperation(fake.api, { parameters: methods({ simplify: false, enabledOnly: true }) });

		expect(result.items).toEqual([
			{ json: { data: { tariffs: fake.api.state.morune.tariffs }, status: 200, status_check: true }, pairedItem: { item: 0 } },
		]);
	});

	test('each input item gets its own methods, paired to it', async () => {
		const result = await runOperation(fake.api, { parameters: methods({ enabledOnly: true }), items: [{ json: {} }, { json: {} }] });

		expect(fake.api.requests).toHaveLength(2);
		expect(result.items.map((item) => item.pairedItem.item)).toEqual([0, 0, 0, 1, 1, 1]);
	});

	test('a shop without tariffs gives no items', async () => {
		fake.api.intercept(() => ok({ tariffs: [] }));
		const result = await runOperation(fake.api, { parameters: methods() });

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
	});

	test.each([
		['without a tariff list', { tariffs: null }, 'data.tariffs'],
		['with a tariff list that is not a list', { tariffs: { card: {} } }, 'data.tariffs'],
		['with a tariff without a service', { tariffs: [{ percent: 1, status: 'enabled', currency: 'RUB' }] }, 'data.tariffs[].service'],
		['with a tariff without a status', { tariffs: [{ percent: 1, service: 'card', currency: 'RUB' }] }, 'data.tariffs[].status'],
		['with a limit but no currency', { tariffs: [{ minSum: 10, service: 'card', status: 'enabled' }] }, 'data.tariffs[].minSum'],
		['with a fee that is not a number', { tariffs: [{ percent: 'n/a', fix: '0.00', service: 'card', status: 'enabled' }] }, 'data.tariffs[].percent'],
	])('an answer %s is an error that names the field', async (_, data, field) => {
		fake.api.intercept(() => ok(data));
		const result = await runOperation(fake.api, { parameters: methods() });

		expect(result.error.message).toBe(unreadable(field));
	});

	test('optional fields morune leaves out are null; a fee sent as "0.00" is the number 0', async () => {
		fake.api.intercept(() => ok({ tariffs: [{ fix: '0.00', service: 'card', status: 'enabled' }] }));
		const result = await runOperation(fake.api, { parameters: methods() });

		expect(result.items).toEqual([
			{
				json: {
					provider: 'morune',
					code: 'card',
					name: null,
					enabled: true,
					min: null,
					max: null,
					commissionPercent: null,
					commissionFixed: 0,
					morune: { shopPercent: null, userPercent: null, providerStatus: 'enabled' },
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('SBP Bank → Get Many', () => {
	test('a GET with the user ID in the query; one SBP bank per bank', async () => {
		const result = await runOperation(fake.api, { parameters: banks() });

		const [request] = fake.api.requests;
		expect(request).toMatchObject({ method: 'GET', path: '/payoff/get-sbp-bank-list', body: '' });
		expect(request.query).toEqual({ user_id: ACCOUNT.userId });
		expect(result.items).toEqual([
			{ json: { provider: 'morune', id: '100000000111', name: 'Сбербанк', icon: null }, pairedItem: { item: 0 } },
			{ json: { provider: 'morune', id: '100000000004', name: 'Т-Банк', icon: null }, pairedItem: { item: 0 } },
			{ json: { provider: 'morune', id: '100000000008', name: 'Альфа-Банк', icon: null }, pairedItem: { item: 0 } },
			{ json: { provider: 'morune', id: '100000000005', name: 'ВТБ', icon: null }, pairedItem: { item: 0 } },
		]);
		for (const item of result.items) expect(Object.keys(item.json)[0]).toBe('provider');
	});

	test('a bank ID morune sends as a number is a text', async () => {
		fake.api.intercept(() => ok({ banks: [{ id: 100000000111, name: 'Сбербанк' }] }));
		const [item] = (await runOperation(fake.api, { parameters: banks() })).items;

		expect(item.json).toEqual({ provider: 'morune', id: '100000000111', name: 'Сбербанк', icon: null });
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await runOperation(fake.api, { parameters: banks({ simplify: false }) });

		expect(result.items).toEqual([
			{ json: { data: { banks: fake.api.state.morune.sbpBanks }, status: 200, status_check: true }, pairedItem: { item: 0 } },
		]);
	});

	test.each([
		['without a bank list', { banks: null }, 'data.banks'],
		['with a bank without a name', { banks: [{ id: '100000000111' }] }, 'data.banks[].name'],
		['with a bank without an ID', { banks: [{ name: 'Сбербанк' }] }, 'data.banks[].id'],
	])('an answer %s is an error that names the field', async (_, data, field) => {
		fake.api.intercept(() => ok(data));
		const result = await runOperation(fake.api, { parameters: banks() });

		expect(result.error.message).toBe(unreadable(field));
	});
});
