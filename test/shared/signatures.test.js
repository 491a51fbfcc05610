'use strict';
// The signature helpers against the test vectors of shared/api-reference.md (§1.3, §2.4).
const {
	aaioOrderSignature,
	aaioPayoutSignature,
	hmacSha256Hex,
	moruneSignedTexts,
	signaturesMatch,
	verifyMoruneSignature,
} = require('../../dist/nodes/shared/signatures');

const order = {
	merchantId: 'f56b279c-d250-11ed-afa1-0242ac120002',
	amount: '100.18',
	currency: 'RUB',
	orderId: 'my_id_123',
};

test('aaio order signature, secret key 1 and secret key 2 vectors', () => {
	expect(aaioOrderSignature(order, 'secret1')).toBe(
		'bf7ae2da7c265891b8c0e9d8f619420ed34683ab154f60ed8e82f3ed6d890b11',
	);
	expect(aaioOrderSignature(order, 'secret2')).toBe(
		'cb76f1073db9110ac8fe13ff83479f282556fd6aa83b680f631a0294208cb90e',
	);
	// The amount is signed as the exact string: 100.180 is another signature.
	expect(aaioOrderSignature({ ...order, amount: '100.180' }, 'secret1')).not.toBe(
		'bf7ae2da7c265891b8c0e9d8f619420ed34683ab154f60ed8e82f3ed6d890b11',
	);
});

test('aaio payout notification signature vector', () => {
	expect(
		aaioPayoutSignature({ id: '48ebfc18-e6c7-11ed-a05b-0242ac120003', amountDown: '105.5' }, 'payoffsecret'),
	).toBe('5111cfa658c792b2ef51dd5ea03eebb3893563d600fafaacea49bc5be2dcfab4');
});

const moruneBody =
	'{"amount":"100.00","credited":"95.50","custom_fields":{"user":1},"invoice_id":"a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a","order_id":"c78d8fe9-ab44-3f21-a37a-ce4ca269cb47","pay_service":"card","pay_time":"2023-04-06 16:27:59","payer_details":"553691******1279","status":"success","type":1}';
const moruneSignature = 'e582b14dd13f8111711e3cb66a982fd7bff28a0ddece8bde14a34a5bb4449136';

describe('morune notification signature', () => {
	test('the documented example verifies', () => {
		expect(verifyMoruneSignature(moruneBody, moruneSignature, 'example')).toBe(true);
		expect(verifyMoruneSignature(moruneBody, moruneSignature.toUpperCase(), 'example')).toBe(true);
	});

	test('keys in another order and pretty-printed still verify (top level sorted, compact)', () => {
		const parsed = JSON.parse(moruneBody);
		const shuffled = Object.fromEntries(Object.entries(parsed).reverse());
		expect(verifyMoruneSignature(JSON.stringify(shuffled, null, 2), moruneSignature, 'example')).toBe(true);
	});

	test('a wrong key, a changed field, a missing or malformed signature fail', () => {
		expect(verifyMoruneSignature(moruneBody, moruneSignature, 'other')).toBe(false);
		expect(verifyMoruneSignature(moruneBody.replace('100.00', '1000.00'), moruneSignature, 'example')).toBe(false);
		// Numbers are signed as received: 100.00 is not 100.
		expect(verifyMoruneSignature(moruneBody.replace('"type":1', '"type":1.0'), moruneSignature, 'example')).toBe(false);
		expect(verifyMoruneSignature(moruneBody, undefined, 'example')).toBe(false);
		expect(verifyMoruneSignature(moruneBody, 'abc', 'example')).toBe(false);
		expect(verifyMoruneSignature('not json', moruneSignature, 'example')).toBe(false);
	});

	test('slashes and Cyrillic verify whether the sender escaped them or not', () => {
		const fields = { comment: 'Оплата https://shop.example/orders/1', amount: '10.00' };
		const unescaped = JSON.stringify({ amount: fields.amount, comment: fields.comment });
		const escaped = unescaped
			.replace(/\//g, '\\/')
			.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
		const signedUnescaped = hmacSha256Hex('key', unescaped);
		const signedEscaped = hmacSha256Hex('key', escaped);

		for (const body of [unescaped, escaped]) {
			expect(verifyMoruneSignature(body, signedUnescaped, 'key')).toBe(true);
			expect(verifyMoruneSignature(body, signedEscaped, 'key')).toBe(true);
		}
		expect(moruneSignedTexts(escaped)).toContain(unescaped);
	});

	test('nested objects keep their key order', () => {
		const body = '{"b":{"z":1,"a":2},"a":[3,{"y":"x"}]}';
		expect(moruneSignedTexts(body)[0]).toBe('{"a":[3,{"y":"x"}],"b":{"z":1,"a":2}}');
	});
});

test('signaturesMatch compares case-insensitively and rejects other lengths', () => {
	expect(signaturesMatch('ABC', 'abc')).toBe(true);
	expect(signaturesMatch('abcd', 'abc')).toBe(false);
	expect(signaturesMatch(42, 'abc')).toBe(false);
});
