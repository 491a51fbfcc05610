'use strict';
/**
 * The fixtures every test shares, in one module:
 * - the fake API per test file (useFakeApi) and running either node against it;
 * - the morune operations with the requests they send and the keys they use;
 * - notifications of the four kinds, signed as aaio and morune sign them with the sandbox
 *   account's secrets, the records "Confirm With Provider" finds, and a receiver per kind;
 * - expectNoSecrets, which fails a test when a sandbox secret is in its items, error or log.
 */
const { startFakeApi, SANDBOX } = require('../../sandbox/fake-api');
const { withoutProbes } = require('../../e2e/fixtures');
const { serveWebhookTrigger, forgetPayoutMemory, runNode, logLines, safeStringify, serializeError } = require('./n8n-engine');

const SECRETS = [SANDBOX.aaio.apiKey, SANDBOX.morune.secretKey];

/**
 * Starts the fake API once per test file and resets it before each test, with the payout flow's
 * process memory (claims, the learned "not found") forgotten, as in a fresh n8n.
 */
function useFakeApi() {
	const handle = {};
	beforeAll(async () => {
		handle.api = await startFakeApi();
	});
	beforeEach(() => {
		handle.api.reset();
		forgetPayoutMemory();
	});
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


// --- morune operations ---------------------------------------------------------------------


const MORUNE_ACCOUNT = SANDBOX.morune;
const ACCOUNT = MORUNE_ACCOUNT;

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


// --- notifications -------------------------------------------------------------------------


/** The providers' signatures, the ones the sandbox, the e2e and the bench use too. */
const { aaioPayoutSign, aaioSign, moruneSign } = require('../../sandbox/signatures');

/** { contentType, body, headers, fields } for a POST. `tamper` changes fields after signing. */
const KINDS = {
	aaioPayment: {
		type: 'aaioTrigger',
		event: 'payment',
		build({ n = 1, status = 'success', amount = '100.18', tamper = {}, key = SANDBOX.aaio.secretKey2 } = {}) {
			const fields = {
				status,
				merchant_id: SANDBOX.aaio.merchantId,
				invoice_id: `e3b1c2d4-0000-4c4c-8d8d-${String(n).padStart(12, '0')}`,
				order_id: `order-${n}`,
				amount,
				currency: 'RUB',
				profit: '95.17',
				commission: '5.01',
				commission_client: '0',
				commission_type: '100:0',
				method: 'cards_ru',
			};
			fields.sign = aaioSign(fields, key);
			const sent = { ...fields, ...tamper };
			return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(sent).toString(), headers: {}, fields: sent };
		},
		/** The order as aaio's /api/info-pay knows it. */
		record(api, { n = 1, status = 'success', amount = 100.18 } = {}) {
			api.state.aaio.orders[`order-${n}`] = {
				id: `e3b1c2d4-0000-4c4c-8d8d-${String(n).padStart(12, '0')}`,
				order_id: `order-${n}`,
				merchant_id: SANDBOX.aaio.merchantId,
				method: 'cards_ru',
				amount,
				currency: 'RUB',
				profit: 95.17,
				commission: 5.01,
				commission_client: 0,
				commission_type: '100:0',
				status,
			};
		},
	},
	aaioPayout: {
		type: 'aaioTrigger',
		event: 'payout',
		build({ n = 1, status = 'success', tamper = {}, key = SANDBOX.aaio.payoutSecret } = {}) {
			const fields = {
				id: `48ebfc18-e6c7-11ed-a05b-${String(n).padStart(12, '0')}`,
				my_id: `payout-${n}`,
				method: 'cards_ru',
				wallet: '2200000000000000',
				amount: '100',
				amount_down: '105.5',
				commission: '5.5',
				commission_type: '0',
				status,
			};
			fields.sign = aaioPayoutSign(fields, key);
			const sent = { ...fields, ...tamper };
			return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(sent).toString(), headers: {}, fields: sent };
		},
		record(api, { n = 1, status = 'success' } = {}) {
			api.state.aaio.payoffs.push({
				id: `48ebfc18-e6c7-11ed-a05b-${String(n).padStart(12, '0')}`,
				my_id: `payout-${n}`,
				method: 'cards_ru',
				wallet: '2200000000000000',
				amount: 100,
				amount_down: 105.5,
				commission: 5.5,
				commission_type: 0,
				status,
			});
		},
	},
	// A morune invoice: the trigger's Payment event (the kind keeps the provider's word for it).
	moruneInvoice: {
		type: 'moruneTrigger',
		event: 'payment',
		build({ n = 1, status = 'success', amount = '100.00', tamper = {}, key = SANDBOX.morune.shopWebhookSecret } = {}) {
			const payload = {
				invoice_id: `a3e9ff6f-c5c1-3bcd-854e-${String(n).padStart(12, '0')}`,
				order_id: `order-${n}`,
				status,
				amount,
				credited: '95.50',
				currency: 'RUB',
				custom_fields: { user: 1 },
				type: 1,
				pay_time: '2023-04-06 16:27:59',
				pay_service: 'card',
				payer_details: '553691******1279',
				code: 1,
			};
			const signature = moruneSign(payload, key);
			const sent = { ...payload, ...tamper };
			return { contentType: 'application/json', body: JSON.stringify(sent), headers: { 'x-api-sha256-signature': signature }, fields: sent };
		},
		record(api, { n = 1, status = 'success', amount = '100.00' } = {}) {
			api.state.morune.invoices.push({
				invoice_id: `a3e9ff6f-c5c1-3bcd-854e-${String(n).padStart(12, '0')}`,
				order_id: `order-${n}`,
				shop_id: SANDBOX.morune.shopId,
				status,
				invoice_amount: amount,
				credited: '95.50',
				currency: 'RUB',
			});
		},
	},
	morunePayout: {
		type: 'moruneTrigger',
		event: 'payout',
		build({ n = 1, status = 'success', tamper = {}, key = SANDBOX.morune.userWebhookSecret } = {}) {
			const payload = {
				payoff_id: `c0ffee00-1111-4222-8333-${String(n).padStart(12, '0')}`,
				order_id: `payout-${n}`,
				status,
				amount: '763.46',
				commission: '20.66',
				wallet: '2200000000000000',
				service: 'card',
			};
			const signature = moruneSign(payload, key);
			const sent = { ...payload, ...tamper };
			return { contentType: 'application/json', body: JSON.stringify(sent), headers: { 'x-api-sha256-signature': signature }, fields: sent };
		},
		record(api, { n = 1, status = 'success' } = {}) {
			api.state.morune.payouts.push({
				payoff_id: `c0ffee00-1111-4222-8333-${String(n).padStart(12, '0')}`,
				order_id: `payout-${n}`,
				status,
				amount: '763.46',
			});
		},
	},
};

