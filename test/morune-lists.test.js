'use strict';
// Payment Tariff → Get Many and SBP Bank → Get Many: one item per entry.
const { useFakeApi } = require('./helpers/fixtures');
const { ACCOUNT, runOperation } = require('./morune-fixtures');

const fake = useFakeApi();
const tariffs = (fields = {}) => ({ resource: 'paymentTariff', operation: 'getAll', ...fields });
const banks = (fields = {}) => ({ resource: 'sbpBank', operation: 'getAll', ...fields });
const ok = (data) => ({ body: { data, status: 200, status_check: true } });

describe('Payment Tariff → Get Many', () => {
	test('a GET on the shop path; one item per tariff, fees and limits as numbers', async () => {
		const result = await runOperation(fake.api, { parameters: tariffs() });

		const [request] = fake.api.requests;
		expect(request).toMatchObject({ method: 'GET', path: `/shops/${ACCOUNT.shopId}/payment-tariffs`, query: {}, body: '' });
		expect(result.items.map((item) => item.json.service)).toEqual(['card', 'sbp', 'qiwi', 'tether_trc20']);
		for (const item of result.items) expect(item.pairedItem).toEqual({ item: 0 });
		// qiwi comes with its numbers as strings.
		expect(result.items[2].json).toEqual({
			percent: 6,
			fix: 5,
			minSum: 50,
			maxSum: 15000,
			shopPercent: 6,
			userPercent: 0,
			service: 'qiwi',
			serviceLabel: 'QIWI',
			currency: 'RUB',
			status: 'disabled',
		});
		expect(result.items[3].json.maxSum).toBeNull();
	});

	test('Enabled Only returns only the enabled tariffs', async () => {
		const result = await runOperation(fake.api, { parameters: tariffs({ enabledOnly: true }) });

		expect(result.items.map((item) => [item.json.service, item.json.status])).toEqual([
			['card', 'enabled'],
			['sbp', 'enabled'],
			['tether_trc20', 'enabled'],
		]);
	});

	test('with Simplify off, returns the body as it came, one item', async () => {
		const result = await runOperation(fake.api, { parameters: tariffs({ simplify: false, enabledOnly: true }) });

		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ status: 200, status_check: true });
		expect(result.items[0].json.data.tariffs).toHaveLength(4);
	});

	test('each input item gets its own tariffs, paired to it', async () => {
		const result = await runOperation(fake.api, { parameters: tariffs({ enabledOnly: true }), items: [{ json: {} }, { json: {} }] });

		expect(fake.api.requests).toHaveLength(2);
		expect(result.items.map((item) => item.pairedItem.item)).toEqual([0, 0, 0, 1, 1, 1]);
	});

	test('a shop without tariffs gives no items', async () => {
		fake.api.intercept(() => ok({ tariffs: [] }));
		const result = await runOperation(fake.api, { parameters: tariffs() });

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
	});

	test.each([
		['without a tariff list', { tariffs: null }, 'data.tariffs'],
		['with a tariff without a service', { tariffs: [{ percent: 1, status: 'enabled' }] }, 'data.tariffs[].service'],
	])('an answer %s is an error that names the field', async (_, data, field) => {
		fake.api.intercept(() => ok(data));
		const result = await runOperation(fake.api, { parameters: tariffs() });

		expect(result.error.message).toBe(
			`morune sent an answer without a valid "${field}" field. Turn off Simplify to see the answer as it came.`,
		);
	});

	test('an optional number that morune does not send as one is passed on as it came', async () => {
		fake.api.intercept(() => ok({ tariffs: [{ percent: 'n/a', fix: '0.00', service: 'card', status: 'enabled' }] }));
		const [item] = (await runOperation(fake.api, { parameters: tariffs() })).items;

		expect(item.json).toMatchObject({ percent: 'n/a', fix: 0 });
	});
});

describe('SBP Bank → Get Many', () => {
	test('a GET with the user ID in the query; one item per bank', async () => {
		const result = await runOperation(fake.api, { parameters: banks() });

		const [request] = fake.api.requests;
		expect(request).toMatchObject({ method: 'GET', path: '/payoff/get-sbp-bank-list', body: '' });
		expect(request.query).toEqual({ user_id: ACCOUNT.userId });
		expect(result.items).toEqual([
			{ json: { id: '100000000111', name: 'Сбербанк' }, pairedItem: { item: 0 } },
			{ json: { id: '100000000004', name: 'Т-Банк' }, pairedItem: { item: 0 } },
			{ json: { id: '100000000008', name: 'Альфа-Банк' }, pairedItem: { item: 0 } },
			{ json: { id: '100000000005', name: 'ВТБ' }, pairedItem: { item: 0 } },
		]);
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await runOperation(fake.api, { parameters: banks({ simplify: false }) });

		expect(result.items).toEqual([
			{ json: { data: { banks: expect.any(Array) }, status: 200, status_check: true }, pairedItem: { item: 0 } },
		]);
	});

	test('a bank without a name is an error that names the field', async () => {
		fake.api.intercept(() => ok({ banks: [{ id: '100000000111' }] }));
		const result = await runOperation(fake.api, { parameters: banks() });

		expect(result.error.message).toContain('"data.banks[].name"');
	});
});
