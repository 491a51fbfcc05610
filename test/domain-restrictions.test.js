'use strict';
/**
 * n8n adds "Allowed HTTP Request Domains" to every credential that authenticates requests,
 * ours included. The setting is written for the HTTP Request node: a node's own endpoint is not
 * blocked by it. The transport (nodes/shared/transport.ts) asks n8n for the list the way
 * RoutingNode does, with the credential's Base URL as the node's own endpoint, for every
 * request: the nodes' operations and the triggers alike.
 */
const { SANDBOX, useFakeApi, expectNoSecrets } = require('./helpers/fixtures');
const { runNode } = require('./helpers/n8n-engine');

const fake = useFakeApi();

const NODES = {
	aaio: (restriction) => ({
		type: 'aaio',
		credentials: { aaioApi: { apiKey: SANDBOX.aaio.apiKey, baseUrl: fake.api.url, ...restriction } },
	}),
	morune: (restriction) => ({
		type: 'morune',
		credentials: {
			moruneApi: {
				userId: SANDBOX.morune.userId,
				secretKey: SANDBOX.morune.secretKey,
				baseUrl: fake.api.url,
				...restriction,
			},
		},
	}),
};

const run = (provider, restriction) =>
	runNode({ ...NODES[provider](restriction), parameters: { resource: 'balance', operation: 'get' } });

describe.each(Object.keys(NODES))('%s with the credential restricted to some domains', (provider) => {
	test('reaches its own base URL although the list names other domains', async () => {
		const result = await run(provider, { allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com' });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ provider, currency: 'RUB' });
		expect(fake.api.requests).toHaveLength(1);
	});

	test('reaches its own base URL when the list is empty or requests are blocked ("None")', async () => {
		for (const restriction of [
			{ allowedHttpRequestDomains: 'domains', allowedDomains: '' },
			{ allowedHttpRequestDomains: 'none' },
		]) {
			const result = await run(provider, restriction);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.provider).toBe(provider);
		}
		expect(fake.api.requests).toHaveLength(2);
	});

	test('a redirect is not followed, to a host outside the list or any other', async () => {
		// "localhost" is another host name than the base URL's 127.0.0.1.
		const elsewhere = `http://localhost:${new URL(fake.api.url).port}/elsewhere`;
		fake.api.intercept((seen) =>
			seen.path === '/elsewhere' ? undefined : { status: 302, headers: { location: elsewhere }, body: '' },
		);
		const result = await run(provider, { allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com' });

		expect(result.items).toHaveLength(0);
		expect(result.error.message).toContain(`${provider} answered with a redirect (HTTP 302) to ${elsewhere}, which the node does not follow.`);
		expect(fake.api.requests.map((request) => request.path)).not.toContain('/elsewhere');
		expectNoSecrets(result);
	});
});
