'use strict';
/**
 * Custom API Call (nodes/shared/customApiCall.ts). n8n adds an option of that name to the Resource
 * and each Operation list of a node whose credential authenticates requests, unless the list
 * already ends with one (n8n 2.41, dist/load-nodes-and-credentials.js, injectCustomApiCallOptions);
 * its request would go to the node's default address (the real aaio.so) outside the transport.
 * Both nodes end every list with their own, sent through the transport to the credential's Base
 * URL, and never to an endpoint that creates payouts.
 */
const path = require('node:path');
const { SANDBOX, useFakeApi, expectNoSecrets } = require('../helpers/fixtures');
const { invokeAsAgentTool, runNode } = require('../helpers/n8n-engine');
const { startFakeApi } = require('../../sandbox/fake-api');

const fake = useFakeApi();

const NODES = {
	aaio: {
		Node: () => require(path.join(__dirname, '../../dist/nodes/Aaio/Aaio.node.js')).Aaio,
		read: { customMethod: 'POST', customPath: '/api/balance' },
		payoutPaths: ['/api/create-payoff', '/API/Create-Payoff/', '/api/create-payoff.php', '/v2/api/create-payoff'],
		header: 'x-api-key',
		secret: SANDBOX.aaio.apiKey,
	},
	morune: {
		Node: () => require(path.join(__dirname, '../../dist/nodes/Morune/Morune.node.js')).Morune,
		read: { customMethod: 'GET', customPath: `/account/users/${SANDBOX.morune.userId}/balance` },
		payoutPaths: ['/payoff/create', '/PAYOFF/create/', '/payoff/create.json'],
		header: 'x-api-signature-sha256',
		secret: SANDBOX.morune.secretKey,
	},
};

/** n8n's rule, as its loader applies it to a node's description. */
function injectAsN8nDoes(properties) {
	let added = 0;
	for (const property of properties) {
		if (['resource', 'operation'].includes(property.name) && Array.isArray(property.options) && property.options.at(-1).name !== 'Custom API Call') {
			added += 1;
		}
	}
	return added;
}

describe.each(Object.keys(NODES))('%s Custom API Call', (name) => {
	const node = NODES[name];
	const credentials = () => ({ [`${name}Api`]: { ...SANDBOX[name], baseUrl: fake.api.url } });
	const run = (parameters, extra = {}) =>
		runNode({ type: name, parameters: { resource: 'customApiCall', operation: 'customApiCall', ...parameters }, credentials: credentials(), ...extra });

	test('every Resource and Operation list ends with the package’s own Custom API Call: n8n adds none', () => {
		const { properties } = new (node.Node())().description;
		const lists = properties.filter((property) => ['resource', 'operation'].includes(property.name));

		expect(lists.length).toBeGreaterThan(5);
		for (const list of lists) {
			expect(list.options.at(-1)).toMatchObject({ name: 'Custom API Call', value: 'customApiCall' });
			expect(list.options.filter((option) => option.name === 'Custom API Call')).toHaveLength(1);
		}
		expect(injectAsN8nDoes(properties)).toBe(0);
	});

	test('a read goes to the credential’s Base URL with its key, once, and the answer is one item', async () => {
		const result = await run(node.read);

		expect(result.error).toBeUndefined();
		expect(fake.api.requests).toHaveLength(1);
		expect(fake.api.requests[0]).toMatchObject({ method: node.read.customMethod, path: node.read.customPath });
		expect(fake.api.requests[0].headers[node.header]).toBe(node.secret);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expectNoSecrets(result);
	});

	test('chosen from another resource’s Operation list, it is the same call', async () => {
		const result = await run({ ...node.read, resource: 'balance' });

		expect(result.error).toBeUndefined();
		expect(fake.api.requests.map((request) => request.path)).toEqual([node.read.customPath]);
	});

	test.each(NODES[name].payoutPaths)('a payout create (%s) is refused before anything is sent', async (customPath) => {
		const result = await run({ customMethod: 'POST', customPath, customBody: '{"amount": 1000}' });

		expect(result.error.message).toBe(
			'Custom API Call does not create payouts: use Payout → Create, which looks the Order ID up before it sends the payout, so that it is never paid twice.',
		);
		expect(fake.api.requests).toHaveLength(0);
	});

	test.each([
		['https://aaio.so/api/balance'],
		['//other.example/api'],
		['api/balance'],
		['/api/../payoff/create'],
		['/api/balance?x=1'],
		['/api//create-payoff'],
		['/payoff//create'],
		['/api/create%2Dpayoff'],
		['/payoff/create;x'],
		['/api/./create-payoff'],
		['={{ "" }}'],
	])('the path "%s" is refused before anything is sent', async (customPath) => {
		const result = await run({ customMethod: 'GET', customPath });

		expect(result.error.message).toMatch(/^The Path ".*" must be a path below the Base URL/);
		expect(result.error.description).toBe(`Nothing was sent to ${name}.`);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('query parameters that are not a JSON object are refused before anything is sent', async () => {
		const result = await run({ ...node.read, customQuery: '[1, 2]' });

		expect(result.error.message).toBe('Query Parameters must be a JSON object of texts and numbers, like {"order_id": "42"}.');
		expect(fake.api.requests).toHaveLength(0);
	});

	test('a redirect is not followed; the provider’s error is its message; Continue On Fail pairs it', async () => {
		const other = await startFakeApi();
		try {
			fake.api.intercept(() => ({ status: 307, headers: { location: `${other.url}/steal` }, body: '' }));
			const result = await run(node.read, { settings: { onError: 'continueRegularOutput' } });

			expect(result.items).toHaveLength(1);
			expect(result.items[0].json.error).toContain(`${name} answered with a redirect (HTTP 307)`);
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
			expect(other.requests).toHaveLength(0);
			expect(fake.api.requests).toHaveLength(1);
		} finally {
			await other.close();
		}
	});

	test('as an AI agent’s tool it is refused, and nothing is sent', async () => {
		const { answer } = await invokeAsAgentTool({
			type: name,
			parameters: { resource: 'customApiCall', operation: 'customApiCall', ...node.read },
			credentials: credentials(),
		});

		await expect(answer).rejects.toThrow(/^Custom API Call is not offered to AI agents/);
		expect(fake.api.requests).toHaveLength(0);
	});
});
