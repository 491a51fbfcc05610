'use strict';
const { moruneSign } = require('../../sandbox/signatures');
const { runNode } = require('../helpers/n8n-engine');
const { SANDBOX, useFakeApi, expectNoSecrets } = require('../helpers/fixtures');

const fake = useFakeApi();
const SHOP_KEY = 'shop-additional-key-verify-6b2f';
// As morune signs (sandbox/signatures.js).
const sign = moruneSign;
const invoice = { invoice_id: 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a', order_id: 'o-1', status: 'success', amount: '100.00', credited: '95.50', type: 1 };

// Items as n8n's Webhook node outputs them: { headers, params, query, body }.
const webhookItem = (body, signature) => ({
	json: { headers: { 'x-api-sha256-signature': signature }, params: {}, query: {}, body },
});

const verify = (items, extra = {}, credentials = {}) =>
	runNode({
		type: 'morune',
		parameters: { resource: 'notification', operation: 'verifySignature', event: 'payment', ...extra },
		credentials: { moruneApi: { ...SANDBOX.morune, baseUrl: fake.api.url, shopWebhookSecret: SHOP_KEY, ...credentials } },
		items,
	});

test('says valid for a genuine notification, with typed fields, and invalid otherwise; nothing is sent', async () => {
	const forged = { ...invoice, amount: '100000.00' };
	const result = await verify([
		webhookItem(invoice, sign(invoice, SHOP_KEY)),
		webhookItem(forged, sign(invoice, SHOP_KEY)),
		webhookItem(invoice, undefined),
	]);

	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => [item.json.valid, item.pairedItem.item])).toEqual([
		[true, 0],
		[false, 1],
		[false, 2],
	]);
	// The trigger's item (the payment schema), with `valid`.
	expect(result.items[0].json).toEqual({
		valid: true,
		provider: 'morune',
		event: 'payment',
		id: invoice.invoice_id,
		orderId: 'o-1',
		status: 'paid',
		providerStatus: 'success',
		amount: 100,
		currency: null,
		paymentUrl: null,
		method: null,
		createdAt: null,
		expiresAt: null,
		paidAt: null,
		commission: null,
		credited: 95.5,
		morune: { payerDetails: null, customFields: null, type: 1, code: null, refundAmount: null, refundReason: null, refundTime: null, rejectTime: null },
		verification: { signed: Object.keys(invoice), confirmedWithProvider: [], unverified: [] },
		raw: { amount: '100.00', credited: '95.50' },
	});
	// Not genuine: nothing read, the body as received.
	expect(result.items[1].json).toEqual({ valid: false, provider: 'morune', event: 'payment', raw: forged });
	expect(fake.api.requests).toHaveLength(0);
	expectNoSecrets(result, [SHOP_KEY]);
});

test('takes the body as received (text), escaped the PHP way', async () => {
	const payload = { ...invoice, comment: 'Оплата https://shop.example/1' };
	const raw = JSON.stringify(payload).replace(/\//g, '\\/');
	const result = await verify([{ json: {} }], { payload: raw, signature: sign(payload, SHOP_KEY) });

	expect(result.items[0].json.valid).toBe(true);
	// A field the payment schema does not read stays, as received, under morune.
	expect(result.items[0].json.morune.comment).toBe('Оплата https://shop.example/1');
	expect(result.items[0].json).not.toHaveProperty('comment');
});

test('payout notifications are checked with the user additional key', async () => {
	const payout = { payoff_id: 'p-1', order_id: 'o-2', status: 'success', amount: '10.00', commission: '1.00' };
	const result = await verify([webhookItem(payout, sign(payout, 'user-key-1'))], { event: 'payout' }, { userWebhookSecret: 'user-key-1' });

	expect(result.items[0].json).toEqual({
		valid: true,
		provider: 'morune',
		event: 'payout',
		id: 'p-1',
		orderId: 'o-2',
		status: 'paid',
		providerStatus: 'success',
		amount: 10,
		amountDebited: null,
		commission: 1,
		method: null,
		wallet: null,
		currency: 'RUB',
		createdAt: null,
		completedAt: null,
		cancelReason: null,
		morune: {},
		verification: { signed: Object.keys(payout), confirmedWithProvider: [], unverified: [] },
		raw: { amount: '10.00', commission: '1.00' },
	});
});

test('a missing additional key is an error that names it', async () => {
	const result = await verify([webhookItem(invoice, 'x')], {}, { shopWebhookSecret: '' });

	expect(result.error.message).toBe(
		'Verifying this notification needs the Shop Additional Key in the Morune API credential, and it is empty.',
	);
});

describe('a payload is data: its own __proto__ member changes no object shape', () => {
	// A genuine body (the signature covers every member, __proto__ too) without status.
	const text = '{"invoice_id":"a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a","order_id":"o-1","amount":"100.00","__proto__":{"status":"success","credited":"99999","custom_fields":{"forged":true}}}';
	const signature = sign(JSON.parse(text), SHOP_KEY);

	test.each([
		['the body as text', { payload: text, signature }, [{ json: {} }]],
		['the default {{ $json.body }}, parsed as n8n’s Webhook node parses it', {}, [webhookItem(JSON.parse(text), signature)]],
	])('%s: no injected status or credited; the item has no __proto__ member', async (_, parameters, items) => {
		const result = await verify(items, parameters);

		expect(result.error).toBeUndefined();
		const item = result.items[0].json;
		expect(item).toMatchObject({ valid: true, id: 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a', status: 'unknown', providerStatus: null, amount: 100, credited: null });
		expect(item.morune).toEqual({ payerDetails: null, customFields: null, type: null, code: null, refundAmount: null, refundReason: null, refundTime: null, rejectTime: null });
		expect(item.verification).toEqual({ signed: ['invoice_id', 'order_id', 'amount'], confirmedWithProvider: [], unverified: [] });
		for (const object of [item, item.morune, item.verification, item.raw]) {
			expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
		}
		expect(JSON.stringify(item)).not.toMatch(/99999|forged|__proto__/);
	});
});
