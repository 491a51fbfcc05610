'use strict';
const { useFakeApi } = require('./helpers/fixtures');
const { ACCOUNT, runOperation, moruneError, expectNoMoruneSecrets } = require('./morune-fixtures');

const fake = useFakeApi();
const create = (fields = {}) => ({ resource: 'invoice', operation: 'create', amount: 250.5, orderId: 'order-2001', ...fields });
const get = (fields) => ({ resource: 'invoice', operation: 'get', ...fields });
const sentBody = () => JSON.parse(fake.api.requests[0].body);
const SEEDED = 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a'; // order-1000 in the sandbox, paid

describe('Invoice → Create', () => {
	test('posts JSON with the shop ID from the credential and returns the payment URL', async () => {
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error).toBeUndefined();
		const [request] = fake.api.requests;
		expect(request).toMatchObject({ method: 'POST', path: '/invoice/create' });
		expect(request.headers['content-type']).toContain('application/json');
		expect(sentBody()).toEqual({ shop_id: ACCOUNT.shopId, amount: 250.5, order_id: 'order-2001', currency: 'RUB' });

		const invoice = fake.api.state.morune.invoices.at(-1);
		expect(result.items).toEqual([
			{
				json: {
					id: invoice.invoice_id,
					amount: 250.5,
					currency: 'RUB',
					url: `https://pay.morune.com/pay/${invoice.invoice_id}`,
					expired: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
				},
				pairedItem: { item: 0 },
			},
		]);
		expectNoMoruneSecrets(result);
	});

	test('sends every additional field in the form morune wants', async () => {
		const result = await runOperation(fake.api, {
			parameters: create({
				currency: 'USD',
				additionalFields: {
					comment: 'Заказ №2001',
					customFields: '{"user": 1}',
					excludeService: 'qiwi',
					expire: 60,
					failUrl: 'https://shop.example/failed',
					hookUrl: 'https://shop.example/hook',
					includeService: ' card , sbp,, ',
					successUrl: 'https://shop.example/paid',
				},
			}),
		});

		expect(result.error).toBeUndefined();
		expect(sentBody()).toEqual({
			shop_id: ACCOUNT.shopId,
			amount: 250.5,
			order_id: 'order-2001',
			currency: 'USD',
			comment: 'Заказ №2001',
			custom_fields: '{"user": 1}',
			exclude_service: ['qiwi'],
			expire: 60,
			fail_url: 'https://shop.example/failed',
			hook_url: 'https://shop.example/hook',
			include_service: ['card', 'sbp'],
			success_url: 'https://shop.example/paid',
		});
	});

	test('an amount from an expression as a string is sent as a number; the order ID is trimmed; empty fields are left out', async () => {
		await runOperation(fake.api, {
			parameters: create({
				amount: '={{ "100.50" }}',
				orderId: '  order-2002 ',
				additionalFields: { hookUrl: '', comment: '   ' },
			}),
		});

		expect(sentBody()).toEqual({ shop_id: ACCOUNT.shopId, amount: 100.5, order_id: 'order-2002', currency: 'RUB' });
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await runOperation(fake.api, { parameters: create({ simplify: false }) });

		expect(result.items[0].json).toEqual({
			data: expect.objectContaining({ amount: 250.5, currency: 'RUB' }),
			status: 200,
			status_check: true,
		});
	});

	test('an amount morune sends as a string becomes a number', async () => {
		fake.api.intercept(() => ({
			body: {
				data: { id: SEEDED, amount: '250.50', currency: 'RUB', url: 'https://pay.morune.com/pay/x', expired: '2026-11-23 15:00:00' },
				status: 200,
				status_check: true,
			},
		}));
		const [item] = (await runOperation(fake.api, { parameters: create() })).items;

		expect(item.json.amount).toBe(250.5);
	});

	test('an answer without the payment URL is an error that names the field', async () => {
		fake.api.intercept(() => ({ body: { data: { id: SEEDED, amount: 1 }, status: 200, status_check: true } }));
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error.message).toBe(
			'morune sent an answer without a valid "data.url" field. Turn off Simplify to see the answer as it came.',
		);
	});

	test('a duplicate order ID: morune refuses it, its message shown', async () => {
		const result = await runOperation(fake.api, { parameters: create({ orderId: 'order-1000' }) });

		expect(result.error.message).toBe(
			"morune rejected the request (HTTP 422): Номер заказа должен быть уникальным. Check the node's parameters and the Morune API credential.",
		);
		expect(fake.api.requests).toHaveLength(1);
	});

	test("morune's own field errors are listed field by field", async () => {
		const result = await runOperation(fake.api, { parameters: create({ currency: '={{ "GBP" }}' }) });

		expect(result.error.message).toBe(
			"morune rejected the request (HTTP 422): currency: Выбранное значение для currency некорректно. Check the node's parameters and the Morune API credential.",
		);
	});

	test.each([
		['an amount of 0', { amount: 0 }, 'The Amount 0 must be more than 0.'],
		['a negative amount', { amount: -5 }, 'The Amount -5 must be more than 0.'],
		['an amount with a comma', { amount: '={{ "100,50" }}' }, 'The Amount "100,50" has a comma: write it with a point as the decimal separator and no thousands separator, as 100.50.'],
		['an amount that is not a number', { amount: '={{ "сто" }}' }, 'The Amount "сто" is not a number such as 100 or 100.50.'],
		['an amount with three decimals', { amount: 10.999 }, 'The Amount 10.999 has 3 digits after the decimal point, and morune takes at most 2'],
		['floating-point noise', { amount: '={{ 1.005 * 1000 }}' }, 'The Amount 1004.9999999999999 has 13 digits after the decimal point, and morune takes at most 2'],
		['an empty order ID', { orderId: '  ' }, 'Enter the Order ID.'],
		['an order ID of 256 characters', { orderId: 'x'.repeat(256) }, 'The Order ID is 256 characters long; morune accepts at most 255.'],
		['an expiry that is not whole', { additionalFields: { expire: 1.5 } }, 'The Expire (Minutes) must be a whole number greater than 0 (got 1.5).'],
		['an expiry of 0', { additionalFields: { expire: 0 } }, 'The Expire (Minutes) must be a whole number greater than 0 (got 0).'],
		['a hook URL that is not a URL', { additionalFields: { hookUrl: 'shop.example/hook' } }, 'The Hook URL "shop.example/hook" is not a valid http(s) address, like https://example.com/paid.'],
		['a success URL that is not http(s)', { additionalFields: { successUrl: 'ftp://shop.example/paid' } }, 'The Success URL "ftp://shop.example/paid" is not a valid http(s) address'],
		['a fail URL of 256 characters', { additionalFields: { failUrl: `https://shop.example/${'f'.repeat(235)}` } }, 'The Fail URL is 256 characters long; morune accepts at most 255.'],
		['custom fields that are not JSON', { additionalFields: { customFields: 'user=1' } }, 'The Custom Fields must be JSON, like {"user": 1} (got "user=1").'],
		['a comment of 256 characters', { additionalFields: { comment: 'к'.repeat(256) } }, 'The Comment is 256 characters long; morune accepts at most 255.'],
	])('%s is refused before any request', async (_, fields, message) => {
		const result = await runOperation(fake.api, { parameters: create(fields) });

		expect(result.error.message).toContain(message);
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to morune.");
		expect(fake.api.requests).toHaveLength(0);
	});

	test('with Continue On Fail, an invalid item is an error paired to it and the others are created', async () => {
		const items = [{ json: { amount: 10 } }, { json: { amount: '1,5' } }, { json: { amount: 30 } }];
		const result = await runOperation(fake.api, {
			parameters: create({ amount: '={{ $json.amount }}', orderId: '={{ "order-" + $itemIndex }}' }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});

		expect(fake.api.requests.map((request) => JSON.parse(request.body).amount)).toEqual([10, 30]);
		expect(result.items.map((item) => [item.pairedItem.item, item.json.amount ?? item.json.error])).toEqual([
			[0, 10],
			[1, 'The Amount "1,5" has a comma: write it with a point as the decimal separator and no thousands separator, as 1.5.'],
			[2, 30],
		]);
	});
});

