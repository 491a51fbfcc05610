'use strict';
/**
 * Confirm With Provider: the workflow starts with the provider's own status and amount; a
 * notification the API contradicts is refused (403) and logged; an API that is down, slow or
 * refuses the key gets the sender a 503 (retry later), starts nothing and is not remembered.
 * Without confirmation, the item says which fields nothing vouches for.
 */
const { KINDS, SANDBOX, deliver, receiverFor, closeReceivers } = require('../helpers/fixtures');
const { startFakeApi } = require('../../sandbox/fake-api');
const { logLines } = require('../helpers/n8n-engine');
const replay = require('../../dist/nodes/shared/replay');

let api;
beforeAll(async () => {
	api = await startFakeApi();
});
beforeEach(() => {
	api.reset();
	replay.forgetProcessMemory();
});
afterAll(async () => {
	await closeReceivers();
	await api.close();
});

const reads = () => api.requests.filter((request) => request.path !== '/api/public/ips');

describe.each(Object.keys(KINDS))('%s', (kind) => {
	test('the credential is read once per notification, also with the confirmation', async () => {
		KINDS[kind].record(api);
		const hook = await receiverFor(kind, { baseUrl: api.url });
		const before = hook.credentialReads();
		await deliver(hook.url, KINDS[kind].build());

		expect(hook.executions).toHaveLength(1);
		expect(reads()).toHaveLength(1);
		expect(hook.credentialReads() - before).toBe(1);
	});

	test('a notification the API agrees with starts one execution with the API’s status and amount', async () => {
		KINDS[kind].record(api);
		const hook = await receiverFor(kind, { baseUrl: api.url });
		const answer = await deliver(hook.url, KINDS[kind].build());

		expect(answer.status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		const item = hook.executions[0][0][0].json;
		expect(item.verification.confirmedWithProvider).toEqual(expect.arrayContaining(['status', 'amount']));
		// The API's status word, in the entity's vocabulary; its amount as a number.
		expect(item).toMatchObject({ event: KINDS[kind].event, status: 'paid', providerStatus: 'success' });
		expect(item.amount).toBe(Number(KINDS[kind].build().fields.amount));
		expect(reads()).toHaveLength(1);
		// A repeat is answered from memory, without asking the API again.
		await deliver(hook.url, KINDS[kind].build());
		expect(hook.executions).toHaveLength(1);
		expect(reads()).toHaveLength(1);
	});

	test('5 copies at the same moment: one execution, one API read', async () => {
		KINDS[kind].record(api);
		const hook = await receiverFor(kind, { baseUrl: api.url });
		const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(hook.url, KINDS[kind].build())));

		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
		expect(hook.executions).toHaveLength(1);
		expect(reads()).toHaveLength(1);
	});

	test('a status the API contradicts is refused with 403 and logged', async () => {
		const failed = kind.startsWith('aaio') ? (kind === 'aaioPayment' ? 'in_process' : 'cancel') : 'fail';
		KINDS[kind].record(api, { status: failed });
		const hook = await receiverFor(kind, { baseUrl: api.url });
		// n8n's logger as the trigger's context hands it out (Container.get(Logger)).
		const { Container } = require('@n8n/di');
		const { Logger } = require('@n8n/backend-common');
		const warn = jest.spyOn(Container.get(Logger), 'warn');
		const answer = await deliver(hook.url, KINDS[kind].build());
		const warnings = warn.mock.calls.map((call) => String(call[0])).join('\n');
		warn.mockRestore();

		expect(answer.status).toBe(403);
		expect(answer.text).toBe('{"message":"Notification rejected"}');
		expect(hook.executions).toHaveLength(0);
		expect(warnings).toMatch(/notification .*refused: .*API says/);
	});

	test.each([
		['down (HTTP 503)', () => ({ status: 503, body: 'Service Unavailable' })],
		['refusing the key (HTTP 401)', () => ({ status: 401, body: { type: 'error', code: 401, message: 'Неверный ключ', status: 401, status_check: false } })],
		['not reachable', () => ({ destroy: true })],
	])('an API %s gets the sender a 503 with Retry-After; nothing starts, a resend later works', async (_, failure) => {
		KINDS[kind].record(api);
		const hook = await receiverFor(kind, { baseUrl: api.url });
		api.intercept(failure);
		const answer = await deliver(hook.url, KINDS[kind].build());

		expect(answer.status).toBe(503);
		expect(answer.headers.get('retry-after')).toBe('60');
		expect(hook.executions).toHaveLength(0);

		api.intercept(() => undefined);
		expect((await deliver(hook.url, KINDS[kind].build())).status).toBe(200);
		expect(hook.executions).toHaveLength(1);
	});
});

