'use strict';
// What the morune operation tests share: running any Morune operation with the full sandbox
// credential (shop fields included), and the sandbox's secrets.
const { runNode } = require('./helpers/n8n-engine');
const { SANDBOX, expectNoSecrets } = require('./helpers/fixtures');

const ACCOUNT = SANDBOX.morune;

/** Every secret of the morune sandbox credential. */
const MORUNE_SECRETS = [
	ACCOUNT.secretKey,
	ACCOUNT.shopSecretKey,
	ACCOUNT.shopWebhookSecret,
	ACCOUNT.userWebhookSecret,
];

/**
 * Runs the Morune node: `parameters` holds resource, operation and the operation's fields;
 * `credentials` overrides fields of the full sandbox credential.
 */
function runOperation(api, { parameters, credentials = {}, ...rest }) {
	return runNode({
		type: 'morune',
		parameters,
		credentials: { moruneApi: { ...ACCOUNT, baseUrl: api.url, ...credentials } },
		...rest,
	});
}

/**
 * Every operation of the Morune node, with parameters that succeed against the sandbox, the
 * request it sends and the key it is authenticated with ('shop' or 'user').
 */
const OPERATIONS = [
	{
		name: 'Balance → Get',
		parameters: { resource: 'balance', operation: 'get' },
		method: 'GET',
		path: `/account/users/${ACCOUNT.userId}/balance`,
		key: 'user',
	},
	{
		name: 'Payment → Create',
		parameters: { resource: 'payment', operation: 'create', amount: '250.50', orderId: 'order-2001' },
		method: 'POST',
		path: '/invoice/create',
		key: 'shop',
	},
	{
		name: 'Payment → Get',
		parameters: { resource: 'payment', operation: 'get', findBy: 'id', paymentId: 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a' },
		method: 'GET',
		path: '/invoice/info',
		key: 'shop',
	},
	{
		name: 'Payment Method → Get Many',
		parameters: { resource: 'paymentMethod', operation: 'getAll' },
		method: 'GET',
		path: `/shops/${ACCOUNT.shopId}/payment-tariffs`,
		key: 'shop',
	},
	{
		name: 'Payout → Create',
		parameters: {
			resource: 'payout',
			operation: 'create',
			amount: '500',
			method: 'card',
			wallet: '5536910012345678',
			orderId: 'payout-2001',
		},
		method: 'POST',
		path: '/payoff/create',
		key: 'user',
	},
	{
		name: 'Payout → Get',
		parameters: { resource: 'payout', operation: 'get', findBy: 'id', payoutId: '6b2d3c1e-7f00-4e4a-9d7b-2f5a1c9e8b10' },
		method: 'GET',
		path: '/payoff/info',
		key: 'user',
	},
	{
		name: 'SBP Bank → Get Many',
		parameters: { resource: 'sbpBank', operation: 'getAll' },
		method: 'GET',
		path: '/payoff/get-sbp-bank-list',
		key: 'user',
	},
];

/** Each key: the credential field that holds it and the header that carries it. */
const KEYS = {
	shop: { field: 'shopSecretKey', header: 'x-api-key' },
	user: { field: 'secretKey', header: 'x-api-signature-sha256' },
};

/** The requests the fake saw on one path. */
const requestsTo = (api, path) => api.requests.filter((request) => request.path === path);

/** A morune error answer. */
const moruneError = (status, error) => ({
	status,
	body: { data: null, error, status, status_check: false },
});

/** Fails the test if any morune secret is in the items, the error or a log line. */
const expectNoMoruneSecrets = (result) => expectNoSecrets(result, MORUNE_SECRETS);

module.exports = {
	ACCOUNT,
	MORUNE_SECRETS,
	OPERATIONS,
	KEYS,
	runOperation,
	requestsTo,
	moruneError,
	expectNoMoruneSecrets,
};
