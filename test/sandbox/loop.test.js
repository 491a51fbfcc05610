'use strict';
/**
 * Test mode of the sandbox (sandbox/test-mode.js), end to end through n8n's engine: Payment →
 * Create on the nodes, the checkout page's buttons, the notification the sandbox delivers to the
 * trigger (served as n8n serves live webhooks, Confirm With Provider on, asking the sandbox), and
 * payouts moving on. Every notification the sandbox sends is checked with the nodes' own
 * verification and with an independent implementation of each provider's formula written here.
 */
const crypto = require('node:crypto');
const { startFakeApi, SANDBOX } = require('../../sandbox/fake-api');
const { serveWebhookTrigger, runNode } = require('../helpers/n8n-engine');
const { aaioNotificationEvents, isGenuineAaioNotification } = require('../../dist/nodes/Aaio/notifications');
const { moruneNotificationEvents, isGenuineMoruneNotification } = require('../../dist/nodes/Morune/notifications');

// --- each provider's formula, written again from its documentation -----------------------------
const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
/** aaio §1.4: sha256(merchant_id:amount:currency:secret2:order_id), over the texts as sent. */
const aaioPaymentSign = (f, secret) => sha256(`${f.merchant_id}:${f.amount}:${f.currency}:${secret}:${f.order_id}`);
/** aaio §1.5: sha256(id:payout secret:amount_down). */
const aaioPayoutSign = (f, secret) => sha256(`${f.id}:${secret}:${f.amount_down}`);
/** morune §2.4: HMAC-SHA256 (hex) of the body, its top-level keys sorted a→z, compact JSON. */
function moruneSign(rawBody, key) {
	const parsed = JSON.parse(rawBody);
	const text = `{${Object.keys(parsed)
		.sort()
		.map((name) => `${JSON.stringify(name)}:${JSON.stringify(parsed[name])}`)
		.join(',')}}`;
	return crypto.createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** Checks a delivered notification's signature both ways, and that another secret fails. */
function expectGenuine(entry) {
	const { provider, event, request } = entry;
	if (provider === 'aaio') {
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		const fields = Object.fromEntries(new URLSearchParams(request.body));
		const secret = event === 'payment' ? SANDBOX.aaio.secretKey2 : SANDBOX.aaio.payoutSecret;
		const formula = event === 'payment' ? aaioPaymentSign : aaioPayoutSign;
		expect(fields.sign).toBe(formula(fields, secret));
		const definition = aaioNotificationEvents.find((e) => e.value === event);
		const received = { payload: fields, rawBody: request.body, signature: fields.sign };
		expect(isGenuineAaioNotification(definition, received, secret)).toBe(true);
		expect(isGenuineAaioNotification(definition, received, 'another-secret')).toBe(false);
		return fields;
	}
	expect(request.headers['content-type']).toBe('application/json');
	const signature = request.headers['x-api-sha256-signature'];
	const key = event === 'payment' ? SANDBOX.morune.shopWebhookSecret : SANDBOX.morune.userWebhookSecret;
	expect(signature).toBe(moruneSign(request.body, key));
	const definition = moruneNotificationEvents.find((e) => e.value === event);
	const received = { payload: JSON.parse(request.body), rawBody: request.body, signature };
	expect(isGenuineMoruneNotification(definition, received, key)).toBe(true);
	// The other morune key (shop vs user) must not verify it.
	const other = event === 'payment' ? SANDBOX.morune.userWebhookSecret : SANDBOX.morune.shopWebhookSecret;
	expect(isGenuineMoruneNotification(definition, received, other)).toBe(false);
	return received.payload;
}

const nearNow = (iso) => Math.abs(new Date(iso).getTime() - Date.now()) <= 60_000;

let api;
const hooks = {};
const credentials = () => ({
	aaio: { aaioApi: { ...SANDBOX.aaio, baseUrl: api.url } },
	morune: { moruneApi: { ...SANDBOX.morune, baseUrl: api.url } },
});

beforeAll(async () => {
	api = await startFakeApi();
	for (const [key, type, event] of [
		['aaioPayment', 'aaioTrigger', 'payment'],
		['aaioPayout', 'aaioTrigger', 'payout'],
		['morunePayment', 'moruneTrigger', 'payment'],
		['morunePayout', 'moruneTrigger', 'payout'],
	]) {
		const provider = type.startsWith('aaio') ? 'aaio' : 'morune';
		hooks[key] = await serveWebhookTrigger({ type, parameters: { event }, credentials: credentials()[provider] });
	}
});
afterAll(async () => {
	await api.testMode.settled();
	await Promise.all([api.close(), ...Object.values(hooks).map((hook) => hook.close())]);
});

/** Test mode on, each notification URL the receiver of its kind; payouts ended by hand unless given. */
function turnOn(payouts = { seconds: 0, outcome: 'manual' }) {
	api.reset();
	api.testMode.lagMs = 400;
	const problems = api.testMode.configure({
		enabled: true,
		aaio: { notificationUrl: hooks.aaioPayment.url, payoutUrl: hooks.aaioPayout.url },
		morune: { paymentUrl: hooks.morunePayment.url, payoutUrl: hooks.morunePayout.url },
		payouts,
	});
	expect(problems).toEqual([]);
}
beforeEach(() => turnOn());

let counter = 0;
const uniqueId = (prefix) => `${prefix}-${process.pid}-${++counter}`;

async function createPayment(provider, fields = {}) {
	const parameters =
		provider === 'aaio'
			? { resource: 'payment', operation: 'create', orderId: uniqueId('shop'), amount: '100.5', currency: 'RUB', ...fields }
			: { resource: 'payment', operation: 'create', orderId: uniqueId('shop'), amount: '250.5', ...fields };
	const result = await runNode({ type: provider, parameters, credentials: credentials()[provider] });
	expect(result.error).toBeUndefined();
	return result.items[0].json;
}

/** Presses a checkout page's button as the browser does (a form POST); resolves once delivered. */
async function press(paymentUrl, action, extra = {}) {
	const response = await fetch(paymentUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(paymentUrl).origin },
		body: new URLSearchParams({ action, ...extra }).toString(),
		redirect: 'manual',
	});
	expect(response.status).toBe(303);
	await api.testMode.settled();
	const page = await (await fetch(paymentUrl)).text();
	return page;
}

