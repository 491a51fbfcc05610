'use strict';
/**
 * Confirm With Provider: the workflow starts with the provider's own status and amount; a
 * notification the API contradicts is refused (403) and logged; an API that is down, slow or
 * refuses the key gets the sender a 503 (retry later), starts nothing and is not remembered.
 * Without confirmation, the item says which fields nothing vouches for.
 */
const { KINDS, SANDBOX, deliver, receiverFor, useConfirmApi, warningsDuring } = require('../helpers/fixtures');
const { logLines } = require('../helpers/n8n-engine');

const fake = useConfirmApi();

const reads = () => fake.reads();

const RECORD = fake.record;

/** One kopeck more than the notification says, in the field the API answers the amount with. */
const AMOUNT_AT_API = {
	aaioPayment: { amount: 100.19 },
	aaioPayout: { amount_down: 105.51 },
	moruneInvoice: { invoice_amount: '100.01' },
	morunePayout: { amount: '763.47' },
};


describe.each(Object.keys(KINDS))('%s', (kind) => {
	test('the credential is read once per notification, also with the confirmation', async () => {
		KINDS[kind].record(fake.api);
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });
		const before = hook.credentialReads();
		await deliver(hook.url, KINDS[kind].build());

		expect(hook.executions).toHaveLength(1);
		expect(reads()).toHaveLength(1);
		expect(hook.credentialReads() - before).toBe(1);
	});

	test('a notification the API agrees with starts one execution with the API’s status and amount', async () => {
		KINDS[kind].record(fake.api);
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });
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
		KINDS[kind].record(fake.api);
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });
		const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(hook.url, KINDS[kind].build())));

		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
		expect(hook.executions).toHaveLength(1);
		expect(reads()).toHaveLength(1);
	});

	test('a status the API contradicts (another final state) is refused with 403 and logged, after one lookup', async () => {
		const failed = kind.startsWith('aaio') ? (kind === 'aaioPayment' ? 'expired' : 'cancel') : 'fail';
		KINDS[kind].record(fake.api, { status: failed });
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });
		const { result: answer, warnings } = await warningsDuring(() => deliver(hook.url, KINDS[kind].build()));

		expect(answer.status).toBe(403);
		expect(answer.text).toBe('{"message":"Notification rejected"}');
		expect(hook.executions).toHaveLength(0);
		expect(reads()).toHaveLength(1);
		expect(warnings).toMatch(/notification .*refused: .*API says/);
	});

	test('another amount at the API is refused with 403 and logged, whatever the status', async () => {
		KINDS[kind].record(fake.api);
		// The record as the API holds it, for another sum than the signed notification says.
		Object.assign(RECORD[kind](), AMOUNT_AT_API[kind]);
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });
		const { result: answer, warnings } = await warningsDuring(() => deliver(hook.url, KINDS[kind].build()));

		expect(answer.status).toBe(403);
		expect(hook.executions).toHaveLength(0);
		expect(reads()).toHaveLength(1);
		expect(warnings).toMatch(/refused: .*API says/);
		expect(warnings).toContain(String(Object.values(AMOUNT_AT_API[kind])[0]));
	});

	test.each([
		['down (HTTP 503)', () => ({ status: 503, body: 'Service Unavailable' })],
		['refusing the key (HTTP 401)', () => ({ status: 401, body: { type: 'error', code: 401, message: 'Неверный ключ', status: 401, status_check: false } })],
		['not reachable', () => ({ destroy: true })],
	])('an API %s gets the sender a 503 with Retry-After; nothing starts, a resend later works', async (_, failure) => {
		KINDS[kind].record(fake.api);
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });
		fake.api.intercept(failure);
		const answer = await deliver(hook.url, KINDS[kind].build());

		expect(answer.status).toBe(503);
		expect(answer.headers.get('retry-after')).toBe('60');
		expect(hook.executions).toHaveLength(0);

		fake.api.intercept(() => undefined);
		expect((await deliver(hook.url, KINDS[kind].build())).status).toBe(200);
		expect(hook.executions).toHaveLength(1);
	});
});

test.each([
	['aaioPayment', () => (RECORD.aaioPayment().currency = 'USD')],
	['moruneInvoice', () => (RECORD.moruneInvoice().currency = 'USD')],
])('%s: the same amount in another currency at the API is refused with 403 and logged', async (kind, change) => {
	KINDS[kind].record(fake.api);
	change();
	const hook = await receiverFor(kind, { baseUrl: fake.api.url });
	const { result: answer, warnings } = await warningsDuring(() => deliver(hook.url, KINDS[kind].build()));

	expect(answer.status).toBe(403);
	expect(hook.executions).toHaveLength(0);
	expect(reads()).toHaveLength(1);
	expect(warnings).toMatch(/refused: .*API says .*USD/);
});

