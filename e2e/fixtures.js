'use strict';
/**
 * Credentials and workflows for the real-n8n runs, made at run time from the sandbox's base URL.
 * The only keys in here are the sandbox's (sandbox/fake-api.js), which open nothing but the
 * local fake, and made-up wrong ones. Nothing here is a real secret.
 */
const fs = require('node:fs');
const path = require('node:path');
const { SANDBOX } = require('../sandbox/fake-api');

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const PACKAGE = 'n8n-nodes-aaio-morune';

/** Credential ids, shared with the examples (which name the sandbox credentials). */
const CRED = Object.freeze({
	aaio: { id: 'aaioSandbox00001', name: 'aaio sandbox', type: 'aaioApi' },
	morune: { id: 'moruneSandbox001', name: 'morune sandbox', type: 'moruneApi' },
	aaioWrong: { id: 'aaioWrongKey0001', name: 'aaio wrong key', type: 'aaioApi' },
	moruneWrong: { id: 'moruneWrongKey01', name: 'morune wrong key', type: 'moruneApi' },
	// The sandbox accounts without the secrets that verify notifications: activating a
	// notification trigger with them must fail.
	aaioNoSecret: { id: 'aaioNoNotifySec1', name: 'aaio without notification secrets', type: 'aaioApi' },
	moruneNoSecret: { id: 'moruneNoNotify01', name: 'morune without notification keys', type: 'moruneApi' },
});

/** Keys that open nothing (a different, well-formed value for each field). */
const WRONG = Object.freeze({
	aaioApiKey: 'e2e-wrong-aaio-key-0000000000000000',
	moruneSecretKey: 'e2e-wrong-morune-secret-00000000000',
	// What the aaio credential's payout secret is changed to, and back, while n8n runs.
	aaioChangedPayoutSecret: 'e2e-changed-payout-secret-000000000',
});

/**
 * Every string that must never show up in n8n's logs or in execution output: the sandbox's API
 * keys, shop keys and notification secrets, and the made-up wrong keys.
 */
const SECRETS = Object.freeze([
	SANDBOX.aaio.apiKey,
	SANDBOX.aaio.secretKey1,
	SANDBOX.aaio.secretKey2,
	SANDBOX.aaio.payoutSecret,
	SANDBOX.morune.secretKey,
	SANDBOX.morune.shopSecretKey,
	SANDBOX.morune.shopWebhookSecret,
	SANDBOX.morune.userWebhookSecret,
	WRONG.aaioApiKey,
	WRONG.moruneSecretKey,
	WRONG.aaioChangedPayoutSecret,
]);

/** Every field of the sandbox credentials (sandbox/aaio.js, sandbox/morune.js: ACCOUNT). */
const aaioAccount = () => ({
	apiKey: SANDBOX.aaio.apiKey,
	merchantId: SANDBOX.aaio.merchantId,
	secretKey1: SANDBOX.aaio.secretKey1,
	secretKey2: SANDBOX.aaio.secretKey2,
	payoutSecret: SANDBOX.aaio.payoutSecret,
});
const moruneAccount = () => ({
	userId: SANDBOX.morune.userId,
	secretKey: SANDBOX.morune.secretKey,
	shopId: SANDBOX.morune.shopId,
	shopSecretKey: SANDBOX.morune.shopSecretKey,
	shopWebhookSecret: SANDBOX.morune.shopWebhookSecret,
	userWebhookSecret: SANDBOX.morune.userWebhookSecret,
});

function credentialData(which, baseUrl) {
	switch (which) {
		case 'aaio':
			return { ...aaioAccount(), baseUrl };
		case 'aaioWrong':
			return { apiKey: WRONG.aaioApiKey, baseUrl };
		case 'aaioNoSecret':
			return { ...aaioAccount(), secretKey2: '', payoutSecret: '', baseUrl };
		case 'morune':
			return { ...moruneAccount(), baseUrl };
		case 'moruneWrong':
			return { userId: SANDBOX.morune.userId, secretKey: WRONG.moruneSecretKey, baseUrl };
		case 'moruneNoSecret':
			return { ...moruneAccount(), shopWebhookSecret: '', userWebhookSecret: '', baseUrl };
		default:
			throw new Error(`unknown credential ${which}`);
	}
}

/** The array `n8n import:credentials --input` takes; plain `data` is encrypted on import. */
function credentials(baseUrl, which = Object.keys(CRED)) {
	return which.map((key) => ({ ...CRED[key], data: credentialData(key, baseUrl) }));
}

