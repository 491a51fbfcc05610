'use strict';
/**
 * A notification trigger reads its credential once for a burst, not once per notification (in
 * n8n each read outside an execution is a database read, a decryption and an expression
 * isolate), and still takes up a changed secret or key: a signature the kept secret does not
 * verify is checked against a new read (at most every REREAD_AFTER_MS, so that forged
 * notifications cannot make it read for each of them), the kept read ends after
 * KEPT_CREDENTIAL_MS, and a confirmation the API refused drops it.
 */
const { KINDS, deliver, receiverFor, closeReceivers } = require('../helpers/fixtures');
const { startFakeApi } = require('../../sandbox/fake-api');
const { KEPT_CREDENTIAL_MS, REREAD_AFTER_MS } = require('../../dist/nodes/shared/credentials');

const SECRET_FIELD = {
	aaioPayment: 'secretKey2',
	aaioPayout: 'payoutSecret',
	moruneInvoice: 'shopWebhookSecret',
	morunePayout: 'userWebhookSecret',
};
/** The key "Confirm With Provider" sends for each kind. */
const KEY_FIELD = { aaioPayment: 'apiKey', aaioPayout: 'apiKey', moruneInvoice: 'shopSecretKey', morunePayout: 'secretKey' };

/**
 * The clocks the kept credential could read, faked (jest's fake timers): the wall clock (Date) and
 * the monotonic one (performance.now). Timers stay real: the receivers and the fake API use them.
 */
const CLOCKS_ONLY = {
	doNotFake: [
		'hrtime',
		'nextTick',
		'queueMicrotask',
		'requestAnimationFrame',
		'cancelAnimationFrame',
		'requestIdleCallback',
		'cancelIdleCallback',
		'setImmediate',
		'clearImmediate',
		'setInterval',
		'clearInterval',
		'setTimeout',
		'clearTimeout',
	],
};
/** Lets `ms` pass on both clocks. */
const pass = (ms) => jest.advanceTimersByTime(ms);

let api;
beforeAll(async () => {
	api = await startFakeApi();
});
beforeEach(() => {
	api.reset();
	jest.useFakeTimers(CLOCKS_ONLY);
});
afterEach(() => {
	jest.useRealTimers();
	jest.restoreAllMocks();
});
afterAll(async () => {
	await closeReceivers();
	await api.close();
});

const off = { ignoreRepeats: false, confirmWithProvider: false };

