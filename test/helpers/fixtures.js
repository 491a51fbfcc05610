'use strict';
const { startFakeApi, SANDBOX } = require('../../sandbox/fake-api');
const { runNode, logLines, safeStringify, serializeError } = require('./n8n-engine');

const SECRETS = [SANDBOX.aaio.apiKey, SANDBOX.morune.secretKey];

/** Starts the fake API once per test file and resets it before each test. */
function useFakeApi() {
	const handle = {};
	beforeAll(async () => {
		handle.api = await startFakeApi();
	});
	beforeEach(() => handle.api.reset());
	afterAll(async () => handle.api.close());
	return handle;
}

const balanceParameters = (extra = {}) => ({ resource: 'balance', operation: 'get', ...extra });

function runAaio(api, { apiKey = SANDBOX.aaio.apiKey, baseUrl = api.url, parameters, ...rest } = {}) {
	return runNode({
		type: 'aaio',
		parameters: balanceParameters(parameters),
		credentials: { aaioApi: { apiKey, baseUrl } },
		...rest,
	});
}

function runMorune(
	api,
	{
		userId = SANDBOX.morune.userId,
		secretKey = SANDBOX.morune.secretKey,
		baseUrl = api.url,
		parameters,
		...rest
	} = {},
) {
	return runNode({
		type: 'morune',
		parameters: balanceParameters(parameters),
		credentials: { moruneApi: { userId, secretKey, baseUrl } },
		...rest,
	});
}

/** Fails the test if a sandbox secret is in the items, the error or anything logged. */
function expectNoSecrets(result, secrets = SECRETS) {
	const haystack = [safeStringify(result.items), serializeError(result.error), ...logLines].join('\n');
	for (const secret of secrets) expect(haystack).not.toContain(secret);
}

module.exports = { SANDBOX, useFakeApi, runAaio, runMorune, expectNoSecrets };