const manualTrigger = (position = [0, 100]) => ({
	id: 'e2e-manual-trigger',
	name: "When clicking 'Execute workflow'",
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position,
	parameters: {},
});

function balanceNode(provider, cred, { name, onError, position } = {}) {
	const credType = provider === 'aaio' ? 'aaioApi' : 'moruneApi';
	return {
		id: `e2e-${name ?? provider}`.replace(/\W+/g, '-'),
		name: name ?? `${provider} balance`,
		type: `${PACKAGE}.${provider}`,
		typeVersion: 1,
		position: position ?? [260, provider === 'aaio' ? 0 : 200],
		parameters: { resource: 'balance', operation: 'get' },
		credentials: { [credType]: { id: cred.id, name: cred.name } },
		...(onError ? { onError } : {}),
	};
}

/**
 * Payout → Create for the safety checks: each provider's payout, ID `e2e-payout-1`, one lookup
 * after an unclear failure (Lookup Window 0) so that the run is short.
 */
const PAYOUTS = Object.freeze({
	aaio: {
		create: '/api/create-payoff',
		lookup: '/api/info-payoff',
		parameters: { resource: 'payout', operation: 'create', orderId: 'e2e-payout-1', method: 'cards_ru', amount: '1200', wallet: '2200700098765432', lookupWindow: 0 },
	},
	morune: {
		create: '/payoff/create',
		lookup: '/payoff/info',
		parameters: { resource: 'payout', operation: 'create', amount: '1000', method: 'card', wallet: '5536910012345678', orderId: 'e2e-payout-1', lookupWindow: 0 },
	},
});

function payoutNode(provider) {
	const cred = CRED[provider];
	return {
		id: `e2e-${provider}-payout`,
		name: `${provider} payout`,
		type: `${PACKAGE}.${provider}`,
		typeVersion: 1,
		position: [260, 0],
		parameters: PAYOUTS[provider].parameters,
		credentials: { [cred.type]: { id: cred.id, name: cred.name } },
	};
}

function fanOut(trigger, targets) {
	return { [trigger]: { main: [targets.map((node) => ({ node, type: 'main', index: 0 }))] } };
}

function workflow(id, name, nodes, connections) {
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, active: false };
}

/** The test workflows: both nodes with good keys, each with a wrong key, and Continue On Fail. */
function testWorkflows() {
	const trigger = manualTrigger();
	return {
		good: workflow('e2eBalancesOk001', 'e2e: both balances', [trigger, balanceNode('aaio', CRED.aaio), balanceNode('morune', CRED.morune)], fanOut(trigger.name, ['aaio balance', 'morune balance'])),
		aaioWrong: workflow('e2eAaioWrongKey1', 'e2e: aaio with a wrong key', [trigger, balanceNode('aaio', CRED.aaioWrong)], fanOut(trigger.name, ['aaio balance'])),
		moruneWrong: workflow('e2eMoruneWrong01', 'e2e: morune with a wrong key', [trigger, balanceNode('morune', CRED.moruneWrong)], fanOut(trigger.name, ['morune balance'])),
		continueOnFail: workflow(
			'e2eContinueFail1',
			'e2e: wrong keys with Continue On Fail',
			[
				trigger,
				balanceNode('aaio', CRED.aaioWrong, { onError: 'continueRegularOutput' }),
				balanceNode('morune', CRED.moruneWrong, { onError: 'continueRegularOutput' }),
			],
			fanOut(trigger.name, ['aaio balance', 'morune balance']),
		),
		// n8n's HTTP Request node with the aaio credential: the credential is restricted to this package's nodes.
		httpRequestWithAaioKey: workflow(
			'e2eHttpAaioKey01',
			'e2e: HTTP Request with the aaio credential',
			[
				trigger,
				{
					id: 'e2e-http-aaio',
					name: 'http with aaio key',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [260, 0],
					parameters: {
						method: 'POST',
						url: 'http://127.0.0.1:9/api/balance',
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'aaioApi',
						options: {},
					},
					credentials: { aaioApi: { id: CRED.aaio.id, name: CRED.aaio.name } },
				},
			],
			fanOut(trigger.name, ['http with aaio key']),
		),
		aaioPayout: workflow('e2eAaioPayoutCr1', 'e2e: aaio payout', [trigger, payoutNode('aaio')], fanOut(trigger.name, ['aaio payout'])),
		morunePayout: workflow('e2eMorunePayout2', 'e2e: morune payout', [trigger, payoutNode('morune')], fanOut(trigger.name, ['morune payout'])),
	};
}