test('an API slower than 5 s gets the sender a 503', async () => {
	KINDS.moruneInvoice.record(api);
	const hook = await receiverFor('moruneInvoice', { baseUrl: api.url });
	api.intercept(() => ({ delayMs: 8_000, status: 200, body: { data: {}, status: 200, status_check: true } }));
	const started = Date.now();
	const answer = await deliver(hook.url, KINDS.moruneInvoice.build());

	expect(answer.status).toBe(503);
	expect(Date.now() - started).toBeLessThan(7_500);
	expect(hook.executions).toHaveLength(0);
}, 15_000);

test('morune: a failed payout confirmed is cancelled, morune’s word kept', async () => {
	KINDS.morunePayout.record(api, { n: 15, status: 'fail' });
	const hook = await receiverFor('morunePayout', { baseUrl: api.url });

	expect((await deliver(hook.url, KINDS.morunePayout.build({ n: 15, status: 'fail' }))).status).toBe(200);
	expect(hook.executions[0][0][0].json).toMatchObject({ event: 'payout', status: 'cancelled', providerStatus: 'fail', amount: 763.46 });
});

test('morune: an invoice the API does not know (HTTP 404) is refused', async () => {
	const hook = await receiverFor('moruneInvoice', { baseUrl: api.url });
	expect((await deliver(hook.url, KINDS.moruneInvoice.build({ n: 404 }))).status).toBe(403);
	expect(hook.executions).toHaveLength(0);
});