test('an API slower than 5 s gets the sender a 503', async () => {
	KINDS.moruneInvoice.record(fake.api);
	const hook = await receiverFor('moruneInvoice', { baseUrl: fake.api.url });
	fake.api.intercept(() => ({ delayMs: 8_000, status: 200, body: { data: {}, status: 200, status_check: true } }));
	const started = Date.now();
	const answer = await deliver(hook.url, KINDS.moruneInvoice.build());

	expect(answer.status).toBe(503);
	expect(Date.now() - started).toBeLessThan(7_500);
	expect(hook.executions).toHaveLength(0);
}, 15_000);

test('morune: a failed payout confirmed is cancelled, morune’s word kept', async () => {
	KINDS.morunePayout.record(fake.api, { n: 15, status: 'fail' });
	const hook = await receiverFor('morunePayout', { baseUrl: fake.api.url });

	expect((await deliver(hook.url, KINDS.morunePayout.build({ n: 15, status: 'fail' }))).status).toBe(200);
	expect(hook.executions[0][0][0].json).toMatchObject({ event: 'payout', status: 'cancelled', providerStatus: 'fail', amount: 763.46 });
});

describe('aaio: fields outside the signature', () => {
	test('a captured notification re-sent with status=success starts nothing while the API says hold (503: hold may still become success)', async () => {
		KINDS.aaioPayment.record(fake.api, { n: 8, status: 'hold' });
		const hook = await receiverFor('aaioPayment', { baseUrl: fake.api.url, parameters: { statuses: ['success'] } });
		const tampered = KINDS.aaioPayment.build({ n: 8, status: 'hold', tamper: { status: 'success' } });

		expect((await deliver(hook.url, tampered)).status).toBe(503);
		expect(hook.executions).toHaveLength(0);
	}, 15_000);

	test('other unsigned fields (invoice_id, profit, method) come from the API; us_* stay marked unverified', async () => {
		KINDS.aaioPayment.record(fake.api, { n: 9 });
		const hook = await receiverFor('aaioPayment', { baseUrl: fake.api.url });
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
		KINDS.aaioPayment.record(fake.api, { n: 13, status: 'success' });
		const hook = await receiverFor('aaioPayment', { baseUrl: fake.api.url, parameters: { statuses: ['success'] } });

		expect((await deliver(hook.url, KINDS.aaioPayment.build({ n: 13, status: 'hold' }))).status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		expect(hook.executions[0][0][0].json).toMatchObject({ status: 'paid', providerStatus: 'success' });
	});

	test('without confirmation a tampered status passes the signature, and the item says it is unverified', async () => {
		const hook = await receiverFor('aaioPayment', { baseUrl: fake.api.url, parameters: { confirmWithProvider: false } });
		const tampered = KINDS.aaioPayment.build({ n: 10, status: 'hold', tamper: { status: 'success' } });

		expect((await deliver(hook.url, tampered)).status).toBe(200);
		const item = hook.executions[0][0][0].json;
		expect(item).toMatchObject({ status: 'paid', providerStatus: 'success' });
		expect(item.verification.signed).toEqual(['merchant_id', 'amount', 'currency', 'order_id']);
		expect(item.verification.unverified).toContain('status');
		expect(reads()).toHaveLength(0);
	});

	test('a cancelled payout confirmed: cancelled, with the API’s my_id as the order ID', async () => {
		KINDS.aaioPayout.record(fake.api, { n: 14, status: 'cancel' });
		const hook = await receiverFor('aaioPayout', { baseUrl: fake.api.url });
		const notification = KINDS.aaioPayout.build({ n: 14, status: 'cancel', tamper: { my_id: 'other' } });

		expect((await deliver(hook.url, notification)).status).toBe(200);
		const item = hook.executions[0][0][0].json;
		expect(item).toMatchObject({ status: 'cancelled', providerStatus: 'cancel', orderId: 'payout-14', amountDebited: 105.5 });
		expect(item.verification.confirmedWithProvider).toEqual(expect.arrayContaining(['status', 'my_id', 'amount_down']));
	});

	test('a payout re-sent as success that aaio cancelled is refused', async () => {
		KINDS.aaioPayout.record(fake.api, { n: 11, status: 'cancel' });
		const hook = await receiverFor('aaioPayout', { baseUrl: fake.api.url });
		const tampered = KINDS.aaioPayout.build({ n: 11, status: 'cancel', tamper: { status: 'success', my_id: 'other' } });
		expect((await deliver(hook.url, tampered)).status).toBe(403);
		expect(hook.executions).toHaveLength(0);
	});
});

test('a credential without what confirmation needs (aaio payments: merchant ID) skips it: no API read', async () => {
	const hook = await receiverFor('aaioPayout', { baseUrl: fake.api.url, credentials: { apiKey: '' } });
	expect((await deliver(hook.url, KINDS.aaioPayout.build({ n: 12 }))).status).toBe(200);
	expect(reads()).toHaveLength(0);
	expect(hook.executions[0][0][0].json.verification.confirmedWithProvider).toEqual([]);
});

describe('a replay of an accepted notification is answered from memory', () => {
	/** Unsigned fields of aaio's notifications, changed on each replay. */
	const STATUSES = ['hold', 'success', 'in_process', 'expired', 'cancel', 'SUCCESS', 'refund', 'paid'];

	test.each(['aaioPayment', 'aaioPayout'])(
		'%s: 30 replays, each with another unsigned status and fields, while the API is rate-limited: 200, no API call, no credential read, nothing started',
		async (kind) => {
			KINDS[kind].record(fake.api, { n: 30 });
			const hook = await receiverFor(kind, { baseUrl: fake.api.url });
			expect((await deliver(hook.url, KINDS[kind].build({ n: 30 }))).status).toBe(200);
			expect(reads()).toHaveLength(1);
			expect(hook.credentialReads()).toBe(1);

			fake.api.intercept(() => ({ status: 429, body: { type: 'error', code: 429, message: 'Too many requests' } }));
			for (let replay = 0; replay < 30; replay++) {
				const tamper = { status: STATUSES[replay % STATUSES.length], method: `m${replay}`, commission: String(replay) };
				const answer = await deliver(hook.url, KINDS[kind].build({ n: 30, tamper }));
				expect(answer.status).toBe(200);
			}

			expect(reads()).toHaveLength(1);
			expect(hook.credentialReads()).toBe(1);
			expect(hook.executions).toHaveLength(1);
		},
	);

	test.each(Object.keys(KINDS))(
		'%s: a rate-limited API (HTTP 429) answers 10 new notifications 503 each, and the kept credential stays: one read',
		async (kind) => {
			const hook = await receiverFor(kind, { baseUrl: fake.api.url });
			fake.api.intercept(() => ({ status: 429, body: { type: 'error', code: 429, message: 'Too many requests', status: 429, status_check: false } }));
			for (let n = 1; n <= 10; n++) {
				KINDS[kind].record(fake.api, { n });
				expect((await deliver(hook.url, KINDS[kind].build({ n }))).status).toBe(503);
			}

			expect(reads()).toHaveLength(10);
			expect(hook.credentialReads()).toBe(1);
			expect(hook.executions).toHaveLength(0);
		},
	);
});

describe('no key or secret appears in an answer or a log line', () => {
	/** The secrets of each provider's sandbox credential (the ones its triggers are given). */
	const SECRETS_OF = {
		aaio: [SANDBOX.aaio.apiKey, SANDBOX.aaio.secretKey1, SANDBOX.aaio.secretKey2, SANDBOX.aaio.payoutSecret],
		morune: [SANDBOX.morune.secretKey, SANDBOX.morune.shopSecretKey, SANDBOX.morune.shopWebhookSecret, SANDBOX.morune.userWebhookSecret],
	};
	const SECRETS = [...SECRETS_OF.aaio, ...SECRETS_OF.morune];
	/** The secrets found in `texts`, as sent and in the encodings a log or an error could carry. */
	const secretsIn = (texts) => {
		const text = texts.join('\n');
		return SECRETS.filter((secret) =>
			[secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')].some(
				(form) => text.includes(form),
			),
		);
	};

	test('the scan finds a secret where there is one', () => {
		expect(secretsIn(['all clear'])).toEqual([]);
		expect(secretsIn([`key ${SANDBOX.aaio.apiKey} echoed`])).toEqual([SANDBOX.aaio.apiKey]);
		expect(secretsIn([`x-api-key=${encodeURIComponent(SANDBOX.morune.shopSecretKey)}`])).toEqual([SANDBOX.morune.shopSecretKey]);
	});

	test.each(Object.keys(KINDS))(
		'%s: what this test logs (refused, lagging, and an API that echoes the key in its refusal) and answers holds none',
		async (kind) => {
			const from = logLines.length;
			const answers = [];
			const hook = await receiverFor(kind, { baseUrl: fake.api.url });
			const send = async (n) => answers.push(await deliver(hook.url, KINDS[kind].build({ n })));

			// Contradicted: another amount at the API.
			KINDS[kind].record(fake.api, { n: 1 });
			Object.assign(RECORD[kind](), AMOUNT_AT_API[kind]);
			await send(1);
			// The API refuses the key and echoes it, and the credential's other secrets, in its message.
			const echoed = SECRETS_OF[kind.startsWith('aaio') ? 'aaio' : 'morune'].join(' ');
			fake.api.intercept(() => ({
				status: 401,
				body: { type: 'error', code: 401, message: `Неверный ключ: ${echoed}`, error: echoed, status: 401, status_check: false },
			}));
			await send(2);
			fake.api.intercept(() => undefined);

			const lines = logLines.slice(from);
			expect(answers.map((answer) => answer.status)).toEqual([403, 503]);
			// The lines this test is about are there: the refusal and the unavailable API.
			expect(lines.join('\n')).toMatch(/refused: .*API says/);
			expect(lines.join('\n')).toMatch(/not started: .*answered 503/);
			expect(secretsIn([...lines, ...answers.map((answer) => answer.text)])).toEqual([]);
		},
	);
});
