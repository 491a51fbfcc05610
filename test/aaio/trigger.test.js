'use strict';
const { serveWebhookTrigger, loadPackage } = require('../helpers/n8n-engine');
const { SANDBOX } = require('../helpers/fixtures');
const { startFakeApi } = require('../../sandbox/fake-api');
const { aaioSign } = require('../../sandbox/signatures');

const SECRET_2 = 'aaio-secret-2-for-tests-77e1';
const PAYOUT_SECRET = 'payoffsecret';

function payment(overrides = {}) {
	const fields = {
		status: 'success',
		merchant_id: SANDBOX.aaio.merchantId,
		invoice_id: 'e3b1c2d4-0000-4c4c-8d8d-0123456789ab',
		order_id: 'order-1001',
		amount: '100.18',
		currency: 'RUB',
		profit: '95.17',
		commission: '5.01',
		commission_client: '0',
		commission_type: '100:0',
		method: 'cards_ru',
		...overrides,
	};
	const sign = aaioSign(fields, SECRET_2);
	return { ...fields, sign, ...('sign' in overrides ? { sign: overrides.sign } : {}) };
}

// The reference's test vector: sha256("48ebfc18-…:payoffsecret:105.5").
const payout = {
	id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
	my_id: 'payout-42',
	method: 'cards_ru',
	wallet: '2200000000000000',
	amount: '100',
	amount_down: '105.5',
	commission: '5.5',
	commission_type: '0',
	status: 'success',
	sign: '5111cfa658c792b2ef51dd5ea03eebb3893563d600fafaacea49bc5be2dcfab4',
};

const credentials = (extra = {}) => ({
	aaioApi: {
		apiKey: SANDBOX.aaio.apiKey,
		merchantId: SANDBOX.aaio.merchantId,
		secretKey2: SECRET_2,
		payoutSecret: PAYOUT_SECRET,
		baseUrl: 'http://127.0.0.1:9',
		...extra,
	},
});

const post = (url, fields, headers = {}) =>
	fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields).toString(),
	});

// Each test stands alone: the in-process memory of accepted notifications (Ignore Repeats,
// tested in test/notification-replay.test.js) would otherwise carry over between receivers of
// the same workflow and node.
beforeEach(() => require('../../dist/nodes/shared/replay').forgetReplayMemory());

const cleanups = [];
afterAll(() => Promise.all(cleanups.map((cleanup) => cleanup())));
// The signature alone: confirmation with the API is tested in test/notification-confirm.test.js.
async function receiver(parameters, creds = credentials()) {
	const hook = await serveWebhookTrigger({
		type: 'aaioTrigger',
		parameters: { confirmWithProvider: false, ...parameters },
		credentials: creds,
	});
	cleanups.push(hook.close);
	return hook;
}

test('is a webhook trigger with the event, status filter, repeat, confirmation and source IP options', async () => {
	const { description } = (await loadPackage()).nodeTypes.aaioTrigger.type;
	expect(description.webhooks[0]).toMatchObject({ httpMethod: 'POST', responseMode: 'onReceived' });
	expect(description.properties.map((property) => property.name)).toEqual([
		'event',
		'statuses',
		'statuses',
		'ignoreRepeats',
		'confirmWithProvider',
		'options',
	]);
	const options = description.properties.at(-1).options.map((option) => option.name);
	// No header name to trust: the client address is n8n's own (N8N_PROXY_HOPS).
	expect(options).toEqual(['checkSourceIp']);
	// The same events as the Morune Trigger; Only Statuses in aaio's own words, per event.
	expect(description.properties[0].options.map(({ name, value }) => [name, value])).toEqual([
		['Payment', 'payment'],
		['Payout', 'payout'],
	]);
	expect(description.properties[0].default).toBe('payment');
	expect(
		description.properties
			.filter((property) => property.name === 'statuses')
			.map((property) => [property.displayOptions.show.event, property.options.map((option) => option.value)]),
	).toEqual([
		[['payment'], ['hold', 'success']],
		[['payout'], ['cancel', 'success']],
	]);
});

