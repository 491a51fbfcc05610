'use strict';
/**
 * Lag is not forgery. A notification sent the moment a payment or payout was completed can
 * reach the trigger while the provider's API still shows the record in its earlier state
 * (aaio: in_process, hold; morune: created, wait). Confirm With Provider then reads again
 * within a short window; if the API still lags, the sender gets a retryable 503 (nothing
 * started, nothing remembered, a warning logged), and the resend after the API caught up
 * starts the workflow once. Only a real contradiction (another amount or currency, another
 * final state) is refused for good (403). Run through n8n-core's WebhookContext against the
 * fake API, counting its lookups.
 */
const { KINDS, deliver, receiverFor, useConfirmApi, warningsDuring } = require('../helpers/fixtures');
const { LAG_PAUSES_MS } = require('../../dist/nodes/shared/notificationConfirm');

const fake = useConfirmApi();

const lookups = () => fake.reads();

const RECORD = fake.record;

/** Per kind: the API's earlier states a "success" notification can arrive before. */
const LAGGING = {
	aaioPayment: ['in_process', 'hold'],
	aaioPayout: ['in_process'],
	moruneInvoice: ['created'],
	morunePayout: ['wait'],
};


const cases = Object.entries(LAGGING).flatMap(([kind, states]) => states.map((state) => [kind, state]));

describe.each(cases)('%s while the API still says %s', (kind, lagging) => {
	test('re-read within the window, then a retryable 503 (nothing started or remembered, logged); the resend once the API caught up starts one execution', async () => {
		KINDS[kind].record(fake.api, { status: lagging });
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });
		const { result: answer, warnings } = await warningsDuring(() => deliver(hook.url, KINDS[kind].build()));

		expect(answer.status).toBe(503);
		expect(answer.headers.get('retry-after')).toBe('60');
		expect(answer.text).toBe('{"message":"Try again later"}');
		// The first read and one more after each pause of the window.
		expect(lookups()).toHaveLength(1 + LAG_PAUSES_MS.length);
		expect(hook.executions).toHaveLength(0);
		expect(warnings).toMatch(new RegExp(`not started: .*API still says .*"${lagging}".*answered 503`));
		// Nothing remembered: the static data holds no key.
		expect(JSON.stringify(hook.database.staticData)).not.toMatch(/seenNotifications/);

		RECORD[kind]().status = 'success';
		const resend = await deliver(hook.url, KINDS[kind].build());
		expect(resend.status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		expect(hook.executions[0][0][0].json).toMatchObject({ status: 'paid', providerStatus: 'success' });
		expect(lookups()).toHaveLength(2 + LAG_PAUSES_MS.length);

		// Accepted now: a further copy is answered from memory.
		expect((await deliver(hook.url, KINDS[kind].build())).status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		expect(lookups()).toHaveLength(2 + LAG_PAUSES_MS.length);
	}, 20_000);

	test('the API catches up within the window: accepted at the second read, one execution', async () => {
		KINDS[kind].record(fake.api, { status: lagging });
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });
		// The fake answers its second request after the record became final.
		fake.api.intercept((_request, count) => {
			if (count === 2) RECORD[kind]().status = 'success';
			return undefined;
		});

		expect((await deliver(hook.url, KINDS[kind].build())).status).toBe(200);
		expect(lookups()).toHaveLength(2);
		expect(hook.executions).toHaveLength(1);
		expect(hook.executions[0][0][0].json).toMatchObject({ status: 'paid', providerStatus: 'success' });
	}, 20_000);
});

/** Per kind: a final state the API can hold that contradicts a "success" notification. */
const CONTRADICTING = {
	aaioPayment: 'expired',
	aaioPayout: 'cancel',
	moruneInvoice: 'fail',
	morunePayout: 'fail',
};

describe.each(Object.entries(CONTRADICTING))('%s', (kind, final) => {
	test(`a success notification while the API says it ended as ${final} is refused at once (403), with one lookup`, async () => {
		KINDS[kind].record(fake.api, { status: final });
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });
		const { result: answer, warnings } = await warningsDuring(() => deliver(hook.url, KINDS[kind].build()));

		expect(answer.status).toBe(403);
		expect(lookups()).toHaveLength(1);
		expect(hook.executions).toHaveLength(0);
		expect(warnings).toMatch(/refused: .*API says/);
	});

	test('a status the API answers that its docs do not list is not read as a contradiction: 503, one lookup', async () => {
		KINDS[kind].record(fake.api, { status: 'some_new_state' });
		const hook = await receiverFor(kind, { baseUrl: fake.api.url });

		const answer = await deliver(hook.url, KINDS[kind].build());
		expect(answer.status).toBe(503);
		expect(lookups()).toHaveLength(1);
		expect(hook.executions).toHaveLength(0);
	});
});

test('morune: a refund notification while the API still says success is lag (refunds follow payments): 503, then accepted', async () => {
	KINDS.moruneInvoice.record(fake.api, { n: 5, status: 'success' });
	const hook = await receiverFor('moruneInvoice', { baseUrl: fake.api.url });

	expect((await deliver(hook.url, KINDS.moruneInvoice.build({ n: 5, status: 'refund' }))).status).toBe(503);
	expect(lookups()).toHaveLength(1 + LAG_PAUSES_MS.length);
	RECORD.moruneInvoice().status = 'refund';
	expect((await deliver(hook.url, KINDS.moruneInvoice.build({ n: 5, status: 'refund' }))).status).toBe(200);
	expect(hook.executions).toHaveLength(1);
	expect(hook.executions[0][0][0].json).toMatchObject({ status: 'refunded', providerStatus: 'refund' });
}, 20_000);

test('morune: an invoice the API does not know yet (HTTP 404) may lag too: re-read, then 503, never 403', async () => {
	const hook = await receiverFor('moruneInvoice', { baseUrl: fake.api.url });
	const answer = await deliver(hook.url, KINDS.moruneInvoice.build({ n: 404 }));

	expect(answer.status).toBe(503);
	expect(lookups()).toHaveLength(1 + LAG_PAUSES_MS.length);
	expect(hook.executions).toHaveLength(0);
	KINDS.moruneInvoice.record(fake.api, { n: 404 });
	expect((await deliver(hook.url, KINDS.moruneInvoice.build({ n: 404 }))).status).toBe(200);
	expect(hook.executions).toHaveLength(1);
}, 20_000);
