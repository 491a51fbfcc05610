'use strict';
/**
 * Ignore Repeats: each notification starts at most one execution, for all four kinds, sent
 * again one after the other, many copies at the same moment, and across an n8n restart (the
 * memory is in the workflow's static data, stored after webhook() returns, as n8n does).
 */
const { KINDS, deliver, receiverFor, closeReceivers } = require('../helpers/fixtures');
const replay = require('../../dist/nodes/shared/replay');
const { aaioNotificationEvents } = require('../../dist/nodes/Aaio/notifications');
const { moruneNotificationEvents } = require('../../dist/nodes/Morune/notifications');

beforeEach(() => replay.forgetReplayMemory());
afterAll(closeReceivers);

// The signature and the replay memory alone; confirmation is in notification-confirm.test.js.
const noConfirm = { confirmWithProvider: false };

/** The fields each kind's replay key is made of (NotificationEvent.replayFields), from the nodes. */
const REPLAY_FIELDS = {
	aaioPayment: aaioNotificationEvents.find((event) => event.value === 'payment').replayFields,
	aaioPayout: aaioNotificationEvents.find((event) => event.value === 'payout').replayFields,
	moruneInvoice: moruneNotificationEvents.find((event) => event.value === 'payment').replayFields,
	morunePayout: moruneNotificationEvents.find((event) => event.value === 'payout').replayFields,
};

describe.each(Object.keys(KINDS))('%s', (kind) => {
	test('a repeat is answered 200 and starts nothing, also after a restart', async () => {
		const hook = await receiverFor(kind, { parameters: noConfirm });
		const notification = KINDS[kind].build();

		expect((await deliver(hook.url, notification)).status).toBe(200);
		expect((await deliver(hook.url, notification)).status).toBe(200);
		expect(hook.executions).toHaveLength(1);

		hook.restart();
		expect((await deliver(hook.url, notification)).status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		// What n8n stores: short hashes, not what the key is made of (each field of the key).
		const stored = JSON.stringify(hook.database.staticData);
		expect(stored).toMatch(/seenNotifications/);
		for (const field of REPLAY_FIELDS[kind]) {
			expect(notification.fields[field]).toEqual(expect.any(String));
			expect(stored).not.toContain(notification.fields[field]);
		}
	});

	test('20 copies at the same moment start one execution', async () => {
		const hook = await receiverFor(kind, { parameters: noConfirm });
		const notification = KINDS[kind].build({ n: 2 });
		const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(hook.url, notification)));

		expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
		expect(hook.executions).toHaveLength(1);
	});

	test('another payment or payout is not a repeat; Ignore Repeats off starts every copy', async () => {
		const hook = await receiverFor(kind, { parameters: noConfirm });
		await deliver(hook.url, KINDS[kind].build({ n: 3 }));
		await deliver(hook.url, KINDS[kind].build({ n: 4 }));
		expect(hook.executions).toHaveLength(2);

		const off = await receiverFor(kind, { parameters: { ...noConfirm, ignoreRepeats: false } });
		await deliver(off.url, KINDS[kind].build({ n: 5 }));
		await deliver(off.url, KINDS[kind].build({ n: 5 }));
		expect(off.executions).toHaveLength(2);
	});
});

test('morune: a new signed status of the same invoice is not a repeat (refund after success)', async () => {
	const hook = await receiverFor('moruneInvoice', { parameters: noConfirm });
	await deliver(hook.url, KINDS.moruneInvoice.build({ n: 6 }));
	await deliver(hook.url, KINDS.moruneInvoice.build({ n: 6, status: 'refund' }));
	await deliver(hook.url, KINDS.moruneInvoice.build({ n: 6, status: 'refund' }));
	expect(hook.executions.map((run) => [run[0][0].json.status, run[0][0].json.providerStatus])).toEqual([
		['paid', 'success'],
		['refunded', 'refund'],
	]);
});

test('aaio without confirmation: an unsigned status changed by the sender does not make a repeat new', async () => {
	const hook = await receiverFor('aaioPayment', { parameters: noConfirm });
	const genuine = KINDS.aaioPayment.build({ n: 7, status: 'hold' });
	await deliver(hook.url, genuine);
	const restated = KINDS.aaioPayment.build({ n: 7, status: 'hold', tamper: { status: 'success' } });
	expect((await deliver(hook.url, restated)).status).toBe(200);
	expect(hook.executions).toHaveLength(1);
	expect(hook.executions[0][0][0].json).toMatchObject({ status: 'paid', providerStatus: 'hold' });
});

test('distinct notifications at the same moment are all remembered (the process copy heals overlapping saves)', async () => {
	const hook = await receiverFor('morunePayout', { parameters: noConfirm });
	const many = Array.from({ length: 10 }, (_, index) => KINDS.morunePayout.build({ n: 100 + index }));
	await Promise.all(many.map((notification) => deliver(hook.url, notification)));
	expect(hook.executions).toHaveLength(10);
	// One more save after the burst, then n8n restarts: every one of the ten is still known.
	await deliver(hook.url, KINDS.morunePayout.build({ n: 200 }));
	hook.restart();
	await Promise.all(many.map((notification) => deliver(hook.url, notification)));
	expect(hook.executions).toHaveLength(11);
	expect(Object.keys(hook.database.staticData['node:Notification trigger under test'].seenNotifications)).toHaveLength(11);
});

describe('the memory is bounded', () => {
	test(`by count (${replay.MAX_REMEMBERED}, the oldest forgotten first) and by age (${replay.MAX_AGE_SECONDS / 86400} days)`, () => {
		const start = 1_800_000_000;
		const staticData = {};
		for (let index = 0; index < replay.MAX_REMEMBERED + 50; index++) {
			new replay.ReplayMemory('bounded', staticData, start + index).remember(`key-${index}`);
		}
		const stored = staticData.seenNotifications;
		expect(Object.keys(stored)).toHaveLength(replay.MAX_REMEMBERED);
		// The 50 oldest went; the newest is kept with the time it was accepted.
		expect(stored['key-49']).toBeUndefined();
		expect(stored['key-50']).toBe(start + 50);
		expect(stored[`key-${replay.MAX_REMEMBERED + 49}`]).toBe(start + replay.MAX_REMEMBERED + 49);

		replay.forgetReplayMemory();
		const later = start + replay.MAX_REMEMBERED + 50 + replay.MAX_AGE_SECONDS + 1;
		const memory = new replay.ReplayMemory('bounded', staticData, later);
		expect(memory.has(`key-${replay.MAX_REMEMBERED + 49}`)).toBe(false);
		memory.remember('fresh');
		expect(Object.keys(staticData.seenNotifications)).toEqual(['fresh']);
		// 2000 keys as n8n stores them: about 70 KB of static data.
		expect(JSON.stringify(stored).length).toBeLessThan(80_000);
	});
});