const deliveries = () => api.testMode.deliveries;
const itemsOf = (hook) => hook.executions.map((run) => run[0][0].json);

async function lookup(provider, parameters) {
	const result = await runNode({ type: provider, parameters, credentials: credentials()[provider] });
	expect(result.error).toBeUndefined();
	return result.items[0].json;
}

describe('checkout pages and payment notifications', () => {
	test('aaio: Payment → Create links to the sandbox checkout; Pay delivers the notification that starts one execution with the paid order', async () => {
		const created = await createPayment('aaio', { additionalFields: { method: 'sbp' } });
		expect(created.paymentUrl).toMatch(new RegExp(`^${api.url}/pay/aaio/[0-9a-f-]{36}$`));
		const before = await (await fetch(created.paymentUrl)).text();
		expect(before).toContain(created.orderId);
		expect(before).toContain('data-test="pay"');

		const page = await press(created.paymentUrl, 'pay', { method: 'sbp' });
		expect(page).toMatch(/Paid \(status success\)\. Notification #\d+: HTTP 200/);

		expect(deliveries()).toHaveLength(1);
		const [entry] = deliveries();
		expect(entry).toMatchObject({ provider: 'aaio', event: 'payment', subject: created.orderId, status: 'success', url: hooks.aaioPayment.url, answer: { status: 200 } });
		const fields = expectGenuine(entry);
		expect(fields).toMatchObject({ status: 'success', order_id: created.orderId, amount: '100.50', currency: 'RUB', method: 'sbp', merchant_id: SANDBOX.aaio.merchantId });
		expect(itemsOf(hooks.aaioPayment).filter((item) => item.orderId === created.orderId)).toEqual([
			expect.objectContaining({
				provider: 'aaio',
				event: 'payment',
				orderId: created.orderId,
				status: 'paid',
				providerStatus: 'success',
				amount: 100.5,
				currency: 'RUB',
				method: 'sbp',
				verification: expect.objectContaining({ confirmedWithProvider: expect.arrayContaining(['status', 'amount']) }),
			}),
		]);
		// The lookup says what the notification said.
		expect(await lookup('aaio', { resource: 'payment', operation: 'get', orderId: created.orderId })).toMatchObject({ status: 'paid', providerStatus: 'success', method: 'sbp' });
	});

	test('aaio: Pay with the money held is notified as hold; Fail changes nothing (aaio has no failed state); Let expire is not notified', async () => {
		const held = await createPayment('aaio');
		await press(held.paymentUrl, 'hold');
		expectGenuine(deliveries().at(-1));
		expect(itemsOf(hooks.aaioPayment).find((item) => item.orderId === held.orderId)).toMatchObject({ status: 'paid', providerStatus: 'hold' });

		const failed = await createPayment('aaio');
		expect(await press(failed.paymentUrl, 'fail')).toContain('aaio has no failed status');
		expect(await lookup('aaio', { resource: 'payment', operation: 'get', orderId: failed.orderId })).toMatchObject({ status: 'pending', providerStatus: 'in_process' });
		await press(failed.paymentUrl, 'expire');
		expect(await lookup('aaio', { resource: 'payment', operation: 'get', orderId: failed.orderId })).toMatchObject({ status: 'expired' });
		expect(deliveries()).toHaveLength(1);
	});

	test('morune: Pay, then Refund: two notifications, each starting one execution (paid, then refunded with its reason and time)', async () => {
		const created = await createPayment('morune', { additionalFields: { customFields: '{"cart":"a/b","user":"Пётр"}' } });
		expect(created.paymentUrl).toBe(`${api.url}/pay/morune/${created.id}`);
		await press(created.paymentUrl, 'pay', { method: 'sbp' });
		const paid = deliveries().at(-1);
		expect(paid.answer).toEqual(expect.objectContaining({ status: 200 }));
		const payload = expectGenuine(paid);
		expect(payload).toMatchObject({ invoice_id: created.id, status: 'success', amount: '250.50', pay_service: 'sbp', type: 1, code: 1, custom_fields: { cart: 'a/b', user: 'Пётр' } });

		const page = await press(created.paymentUrl, 'refund', { reason: 'Клиент передумал' });
		expect(page).toContain('Refunded (status refund)');
		const refund = expectGenuine(deliveries().at(-1));
		expect(refund).toMatchObject({ status: 'refund', refund_amount: '250.50', refund_reason: 'Клиент передумал' });

		const items = itemsOf(hooks.morunePayment).filter((item) => item.id === created.id);
		expect(items.map((item) => item.status)).toEqual(['paid', 'refunded']);
		expect(nearNow(items[0].paidAt)).toBe(true);
		expect(items[1].morune).toMatchObject({ refundAmount: 250.5, refundReason: 'Клиент передумал', type: 2, code: 20 });
		expect(nearNow(items[1].morune.refundTime)).toBe(true);
		expect(await lookup('morune', { resource: 'payment', operation: 'get', findBy: 'id', paymentId: created.id })).toMatchObject({ status: 'refunded' });
	});

	test.each([
		['fail', 'failed', 31],
		['expire', 'expired', 32],
	])('morune: %s is notified (reject_time in Moscow time) and starts one execution', async (action, status, code) => {
		const created = await createPayment('morune');
		await press(created.paymentUrl, action);
		const payload = expectGenuine(deliveries().at(-1));
		expect(payload).toMatchObject({ status: action === 'fail' ? 'fail' : 'expired', code, type: 1 });
		expect(payload.reject_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		const [item] = itemsOf(hooks.morunePayment).filter((entry) => entry.id === created.id);
		expect(item).toMatchObject({ status, morune: expect.objectContaining({ code }) });
		expect(nearNow(item.morune.rejectTime)).toBe(true);
	});

	test('a checkout page refuses what the order cannot do, and another site cannot press its buttons', async () => {
		const created = await createPayment('morune');
		expect(await press(created.paymentUrl, 'refund')).toContain('only a paid invoice can be refunded');
		const forged = await fetch(created.paymentUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
			body: 'action=pay',
			redirect: 'manual',
		});
		expect(forged.status).toBe(403);
		expect(api.state.morune.invoices.at(-1).status).toBe('created');
		expect(deliveries()).toHaveLength(0);
	});

	test('the control path names the provider it acts on', async () => {
		const created = await createPayment('morune');
		const post = (body) => fetch(`${api.url}/__sandbox/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect((await post({ provider: 'enot', id: created.id, action: 'pay' })).status).toBe(400);
		const paid = await post({ provider: 'morune', orderId: created.orderId, action: 'pay' });
		expect(paid.status).toBe(200);
		expect((await paid.json()).delivery).toMatchObject({ provider: 'morune', status: 'success', answer: { status: 200 } });
	});

	test("the checkout page shows the order's text escaped", async () => {
		const created = await createPayment('aaio', { additionalFields: { description: '<script>alert(1)</script>' } });
		const page = await (await fetch(created.paymentUrl)).text();
		expect(page).not.toContain('<script>alert(1)');
		expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
	});
});

describe('the delivery log: resend, replay, tampered', () => {
	test.each(['aaio', 'morune'])('%s: a tampered copy gets 403 and starts nothing; a replay gets 200 and starts nothing', async (provider) => {
		const hook = provider === 'aaio' ? hooks.aaioPayment : hooks.morunePayment;
		const created = await createPayment(provider);
		await press(created.paymentUrl, 'pay');
		const executions = hook.executions.length;
		const original = deliveries().at(-1);

		const tampered = await api.testMode.resend(original.id, 'tampered').sending;
		expect(tampered).toMatchObject({ variant: 'tampered', of: original.id, answer: { status: 403 } });
		expect(tampered.request.body).not.toBe(original.request.body);
		expect(tampered.request.headers).toEqual(original.request.headers);
		const replay = await api.testMode.resend(original.id, 'replay').sending;
		expect(replay).toMatchObject({ variant: 'replay', answer: { status: 200 } });
		expect(replay.request).toEqual(original.request);
		expect(hook.executions.length).toBe(executions);
	});

	test('over HTTP from the sandbox page: the buttons answer 303 and the log shows the answers', async () => {
		const created = await createPayment('aaio');
		await press(created.paymentUrl, 'pay');
		const { id } = deliveries().at(-1);
		const response = await fetch(`${api.url}/sandbox/deliveries/${id}/tampered`, { method: 'POST', redirect: 'manual' });
		expect(response.status).toBe(303);
		const page = await (await fetch(`${api.url}/sandbox`)).text();
		expect(page).toMatch(/Notification #\d+ \(tampered\): HTTP 403/);
		expect(page).toContain('data-answer-status="403"');
	});

	test('a lagging record: the notification confirmed with the provider meanwhile gets a retryable 503, a resend after the lag starts the workflow', async () => {
		// Longer than a trigger's lag window (it may read the API again for up to 5 s).
		api.testMode.lagMs = 6_000;
		const created = await createPayment('morune');
		api.testMode.arm('lag');
		await press(created.paymentUrl, 'pay');
		const first = deliveries().at(-1);
		// Confirm With Provider asked the sandbox, which still said "created" through the trigger's lag
		// window: lag is not forgery, so 503 ("send again"), never 403.
		expect(first.answer.status).toBe(503);
		expect(itemsOf(hooks.morunePayment).filter((item) => item.id === created.id)).toEqual([]);
		const lagEnds = api.state.morune.lagging[created.id].until;
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, lagEnds - Date.now()) + 100));
		const again = await api.testMode.resend(first.id, 'resend').sending;
		expect(again.answer.status).toBe(200);
		expect(itemsOf(hooks.morunePayment).filter((item) => item.id === created.id)).toHaveLength(1);
	}, 20_000);

	test.each(['aaio', 'morune'])('%s: a duplicate delivery (twice at once) starts one execution', async (provider) => {
		const hook = provider === 'aaio' ? hooks.aaioPayment : hooks.morunePayment;
		const created = await createPayment(provider);
		api.testMode.arm('duplicate');
		await press(created.paymentUrl, 'pay');
		expect(deliveries().map((entry) => [entry.variant, entry.answer.status])).toEqual([
			['sent', 200],
			['duplicate', 200],
		]);
		expect(itemsOf(hook).filter((item) => item.orderId === created.orderId)).toHaveLength(1);
	});
});

describe('payouts move on', () => {
	const payout = {
		aaio: (orderId) => ({ resource: 'payout', operation: 'create', orderId, method: 'cards_ru', amount: '1200', wallet: '2200700098765432', lookupWindow: 0 }),
		morune: (orderId) => ({ resource: 'payout', operation: 'create', orderId, amount: '1000', method: 'card', wallet: '5536910012345678', lookupWindow: 0 }),
	};
	const getPayout = (orderId) => ({ resource: 'payout', operation: 'get', findBy: 'orderId', orderId });

	test.each(['aaio', 'morune'])('%s: pending, then success after the set seconds: the lookup and the notification follow', async (provider) => {
		turnOn({ seconds: 0.5, outcome: 'success' });
		const hook = provider === 'aaio' ? hooks.aaioPayout : hooks.morunePayout;
		const orderId = uniqueId('payout');
		const created = await lookup(provider, payout[provider](orderId));
		expect(created).toMatchObject({ orderId, status: 'pending' });
		expect(await lookup(provider, getPayout(orderId))).toMatchObject({ status: 'pending' });
		expect(nearNow((await lookup(provider, getPayout(orderId))).createdAt)).toBe(true);

		const started = Date.now();
		while (!hook.executions.some((run) => run[0][0].json.orderId === orderId) && Date.now() - started < 5_000) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		await api.testMode.settled();
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
		const entry = deliveries().find((d) => d.event === 'payout' && d.subject === orderId);
		expect(entry.answer.status).toBe(200);
		expectGenuine(entry);
		expect(itemsOf(hook).filter((item) => item.orderId === orderId)).toEqual([expect.objectContaining({ status: 'paid', providerStatus: 'success' })]);
		const done = await lookup(provider, getPayout(orderId));
		expect(done).toMatchObject({ status: 'paid' });
		expect(nearNow(done.completedAt)).toBe(true);
	});

	test.each(['aaio', 'morune'])('%s: cancelled by hand: the money goes back, the notification says so', async (provider) => {
		const hook = provider === 'aaio' ? hooks.aaioPayout : hooks.morunePayout;
		const balance = () => (provider === 'aaio' ? api.state.aaio.balance.balance : api.state.morune.balance.active_balance);
		const before = balance();
		const orderId = uniqueId('payout');
		const created = await lookup(provider, payout[provider](orderId));
		expect(balance()).toBeLessThan(before);
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(api.testMode.pendingPayouts().map((p) => p.id)).toContain(created.id);

		const result = api.testMode.finishPayout(provider, created.id, 'cancel');
		const entry = await result.sending;
		expect(entry.answer.status).toBe(200);
		const payload = expectGenuine(entry);
		expect(payload.status).toBe(provider === 'aaio' ? 'cancel' : 'fail');
		expect(balance()).toBe(before);
		const [item] = itemsOf(hook).filter((i) => i.orderId === orderId);
		expect(item).toMatchObject({ status: 'cancelled' });
		if (provider === 'morune') expect(item.cancelReason).toBe('Отклонено в песочнице');
		expect(await lookup(provider, getPayout(orderId))).toMatchObject({ status: 'cancelled' });
	});

	test('aaio: an SBP payout is notified with the name of its bank', async () => {
		const orderId = uniqueId('payout');
		const created = await lookup('aaio', { resource: 'payout', operation: 'create', orderId, method: 'sbp', amount: '300', wallet: '79001234567', sbpBankId: '100000000004', lookupWindow: 0 });
		const entry = await api.testMode.finishPayout('aaio', created.id, 'success').sending;
		expect(expectGenuine(entry)).toMatchObject({ method: 'sbp', bank: 'Т-Банк', wallet: '79001234567', status: 'success' });
		expect(entry.answer.status).toBe(200);
		expect(itemsOf(hooks.aaioPayout).find((item) => item.orderId === orderId)).toMatchObject({ status: 'paid', method: 'sbp' });
	});

	test("a payout's own webhook URL wins over the account's", async () => {
		const orderId = uniqueId('payout');
		const own = hooks.aaioPayout.url.replace('127.0.0.1', 'localhost');
		const created = await lookup('aaio', { ...payout.aaio(orderId), additionalFields: { webhookUrl: own } });
		const entry = await api.testMode.finishPayout('aaio', created.id, 'success').sending;
		expect(entry.url).toBe(own);
		expect(entry.answer.status).toBe(200);
	});
});

describe('faults on demand and the loopback rule', () => {
	test.each([
		['aaio', '5xx', 503],
		['morune', '5xx', 503],
		['aaio', 'lost', undefined],
	])('%s API, next answer %s: that request fails, the next one is answered', async (provider, fault, httpCode) => {
		api.testMode.arm(fault, provider);
		const other = provider === 'aaio' ? 'morune' : 'aaio';
		// The other provider's answers are not touched.
		expect((await runNode({ type: other, parameters: { resource: 'balance', operation: 'get' }, credentials: credentials()[other] })).error).toBeUndefined();
		const failed = await runNode({ type: provider, parameters: { resource: 'balance', operation: 'get' }, credentials: credentials()[provider] });
		expect(failed.error).toBeDefined();
		if (httpCode) expect(String(failed.error.httpCode)).toBe(String(httpCode));
		expect((await runNode({ type: provider, parameters: { resource: 'balance', operation: 'get' }, credentials: credentials()[provider] })).error).toBeUndefined();
	});

	test('a slow API answer: the trigger gives up confirming and answers 503; a resend is accepted', async () => {
		const created = await createPayment('morune');
		api.testMode.arm('slow', 'morune');
		await press(created.paymentUrl, 'pay');
		const first = deliveries().at(-1);
		expect(first.answer.status).toBe(503);
		expect(itemsOf(hooks.morunePayment).filter((item) => item.id === created.id)).toEqual([]);
		const again = await api.testMode.resend(first.id, 'resend').sending;
		expect(again.answer.status).toBe(200);
		expect(itemsOf(hooks.morunePayment).filter((item) => item.id === created.id)).toHaveLength(1);
	}, 20_000);

	const payoutCreate = (provider, orderId) =>
		provider === 'aaio'
			? { resource: 'payout', operation: 'create', orderId, method: 'cards_ru', amount: '1200', wallet: '2200700098765432', lookupWindow: 0 }
			: { resource: 'payout', operation: 'create', orderId, amount: '1000', method: 'card', wallet: '5536910012345678', lookupWindow: 0 };
	const payoutsWith = (provider, orderId) =>
		provider === 'aaio' ? api.state.aaio.payoffs.filter((p) => p.my_id === orderId) : api.state.morune.payouts.filter((p) => p.order_id === orderId);

	test.each(['aaio', 'morune'])('%s: the answer to a payout creation lost: the node finds the payout it made, made once', async (provider) => {
		const orderId = uniqueId('payout');
		api.testMode.arm('lost', provider, 'payout');
		const created = await lookup(provider, payoutCreate(provider, orderId));
		expect(created).toMatchObject({ orderId, status: 'pending' });
		expect(payoutsWith(provider, orderId)).toHaveLength(1);
		expect(api.queued).toEqual([]);
	});

	test.each(['aaio', 'morune'])('%s: the next answer lost (the lookup before a payout): nothing is paid, the error says so', async (provider) => {
		const orderId = uniqueId('payout');
		api.testMode.arm('lost', provider);
		const result = await runNode({ type: provider, parameters: payoutCreate(provider, orderId), credentials: credentials()[provider] });
		expect(result.error.message).toMatch(/^Nothing was sent to/);
		expect(payoutsWith(provider, orderId)).toHaveLength(0);
	});

	test('notification URLs must be loopback; an invoice hook_url elsewhere is logged, not sent', async () => {
		expect(api.testMode.configure({ aaio: { notificationUrl: 'https://shop.example/aaio' } })).toEqual([
			expect.stringContaining('127.0.0.1 or localhost only'),
		]);
		expect(api.testMode.settings.aaio.notificationUrl).toBe(hooks.aaioPayment.url);
		const created = await createPayment('morune', { additionalFields: { webhookUrl: 'https://shop.example/morune' } });
		await press(created.paymentUrl, 'pay');
		expect(deliveries().at(-1)).toMatchObject({ url: 'https://shop.example/morune', answer: { skipped: expect.stringContaining('127.0.0.1 and localhost only') } });
	});

	test('test mode off (the default): the providers’ own payment URLs, no checkout page, nothing moves', async () => {
		api.reset();
		const created = await createPayment('aaio');
		expect(created.paymentUrl).toMatch(/^https:\/\/aaio\.so\/merchant\/pay\//);
		const id = created.paymentUrl.split('/').at(-1);
		expect((await fetch(`${api.url}/pay/aaio/${id}`)).status).toBe(404);
	});
});

describe('the sandbox page', () => {
	const form = (path, fields, headers = {}) =>
		fetch(`${api.url}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
			body: new URLSearchParams(fields).toString(),
			redirect: 'manual',
		});
	const flash = async () => /data-test="flash">([^<]*)/.exec(await (await fetch(`${api.url}/sandbox`)).text())?.[1];

	test('the settings form saves loopback URLs and refuses any other', async () => {
		const fields = { enabled: 'on', 'aaio.notificationUrl': 'http://localhost:9/hook', 'payouts.seconds': '2', 'payouts.outcome': 'manual', submitted: '1' };
		expect((await form('/sandbox/settings', fields)).status).toBe(303);
		expect(await flash()).toBe('Saved.');
		expect(api.testMode.settings).toMatchObject({ enabled: true, publicShapes: false, aaio: { notificationUrl: 'http://localhost:9/hook' }, payouts: { seconds: 2, outcome: 'manual' } });
		await form('/sandbox/settings', { ...fields, 'aaio.notificationUrl': 'http://10.0.0.5/hook' });
		expect(await flash()).toContain('127.0.0.1 or localhost only');
		expect(api.testMode.settings.aaio.notificationUrl).toBe('http://localhost:9/hook');
		// Another site cannot change them.
		expect((await form('/sandbox/settings', { ...fields, 'aaio.notificationUrl': 'http://127.0.0.1:1/x' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
		expect(api.testMode.settings.aaio.notificationUrl).toBe('http://localhost:9/hook');
	});

	test('the fault buttons arm one fault each, listed until used', async () => {
		await form('/sandbox/faults', { fault: '5xx', provider: 'morune' });
		await form('/sandbox/faults', { fault: 'lost', provider: 'aaio', target: 'payout' });
		await form('/sandbox/faults', { fault: 'duplicate' });
		const page = await (await fetch(`${api.url}/sandbox`)).text();
		expect(page).toContain('morune: the next answer HTTP 503');
		expect(page).toContain('aaio: the answer to the next payout creation lost (the request is handled, the connection dropped)');
		expect(page).toContain('the next notification is delivered twice at once');
		expect(api.queued).toEqual([
			expect.objectContaining({ provider: 'morune', status: 503, fault: '5xx' }),
			expect.objectContaining({ provider: 'aaio', path: '/api/create-payoff', destroy: true, record: true, fault: 'lost' }),
		]);
	});
});

describe('times and shapes as the providers write them', () => {
	test('morune writes Moscow time: Payment → Create and Get read through the node are the real time (±1 min)', async () => {
		const created = await createPayment('morune');
		const read = await lookup('morune', { resource: 'payment', operation: 'get', findBy: 'id', paymentId: created.id });
		expect(nearNow(read.createdAt)).toBe(true);
		// morune's default expiry: 300 minutes.
		expect(Math.abs(new Date(read.expiresAt).getTime() - Date.now() - 300 * 60_000)).toBeLessThanOrEqual(60_000);
		expect(created.expiresAt).toBe(read.expiresAt);
	});

	test("aaio's documented error shape {type: fail, code: '400'} is read as an error with its message", async () => {
		api.testMode.configure({ publicShapes: true });
		const response = await fetch(`${api.url}/api/balance`, { method: 'POST', headers: { 'x-api-key': 'wrong' } });
		expect(await response.json()).toEqual({ type: 'fail', code: '401', message: 'Неверный ключ API' });
		const result = await runNode({ type: 'aaio', parameters: { resource: 'balance', operation: 'get' }, credentials: { aaioApi: { apiKey: 'wrong-key-000000000000', baseUrl: api.url } } });
		expect(result.error).toBeDefined();
		expect(`${result.error.message} ${result.error.description ?? ''}`).toContain('Неверный ключ API');
	});

	test("aaio's balance spelt `referal` (an older example in aaio's docs) gives the referral balance", async () => {
		api.testMode.configure({ publicShapes: true });
		const item = await lookup('aaio', { resource: 'balance', operation: 'get' });
		expect(item).toMatchObject({ provider: 'aaio', available: 1592.03, frozen: 120.5, referral: 346.49, total: 2059.02 });
	});

	test('morune tariffs in snake_case, without a lower limit, and under moderation', async () => {
		api.testMode.configure({ publicShapes: true });
		const result = await runNode({ type: 'morune', parameters: { resource: 'paymentMethod', operation: 'getAll' }, credentials: credentials().morune });
		expect(result.error).toBeUndefined();
		const byCode = Object.fromEntries(result.items.map((item) => [item.json.code, item.json]));
		expect(byCode.yoomoney).toEqual({
			provider: 'morune',
			code: 'yoomoney',
			name: 'ЮMoney',
			enabled: true,
			min: { RUB: 100 },
			max: { RUB: 75000 },
			commissionPercent: 3.5,
			commissionFixed: 0,
			morune: { shopPercent: 3.5, userPercent: 0, providerStatus: 'enabled' },
		});
		expect(byCode.sberpay).toMatchObject({ enabled: false, min: null, max: { RUB: 100000 }, morune: expect.objectContaining({ providerStatus: 'moderation' }) });
	});
});