describe('aaio: fields outside the signature', () => {
	test('a captured notification re-sent with status=success is refused when the API says hold', async () => {
		KINDS.aaioPayment.record(api, { n: 8, status: 'hold' });
		const hook = await receiverFor('aaioPayment', { baseUrl: api.url, parameters: { statuses: ['success'] } });
		const tampered = KINDS.aaioPayment.build({ n: 8, status: 'hold', tamper: { status: 'success' } });

		expect((await deliver(hook.url, tampered)).status).toBe(403);
		expect(hook.executions).toHaveLength(0);
	});

	test('other unsigned fields (invoice_id, profit, method) come from the API; us_* stay marked unverified', async () => {
		KINDS.aaioPayment.record(api, { n: 9 });
		const hook = await receiverFor('aaioPayment', { baseUrl: api.url });
		const tampered = KINDS.aaioPayment.build({
			n: 9,
			tamper: { invoice_id: 'forged', profit: '99999', method: 'forged', us_key: 'forged' },
		});
		expect((await deliver(hook.url, tampered)).status).toBe(200);
		const item = hook.executions[0][0][0].json;
		expect(item).toMatchObject({
			id: 'e3b1c2d4-0000-4c4c-8d8d-000000000009',
			status: 'paid',
			providerStatus: 'success',
			amount: 100.18,
			credited: 95.17,
			commission: 5.01,
			method: 'cards_ru',
		});
		// us_key is nothing the payment schema reads: aaio's own, as received.
		expect(item.aaio).toEqual({
			description: null,
			email: null,
			commissionClient: 0,
			commissionType: '100:0',
			merchantId: SANDBOX.aaio.merchantId,
			us_key: 'forged',
		});
		expect(item.verification.unverified).toEqual(['us_key']);
		// raw stays the text as received (the forged profit too): the clean keys are what counts.
		expect(item.raw).toEqual({ amount: '100.18', profit: '99999', commission: '5.01', commission_client: '0' });
	});

	test('an order on hold when notified and paid out (success) by the time it is confirmed: aaio’s latest word', async () => {
		KINDS.aaioPayment.record(api, { n: 13, status: 'success' });
		const hook = await receiverFor('aaioPayment', { baseUrl: api.url, parameters: { statuses: ['success'] } });

		expect((await deliver(hook.url, KINDS.aaioPayment.build({ n: 13, status: 'hold' }))).status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		expect(hook.executions[0][0][0].json).toMatchObject({ status: 'paid', providerStatus: 'success' });
	});

	test('without confirmation a tampered status passes the signature, and the item says it is unverified', async () => {
		const hook = await receiverFor('aaioPayment', { baseUrl: api.url, parameters: { confirmWithProvider: false } });
		const tampered = KINDS.aaioPayment.build({ n: 10, status: 'hold', tamper: { status: 'success' } });

		expect((await deliver(hook.url, tampered)).status).toBe(200);
		const item = hook.executions[0][0][0].json;
		expect(item).toMatchObject({ status: 'paid', providerStatus: 'success' });
		expect(item.verification.signed).toEqual(['merchant_id', 'amount', 'currency', 'order_id']);
		expect(item.verification.unverified).toContain('status');
		expect(reads()).toHaveLength(0);
	});

	test('a cancelled payout confirmed: cancelled, with the API’s my_id as the order ID', async () => {
		KINDS.aaioPayout.record(api, { n: 14, status: 'cancel' });
		const hook = await receiverFor('aaioPayout', { baseUrl: api.url });
		const notification = KINDS.aaioPayout.build({ n: 14, status: 'cancel', tamper: { my_id: 'other' } });

		expect((await deliver(hook.url, notification)).status).toBe(200);
		const item = hook.executions[0][0][0].json;
		expect(item).toMatchObject({ status: 'cancelled', providerStatus: 'cancel', orderId: 'payout-14', amountDebited: 105.5 });
		expect(item.verification.confirmedWithProvider).toEqual(expect.arrayContaining(['status', 'my_id', 'amount_down']));
	});

	test('a payout re-sent as success that aaio cancelled is refused', async () => {
		KINDS.aaioPayout.record(api, { n: 11, status: 'cancel' });
		const hook = await receiverFor('aaioPayout', { baseUrl: api.url });
		const tampered = KINDS.aaioPayout.build({ n: 11, status: 'cancel', tamper: { status: 'success', my_id: 'other' } });
		expect((await deliver(hook.url, tampered)).status).toBe(403);
		expect(hook.executions).toHaveLength(0);
	});
});

test('a credential without what confirmation needs (aaio payments: merchant ID) skips it: no API read', async () => {
	const hook = await receiverFor('aaioPayout', { baseUrl: api.url, credentials: { apiKey: '' } });
	expect((await deliver(hook.url, KINDS.aaioPayout.build({ n: 12 }))).status).toBe(200);
	expect(reads()).toHaveLength(0);
	expect(hook.executions[0][0][0].json.verification.confirmedWithProvider).toEqual([]);
});

test('no key or secret appears in an answer or a log line', () => {
	const text = logLines.join('\n');
	for (const secret of [SANDBOX.aaio.apiKey, SANDBOX.aaio.secretKey2, SANDBOX.aaio.payoutSecret, SANDBOX.morune.secretKey, SANDBOX.morune.shopSecretKey, SANDBOX.morune.shopWebhookSecret, SANDBOX.morune.userWebhookSecret]) {
		expect(text).not.toContain(secret);
	}
});
