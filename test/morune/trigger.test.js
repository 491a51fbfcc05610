'use strict';
const { serveWebhookTrigger, loadPackage } = require('../helpers/n8n-engine');
const { SANDBOX } = require('../helpers/fixtures');
const { moruneSign } = require('../../sandbox/signatures');

const SHOP_KEY = 'shop-additional-key-for-tests-5c1e';
const USER_KEY = 'user-additional-key-for-tests-9a7d';
const credentials = (extra = {}) => ({
	moruneApi: {
		...SANDBOX.morune,
		baseUrl: 'http://127.0.0.1:9',
		shopWebhookSecret: SHOP_KEY,
		userWebhookSecret: USER_KEY,
		...extra,
	},
});

// As morune (enot.io) signs (sandbox/signatures.js).
const sign = moruneSign;

const invoice = {
	invoice_id: 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a',
	order_id: 'order-1001',
	status: 'success',
	amount: '100.00',
	credited: '95.50',
	currency: 'RUB',
	custom_fields: { user: 1 },
	type: 1,
	pay_time: '2023-04-06 16:27:59',
	pay_service: 'card',
	payer_details: '553691******1279',
	code: 1,
};
const payout = {
	payoff_id: 'c0ffee00-1111-4222-8333-444455556666',
	order_id: 'payout-7',
	status: 'success',
	amount: '763.46',
	commission: '20.66',
	wallet: '2200000000000000',
	service: 'card',
};

function post(url, body, headers = {}) {
	return fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
}

// Each test stands alone: the in-process memory of accepted notifications (Ignore Repeats,
// tested in test/notification-replay.test.js) would otherwise carry over between receivers of
// the same workflow and node.
beforeEach(() => require('../../dist/nodes/shared/replay').forgetReplayMemory());

const receivers = [];
async function receiver(parameters, creds = credentials()) {
	// The signature alone: confirmation with the API is tested in test/notification-confirm.test.js.
	const created = await serveWebhookTrigger({
		type: 'moruneTrigger',
		parameters: { confirmWithProvider: false, ...parameters },
		credentials: creds,
	});
	receivers.push(created);
	return created;
}
afterAll(() => Promise.all(receivers.map((created) => created.close())));

test('is a webhook trigger, not a tool, with the same events as the Aaio Trigger', async () => {
	const { description } = (await loadPackage()).nodeTypes.moruneTrigger.type;
	expect(description.webhooks).toEqual([expect.objectContaining({ httpMethod: 'POST', responseMode: 'onReceived' })]);
	expect(description.usableAsTool).toBeUndefined();
	const event = description.properties.find((property) => property.name === 'event');
	expect(event.options.map(({ name, value }) => [name, value])).toEqual([
		['Payment', 'payment'],
		['Payout', 'payout'],
	]);
	expect(event.default).toBe('payment');
	// Only Statuses in morune's own words, per event.
	expect(
		description.properties
			.filter((property) => property.name === 'statuses')
			.map((property) => [property.displayOptions.show.event, property.options.map((option) => option.value)]),
	).toEqual([
		[['payment'], ['expired', 'fail', 'refund', 'success']],
		[['payout'], ['fail', 'success']],
	]);
});

