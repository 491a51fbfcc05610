'use strict';
/**
 * What the benchmark measures. Each case is one request, made three ways against the same
 * fake API: by our node in n8n's engine, by n8n's HTTP Request node in the same engine (with
 * the same method, URL and headers), and by Node's own HTTP client (the floor).
 *
 * - BALANCE_CASES: Balance → Get, run for 1, 100 and 1,000 input items (one request each).
 * - LIST_CASES: list operations, one input item, one request whose answer holds a long list
 *   (LIST_SIZE entries, served by bench/fake-server.js) that becomes one item per entry; the
 *   hand-built equivalent is HTTP Request → Split Out. A list case runs only when its
 *   operation exists in dist/ (see `hasOperation`).
 *
 * To add a case: give its node, parameters and credentials (`ours`), the request it makes
 * (`request`, which the HTTP Request node and the floor copy), how to recognize a right output
 * item (`check`), and for a list case the answer the fake serves (`path`, `answer`).
 */
const { SANDBOX } = require('../sandbox/fake-api');

const LIST_SIZE = 1000;
const JSON_ACCEPT = { Accept: 'application/json' };

/** Credentials with every sandbox account field, so that any operation finds what it needs. */
const credentialsOf = {
	aaio: (url) => ({ aaioApi: { ...SANDBOX.aaio, baseUrl: url } }),
	morune: (url) => ({ moruneApi: { ...SANDBOX.morune, baseUrl: url } }),
};

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

const BALANCE_CASES = [
	{
		id: 'aaio-balance',
		label: 'aaio Balance → Get',
		provider: 'aaio',
		ours: { type: 'aaio', parameters: { resource: 'balance', operation: 'get' } },
		request: (url) => ({
			method: 'POST',
			url: `${url}/api/balance`,
			headers: { 'X-Api-Key': SANDBOX.aaio.apiKey, ...JSON_ACCEPT },
		}),
		check: {
			ours: (json) => json.provider === 'aaio' && isNumber(json.available) && isNumber(json.total),
			http: (json) => json.type === 'success' && json.balance !== undefined,
			floor: (json) => json.type === 'success',
		},
	},
	{
		id: 'morune-balance',
		label: 'morune Balance → Get',
		provider: 'morune',
		ours: { type: 'morune', parameters: { resource: 'balance', operation: 'get' } },
		request: (url) => ({
			method: 'GET',
			url: `${url}/account/users/${encodeURIComponent(SANDBOX.morune.userId)}/balance`,
			headers: { 'x-api-signature-sha256': SANDBOX.morune.secretKey, ...JSON_ACCEPT },
		}),
		check: {
			ours: (json) => json.provider === 'morune' && isNumber(json.available) && isNumber(json.total),
			http: (json) => json.status_check === true && json.data !== undefined,
			floor: (json) => json.status_check === true,
		},
	},
];

/** `count` entries made from `templates`, each with its own code/service so that none repeats. */
function manyEntries(templates, count, keyField) {
	return Array.from({ length: count }, (_, index) => {
		const template = templates[index % templates.length];
		return { ...template, [keyField]: `${template[keyField]}_${index}` };
	});
}

const AAIO_METHOD = {
	code: 'cards_ru',
	name: 'Банковские карты РФ',
	min: { RUB: 10, UAH: 5, USD: 1, EUR: 1 },
	max: { RUB: 100000, UAH: 40000, USD: 1000, EUR: 1000 },
	commission_percent: 4.5,
	commission_user_percent: 0,
	commission_merchant_percent: 4.5,
	commission_type: '100:0',
};

const MORUNE_TARIFFS = [
	{ percent: 4.5, fix: 0, minSum: 100, maxSum: 300000, shopPercent: 4.5, userPercent: 0, service: 'card', serviceLabel: 'Банковская карта', currency: 'RUB', status: 'enabled' },
	{ percent: '6.00', fix: '5.00', minSum: '50.00', maxSum: '15000.00', shopPercent: '6.00', userPercent: '0.00', service: 'qiwi', serviceLabel: 'QIWI', currency: 'RUB', status: 'disabled' },
];

const LIST_CASES = [
	{
		id: 'aaio-payment-methods',
		label: `aaio Payment Method → Get Many (${LIST_SIZE.toLocaleString('en')} methods)`,
		provider: 'aaio',
		ours: { type: 'aaio', parameters: { resource: 'paymentMethod', operation: 'getAll' } },
		request: (url) => ({
			method: 'POST',
			url: `${url}/api/methods-pay`,
			headers: { 'X-Api-Key': SANDBOX.aaio.apiKey, ...JSON_ACCEPT },
			form: { merchant_id: SANDBOX.aaio.merchantId },
		}),
		// aaio's list is an object keyed by method code; Split Out takes its values.
		splitOut: 'list',
		path: /^\/api\/methods-pay$/,
		auth: { header: 'x-api-key', value: SANDBOX.aaio.apiKey },
		answer: (size) => ({
			type: 'success',
			list: Object.fromEntries(
				manyEntries([AAIO_METHOD], size, 'code').map(({ code, ...method }) => [code, method]),
			),
		}),
		unauthorized: { type: 'error', code: 401, message: 'Неверный ключ API' },
		check: {
			ours: (json) => typeof json.name === 'string',
			http: (json) => typeof json.name === 'string',
			floor: (json) => json.type === 'success',
		},
	},
	{
		id: 'morune-payment-tariffs',
		label: `morune Payment Method → Get Many (${LIST_SIZE.toLocaleString('en')} methods)`,
		provider: 'morune',
		ours: { type: 'morune', parameters: { resource: 'paymentMethod', operation: 'getAll' } },
		request: (url) => ({
			method: 'GET',
			url: `${url}/shops/${encodeURIComponent(SANDBOX.morune.shopId)}/payment-tariffs`,
			headers: { 'x-api-key': SANDBOX.morune.shopSecretKey, ...JSON_ACCEPT },
		}),
		splitOut: 'data.tariffs',
		path: /^\/shops\/[^/]+\/payment-tariffs$/,
		auth: { header: 'x-api-key', value: SANDBOX.morune.shopSecretKey },
		answer: (size) => ({
			data: { tariffs: manyEntries(MORUNE_TARIFFS, size, 'service') },
			status: 200,
			status_check: true,
		}),
		unauthorized: { data: null, error: 'Ошибка авторизации', status: 401, status_check: false },
		check: {
			// The shared payment-method schema: the tariff's service is its code.
			ours: (json) => json.provider === 'morune' && typeof json.code === 'string' && isNumber(json.commissionPercent),
			http: (json) => typeof json.service === 'string',
			floor: (json) => json.status_check === true,
		},
	},
];

/** Whether this package's node (as loaded from dist/) has the resource and operation. */
function hasOperation(loader, { type, parameters }) {
	const nodeType = loader.nodeTypes[type]?.type;
	const properties = nodeType?.description?.properties ?? [];
	const resources = properties.find((property) => property.name === 'resource')?.options ?? [];
	if (!resources.some((option) => option.value === parameters.resource)) return false;
	return properties.some(
		(property) =>
			property.name === 'operation' &&
			property.displayOptions?.show?.resource?.includes(parameters.resource) &&
			property.options?.some((option) => option.value === parameters.operation),
	);
}

module.exports = { BALANCE_CASES, LIST_CASES, LIST_SIZE, credentialsOf, hasOperation };