describe('Invoice → Get', () => {
	test('by invoice ID: a GET with the shop ID and invoice ID in the query; amounts as numbers', async () => {
		const result = await runOperation(fake.api, { parameters: get({ invoiceId: SEEDED }) });

		const [request] = fake.api.requests;
		expect(request).toMatchObject({ method: 'GET', path: '/invoice/info', body: '' });
		expect(request.query).toEqual({ shop_id: ACCOUNT.shopId, invoice_id: SEEDED });
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({
					invoice_id: SEEDED,
					order_id: 'order-1000',
					status: 'success',
					invoice_amount: 1500,
					credited: 1432.5,
					commission_amount: 67.5,
					commission_percent: 4.5,
					user_commission_amount: 0,
					custom_field: { user: 1 },
					paid_at: '2026-11-20 10:17:41',
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('by order ID, for an invoice just created', async () => {
		await runOperation(fake.api, { parameters: create({ orderId: 'order-3001' }) });
		const result = await runOperation(fake.api, { parameters: get({ searchBy: 'orderId', orderId: 'order-3001' }) });

		expect(fake.api.requests[1].query).toEqual({ shop_id: ACCOUNT.shopId, order_id: 'order-3001' });
		expect(result.items[0].json).toMatchObject({ order_id: 'order-3001', status: 'created', invoice_amount: 250.5, credited: null });
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await runOperation(fake.api, { parameters: get({ invoiceId: SEEDED, simplify: false }) });

		expect(result.items[0].json).toMatchObject({ data: { invoice_amount: '1500.00' }, status: 200, status_check: true });
	});

	test('an unknown invoice: a 404 that says the invoice was not found', async () => {
		const result = await runOperation(fake.api, { parameters: get({ searchBy: 'orderId', orderId: 'order-404' }) });

		expect(result.error.message).toBe(
			'morune found no such invoice (HTTP 404): Инвойс не найден. Check the invoice ID or order ID, and that the invoice belongs to the shop in the Morune API credential.',
		);
		expect(result.error.httpCode).toBe('404');
	});

	test('a not-found message that brings its own full stop gets no second one', async () => {
		fake.api.intercept(() => moruneError(404, 'Инвойс не найден.'));
		const result = await runOperation(fake.api, { parameters: get({ invoiceId: SEEDED }) });

		expect(result.error.message).toMatch(/^morune found no such invoice \(HTTP 404\): Инвойс не найден\. Check the invoice ID/);
		expect(result.error.description).toBe('If it is right, check the Base URL in the Morune API credential.');
	});

	test('a 404 that is not JSON still points at the Base URL', async () => {
		fake.api.intercept(() => ({ status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' }));
		const result = await runOperation(fake.api, { parameters: get({ invoiceId: SEEDED }) });

		expect(result.error.message).toBe(
			'morune sent a response that is not JSON (text/html) with HTTP 404. Check the Base URL in the Morune API credential, or try again later if morune is down.',
		);
	});

	test.each([
		['a blank invoice ID', { invoiceId: '   ' }, 'Enter the Invoice ID.'],
		['an order ID that comes out empty', { searchBy: 'orderId', orderId: '={{ $json.missing ?? "" }}' }, 'Enter the Order ID.'],
	])('%s is refused before any request', async (_, fields, message) => {
		const result = await runOperation(fake.api, { parameters: get(fields) });

		expect(result.error.message).toBe(message);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('an error morune sends for the invoice is shown as it came', async () => {
		fake.api.intercept(() => moruneError(422, { invoice_id: ['Поле invoice id должно быть в формате UUID.'] }));
		const result = await runOperation(fake.api, { parameters: get({ invoiceId: 'abc' }) });

		expect(result.error.message).toContain('(HTTP 422): invoice_id: Поле invoice id должно быть в формате UUID.');
	});
});
