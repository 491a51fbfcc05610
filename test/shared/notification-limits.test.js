'use strict';
/**
 * Cheap refusals: the content type each provider sends, a size limit and a shape check come
 * before any credential read or signature work; an unsigned 16 MB body is refused in
 * milliseconds of the trigger's CPU (measured around webhook(); the bounds are generous
 * regression guards, not benchmarks); the largest notification the documented fields allow
 * is accepted; the item holds each field once.
 */
const { KINDS, SANDBOX, deliver, receiverFor, closeReceivers, aaioSign, aaioPayoutSign, moruneSign } = require('../helpers/fixtures');
const replay = require('../../dist/nodes/shared/replay');
const { MAX_NOTIFICATION_BYTES } = require('../../dist/nodes/shared/notifications');

beforeEach(() => replay.forgetReplayMemory());
afterAll(closeReceivers);
const noConfirm = { confirmWithProvider: false };
const CPU_GUARD_MS = 100;

/** A JSON object of many tiny strings, about `bytes` long: the worst case for re-serializing. */
function tinyStrings(bytes) {
	const member = `"k":[${'"a",'.repeat(4000)}"a"]`;
	const count = Math.ceil(bytes / (member.length + 8));
	return `{${Array.from({ length: count }, (_, index) => member.replace('"k"', `"k${index}"`)).join(',')}}`;
}

describe.each(Object.keys(KINDS))('%s', (kind) => {
	const other = (type) => (type === 'application/json' ? 'application/x-www-form-urlencoded' : 'application/json');

	test('another content type is refused with 415 (text/plain, the other provider’s type)', async () => {
		const hook = await receiverFor(kind, { parameters: noConfirm });
		const notification = KINDS[kind].build();
		expect((await deliver(hook.url, notification, { contentType: 'text/plain' })).status).toBe(415);
		// A form sent as JSON does not even parse: n8n answers 422 before the node is called.
		expect([415, 422]).toContain((await deliver(hook.url, notification, { contentType: other(notification.contentType) })).status);
		expect(hook.executions).toHaveLength(0);
		expect(hook.credentialReads()).toBe(0);
		// The right type, with a charset, is accepted.
		expect((await deliver(hook.url, notification, { contentType: `${notification.contentType}; charset=utf-8` })).status).toBe(200);
	});

	test('an unsigned 16 MB body is refused with 413 in milliseconds of the trigger’s CPU', async () => {
		const hook = await receiverFor(kind, { parameters: noConfirm });
		const { contentType } = KINDS[kind].build();
		const body = contentType === 'application/json' ? tinyStrings(16 * 1024 * 1024 - 1024) : `a=${'x'.repeat(16 * 1024 * 1024 - 16)}`;
		const answer = await deliver(hook.url, { contentType, body, headers: { 'x-api-sha256-signature': 'a'.repeat(64) } });

		expect(answer.status).toBe(413);
		expect(hook.executions).toHaveLength(0);
		expect(hook.credentialReads()).toBe(0);
		expect(hook.cpu.at(-1)).toBeLessThan(CPU_GUARD_MS);
	});

	test('not the shape of a notification is refused with 403 before the credential is read', async () => {
		const hook = await receiverFor(kind, { parameters: noConfirm });
		const { contentType, fields, headers } = KINDS[kind].build();
		const json = contentType === 'application/json';
		const encode = (value) => (json ? JSON.stringify(value) : new URLSearchParams(value).toString());
		const required = json ? 'status' : 'sign';
		const { [required]: _dropped, ...missing } = fields;
		const wide = { ...fields, ...Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`x${index}`, '1'])) };
		const notShaped = [
			{ contentType, body: encode(missing), headers },
			{ contentType, body: encode(wide), headers },
			// An array, or a repeated form field.
			{ contentType, body: json ? '[1,2]' : `${encode(fields)}&amount=1`, headers },
			// A signature that is not 64 hex digits (morune's header, aaio's form field).
			json
				? { contentType, body: encode(fields), headers: { 'x-api-sha256-signature': 'not-hex' } }
				: { contentType, body: encode({ ...fields, sign: 'not-hex' }), headers },
		];
		for (const notification of notShaped) {
			expect((await deliver(hook.url, notification)).status).toBe(403);
		}
		expect(hook.executions).toHaveLength(0);
		expect(hook.credentialReads()).toBe(0);
		// The same receiver reads it for the first notification of the right shape.
		expect((await deliver(hook.url, KINDS[kind].build())).status).toBe(200);
		expect(hook.credentialReads()).toBe(1);
	});

	test('the item holds each field once; raw holds only the amounts as received', async () => {
		const hook = await receiverFor(kind, { parameters: noConfirm });
		const notification = KINDS[kind].build();
		await deliver(hook.url, notification);
		const item = hook.executions[0][0][0].json;
		expect(item.raw).toEqual(RAW[kind]);
	});
});

/** The text as received of the fields each kind turns into numbers (the strings of KINDS' notifications). */
const RAW = {
	aaioPayment: { amount: '100.18', profit: '95.17', commission: '5.01', commission_client: '0' },
	aaioPayout: { amount: '100', amount_down: '105.5', commission: '5.5', commission_type: '0' },
	moruneInvoice: { amount: '100.00', credited: '95.50' },
	morunePayout: { amount: '763.46', commission: '20.66' },
};

