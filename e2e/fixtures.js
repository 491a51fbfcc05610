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
});

/** Keys that open nothing (a different, well-formed value for each field). */
const WRONG = Object.freeze({
	aaioApiKey: 'e2e-wrong-aaio-key-0000000000000000',
	moruneSecretKey: 'e2e-wrong-morune-secret-00000000000',
});

/** Every string that must never show up in n8n's logs or in execution output. */
const SECRETS = Object.freeze([SANDBOX.aaio.apiKey, SANDBOX.morune.secretKey, WRONG.aaioApiKey, WRONG.moruneSecretKey]);

function credentialData(which, baseUrl) {
	switch (which) {
		case 'aaio':
			return { apiKey: SANDBOX.aaio.apiKey, baseUrl };
		case 'aaioWrong':
			return { apiKey: WRONG.aaioApiKey, baseUrl };
		case 'morune':
			return { userId: SANDBOX.morune.userId, secretKey: SANDBOX.morune.secretKey, baseUrl };
		case 'moruneWrong':
			return { userId: SANDBOX.morune.userId, secretKey: WRONG.moruneSecretKey, baseUrl };
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
	};
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

module.exports = { CRED, WRONG, SECRETS, SANDBOX, credentials, credentialData, testWorkflows, examples, sandboxedExample, EXTERNAL_NODE_TYPES };
