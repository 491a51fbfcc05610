'use strict';
/**
 * Aaio Trigger → Check Source IP uses n8n's own client address (request.ip, from the
 * connection and N8N_PROXY_HOPS trusted proxies), never a header value the sender wrote.
 * The receiver answers from 127.0.0.1, which stands for the last proxy in front of n8n.
 */
const { KINDS, deliver, receiverFor, closeReceivers } = require('../helpers/fixtures');
const { startFakeApi } = require('../../sandbox/fake-api');
const replay = require('../../dist/nodes/shared/replay');

const AAIO_IP = '91.107.204.74';
const ATTACKER = '203.0.113.9';
let api;
beforeAll(async () => {
	api = await startFakeApi();
	api.intercept((request) => (request.path === '/api/public/ips' ? { body: { type: 'success', list: [AAIO_IP] } } : undefined));
});
beforeEach(() => replay.forgetReplayMemory());
afterAll(async () => {
	await closeReceivers();
	await api.close();
});

const checked = (proxyHops) =>
	receiverFor('aaioPayment', {
		baseUrl: api.url,
		proxyHops,
		parameters: { confirmWithProvider: false, ignoreRepeats: false, options: { checkSourceIp: true } },
	});
const send = (hook, forwardedFor) =>
	deliver(hook.url, KINDS.aaioPayment.build(), forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {});

test('no proxy (N8N_PROXY_HOPS unset): a forged X-Forwarded-For is ignored', async () => {
	const hook = await checked(0);
	expect((await send(hook, AAIO_IP)).status).toBe(403);
	expect((await send(hook, `${AAIO_IP}, ${AAIO_IP}`)).status).toBe(403);
	expect(hook.executions).toHaveLength(0);
});

test('behind one proxy that appends (N8N_PROXY_HOPS=1): the address the proxy saw counts', async () => {
	const hook = await checked(1);
	// aaio connects to the proxy, which appends aaio's address.
	expect((await send(hook, AAIO_IP)).status).toBe(200);
	// A sender writes aaio's address first; the proxy appends the sender's real one.
	expect((await send(hook, `${AAIO_IP}, ${ATTACKER}`)).status).toBe(403);
	expect(hook.executions).toHaveLength(1);
});

test('behind two proxies (N8N_PROXY_HOPS=2)', async () => {
	const hook = await checked(2);
	expect((await send(hook, `${AAIO_IP}, 10.0.0.2`)).status).toBe(200);
	expect((await send(hook, `${AAIO_IP}, ${ATTACKER}, 10.0.0.2`)).status).toBe(403);
	expect((await send(hook, `${AAIO_IP}, ${AAIO_IP}, ${ATTACKER}, 10.0.0.2`)).status).toBe(403);
	expect(hook.executions).toHaveLength(1);
});

test('a stale Client IP Header option from an older workflow is not read', async () => {
	const hook = await receiverFor('aaioPayment', {
		baseUrl: api.url,
		parameters: { confirmWithProvider: false, options: { checkSourceIp: true, clientIpHeader: 'X-Real-IP' } },
	});
	const answer = await deliver(hook.url, KINDS.aaioPayment.build(), { headers: { 'x-real-ip': AAIO_IP } });
	expect(answer.status).toBe(403);
});

test('the signature is still required from aaio’s address', async () => {
	const hook = await checked(1);
	const forged = KINDS.aaioPayment.build({ tamper: { amount: '99999.00' } });
	expect((await deliver(hook.url, forged, { headers: { 'x-forwarded-for': AAIO_IP } })).status).toBe(403);
});