describe.each(Object.keys(KINDS))('%s', (kind) => {
	const build = (options) => KINDS[kind].build(options);
	const typeOf = (hook) => Object.keys(hook.credentials)[0];

	test('a burst of genuine notifications, one after another and 16 at once, reads the credential once', async () => {
		const hook = await receiverFor(kind, { parameters: off });
		for (let n = 1; n <= 10; n++) expect((await deliver(hook.url, build({ n }))).status).toBe(200);
		const together = await Promise.all(
			Array.from({ length: 16 }, (_, index) => deliver(hook.url, build({ n: 100 + index }))),
		);

		expect(together.map((answer) => answer.status)).toEqual(Array(16).fill(200));
		expect(hook.executions).toHaveLength(26);
		expect(hook.credentialReads()).toBe(1);
	});

	test('16 notifications arriving together before any read share the one read', async () => {
		const hook = await receiverFor(kind, { parameters: off });
		await Promise.all(Array.from({ length: 16 }, (_, index) => deliver(hook.url, build({ n: index + 1 }))));

		expect(hook.executions).toHaveLength(16);
		expect(hook.credentialReads()).toBe(1);
	});

	test('forged notifications make at most one read per REREAD_AFTER_MS', async () => {
		const hook = await receiverFor(kind, { parameters: off });
		await deliver(hook.url, build({ n: 1 }));
		const forged = (n) => build({ n, key: 'not-the-secret' });

		const first = await Promise.all(Array.from({ length: 20 }, (_, index) => deliver(hook.url, forged(10 + index))));
		expect(first.map((answer) => answer.status)).toEqual(Array(20).fill(403));
		expect(hook.credentialReads()).toBe(1);

		pass(REREAD_AFTER_MS);
		for (let n = 40; n < 60; n++) expect((await deliver(hook.url, forged(n))).status).toBe(403);
		expect(hook.credentialReads()).toBe(2);
		expect(hook.executions).toHaveLength(1);
	});

	test('a changed secret is taken up at the first notification signed with it; the old one is refused then', async () => {
		const hook = await receiverFor(kind, { parameters: off });
		await deliver(hook.url, build({ n: 1 }));
		hook.credentials[typeOf(hook)][SECRET_FIELD[kind]] = 'the-new-secret';
		pass(REREAD_AFTER_MS);

		expect((await deliver(hook.url, build({ n: 2, key: 'the-new-secret' }))).status).toBe(200);
		expect(hook.credentialReads()).toBe(2);
		expect((await deliver(hook.url, build({ n: 3 }))).status).toBe(403);
		expect(hook.executions).toHaveLength(2);
	});

	test('a secret changed within REREAD_AFTER_MS of a read is taken up once that time has passed', async () => {
		const hook = await receiverFor(kind, { parameters: off });
		await deliver(hook.url, build({ n: 1 }));
		hook.credentials[typeOf(hook)][SECRET_FIELD[kind]] = 'the-new-secret';
		pass(REREAD_AFTER_MS - 1);
		// Refused (the provider sends it again), and no read: the kept one is too recent.
		expect((await deliver(hook.url, build({ n: 2, key: 'the-new-secret' }))).status).toBe(403);
		expect(hook.credentialReads()).toBe(1);

		pass(1);
		expect((await deliver(hook.url, build({ n: 2, key: 'the-new-secret' }))).status).toBe(200);
		expect(hook.credentialReads()).toBe(2);
	});

	test('the kept read ends after KEPT_CREDENTIAL_MS: the old secret is refused then', async () => {
		const hook = await receiverFor(kind, { parameters: off });
		await deliver(hook.url, build({ n: 1 }));
		hook.credentials[typeOf(hook)][SECRET_FIELD[kind]] = 'the-new-secret';
		pass(KEPT_CREDENTIAL_MS - 1);
		// Within the kept time, the secret it holds still verifies (the window a change has).
		expect((await deliver(hook.url, build({ n: 2 }))).status).toBe(200);
		expect(hook.credentialReads()).toBe(1);

		pass(1);
		expect((await deliver(hook.url, build({ n: 3 }))).status).toBe(403);
		expect(hook.credentialReads()).toBe(2);
		expect(hook.executions).toHaveLength(2);
	});

	test('a failed read is not kept: the next notification reads again', async () => {
		const hook = await receiverFor(kind, { parameters: off });
		const type = typeOf(hook);
		const stored = hook.credentials[type];
		delete hook.credentials[type];
		expect((await deliver(hook.url, build({ n: 1 }))).status).toBe(500);

		hook.credentials[type] = stored;
		expect((await deliver(hook.url, build({ n: 2 }))).status).toBe(200);
		expect(hook.credentialReads()).toBe(2);
	});

	test('two triggers with two credentials keep each its own', async () => {
		const one = await receiverFor(kind, { parameters: off });
		const other = await receiverFor(kind, { parameters: off, credentials: { [SECRET_FIELD[kind]]: 'another-secret' } });

		expect((await deliver(one.url, build({ n: 1 }))).status).toBe(200);
		expect((await deliver(other.url, build({ n: 1, key: 'another-secret' }))).status).toBe(200);
		expect((await deliver(other.url, build({ n: 2 }))).status).toBe(403);
		expect(one.executions).toHaveLength(1);
		expect(other.executions).toHaveLength(1);
	});

	test('a backward step of the wall clock does not extend the kept read: the old secret is refused after KEPT_CREDENTIAL_MS of monotonic time', async () => {
		const hook = await receiverFor(kind, { parameters: off });
		await deliver(hook.url, build({ n: 1 }));
		hook.credentials[typeOf(hook)][SECRET_FIELD[kind]] = 'the-new-secret';
		// The wall clock steps back two minutes (NTP, a person, a restored VM), then a minute passes.
		jest.setSystemTime(Date.now() - 2 * 60_000);
		pass(KEPT_CREDENTIAL_MS);

		expect((await deliver(hook.url, build({ n: 2 }))).status).toBe(403);
		expect(hook.credentialReads()).toBe(2);
		expect((await deliver(hook.url, build({ n: 3, key: 'the-new-secret' }))).status).toBe(200);
		expect(hook.executions).toHaveLength(2);
	});

	test('a key changed while kept: the API refuses it (503, nothing started); a resend after REREAD_AFTER_MS reads the new key, one sooner does not read', async () => {
		KINDS[kind].record(api);
		const hook = await receiverFor(kind, { baseUrl: api.url, parameters: { ignoreRepeats: false } });
		const type = typeOf(hook);
		const keyField = KEY_FIELD[kind];
		const goodKey = hook.credentials[type][keyField];
		hook.credentials[type][keyField] = 'a-key-the-api-refuses';
		expect((await deliver(hook.url, build({ n: 1 }))).status).toBe(503);
		expect(hook.executions).toHaveLength(0);

		hook.credentials[type][keyField] = goodKey;
		// At most one read per REREAD_AFTER_MS, whatever the API answers.
		expect((await deliver(hook.url, build({ n: 1 }))).status).toBe(503);
		expect(hook.credentialReads()).toBe(1);
		pass(REREAD_AFTER_MS);
		expect((await deliver(hook.url, build({ n: 1 }))).status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		expect(hook.credentialReads()).toBe(2);
	});
});