describe('Aaio Trigger, payment notifications', () => {
	test('a genuine notification gets HTTP 200 and one execution: an item of the payment schema, what is signed, and small raw', async () => {
		const hook = await receiver({ event: 'payment' });
		await hook.activate();
		const fields = payment();
		const response = await post(hook.url, fields);

		expect(response.status).toBe(200);
		expect(await response.text()).toBe(''); // responseData 'noData': an empty answer
		expect(hook.executions).toHaveLength(1);
		// The payment schema (nodes/shared/schemas.ts); what only aaio has under `aaio`; `sign` is
		// not repeated (verification says what it covers).
		expect(hook.executions[0][0][0].json).toEqual({
			provider: 'aaio',
			event: 'payment',
			id: 'e3b1c2d4-0000-4c4c-8d8d-0123456789ab',
			orderId: 'order-1001',
			status: 'paid',
			providerStatus: 'success',
			amount: 100.18,
			currency: 'RUB',
			paymentUrl: null,
			method: 'cards_ru',
			createdAt: null,
			expiresAt: null,
			paidAt: null,
			commission: 5.01,
			credited: 95.17,
			aaio: {
				description: null,
				email: null,
				commissionClient: 0,
				commissionType: '100:0',
				merchantId: SANDBOX.aaio.merchantId,
			},
			verification: {
				signed: ['merchant_id', 'amount', 'currency', 'order_id'],
				confirmedWithProvider: [],
				unverified: ['status', 'invoice_id', 'profit', 'commission', 'commission_client', 'commission_type', 'method'],
			},
			// Only the text as received of the fields that became numbers.
			raw: { amount: '100.18', profit: '95.17', commission: '5.01', commission_client: '0' },
		});
	});

	test('hold is paid too (aaio’s word kept); desc, email and us_* fields are aaio’s own, each once', async () => {
		const hook = await receiver({ event: 'payment' });
		const fields = payment({ status: 'hold', desc: 'Заказ №1001', email: 'buyer@example.com', us_user: '42', us_plan: 'pro' });
		expect((await post(hook.url, fields)).status).toBe(200);

		const item = hook.executions[0][0][0].json;
		expect(item).toMatchObject({ status: 'paid', providerStatus: 'hold', orderId: 'order-1001' });
		expect(item.aaio).toEqual({
			description: 'Заказ №1001',
			email: 'buyer@example.com',
			commissionClient: 0,
			commissionType: '100:0',
			merchantId: SANDBOX.aaio.merchantId,
			// Fields the payment schema does not read stay as received.
			us_user: '42',
			us_plan: 'pro',
		});
		expect(item.verification.unverified).toEqual(expect.arrayContaining(['desc', 'email', 'us_user', 'us_plan']));
		// Each received field once: none under aaio's own name beside the clean keys.
		expect(Object.keys(item).filter((key) => key.includes('_'))).toEqual([]);
	});

	test('a status aaio has not documented is unknown, with its word kept', async () => {
		const hook = await receiver({ event: 'payment' });
		expect((await post(hook.url, payment({ status: 'partially_paid' }))).status).toBe(200);
		expect(hook.executions[0][0][0].json).toMatchObject({ status: 'unknown', providerStatus: 'partially_paid' });
	});

	test('the amount is checked as the exact string received', async () => {
		const hook = await receiver({ event: 'payment' });
		const signedFor100_180 = payment({ amount: '100.180' });

		expect((await post(hook.url, signedFor100_180)).status).toBe(200);
		// The same sign with the amount written differently is not genuine.
		expect((await post(hook.url, { ...signedFor100_180, amount: '100.18' })).status).toBe(403);
		expect(hook.executions).toHaveLength(1);
	});

	test.each([
		['a wrong sign', payment({ sign: 'f'.repeat(64) })],
		['no sign', (({ sign, ...rest }) => rest)(payment())],
		['a changed amount', { ...payment(), amount: '10000.00' }],
		['another order ID', { ...payment(), order_id: 'order-9999' }],
		['a sign made with secret key 1 style guess', payment({ sign: aaioSign(payment(), 'guess') })],
	])('%s gets HTTP 403, no execution, and no hint', async (_, fields) => {
		const hook = await receiver({ event: 'payment' });
		const response = await post(hook.url, fields);
		const text = await response.text();

		expect(response.status).toBe(403);
		expect(text).toBe('{"message":"Notification rejected"}');
		expect(hook.executions).toHaveLength(0);
	});

	test('the status filter (in aaio’s words) answers 200 but starts nothing for other statuses', async () => {
		const hook = await receiver({ event: 'payment', statuses: ['success'] });

		// hold is `paid` as well, but Only Statuses tells aaio's words apart.
		expect((await post(hook.url, payment({ status: 'hold' }))).status).toBe(200);
		expect(hook.executions).toHaveLength(0);
		await post(hook.url, payment());
		expect(hook.executions).toHaveLength(1);
		expect(hook.executions[0][0][0].json).toMatchObject({ status: 'paid', providerStatus: 'success' });
	});

	test('activation fails without secret key 2', async () => {
		const hook = await receiver({ event: 'payment' }, credentials({ secretKey2: '' }));
		await expect(hook.activate()).rejects.toThrow(
			'The Secret Key 2 in the Aaio API credential is empty, so aaio notifications cannot be verified.',
		);
	});
});

