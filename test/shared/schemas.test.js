'use strict';
/**
 * One vocabulary: every operation of both nodes and every event of both notification triggers,
 * run by n8n's engine against the loopback fake, gives items of its entity's schema
 * (nodes/shared/schemas.ts: keys, JSON types, status vocabulary), and the same entity has the
 * same keys whichever provider it comes from.
 */
const { aaioSign } = require('../../sandbox/signatures');
const { SANDBOX, useFakeApi } = require('../helpers/fixtures');
const { runNode } = require('../helpers/n8n-engine');
const { KINDS, deliver, receiverFor, closeReceivers } = require('../helpers/fixtures');
const { SCHEMAS } = require('../../dist/nodes/shared/schemas');

const fake = useFakeApi();
afterAll(closeReceivers);

const credentials = (provider) => ({ [`${provider}Api`]: { ...SANDBOX[provider], baseUrl: fake.api.url } });

/** A signed aaio payment notification, as the Verify Signature operation takes it. */
function aaioPaymentPayload() {
	const fields = { merchant_id: SANDBOX.aaio.merchantId, invoice_id: 'e3b1c2d4-0000-4c4c-8d8d-000000000001', order_id: 'order-1', amount: '100.18', currency: 'RUB', status: 'success', profit: '95.17', commission: '5.01' };
	return { ...fields, sign: aaioSign(fields, SANDBOX.aaio.secretKey2) };
}

/** [label, provider, entity, parameters] for every operation that outputs an entity. */
const OPERATIONS = [
	['aaio Balance → Get', 'aaio', 'balance', { resource: 'balance', operation: 'get' }],
	['aaio Payment → Create', 'aaio', 'payment', { resource: 'payment', operation: 'create', orderId: 'crm-9101', amount: '150.50', currency: 'RUB' }],
	['aaio Payment → Get', 'aaio', 'payment', { resource: 'payment', operation: 'get', orderId: 'crm-1001' }],
	['aaio Payment Method → Get Many', 'aaio', 'paymentMethod', { resource: 'paymentMethod', operation: 'getAll' }],
	['aaio Payout → Create', 'aaio', 'payout', { resource: 'payout', operation: 'create', orderId: 'schema-1', method: 'cards_ru', amount: '1200', wallet: '2200700098765432' }],
	['aaio Payout → Get', 'aaio', 'payout', { resource: 'payout', operation: 'get', findBy: 'orderId', orderId: 'payout-0001' }],
	['aaio Payout → Get Methods', 'aaio', 'paymentMethod', { resource: 'payout', operation: 'getMethods' }],
	['aaio SBP Bank → Get Many', 'aaio', 'sbpBank', { resource: 'sbpBank', operation: 'getAll' }],
	['aaio Notification IP → Get Many', 'aaio', 'notificationIp', { resource: 'notificationIp', operation: 'getAll' }],
	['aaio Notification → Verify Signature', 'aaio', 'payment', { resource: 'notification', operation: 'verifySignature', event: 'payment', payload: aaioPaymentPayload() }],
	['morune Balance → Get', 'morune', 'balance', { resource: 'balance', operation: 'get' }],
	['morune Payment → Create', 'morune', 'payment', { resource: 'payment', operation: 'create', orderId: 'schema-order-1', amount: '250.50', currency: 'RUB' }],
	['morune Payment → Get', 'morune', 'payment', { resource: 'payment', operation: 'get', findBy: 'id', paymentId: 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a' }],
	['morune Payment Method → Get Many', 'morune', 'paymentMethod', { resource: 'paymentMethod', operation: 'getAll' }],
	['morune Payout → Create', 'morune', 'payout', { resource: 'payout', operation: 'create', orderId: 'schema-1', method: 'card', amount: '1000', wallet: '5536910012345678' }],
	['morune Payout → Get', 'morune', 'payout', { resource: 'payout', operation: 'get', findBy: 'orderId', orderId: 'payout-1000' }],
	['morune SBP Bank → Get Many', 'morune', 'sbpBank', { resource: 'sbpBank', operation: 'getAll' }],
];

const typeOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Fails with every way `item` departs from the entity's schema. */
function expectSchema(entity, item, provider) {
	const schema = SCHEMAS[entity];
	const keys = Object.keys(schema.keys);
	// Every schema key, with its type; beyond them only the provider's own group and the
	// flags a payout create adds.
	for (const key of keys) {
		expect({ key, type: typeOf(item[key]) }).toEqual({ key, type: expect.stringMatching(new RegExp(`^(${schema.keys[key]})$`)) });
	}
	const extra = Object.keys(item).filter((key) => !keys.includes(key));
	const allowed = [provider, 'alreadyExisted', 'recoveredAfter', 'event', 'verification', 'raw', 'valid'];
	expect(extra.filter((key) => !allowed.includes(key))).toEqual([]);
	if (item[provider] !== undefined) expect(typeOf(item[provider])).toBe('object');
	expect(item.provider).toBe(provider);
	if (schema.statuses) expect(schema.statuses).toContain(item.status);
	for (const key of ['createdAt', 'expiresAt', 'paidAt', 'completedAt', 'checkedAt']) {
		if (typeof item[key] === 'string') expect(item[key]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
	}
	// The provider's own word beside the vocabulary's.
	if (schema.statuses && item.providerStatus !== null) expect(typeof item.providerStatus).toBe('string');
}

/** entity → provider → the keys its items had, to compare the providers. */
const keysSeen = {};
const remember = (entity, provider, item) => {
	keysSeen[entity] ??= {};
	keysSeen[entity][provider] = Object.keys(item).filter((key) => key !== provider && key in SCHEMAS[entity].keys);
};

describe.each(OPERATIONS)('%s', (_label, provider, entity, parameters) => {
	test(`outputs items of the ${entity} schema`, async () => {
		const result = await runNode({ type: provider, parameters, credentials: credentials(provider) });

		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThan(0);
		for (const { json } of result.items) {
			expectSchema(entity, json, provider);
			remember(entity, provider, json);
		}
	});
});

describe.each(Object.keys(KINDS))('the %s notification trigger', (kind) => {
	test('starts an execution with an item of its entity’s schema', async () => {
		const entity = KINDS[kind].event === 'payout' ? 'payout' : 'payment';
		const provider = KINDS[kind].type === 'aaioTrigger' ? 'aaio' : 'morune';
		KINDS[kind].record?.(fake.api);
		const hook = await receiverFor(kind, { baseUrl: fake.api.url, parameters: { event: entity } });
		const answer = await deliver(hook.url, KINDS[kind].build());

		expect(answer.status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		const item = hook.executions[0][0][0].json;
		expect(item.event).toBe(entity);
		expectSchema(entity, item, provider);
		remember(entity, provider, item);
	});
});

test('the same entity has the same keys from both providers', () => {
	for (const entity of ['balance', 'payment', 'payout', 'paymentMethod', 'sbpBank']) {
		expect({ entity, keys: keysSeen[entity].aaio }).toEqual({ entity, keys: keysSeen[entity].morune });
		expect(keysSeen[entity].aaio).toEqual(Object.keys(SCHEMAS[entity].keys));
	}
});