/**
 * The notification triggers, one workflow each, with a fixed webhook id so that the production
 * URL is known before n8n starts: http://127.0.0.1:<port>/webhook/<webhookId>/webhook.
 * `noSecret*` use a credential that lacks the secret verifying their event: activating them
 * must fail.
 */
const TRIGGERS = Object.freeze({
	aaioPayment: { id: 'e2eAaioPayment01', provider: 'aaio', event: 'payment', cred: 'aaio', webhookId: '0e2e0a10-0000-4000-8000-000000000001' },
	aaioPayout: { id: 'e2eAaioPayout001', provider: 'aaio', event: 'payout', cred: 'aaio', webhookId: '0e2e0a10-0000-4000-8000-000000000002' },
	moruneInvoice: { id: 'e2eMoruneInvoic1', provider: 'morune', event: 'payment', cred: 'morune', webhookId: '0e2e0a10-0000-4000-8000-000000000003' },
	morunePayout: { id: 'e2eMorunePayout1', provider: 'morune', event: 'payout', cred: 'morune', webhookId: '0e2e0a10-0000-4000-8000-000000000004' },
	aaioNoSecret: { id: 'e2eAaioNoSecret1', provider: 'aaio', event: 'payment', cred: 'aaioNoSecret', webhookId: '0e2e0a10-0000-4000-8000-000000000005' },
	moruneNoSecret: { id: 'e2eMoruneNoSecr1', provider: 'morune', event: 'payout', cred: 'moruneNoSecret', webhookId: '0e2e0a10-0000-4000-8000-000000000006' },
});

/** The node name of a trigger in its workflow, e.g. "aaio payment trigger". */
const triggerNodeName = (t) => `${t.provider} ${t.event} trigger`;
/** The node id of the trigger TRIGGERS[key] in its workflow. */
const triggerNodeId = (key) => `e2e-trigger-${key}`;

/** One workflow per entry of TRIGGERS: the trigger node alone (its output is the execution's). */
function triggerWorkflows() {
	const out = {};
	for (const [key, t] of Object.entries(TRIGGERS)) {
		const cred = CRED[t.cred];
		const node = {
			id: triggerNodeId(key),
			name: triggerNodeName(t),
			type: `${PACKAGE}.${t.provider}Trigger`,
			typeVersion: 2,
			position: [0, 0],
			webhookId: t.webhookId,
			parameters: { event: t.event },
			credentials: { [cred.type]: { id: cred.id, name: cred.name } },
		};
		out[key] = workflow(t.id, `e2e: ${triggerNodeName(t)}${t.cred.endsWith('NoSecret') ? ', credential without the secret' : ''}`, [node], {});
	}
	return out;
}

/** The examples as shipped, by file name. */
function examples() {
	const out = {};
	for (const file of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
		out[file] = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	}
	return out;
}

/** External steps (email, Google Sheets) that the sandbox cannot serve. */
const EXTERNAL_NODE_TYPES = new Set(['n8n-nodes-base.emailSend', 'n8n-nodes-base.googleSheets']);

/**
 * An example made runnable in the sandbox: each external step is replaced by a No Operation node
 * of the same name (so the test can read what would have been sent), under a workflow id of its
 * own so the shipped example stays as it is.
 */
function sandboxedExample(example, id) {
	const copy = JSON.parse(JSON.stringify(example));
	copy.id = id;
	copy.name = `e2e: ${example.name}`;
	copy.nodes = copy.nodes.map((node) =>
		EXTERNAL_NODE_TYPES.has(node.type)
			? { id: node.id, name: node.name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: node.position, parameters: {} }
			: node,
	);
	return copy;
}

/**
 * The requests without aaio's "not found" probes: Payout → Create learns aaio's answer for an
 * unknown ID from a lookup of an ID nobody has and one without an ID (nodes/shared/payoutLookup.ts),
 * once per process; tests of other things count the requests as if it were learned.
 */
function withoutProbes(requests) {
	return requests.filter((request) => {
		if (request.path !== '/api/info-payoff') return true;
		const id = new URLSearchParams(request.body).get('my_id');
		return Boolean(id) && !id.startsWith('n8n-probe-');
	});
}

module.exports = {
	withoutProbes,
	CRED,
	PAYOUTS,
	WRONG,
	SECRETS,
	SANDBOX,
	TRIGGERS,
	credentials,
	credentialData,
	testWorkflows,
	triggerWorkflows,
	triggerNodeName,
	triggerNodeId,
	examples,
	sandboxedExample,
	EXTERNAL_NODE_TYPES,
};