function credentialsFor(kind, baseUrl, extra = {}) {
	return KINDS[kind].type === 'aaioTrigger'
		? { aaioApi: { ...SANDBOX.aaio, baseUrl, ...extra } }
		: { moruneApi: { ...SANDBOX.morune, baseUrl, ...extra } };
}

/** POSTs a built notification; resolves to { status, text, headers }. */
async function deliver(url, notification, { contentType, headers = {} } = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': contentType ?? notification.contentType, ...notification.headers, ...headers },
		body: notification.body,
	});
	return { status: response.status, text: await response.text(), headers: response.headers };
}

const open = [];
/** A receiver for one kind, closed after the test file. */
async function receiverFor(kind, { baseUrl = 'http://127.0.0.1:9', parameters = {}, credentials = {}, proxyHops, typeVersion } = {}) {
	const receiver = await serveWebhookTrigger({
		type: KINDS[kind].type,
		parameters: { event: KINDS[kind].event, ...parameters },
		credentials: credentialsFor(kind, baseUrl, credentials),
		proxyHops,
		typeVersion,
	});
	open.push(receiver);
	return receiver;
}
const closeReceivers = () => Promise.all(open.splice(0).map((receiver) => receiver.close()));


/** Collects what n8n's logger (the trigger context's `logger`: Container.get(Logger)) warns while `work` runs. */
async function warningsDuring(work) {
	const { Container } = require('@n8n/di');
	const { Logger } = require('@n8n/backend-common');
	const warn = jest.spyOn(Container.get(Logger), 'warn');
	try {
		const result = await work();
		return { result, warnings: warn.mock.calls.map((call) => String(call[0])).join('\n') };
	} finally {
		warn.mockRestore();
	}
}

/**
 * The fake API for the notification triggers' Confirm With Provider tests: started once per test
 * file, reset before each test with the process's repeat memory forgotten (as in a fresh n8n).
 * `reads()`: the API reads the confirmation made; `record[kind]()`: the record it holds per kind.
 */
function useConfirmApi() {
	const handle = useFakeApi();
	beforeEach(() => require('../../dist/nodes/shared/replay').forgetReplayMemory());
	afterAll(() => closeReceivers());
	handle.reads = () => handle.api.requests.filter((request) => request.path !== '/api/public/ips');
	handle.record = {
		aaioPayment: () => handle.api.state.aaio.orders['order-1'],
		aaioPayout: () => handle.api.state.aaio.payoffs.at(-1),
		moruneInvoice: () => handle.api.state.morune.invoices.at(-1),
		morunePayout: () => handle.api.state.morune.payouts.at(-1),
	};
	return handle;
}

module.exports = {
	useConfirmApi,
	warningsDuring,
	withoutProbes,
	SANDBOX,
	useFakeApi,
	runAaio,
	runMorune,
	expectNoSecrets,
	MORUNE_ACCOUNT,
	MORUNE_SECRETS,
	OPERATIONS,
	KEYS,
	runOperation,
	requestsTo,
	moruneError,
	expectNoMoruneSecrets,
	KINDS,
	deliver,
	receiverFor,
	closeReceivers,
	aaioSign,
	aaioPayoutSign,
	moruneSign,
};