test('morune: an unsigned body just under the limit, of tiny strings, costs little CPU to refuse', async () => {
	const hook = await receiverFor('moruneInvoice', { parameters: noConfirm });
	const filler = tinyStrings(MAX_NOTIFICATION_BYTES - 400).slice(1, -1);
	const body = `{"invoice_id":"x","status":"success","amount":"1.00",${filler}}`;
	expect(body.length).toBeLessThanOrEqual(MAX_NOTIFICATION_BYTES);
	const answer = await deliver(hook.url, { contentType: 'application/json', body, headers: { 'x-api-sha256-signature': 'a'.repeat(64) } });

	expect(answer.status).toBe(403);
	expect(hook.cpu.at(-1)).toBeLessThan(CPU_GUARD_MS);
});

test('morune: a correctly signed body sent as text/plain starts nothing', async () => {
	const hook = await receiverFor('moruneInvoice', { parameters: noConfirm });
	expect((await deliver(hook.url, KINDS.moruneInvoice.build(), { contentType: 'text/plain' })).status).toBe(415);
	expect(hook.executions).toHaveLength(0);
});

test('a slow sender (body dribbled over a second) is answered normally; the wait costs the trigger no CPU', async () => {
	const hook = await receiverFor('moruneInvoice', { parameters: noConfirm });
	const { body, headers } = KINDS.moruneInvoice.build({ n: 77 });
	const http = require('node:http');
	const status = await new Promise((resolve, reject) => {
		const request = http.request(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
			response.resume();
			resolve(response.statusCode);
		});
		request.on('error', reject);
		const chunks = body.match(/[\s\S]{1,40}/g);
		let index = 0;
		const timer = setInterval(() => {
			if (index < chunks.length) request.write(chunks[index++]);
			else {
				clearInterval(timer);
				request.end();
			}
		}, 1000 / chunks.length);
	});
	expect(status).toBe(200);
	expect(hook.executions).toHaveLength(1);
	expect(hook.cpu.at(-1)).toBeLessThan(CPU_GUARD_MS);
});

/**
 * The largest notifications the documented fields allow (api-reference §1.4, §1.5, §2.2,
 * §2.4): every length limit at its maximum, text that can be Cyrillic escaped the PHP way
 * (\uXXXX, 6 bytes a character) or percent-encoded in a form (6 bytes a character).
 */
describe('the largest documented notification fits the limit', () => {
	const cyrillic = (length) => 'Ж'.repeat(length);
	const phpEscaped = (text) => text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	const sizes = {};
	afterAll(() => {
		process.stdout.write(`largest documented notifications (bytes): ${JSON.stringify(sizes)}; limit ${MAX_NOTIFICATION_BYTES}\n`);
	});

	test('morune invoice: order ID 255, custom fields 500 characters, all escaped', async () => {
		const payload = {
			...KINDS.moruneInvoice.build().fields,
			order_id: 'o'.repeat(255),
			currency: 'R'.repeat(10),
			custom_fields: { note: cyrillic(490) },
			payer_details: cyrillic(255),
			pay_service: 's'.repeat(255),
			refund_amount: '9999999999.99',
			amount: '9999999999.99',
		};
		const body = phpEscaped(JSON.stringify(payload));
		sizes.moruneInvoice = Buffer.byteLength(body);
		const hook = await receiverFor('moruneInvoice', { parameters: noConfirm });
		const headers = { 'x-api-sha256-signature': moruneSign(payload, SANDBOX.morune.shopWebhookSecret) };
		expect(sizes.moruneInvoice).toBeLessThan(MAX_NOTIFICATION_BYTES / 2);
		expect((await deliver(hook.url, { contentType: 'application/json', body, headers })).status).toBe(200);
	});

	test('morune payout: order ID, wallet and comment 255 each, escaped', async () => {
		const payload = { ...KINDS.morunePayout.build().fields, order_id: 'o'.repeat(255), wallet: 'w'.repeat(255), comment: cyrillic(255), service: 's'.repeat(255) };
		const body = phpEscaped(JSON.stringify(payload));
		sizes.morunePayout = Buffer.byteLength(body);
		const hook = await receiverFor('morunePayout', { parameters: noConfirm });
		const headers = { 'x-api-sha256-signature': moruneSign(payload, SANDBOX.morune.userWebhookSecret) };
		expect((await deliver(hook.url, { contentType: 'application/json', body, headers })).status).toBe(200);
	});

	test('aaio payment: order ID 64, description, e-mail and us_key of 255, Cyrillic percent-encoded', async () => {
		const fields = { ...KINDS.aaioPayment.build().fields, order_id: 'o'.repeat(64), desc: cyrillic(255), email: `${'e'.repeat(243)}@example.com`, us_key: cyrillic(255) };
		fields.sign = aaioSign(fields, SANDBOX.aaio.secretKey2);
		const body = new URLSearchParams(fields).toString();
		sizes.aaioPayment = Buffer.byteLength(body);
		const hook = await receiverFor('aaioPayment', { parameters: noConfirm });
		expect((await deliver(hook.url, { contentType: 'application/x-www-form-urlencoded', body, headers: {} })).status).toBe(200);
	});

	test('aaio payout: wallet, my_id, cancel message of 255', async () => {
		const fields = { ...KINDS.aaioPayout.build().fields, my_id: 'm'.repeat(255), wallet: 'w'.repeat(255), bank: cyrillic(100), cancel_message: cyrillic(255), date: '2026-11-19 10:00:00', complete_date: '2026-11-19 10:00:00' };
		fields.sign = aaioPayoutSign(fields, SANDBOX.aaio.payoutSecret);
		const body = new URLSearchParams(fields).toString();
		sizes.aaioPayout = Buffer.byteLength(body);
		const hook = await receiverFor('aaioPayout', { parameters: noConfirm });
		expect((await deliver(hook.url, { contentType: 'application/x-www-form-urlencoded', body, headers: {} })).status).toBe(200);
	});
});