describe('Morune Trigger, payment (invoice) notifications', () => {
	test('a genuine notification gets HTTP 200 and starts one execution: an item of the payment schema and the raw amounts', async () => {
		const hook = await receiver({ event: 'payment' });
		await hook.activate();
		const response = await post(hook.url, invoice, { 'x-api-sha256-signature': sign(invoice, SHOP_KEY) });

		expect(response.status).toBe(200);
		expect(await response.text()).toBe(''); // responseData 'noData': an empty answer
		expect(hook.executions).toHaveLength(1);
		expect(hook.executions[0]).toEqual([
			[
				{
					json: {
						provider: 'morune',
						event: 'payment',
						id: invoice.invoice_id,
						orderId: 'order-1001',
						status: 'paid',
						providerStatus: 'success',
						amount: 100,
						currency: 'RUB',
						paymentUrl: null,
						method: 'card',
						createdAt: null,
						expiresAt: null,
						// 16:27:59 Moscow time (UTC+3).
						paidAt: '2023-04-06T13:27:59.000Z',
						commission: null,
						credited: 95.5,
						morune: { payerDetails: '553691******1279', customFields: { user: 1 }, type: 1, code: 1, refundAmount: null, refundReason: null, refundTime: null, rejectTime: null },
						verification: { signed: Object.keys(invoice), confirmedWithProvider: [], unverified: [] },
						raw: { amount: '100.00', credited: '95.50' },
					},
				},
			],
		]);
	});

	// [morune's word, the payment status, fields sent besides, what `morune` then holds besides, raw besides]
	test.each([
		['fail', 'failed', { code: 31 }, { code: 31 }, {}],
		['expired', 'expired', {}, {}, {}],
		['refund', 'refunded', { refund_amount: '40.00' }, { refundAmount: 40 }, { refund_amount: '40.00' }],
		// A field morune does not document yet stays as received.
		['a_new_word', 'unknown', { new_field: 'x' }, { new_field: 'x' }, {}],
	])('status %s is %s, morune’s word kept; each field once', async (word, status, sent, own, raw) => {
		const hook = await receiver({ event: 'payment' });
		const changed = { ...invoice, status: word, ...sent };
		expect((await post(hook.url, changed, { 'x-api-sha256-signature': sign(changed, SHOP_KEY) })).status).toBe(200);

		const item = hook.executions[0][0][0].json;
		expect(item).toMatchObject({ status, providerStatus: word, amount: 100 });
		expect(item.morune).toEqual({ payerDetails: '553691******1279', customFields: { user: 1 }, type: 1, code: 1, refundAmount: null, refundReason: null, refundTime: null, rejectTime: null, ...own });
		expect(item.raw).toEqual({ amount: '100.00', credited: '95.50', ...raw });
		expect(Object.keys(item).filter((key) => key.includes('_'))).toEqual([]);
	});

	test('a date morune writes another way is null, and kept as received under morune: nothing else is lost', async () => {
		const hook = await receiver({ event: 'payment' });
		const odd = { ...invoice, pay_time: '06.04.2023 16:27:59' };
		expect((await post(hook.url, odd, { 'x-api-sha256-signature': sign(odd, SHOP_KEY) })).status).toBe(200);

		const item = hook.executions[0][0][0].json;
		expect(item).toMatchObject({ id: invoice.invoice_id, orderId: 'order-1001', status: 'paid', amount: 100, credited: 95.5, paidAt: null });
		expect(item.morune).toEqual({
			payerDetails: '553691******1279',
			customFields: { user: 1 },
			type: 1,
			code: 1,
			refundAmount: null,
			refundReason: null,
			refundTime: null,
			rejectTime: null,
			pay_time: '06.04.2023 16:27:59',
		});
	});

	test('the documented example body and signature are accepted', async () => {
		const hook = await receiver({ event: 'payment' }, credentials({ shopWebhookSecret: 'example' }));
		const body =
			'{"amount":"100.00","credited":"95.50","custom_fields":{"user":1},"invoice_id":"a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a","order_id":"c78d8fe9-ab44-3f21-a37a-ce4ca269cb47","pay_service":"card","pay_time":"2023-04-06 16:27:59","payer_details":"553691******1279","status":"success","type":1}';
		const response = await post(hook.url, body, {
			'x-api-sha256-signature': 'e582b14dd13f8111711e3cb66a982fd7bff28a0ddece8bde14a34a5bb4449136',
		});

		expect(response.status).toBe(200);
		expect(hook.executions).toHaveLength(1);
	});

	test('a body escaped the PHP way (\\/ and \\u) is accepted with either signature', async () => {
		const hook = await receiver({ event: 'payment' });
		const payload = { ...invoice, custom_fields: { note: 'Заказ https://shop.example/1' } };
		const escaped = JSON.stringify(payload)
			.replace(/\//g, '\\/')
			.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
		const response = await post(hook.url, escaped, { 'x-api-sha256-signature': sign(payload, SHOP_KEY) });

		expect(response.status).toBe(200);
		expect(hook.executions[0][0][0].json.morune.customFields).toEqual({ note: 'Заказ https://shop.example/1' });
	});

	test.each([
		['a wrong signature', { 'x-api-sha256-signature': 'a'.repeat(64) }, invoice],
		['no signature', {}, invoice],
		['a signature made with another key', { 'x-api-sha256-signature': sign(invoice, 'guess') }, invoice],
		['the user key instead of the shop key', { 'x-api-sha256-signature': sign(invoice, USER_KEY) }, invoice],
		['a tampered amount', { 'x-api-sha256-signature': sign(invoice, SHOP_KEY) }, { ...invoice, amount: '100000.00' }],
	])('%s gets HTTP 403, starts nothing and reveals nothing', async (_, headers, body) => {
		const hook = await receiver({ event: 'payment' });
		const response = await post(hook.url, body, headers);
		const text = await response.text();

		expect(response.status).toBe(403);
		expect(hook.executions).toHaveLength(0);
		expect(text).toBe('{"message":"Notification rejected"}');
		expect(text).not.toContain(sign(body, SHOP_KEY));
		expect(text).not.toContain(SHOP_KEY);
	});

	test('the status filter (in morune’s words) answers 200 but starts nothing for other statuses', async () => {
		const hook = await receiver({ event: 'payment', statuses: ['success'] });
		const failed = { ...invoice, status: 'fail', code: 31 };
		const response = await post(hook.url, failed, { 'x-api-sha256-signature': sign(failed, SHOP_KEY) });

		expect(response.status).toBe(200);
		expect(hook.executions).toHaveLength(0);
		await post(hook.url, invoice, { 'x-api-sha256-signature': sign(invoice, SHOP_KEY) });
		expect(hook.executions).toHaveLength(1);
		expect(hook.executions[0][0][0].json).toMatchObject({ status: 'paid', providerStatus: 'success' });
	});

	test('activation fails when the shop additional key is missing', async () => {
		const hook = await receiver({ event: 'payment' }, credentials({ shopWebhookSecret: '' }));

		await expect(hook.activate()).rejects.toThrow(
			'The Shop Additional Key in the Morune API credential is empty, so morune notifications cannot be verified.',
		);
		const response = await post(hook.url, invoice, { 'x-api-sha256-signature': sign(invoice, '') });
		expect(response.status).toBe(403);
	});
});

test('a genuine body with __proto__ members (top level and nested) is data: no injected field, each object plain', async () => {
	const hook = await receiver({ event: 'payment' });
	const text = JSON.stringify(invoice)
		.replace('"custom_fields":{"user":1}', '"custom_fields":{"user":1,"__proto__":{"admin":true}}')
		.replace(/}$/, ',"__proto__":{"credited":"99999","refund_amount":"99999"}}');
	const response = await post(hook.url, text, { 'x-api-sha256-signature': sign(JSON.parse(text), SHOP_KEY) });

	expect(response.status).toBe(200);
	const item = hook.executions[0][0][0].json;
	expect(item).toMatchObject({ status: 'paid', amount: 100, credited: 95.5 });
	expect(item.morune).toEqual({ payerDetails: '553691******1279', customFields: { user: 1 }, type: 1, code: 1, refundAmount: null, refundReason: null, refundTime: null, rejectTime: null });
	expect(item.verification).toEqual({ signed: Object.keys(invoice), confirmedWithProvider: [], unverified: [] });
	for (const object of [item, item.morune, item.morune.customFields, item.verification, item.raw]) {
		expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
	}
	expect(JSON.stringify(item)).not.toMatch(/99999|admin|__proto__/);
});

