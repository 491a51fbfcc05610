'use strict';
/**
 * The keys of both credentials go only into this package's own requests and the credential's
 * test (nodes/shared/ownRequests.ts). n8n 2.x refuses another node the credential itself
 * (`restrictToSupportedNodes`); n8n 1.x does not, and its HTTP Request node asks n8n to
 * authenticate its request with the credential, which calls the credential's `authenticate`.
 * The real HTTP Request node of n8n 1.123 is tried in the end-to-end test (scripts/e2e.js); here
 * each credential's `authenticate` gets the requests other nodes build, and this package's nodes
 * and credential tests run through n8n's engine as before.
 */
const { loadPackage, runNode, testCredential } = require('../helpers/n8n-engine');
const { SANDBOX, useFakeApi } = require('../helpers/fixtures');

const fake = useFakeApi();

const CASES = {
	aaioApi: {
		credentials: () => ({ ...SANDBOX.aaio, baseUrl: `${fake.api.url}/` }),
		test: { method: 'POST', url: '/api/balance' },
		payout: '/api/create-payoff',
		header: 'X-Api-Key',
		secret: SANDBOX.aaio.apiKey,
	},
	moruneApi: {
		credentials: () => ({ ...SANDBOX.morune, baseUrl: fake.api.url }),
		test: { method: 'GET', url: `/account/users/${SANDBOX.morune.userId}/balance` },
		payout: '/payoff/create',
		header: 'x-api-signature-sha256',
		secret: SANDBOX.morune.secretKey,
	},
};

const MESSAGE = {
	aaioApi: 'The Aaio API credential can only be used by the nodes of n8n-nodes-aaio-morune, not by the HTTP Request node or another node. Nothing was sent.',
	moruneApi: 'The Morune API credential can only be used by the nodes of n8n-nodes-aaio-morune, not by the HTTP Request node or another node. Nothing was sent.',
};

describe.each(Object.keys(CASES))('%s', (type) => {
	const { credentials, test: testRequest, payout, header, secret } = CASES[type];
	const authenticate = async (options) => (await loadPackage()).credentialTypes[type].type.authenticate(credentials(), options);
	const base = () => fake.api.url;

	test.each([
		// n8n 1.123's HTTP Request node (v3/v4): the legacy request helper with `uri`
		// (n8n-nodes-base/dist/nodes/HttpRequest/V3/HttpRequestV3.node.js, requestWithAuthentication).
		['the HTTP Request node, to another host', () => ({ method: 'POST', uri: 'http://127.0.0.1:9/steal', headers: {} })],
		['the HTTP Request node, to the provider itself', () => ({ method: testRequest.method, uri: `${base()}${testRequest.url}`, headers: {} })],
		['a request with a full URL', () => ({ method: 'POST', url: `${base()}${payout}`, headers: {} })],
		['a payout from another node, to the credential\'s own Base URL', () => ({ method: 'POST', baseURL: base(), url: payout, body: { amount: 1 } })],
		['the test request to another Base URL', () => ({ ...testRequest, baseURL: 'http://127.0.0.1:9' })],
		['the test request with another method', () => ({ ...testRequest, method: testRequest.method === 'GET' ? 'POST' : 'GET', baseURL: base() })],
		['the test request with a query added to its path', () => ({ ...testRequest, url: `${testRequest.url}?x=1`, baseURL: base() })],
	])('refuses %s, adding no key', async (_name, options) => {
		const request = options();
		await expect(authenticate(request)).rejects.toMatchObject({
			message: MESSAGE[type],
			description: expect.stringContaining('Its keys can create payouts'),
		});
		expect(JSON.stringify(request)).not.toContain(secret);
	});

	test('adds the key to the credential test request, as n8n sends it, to the credential\'s own Base URL', async () => {
		const authenticated = await authenticate({ ...testRequest, baseURL: base(), headers: { Accept: 'application/json' } });
		expect(Object.keys(authenticated.headers)).toContain(header);
	});

	test('the credential test still passes in the engine, and the package\'s own requests still carry the key', async () => {
		expect((await testCredential(type, credentials())).status).toBe('OK');
		const node = type === 'aaioApi' ? 'aaio' : 'morune';
		const result = await runNode({ type: node, parameters: { resource: 'balance', operation: 'get' }, credentials: { [type]: credentials() } });
		expect(result.error).toBeUndefined();
		expect(fake.api.requests.map((request) => Object.keys(request.headers).includes(header.toLowerCase()))).toEqual([true, true]);
	});
});
