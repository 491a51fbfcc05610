'use strict';
const crypto = require('node:crypto');
const { runNode } = require('../helpers/n8n-engine');
const { SANDBOX, useFakeApi, expectNoSecrets } = require('../helpers/fixtures');

const fake = useFakeApi();
const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

// The reference's vector: secret key 2 "secret2" signs this order.
const payment = {
	status: 'success',
	merchant_id: 'f56b279c-d250-11ed-afa1-0242ac120002',
	order_id: 'my_id_123',
	amount: '100.18',
	currency: 'RUB',
	profit: '95.17',
	sign: 'cb76f1073db9110ac8fe13ff83479f282556fd6aa83b680f631a0294208cb90e',
};

const verify = (items, extra = {}, credentials = {}) =>
	runNode({
		type: 'aaio',
		parameters: { resource: 'notification', operation: 'verifySignature', event: 'payment', ...extra },
		credentials: { aaioApi: { apiKey: SANDBOX.aaio.apiKey, baseUrl: fake.api.url, secretKey2: 'secret2', ...credentials } },
		items,
	});

test('says valid for the reference vector and invalid for a tampered one; nothing is sent', async () => {
	const result = await verify([
		{ json: { body: payment } },
		{ json: { body: { ...payment, amount: '1000.18' } } },
		{ json: { body: { ...payment, sign: undefined } } },
	]);

	expect(result.items.map((item) => [item.json.valid, item.pairedItem.item])).toEqual([
		[true, 0],
		[false, 1],
		[false, 2],
	]);
	// The trigger's item (the payment schema), with `valid`; the vector has no invoice_id, method
	// nor fees but the profit.
	expect(result.items[0].json).toEqual({
		valid: true,
		provider: 'aaio',
		event: 'payment',
		id: null,
		orderId: 'my_id_123',
		status: 'paid',
		providerStatus: 'success',
		amount: 100.18,
		currency: 'RUB',
		paymentUrl: null,
		method: null,
		createdAt: null,
		expiresAt: null,
		paidAt: null,
		commission: null,
		credited: 95.17,
		aaio: { description: null, email: null, commissionClient: null, commissionType: null, merchantId: payment.merchant_id },
		verification: { signed: ['merchant_id', 'amount', 'currency', 'order_id'], confirmedWithProvider: [], unverified: ['status', 'profit'] },
		raw: { amount: '100.18', profit: '95.17' },
	});
	// Not genuine: nothing read, the body as received.
	expect(result.items[1].json).toEqual({ valid: false, provider: 'aaio', event: 'payment', raw: { ...payment, amount: '1000.18' } });
	expect(fake.api.requests).toHaveLength(0);
	expectNoSecrets(result, ['secret2']);
});

test('a payout notification is checked with the payout notification secret, from the form text too', async () => {
	const form = 'id=48ebfc18-e6c7-11ed-a05b-0242ac120003&amount_down=105.5&status=success&sign=5111cfa658c792b2ef51dd5ea03eebb3893563d600fafaacea49bc5be2dcfab4';
	const result = await verify([{ json: {} }], { event: 'payout', payload: form }, { payoutSecret: 'payoffsecret' });

	expect(result.items[0].json).toMatchObject({
		valid: true,
		event: 'payout',
		id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
		status: 'paid',
		providerStatus: 'success',
		amountDebited: 105.5,
		currency: 'RUB',
		aaio: { commissionType: null, amountInCurrency: null, amountCurrency: null, amountRate: null },
		verification: { signed: ['id', 'amount_down'], confirmedWithProvider: [], unverified: ['status'] },
		raw: { amount_down: '105.5' },
	});
	// The form's sign is what the payout secret makes of id and amount_down; it is not repeated in the item.
	expect(new URLSearchParams(form).get('sign')).toBe(sha256('48ebfc18-e6c7-11ed-a05b-0242ac120003:payoffsecret:105.5'));
	expect(JSON.stringify(result.items[0].json)).not.toContain(new URLSearchParams(form).get('sign'));
});

test('a genuine notification without a field its schema needs keeps every other key (no shape check here)', async () => {
	// aaio signs id and amount_down only: a body without status is still genuine.
	const form = 'id=48ebfc18-e6c7-11ed-a05b-0242ac120003&amount_down=105.5&sign=5111cfa658c792b2ef51dd5ea03eebb3893563d600fafaacea49bc5be2dcfab4';
	const result = await verify([{ json: {} }], { event: 'payout', payload: form }, { payoutSecret: 'payoffsecret' });

	expect(result.items[0].json).toEqual({
		valid: true,
		provider: 'aaio',
		event: 'payout',
		id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
		orderId: null,
		status: 'unknown',
		providerStatus: null,
		amount: null,
		amountDebited: 105.5,
		commission: null,
		method: null,
		wallet: null,
		currency: 'RUB',
		createdAt: null,
		completedAt: null,
		cancelReason: null,
		aaio: { commissionType: null, amountInCurrency: null, amountCurrency: null, amountRate: null },
		verification: { signed: ['id', 'amount_down'], confirmedWithProvider: [], unverified: [] },
		raw: { amount_down: '105.5' },
	});
});

test('a missing secret key 2 is an error that names it', async () => {
	const result = await verify([{ json: { body: payment } }], {}, { secretKey2: '' });

	expect(result.error.message).toBe(
		'Verifying this notification needs the Secret Key 2 in the Aaio API credential, and it is empty.',
	);
});

describe('a payload is data: its own __proto__ member changes no object shape', () => {
	// The reference vector without status and profit, and a member named __proto__ carrying them.
	const { status: _status, profit: _profit, ...signedOnly } = payment;
	const text = JSON.stringify(signedOnly).replace(/}$/, ',"__proto__":{"status":"success","profit":"99999","invoice_id":"forged"}}');
	const clean = {
		valid: true,
		provider: 'aaio',
		event: 'payment',
		id: null,
		orderId: 'my_id_123',
		status: 'unknown',
		providerStatus: null,
		amount: 100.18,
		currency: 'RUB',
		paymentUrl: null,
		method: null,
		createdAt: null,
		expiresAt: null,
		paidAt: null,
		commission: null,
		credited: null,
		aaio: { description: null, email: null, commissionClient: null, commissionType: null, merchantId: payment.merchant_id },
		verification: { signed: ['merchant_id', 'amount', 'currency', 'order_id'], confirmedWithProvider: [], unverified: [] },
		raw: { amount: '100.18' },
	};

	test.each([
		['the body as text', { payload: text }, [{ json: {} }]],
		['the default {{ $json.body }}, parsed as n8n’s Webhook node parses it', {}, [{ json: { body: JSON.parse(text) } }]],
	])('%s: no injected status, profit or ID; unverified stays true to the item', async (_, parameters, items) => {
		const result = await verify(items, parameters);

		expect(result.error).toBeUndefined();
		const item = result.items[0].json;
		expect(item).toEqual(clean);
		for (const object of [item, item.aaio, item.verification, item.raw]) {
			expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
		}
		expect(JSON.stringify(item)).not.toMatch(/99999|forged|__proto__/);
	});
});