describe('Morune Trigger, payout notifications', () => {
	test('verified with the user additional key; an item of the payout schema', async () => {
		const hook = await receiver({ event: 'payout' });
		await hook.activate();
		const response = await post(hook.url, payout, { 'x-api-sha256-signature': sign(payout, USER_KEY) });

		expect(response.status).toBe(200);
		expect(hook.executions[0][0][0].json).toEqual({
			provider: 'morune',
			event: 'payout',
			id: payout.payoff_id,
			orderId: 'payout-7',
			status: 'paid',
			providerStatus: 'success',
			amount: 763.46,
			amountDebited: null,
			commission: 20.66,
			method: 'card',
			wallet: '2200000000000000',
			currency: 'RUB',
			createdAt: null,
			completedAt: null,
			cancelReason: null,
			morune: {},
			verification: { signed: Object.keys(payout), confirmedWithProvider: [], unverified: [] },
			raw: { amount: '763.46', commission: '20.66' },
		});
	});

	test('a failed payout is cancelled (the money stays), morune’s word kept; Only Statuses takes morune’s word', async () => {
		const hook = await receiver({ event: 'payout', statuses: ['fail'] });
		const failed = { ...payout, status: 'fail' };
		expect((await post(hook.url, payout, { 'x-api-sha256-signature': sign(payout, USER_KEY) })).status).toBe(200);
		expect(hook.executions).toHaveLength(0);
		expect((await post(hook.url, failed, { 'x-api-sha256-signature': sign(failed, USER_KEY) })).status).toBe(200);

		expect(hook.executions).toHaveLength(1);
		expect(hook.executions[0][0][0].json).toMatchObject({ id: payout.payoff_id, status: 'cancelled', providerStatus: 'fail', morune: {} });
	});

	test('signed with the shop key instead is rejected', async () => {
		const hook = await receiver({ event: 'payout' });
		const response = await post(hook.url, payout, { 'x-api-sha256-signature': sign(payout, SHOP_KEY) });

		expect(response.status).toBe(403);
		expect(hook.executions).toHaveLength(0);
	});
});
