'use strict';
/**
 * n8n adds "Allowed HTTP Request Domains" to every credential that authenticates requests,
 * ours included. What it means for our nodes (nodes/shared/transport.ts, allowedDomainsFor):
 * the provider's own address (the default Base URL) is always allowed, as n8n allows a node's own
 * endpoint; any other Base URL (a test server, the old domain) must be on the list when the
 * credential has one. Every request of both nodes and both balance triggers is checked, before
 * anything is sent. The fake API stands for "another Base URL" here: it is 127.0.0.1.
 */
const { SANDBOX, useFakeApi, expectNoSecrets } = require('../helpers/fixtures');
const { runNode } = require('../helpers/n8n-engine');

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

const { allowedDomainsFor } = require('../../dist/nodes/shared/transport');
const { aaio } = require('../../dist/nodes/Aaio/provider');
const { morune } = require('../../dist/nodes/Morune/provider');

describe.each(Object.keys(NODES))('%s with the credential restricted to some domains', (provider) => {
	const credentialName = provider === 'aaio' ? 'Aaio' : 'Morune';

	test('another Base URL outside the list is refused before anything is sent', async () => {
		const result = await run(provider, { allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com' });

		expect(result.items).toHaveLength(0);
		expect(result.error.message).toBe(
			`The Base URL ${fake.api.url} is not among the Allowed HTTP Request Domains of the ${credentialName} API credential, so nothing was sent. ` +
				`Add its domain under Allowed Domains in the credential (${provider}'s own address is always allowed), or check the Base URL.`,
		);
		expect(fake.api.requests).toHaveLength(0);
		expectNoSecrets(result);
	});

	test('another Base URL on the list is reached', async () => {
		const result = await run(provider, { allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com, 127.0.0.1' });

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ provider, currency: 'RUB' });
		expect(fake.api.requests).toHaveLength(1);
	});

	test('an empty list allows only the provider’s own address; "None" does not block the node’s own requests', async () => {
		const empty = await run(provider, { allowedHttpRequestDomains: 'domains', allowedDomains: '' });
		expect(empty.error.message).toMatch(/is not among the Allowed HTTP Request Domains/);
		expect(fake.api.requests).toHaveLength(0);

		const none = await run(provider, { allowedHttpRequestDomains: 'none' });
		expect(none.error).toBeUndefined();
		expect(fake.api.requests).toHaveLength(1);
	});

	test('the provider’s own address is always allowed, whatever the list says', () => {
		const own = provider === 'aaio' ? aaio : morune;
		const host = new URL(own.defaultBaseUrl).hostname;
		for (const allowedDomains of ['example.com', '', '127.0.0.1']) {
			const list = allowedDomainsFor({ name: 'node' }, own, { allowedHttpRequestDomains: 'domains', allowedDomains });
			expect(list.split(',').map((entry) => entry.trim())).toContain(host);
		}
		expect(allowedDomainsFor({ name: 'node' }, own, { allowedHttpRequestDomains: 'all' })).toBeUndefined();
	});

	test('a redirect is not followed, to a host outside the list or any other', async () => {
		// "localhost" is another host name than the base URL's 127.0.0.1.
		const elsewhere = `http://localhost:${new URL(fake.api.url).port}/elsewhere`;
		fake.api.intercept((seen) =>
			seen.path === '/elsewhere' ? undefined : { status: 302, headers: { location: elsewhere }, body: '' },
		);
		const result = await run(provider, { allowedHttpRequestDomains: 'domains', allowedDomains: '127.0.0.1, localhost' });

		expect(result.items).toHaveLength(0);
		expect(result.error.message).toContain(`${provider} answered with a redirect (HTTP 302) to ${elsewhere}, which the node does not follow.`);
		expect(fake.api.requests.map((request) => request.path)).not.toContain('/elsewhere');
		expectNoSecrets(result);
	});
});
