'use strict';
// Payment → Create and Payment → Get: morune's invoices, as items of the shared payment schema.
const { useFakeApi } = require('../helpers/fixtures');
const { MORUNE_ACCOUNT: ACCOUNT, runOperation, moruneError, expectNoMoruneSecrets } = require('../helpers/fixtures');

const fake = useFakeApi();
const create = (fields = {}) => ({ resource: 'payment', operation: 'create', amount: '250.50', orderId: 'order-2001', ...fields });
const get = (fields) => ({ resource: 'payment', operation: 'get', ...fields });
const sentBody = () => JSON.parse(fake.api.requests[0].body);
const SEEDED = 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a'; // order-1000 in the sandbox, paid
const ok = (data) => ({ body: { data, status: 200, status_check: true } });
/** morune's "Y-m-d H:i:s" is Moscow time (UTC+3): the ISO-8601 UTC instant it names. */
const moscow = (text) => new Date(`${text.replace(' ', 'T')}+03:00`).toISOString();

describe('Payment → Create', () => {
	test('posts JSON with the shop ID from the credential and returns a payment with its URL', async () => {
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
					provider: 'morune',
					id: invoice.invoice_id,
					orderId: 'order-2001',
					status: 'pending',
					providerStatus: null,
					amount: 250.5,
					currency: 'RUB',
					paymentUrl: `https://pay.morune.com/pay/${invoice.invoice_id}`,
					method: null,
					createdAt: null,
					expiresAt: moscow(invoice.expired_at),
					paidAt: null,
					commission: null,
					credited: null,
					morune: {},
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(Object.keys(result.items[0].json)[0]).toBe('provider');
		expectNoMoruneSecrets(result);
	});

	test('sends every additional field in the form morune wants', async () => {
		const result = await runOperation(fake.api, {
			parameters: create({
				currency: 'USD',
				additionalFields: {
					customFields: '{"user": 1}',
					description: 'Заказ №2001',
					excludeMethods: 'qiwi',
					expiresIn: 60,
					failUrl: 'https://shop.example/failed',
					includeMethods: ' card , sbp,, ',
					successUrl: 'https://shop.example/paid',
					webhookUrl: 'https://shop.example/hook',
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
		expect(result.items[0].json).toMatchObject({ provider: 'morune', orderId: 'order-2001', amount: 250.5, currency: 'USD' });
	});

	test.each([
		['a decimal text', '100.50', 100.5],
		['a whole text with zeros', '007', 7],
		['a number from an expression', '={{ 100.5 }}', 100.5],
		['a text from an expression', '={{ "100.50" }}', 100.5],
	])('an amount as %s is sent as a JSON number', async (_, amount, sent) => {
		const result = await runOperation(fake.api, { parameters: create({ amount }) });

		expect(result.error).toBeUndefined();
		expect(sentBody().amount).toBe(sent);
		expect(fake.api.requests[0].body).toContain(`"amount":${sent}`);
	});

	test('the order ID is trimmed; empty fields are left out', async () => {
		const result = await runOperation(fake.api, {
			parameters: create({
				orderId: '  order-2002 ',
				additionalFields: { webhookUrl: '', description: '   ', includeMethods: ' , ' },
			}),
		});

		expect(sentBody()).toEqual({ shop_id: ACCOUNT.shopId, amount: 250.5, order_id: 'order-2002', currency: 'RUB' });
		expect(result.items[0].json.orderId).toBe('order-2002');
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await runOperation(fake.api, { parameters: create({ simplify: false }) });

		const invoice = fake.api.state.morune.invoices.at(-1);
		expect(result.items).toEqual([
			{
				json: {
					data: {
						id: invoice.invoice_id,
						amount: 250.5,
						currency: 'RUB',
						url: `https://pay.morune.com/pay/${invoice.invoice_id}`,
						expired: invoice.expired_at,
					},
					status: 200,
					status_check: true,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test("an amount morune sends as a string becomes a number; its expiry, Moscow time, becomes ISO-8601 UTC", async () => {
		fake.api.intercept(() =>
			ok({ id: SEEDED, amount: '250.50', currency: 'RUB', url: 'https://pay.morune.com/pay/x', expired: '2026-11-23 15:00:00' }),
		);
		const [item] = (await runOperation(fake.api, { parameters: create() })).items;

		expect(item.json).toMatchObject({
			id: SEEDED,
			amount: 250.5,
			paymentUrl: 'https://pay.morune.com/pay/x',
			expiresAt: '2026-11-23T12:00:00.000Z',
		});
	});

	test.each([
		['the payment URL', { id: SEEDED, amount: 1 }, 'data.url'],
		['the ID', { amount: 1, url: 'https://pay.morune.com/pay/x' }, 'data.id'],
		['a readable expiry', { id: SEEDED, url: 'https://pay.morune.com/pay/x', expired: 'soon' }, 'data.expired'],
	])('an answer without %s is an error that names the field', async (_, data, field) => {
		fake.api.intercept(() => ok(data));
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error.message).toBe(
			`morune sent an answer without a valid "${field}" field. Turn off Simplify to see the answer as it came.`,
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
		fake.api.intercept(() => moruneError(422, { currency: ['Выбранное значение для currency некорректно.'] }));
		const result = await runOperation(fake.api, { parameters: create() });

		expect(result.error.message).toBe(
			"morune rejected the request (HTTP 422): currency: Выбранное значение для currency некорректно. Check the node's parameters and the Morune API credential.",
		);
	});

	test.each([
		['an amount of 0', { amount: '0' }, 'The Amount "0" must be more than 0.'],
		['an amount of 0 from an expression', { amount: '={{ 0 }}' }, 'The Amount 0 must be more than 0.'],
		['a negative amount', { amount: '-5' }, 'The Amount "-5" must be more than 0.'],
		['an empty amount', { amount: ' ' }, 'The Amount is empty: enter an amount such as 100 or 100.50.'],
		['an amount with a comma', { amount: '100,50' }, 'The Amount "100,50" has a comma: write it with a point as the decimal separator and no thousands separator, as 100.50.'],
		['an amount that is not a number', { amount: 'сто' }, 'The Amount "сто" is not a number such as 100 or 100.50.'],
		['an amount with three decimals', { amount: '10.999' }, 'The Amount "10.999" has 3 digits after the decimal point, and morune takes at most 2: write the amount you mean, e.g. 11.00 (if it comes from an expression, round it there with .toFixed(2)).'],
		['floating-point noise', { amount: '={{ 1.005 * 1000 }}' }, 'The Amount 1004.9999999999999 has 13 digits after the decimal point, and morune takes at most 2: it is floating-point noise from a calculation (0.1 + 0.2 gives 0.30000000000000004). Round it in the expression with .toFixed(2), e.g. {{ ($json.amount * 1.2).toFixed(2) }}; here that gives 1005.00.'],
		['a currency morune does not take', { currency: '={{ "GBP" }}' }, 'The Currency "GBP" is not one of RUB, UAH, EUR, USD.'],
		['an empty order ID', { orderId: '  ' }, 'Enter the Order ID.'],
		['an order ID of 256 characters', { orderId: 'x'.repeat(256) }, 'The Order ID is 256 characters long; at most 255 are accepted.'],
		['an expiry that is not whole', { additionalFields: { expiresIn: 1.5 } }, 'The Expires In (Minutes) must be a whole number greater than 0 (got 1.5).'],
		['an expiry of 0', { additionalFields: { expiresIn: 0 } }, 'The Expires In (Minutes) must be a whole number greater than 0 (got 0).'],
		['a webhook URL that is not a URL', { additionalFields: { webhookUrl: 'shop.example/hook' } }, 'The Webhook URL "shop.example/hook" is not a valid http(s) address, like https://example.com/paid.'],
		['a webhook URL of 501 characters', { additionalFields: { webhookUrl: `https://shop.example/${'h'.repeat(480)}` } }, 'The Webhook URL is 501 characters long; at most 500 are accepted.'],
		['a success URL that is not http(s)', { additionalFields: { successUrl: 'ftp://shop.example/paid' } }, 'The Success URL "ftp://shop.example/paid" is not a valid http(s) address, like https://example.com/paid.'],
		['a fail URL of 256 characters', { additionalFields: { failUrl: `https://shop.example/${'f'.repeat(235)}` } }, 'The Fail URL is 256 characters long; at most 255 are accepted.'],
		['custom fields that are not JSON', { additionalFields: { customFields: 'user=1' } }, 'The Custom Fields must be JSON, like {"user": 1} (got "user=1").'],
		['a description of 256 characters', { additionalFields: { description: 'к'.repeat(256) } }, 'The Description is 256 characters long; at most 255 are accepted.'],
	])('%s is refused before any request', async (_, fields, message) => {
		const result = await runOperation(fake.api, { parameters: create(fields) });

		expect(result.error.message).toBe(message);
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to morune.");
		expect(fake.api.requests).toHaveLength(0);
	});

	test('with Continue On Fail, an invalid item is an error paired to it and the others are created', async () => {
		const items = [{ json: { amount: 10 } }, { json: { amount: '1,5' } }, { json: { amount: '30.00' } }];
		const result = await runOperation(fake.api, {
			parameters: create({ amount: '={{ $json.amount }}', orderId: '={{ "order-" + $itemIndex }}' }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});

		expect(fake.api.requests.map((request) => JSON.parse(request.body).amount)).toEqual([10, 30]);
		expect(result.items.map((item) => [item.pairedItem.item, item.json.orderId ?? item.json.error, item.json.amount])).toEqual([
			[0, 'order-0', 10],
			[1, 'The Amount "1,5" has a comma: write it with a point as the decimal separator and no thousands separator, as 1.5.', undefined],
			[2, 'order-2', 30],
		]);
	});
});

describe('Payment → Get', () => {
	test('by payment ID: a GET with the shop ID and invoice ID in the query; a payment of the shared schema', async () => {
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', paymentId: SEEDED }) });

		const [request] = fake.api.requests;
		expect(request).toMatchObject({ method: 'GET', path: '/invoice/info', body: '' });
		expect(request.query).toEqual({ shop_id: ACCOUNT.shopId, invoice_id: SEEDED });
		expect(result.items).toEqual([
			{
				json: {
					provider: 'morune',
					id: SEEDED,
					orderId: 'order-1000',
					status: 'paid',
					providerStatus: 'success',
					amount: 1500,
					currency: 'RUB',
					paymentUrl: null,
					method: 'card',
					createdAt: '2026-11-20T07:15:02.000Z',
					expiresAt: '2026-11-20T12:15:02.000Z',
					paidAt: '2026-11-20T07:17:41.000Z',
					commission: 67.5,
					credited: 1432.5,
					morune: {
						shopId: ACCOUNT.shopId,
						payerDetails: '553691******1279',
						commissionPercent: 4.5,
						shopCommissionAmount: 67.5,
						userCommissionAmount: 0,
						userCommissionPercent: 0,
						customFields: { user: 1 },
					},
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(Object.keys(result.items[0].json)[0]).toBe('provider');
		expectNoMoruneSecrets(result);
	});

	test('by order ID (the default Find By), for a payment just created', async () => {
		await runOperation(fake.api, { parameters: create({ orderId: 'order-3001' }) });
		const result = await runOperation(fake.api, { parameters: get({ orderId: 'order-3001' }) });

		const invoice = fake.api.state.morune.invoices.at(-1);
		expect(fake.api.requests[1].query).toEqual({ shop_id: ACCOUNT.shopId, order_id: 'order-3001' });
		expect(result.items[0].json).toEqual({
			provider: 'morune',
			id: invoice.invoice_id,
			orderId: 'order-3001',
			status: 'pending',
			providerStatus: 'created',
			amount: 250.5,
			currency: 'RUB',
			paymentUrl: null,
			method: null,
			createdAt: moscow(invoice.created_at),
			expiresAt: moscow(invoice.expired_at),
			paidAt: null,
			commission: 0,
			credited: null,
			morune: {
				shopId: ACCOUNT.shopId,
				payerDetails: null,
				commissionPercent: 0,
				shopCommissionAmount: 0,
				userCommissionAmount: 0,
				userCommissionPercent: 0,
				customFields: null,
			},
		});
	});

	test.each([
		['created', 'pending'],
		['success', 'paid'],
		['fail', 'failed'],
		['expired', 'expired'],
		['refund', 'refunded'],
		['SUCCESS', 'paid'],
		['on_hold', 'unknown'],
	])("morune's status %s is the payment status %s, morune's word kept beside it", async (word, status) => {
		const invoice = { ...fake.api.state.morune.invoices[0], status: word };
		fake.api.intercept(() => ok(invoice));
		const [item] = (await runOperation(fake.api, { parameters: get({ findBy: 'id', paymentId: SEEDED }) })).items;

		expect(item.json).toMatchObject({ status, providerStatus: word });
	});

	test('with Simplify off, returns the body as it came', async () => {
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', paymentId: SEEDED, simplify: false }) });

		expect(result.items).toEqual([
			{ json: { data: fake.api.state.morune.invoices[0], status: 200, status_check: true }, pairedItem: { item: 0 } },
		]);
	});

	test.each([
		['without a status', { status: undefined }, 'data.status'],
		['without the ID', { invoice_id: '' }, 'data.invoice_id'],
		['with an amount that is not one', { invoice_amount: 'n/a' }, 'data.invoice_amount'],
		['with a date that is not one', { paid_at: 'yesterday' }, 'data.paid_at'],
	])('an answer %s is an error that names the field', async (_, change, field) => {
		fake.api.intercept(() => ok({ ...fake.api.state.morune.invoices[0], ...change }));
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', paymentId: SEEDED }) });

		expect(result.error.message).toBe(
			`morune sent an answer without a valid "${field}" field. Turn off Simplify to see the answer as it came.`,
		);
	});

	test('an unknown payment: a 404 that says the payment was not found', async () => {
		const result = await runOperation(fake.api, { parameters: get({ orderId: 'order-404' }) });

		expect(result.error.message).toBe(
			'morune found no such payment (HTTP 404): Инвойс не найден. Check the payment ID or order ID, and that the payment belongs to the shop in the Morune API credential.',
		);
		expect(result.error.httpCode).toBe('404');
	});

	test('a not-found message that brings its own full stop gets no second one', async () => {
		fake.api.intercept(() => moruneError(404, 'Инвойс не найден.'));
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', paymentId: SEEDED }) });

		expect(result.error.message).toBe(
			'morune found no such payment (HTTP 404): Инвойс не найден. Check the payment ID or order ID, and that the payment belongs to the shop in the Morune API credential.',
		);
		expect(result.error.description).toBe('If it is right, check the Base URL in the Morune API credential.');
	});

	test('a 404 that is not JSON still points at the Base URL', async () => {
		fake.api.intercept(() => ({ status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' }));
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', paymentId: SEEDED }) });

		expect(result.error.message).toBe(
			'morune sent a response that is not JSON (text/html) with HTTP 404. Check the Base URL in the Morune API credential, or try again later if morune is down.',
		);
	});

	test.each([
		['a blank payment ID', { findBy: 'id', paymentId: '   ' }, 'Enter the Payment ID.'],
		['an order ID that comes out empty', { orderId: '={{ $json.missing ?? "" }}' }, 'Enter the Order ID.'],
		['an order ID of 256 characters', { orderId: 'o'.repeat(256) }, 'The Order ID is 256 characters long; at most 255 are accepted.'],
	])('%s is refused before any request', async (_, fields, message) => {
		const result = await runOperation(fake.api, { parameters: get(fields) });

		expect(result.error.message).toBe(message);
		expect(result.error.description).toBe("Fix the node's parameters. Nothing was sent to morune.");
		expect(fake.api.requests).toHaveLength(0);
	});

	test('the ID is trimmed before it is sent', async () => {
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', paymentId: ` ${SEEDED}  ` }) });

		expect(fake.api.requests[0].query).toEqual({ shop_id: ACCOUNT.shopId, invoice_id: SEEDED });
		expect(result.items[0].json.id).toBe(SEEDED);
	});

	test('an error morune sends for the payment is shown as it came', async () => {
		fake.api.intercept(() => moruneError(422, { invoice_id: ['Поле invoice id должно быть в формате UUID.'] }));
		const result = await runOperation(fake.api, { parameters: get({ findBy: 'id', paymentId: 'abc' }) });

		expect(result.error.message).toBe(
			"morune rejected the request (HTTP 422): invoice_id: Поле invoice id должно быть в формате UUID. Check the node's parameters and the Morune API credential.",
		);
	});
});
