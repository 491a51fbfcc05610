'use strict';
/**
 * In a real n8n every credential read is a database read and a decryption. n8n itself reads the
 * node's credential once per run (RoutingNode, for `$credentials`), and would read it again for
 * every request it authenticates. Our checks, the request parts that come from the credential,
 * the signatures and the authentication of each request use one more read per run, never one
 * per item (nodes/shared/credentials.ts; the transport hands that read to n8n's helper).
 */
const { SANDBOX, useFakeApi } = require('../helpers/fixtures');
const { runNode } = require('../helpers/n8n-engine');

const fake = useFakeApi();
const ITEMS = 25;
const inputItems = Array.from({ length: ITEMS }, (_, index) => ({ json: { index } }));

/** Runs the `provider` node on ITEMS items with the sandbox account (changed by `credentials`). */
const run = (provider, parameters, credentials = {}) =>
	runNode({
		type: provider,
		parameters,
		credentials: { [`${provider}Api`]: { ...SANDBOX[provider], baseUrl: fake.api.url, ...credentials } },
		items: inputItems,
	});
const aaio = (parameters, credentials) => run('aaio', parameters, credentials);
const morune = (parameters, credentials) => run('morune', parameters, credentials);

describe('credential reads per run', () => {
	test.each([
		['aaio Balance → Get', () => aaio({ resource: 'balance', operation: 'get' })],
		['morune Balance → Get (user ID in the path)', () => morune({ resource: 'balance', operation: 'get' })],
		[
			'aaio Payment → Create (Merchant ID added, the request signed)',
			() => aaio({ resource: 'payment', operation: 'create', orderId: 'order-1', amount: '100.50', currency: 'RUB' }),
		],
		['morune Payment Method → Get Many (shop ID in the path)', () => morune({ resource: 'paymentMethod', operation: 'getAll' })],
	])('%s: n8n’s read and one of ours, not one per item or request', async (_label, run) => {
		const result = await run();

		expect(result.error).toBeUndefined();
		expect(fake.api.requests).toHaveLength(ITEMS);
		// n8n: 1 for the run; ours: 1 for the run, also used to authenticate each request.
		expect(result.credentialReads).toBe(1 + 1);
	});

	test('a credential refused before sending is read once by us, and every item gets its error', async () => {
		const result = await runNode({
			type: 'morune',
			parameters: { resource: 'balance', operation: 'get' },
			credentials: { moruneApi: { ...SANDBOX.morune, userId: 'not-a-uuid', baseUrl: fake.api.url } },
			items: inputItems,
			settings: { onError: 'continueRegularOutput' },
		});

		expect(fake.api.requests).toHaveLength(0);
		expect(result.items).toHaveLength(ITEMS);
		result.items.forEach((item, index) => {
			expect(item.json.error).toMatch(/^The user ID in the Morune API credential must be the account UUID/);
			expect(item.pairedItem).toEqual({ item: index });
		});
		expect(result.credentialReads).toBe(2);
	});

	test('each run reads the credential it has: a changed key is used by the next run', async () => {
		const good = await aaio({ resource: 'balance', operation: 'get' });
		const wrong = await aaio({ resource: 'balance', operation: 'get' }, { apiKey: 'another-aaio-key-0000111122223333' });

		expect(good.error).toBeUndefined();
		expect(wrong.error?.message).toMatch(/aaio/);
		expect(fake.api.requests.map((request) => request.headers['x-api-key'])).toEqual([
			...Array(ITEMS).fill(SANDBOX.aaio.apiKey),
			// n8n sends every item's request before it reads the answers.
			...Array(ITEMS).fill('another-aaio-key-0000111122223333'),
		]);
	});
});