describe('Aaio Trigger, payout notifications', () => {
	test('the reference test vector is accepted, as an item of the payout schema', async () => {
		const hook = await receiver({ event: 'payout' });
		await hook.activate();
		const response = await post(hook.url, payout);

		expect(response.status).toBe(200);
		expect(hook.executions[0][0][0].json).toEqual({
			provider: 'aaio',
			event: 'payout',
			id: payout.id,
			orderId: 'payout-42',
			status: 'paid',
			providerStatus: 'success',
			amount: 100,
			amountDebited: 105.5,
			commission: 5.5,
			method: 'cards_ru',
			wallet: '2200000000000000',
			currency: 'RUB',
			createdAt: null,
			completedAt: null,
			cancelReason: null,
			aaio: { commissionType: 0, amountInCurrency: null, amountCurrency: null, amountRate: null },
			verification: {
				signed: ['id', 'amount_down'],
				confirmedWithProvider: [],
				unverified: ['my_id', 'method', 'wallet', 'amount', 'commission', 'commission_type', 'status'],
			},
			raw: { amount: '100', amount_down: '105.5', commission: '5.5', commission_type: '0' },
		});
	});

	test('a cancelled payout: cancelled, its reason, dates in UTC from Moscow time, the amount in another currency', async () => {
		const hook = await receiver({ event: 'payout', statuses: ['cancel'] });
		const cancelled = {
			...payout,
			status: 'cancel',
			amount_in_currency: '1.08',
			amount_currency: 'USDT',
			amount_rate: '92.5',
			date: '2026-11-19 10:00:00',
			complete_date: '2026-11-19 10:05:30',
			cancel_message: 'Неверный номер карты',
		};
		expect((await post(hook.url, cancelled)).status).toBe(200);

		const item = hook.executions[0][0][0].json;
		expect(item).toMatchObject({
			status: 'cancelled',
			providerStatus: 'cancel',
			createdAt: '2026-11-19T07:00:00.000Z',
			completedAt: '2026-11-19T07:05:30.000Z',
			cancelReason: 'Неверный номер карты',
			aaio: { commissionType: 0, amountInCurrency: 1.08, amountCurrency: 'USDT', amountRate: 92.5 },
			raw: { amount: '100', amount_in_currency: '1.08', amount_rate: '92.5', amount_down: '105.5', commission: '5.5', commission_type: '0' },
		});
		expect(Object.keys(item.aaio)).toEqual(['commissionType', 'amountInCurrency', 'amountCurrency', 'amountRate']);
	});

	test('a payout notification checked as a payment, or with a changed amount, is rejected', async () => {
		const asPayment = await receiver({ event: 'payment' });
		expect((await post(asPayment.url, payout)).status).toBe(403);

		const hook = await receiver({ event: 'payout' });
		expect((await post(hook.url, { ...payout, amount_down: '1105.5' })).status).toBe(403);
		expect(hook.executions).toHaveLength(0);
	});

	test('activation fails without the payout notification secret', async () => {
		const hook = await receiver({ event: 'payout' }, credentials({ payoutSecret: ' ' }));
		await expect(hook.activate()).rejects.toThrow('The Payout Notification Secret in the Aaio API credential is empty');
	});
});

describe('Aaio Trigger, source IP check (off by default)', () => {
	async function withIpList(list) {
		const api = await startFakeApi();
		cleanups.push(api.close);
		api.intercept((request) =>
			request.path === '/api/public/ips' ? (list ? { body: { type: 'success', list } } : { status: 503, body: '' }) : undefined,
		);
		return api;
	}

	test('accepts a sender on aaio’s published list', async () => {
		const api = await withIpList(['91.107.204.74', '127.0.0.1']);
		const hook = await receiver({ event: 'payment', options: { checkSourceIp: true } }, credentials({ baseUrl: api.url }));

		expect((await post(hook.url, payment())).status).toBe(200);
		expect(api.requests.filter((request) => request.path === '/api/public/ips')).toHaveLength(1);
		expect((await post(hook.url, payment())).status).toBe(200);
		// The list is cached, not fetched for every notification.
		expect(api.requests.filter((request) => request.path === '/api/public/ips')).toHaveLength(1);
	});

	test('rejects a genuine signature from an address not on the list', async () => {
		const api = await withIpList(['91.107.204.74']);
		const hook = await receiver({ event: 'payment', options: { checkSourceIp: true } }, credentials({ baseUrl: api.url }));

		expect((await post(hook.url, payment())).status).toBe(403);
		expect(hook.executions).toHaveLength(0);
	});

	test('falls back to the documented address when the list cannot be fetched', async () => {
		const api = await withIpList(undefined);
		const hook = await receiver({ event: 'payment', options: { checkSourceIp: true } }, credentials({ baseUrl: api.url }));

		// The test sends from 127.0.0.1, which is not 91.107.204.74.
		expect((await post(hook.url, payment())).status).toBe(403);
		expect(hook.executions).toHaveLength(0);
	});

	test('is off by default: no list is fetched', async () => {
		const api = await withIpList(['91.107.204.74']);
		const hook = await receiver({ event: 'payment' }, credentials({ baseUrl: api.url }));

		expect((await post(hook.url, payment())).status).toBe(200);
		expect(api.requests).toHaveLength(0);
	});
});
