'use strict';
/**
 * The fake aaio API (aaio.so): what `sandbox/fake-api.js` answers on aaio's paths.
 * `route(request, state)` gets { method, path, query, headers, body (raw string) } and this
 * provider's part of the sandbox state, and returns a response spec ({ status, headers, body },
 * or { hang } / { destroy } for a lost answer).
 *
 * Like aaio, it reads parameters from a form body (application/x-www-form-urlencoded) and
 * ignores a JSON one, checks the API key and its permissions, checks order signatures, and
 * answers {"type":"success", ...} or {"type":"error","code":…,"message":…}. Where aaio's docs
 * say nothing (the answer for an unknown payout, a duplicate my_id, a missing permission),
 * it answers the way the node expects aaio to, and the node states it as an assumption (for the
 * payout lookup it does not even expect that: nodes/shared/payoutLookup.ts learns it from aaio).
 *
 * Payout faults: set `state.payoffFault = { afterRecording, response }` and the next create
 * request gets `response` (e.g. { hang: true } or a 503), after the payout was recorded (the
 * answer was lost) or before (nothing happened). It applies once.
 */
const crypto = require('node:crypto');
const { aaioSign } = require('./signatures');

/** The sandbox account. Not real secrets: they only open this fake. */
const ACCOUNT = Object.freeze({
	apiKey: 'sandbox-aaio-api-key-7f3c2a9e41d8b6c0',
	/** A key with no permission ticked: balance, lists and rates only. */
	limitedApiKey: 'sandbox-aaio-limited-key-5b1e0c7d93a2f468',
	merchantId: 'f56b279c-d250-11ed-afa1-0242ac120002',
	secretKey1: 'sandbox-aaio-secret1-c41f8e02b7d95a36',
	secretKey2: 'sandbox-aaio-secret2-9a7d3e51f0c26b84',
	payoutSecret: 'sandbox-aaio-payoff-secret-2e8b6f14d07c',
});

/** The key permissions of the aaio cabinet that the endpoints below ask for. */
const PERMISSION = Object.freeze({
	payoff: 'Вывод средств',
	payoffInfo: 'Информация про вывод средств',
	payInfo: 'Информация об созданном счете',
});
const KEY_PERMISSIONS = {
	[ACCOUNT.apiKey]: Object.values(PERMISSION),
	[ACCOUNT.limitedApiKey]: [],
};

const CURRENCIES = ['RUB', 'UAH', 'EUR', 'USD'];
const DECIMAL = /^\d+(\.\d+)?$/;
const ORDER_ID = /^[A-Za-z0-9:_[\]|-]{1,64}$/;

const PAYMENT_METHODS = {
	cards_ru: {
		name: 'Банковские карты РФ',
		min: { RUB: 10, UAH: 5, USD: 0.15, EUR: 0.15 },
		max: { RUB: 150000, UAH: 65000, USD: 1600, EUR: 1500 },
		commission_percent: 3.5,
		commission_user_percent: 0,
		commission_merchant_percent: 3.5,
		commission_type: 0,
	},
	sbp: {
		name: 'СБП',
		min: { RUB: 10, UAH: 5, USD: 0.15, EUR: 0.15 },
		max: { RUB: 300000, UAH: 130000, USD: 3200, EUR: 3000 },
		commission_percent: 2.5,
		commission_user_percent: 1,
		commission_merchant_percent: 1.5,
		commission_type: 0,
	},
	tether_trc20: {
		name: 'USDT (TRC-20)',
		min: { RUB: 500, UAH: 220, USD: 5, EUR: 5 },
		max: { RUB: 1000000, UAH: 440000, USD: 10800, EUR: 10000 },
		commission_percent: 1,
		commission_user_percent: 0,
		commission_merchant_percent: 1,
		commission_type: 0,
	},
};

const PAYOFF_METHODS = {
	cards_ru: { name: 'Банковская карта РФ', min: 1000, max: 100000, commission_percent: 2.5, commission_sum: 50 },
	sbp: { name: 'СБП', min: 100, max: 150000, commission_percent: 1.5, commission_sum: 0 },
	mobile_ru: { name: 'Мобильный телефон РФ', min: 100, max: 15000, commission_percent: 3, commission_sum: 0 },
	tether_trc20: { name: 'USDT TRC-20', min: 1500, max: 500000, commission_percent: 1, commission_sum: 150 },
};

const RATES = { USD: 92.35, UAH: 2.21, USDT: 93.1, BTC: 8712000.5 };
/** The send currency of each payout method (RUB unless listed). */
const PAYOFF_CURRENCY = { tether_trc20: 'USDT' };

const SBP_BANKS = [
	{ bankId: '100000000111', bankName: 'Сбербанк', bankIcon: 'https://aaio.so/assets/img/sbp/sberbank.png' },
	{ bankId: '100000000004', bankName: 'Т-Банк', bankIcon: 'https://aaio.so/assets/img/sbp/tbank.png' },
	{ bankId: '100000000008', bankName: 'Альфа-Банк' },
];
const MOBILE_OPERATORS = ['beeline_ru', 'tele2', 'mts_ru', 'megafon_ru'];

/** Sandbox data: the first address is the one aaio's docs give. */
const NOTIFICATION_IPS = ['91.107.204.74', '91.107.204.75'];

/** aaio's dates: "YYYY-MM-DD HH:MM:SS", Moscow time. */
function moscowTime(date = new Date()) {
	return new Date(date.getTime() + 3 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

const round2 = (value) => Math.round(value * 100) / 100;

function initialState() {
	return {
		balance: { balance: 1592.03, referral: 346.49, hold: 120.5 },
		orders: {
			'crm-1001': {
				id: '2a6ad5c4-9b1c-4e3e-8f53-0c1e1b7f2d11',
				order_id: 'crm-1001',
				desc: 'Заказ #1001',
				merchant_id: ACCOUNT.merchantId,
				merchant_domain: 'shop.example',
				method: 'cards_ru',
				amount: 1500,
				currency: 'RUB',
				profit: 1447.5,
				commission: 52.5,
				commission_client: 0,
				commission_type: '100:0',
				email: 'buyer@example.com',
				status: 'success',
				date: '2026-11-20 14:03:11',
				expired_date: '2026-11-21 14:03:11',
				complete_date: '2026-11-20 14:05:42',
				us_vars: [],
			},
		},
		payoffs: [
			{
				id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
				my_id: 'payout-0001',
				method: 'cards_ru',
				wallet: '2200700012345678',
				amount: 1000,
				amount_down: 1000,
				commission: 75,
				commission_type: 0,
				status: 'success',
				cancel_message: null,
				date: '2026-11-19 10:00:00',
				complete_date: '2026-11-19 10:02:31',
			},
		],
		payoffFault: undefined,
	};
}

function serves(path) {
	return path.startsWith('/api/') || path.startsWith('/merchant/');
}

const error = (status, message) => ({ status, body: { type: 'error', code: status, message } });
const success = (fields) => ({ status: 200, body: { type: 'success', ...fields } });

/** The parameters, as PHP reads them: the query, and the body only when it is a form. */
function paramsOf(request) {
	const type = String(request.headers['content-type'] ?? '');
	const form = type.startsWith('application/x-www-form-urlencoded')
		? Object.fromEntries(new URLSearchParams(request.body))
		: {};
	return { ...request.query, ...form };
}

function checkMerchant(params) {
	if (!params.merchant_id) return error(400, 'Не передан параметр merchant_id');
	if (params.merchant_id !== ACCOUNT.merchantId) return error(400, 'Магазин не найден');
	return undefined;
}

function getPayUrl(params, state) {
	const problem = checkMerchant(params);
	if (problem) return problem;
	for (const name of ['amount', 'currency', 'order_id', 'sign']) {
		if (!params[name]) return error(400, `Не передан параметр ${name}`);
	}
	if (!DECIMAL.test(params.amount) || Number(params.amount) <= 0) return error(400, 'Неверная сумма');
	if (!CURRENCIES.includes(params.currency)) return error(400, 'Неверная валюта');
	if (!ORDER_ID.test(params.order_id)) return error(400, 'Неверный формат order_id');
	const expected = aaioSign(params, ACCOUNT.secretKey1);
	if (params.sign !== expected) return error(400, 'Неверная подпись');

	let order = state.orders[params.order_id];
	if (!order) {
		const now = new Date();
		order = {
			id: crypto.randomUUID(),
			order_id: params.order_id,
			desc: params.desc ?? '',
			merchant_id: ACCOUNT.merchantId,
			merchant_domain: 'shop.example',
			method: params.method ?? null,
			amount: Number(params.amount),
			currency: params.currency,
			commission_type: '100:0',
			email: params.email ?? null,
			status: 'in_process',
			date: moscowTime(now),
			expired_date: moscowTime(new Date(now.getTime() + 24 * 3600_000)),
			complete_date: null,
			us_vars: params.us_key ? [params.us_key] : [],
		};
		state.orders[params.order_id] = order;
	}
	// In test mode (sandbox/test-mode.js) the URL opens the sandbox's checkout page for the order.
	return success({ url: `${state.checkoutBase ?? 'https://aaio.so/merchant/pay'}/${order.id}` });
}

/**
 * What a lookup shows of a record: while a "lagging record" fault holds it (test mode), the
 * record as it was before its last change.
 */
function visible(state, key, record) {
	const lag = state.lagging?.[key];
	return lag && lag.until > Date.now() ? lag.record : record;
}

function infoPay(params, state) {
	const problem = checkMerchant(params);
	if (problem) return problem;
	if (!params.order_id) return error(400, 'Не передан параметр order_id');
	const order = state.orders[params.order_id];
	return order ? success(visible(state, `order:${order.id}`, order)) : error(400, 'Заказ не найден');
}

function methodsPay(params) {
	return checkMerchant(params) ?? success({ list: PAYMENT_METHODS });
}

function findPayoff(state, params) {
	if (params.id) return state.payoffs.find((payoff) => payoff.id === params.id);
	return state.payoffs.find((payoff) => payoff.my_id === params.my_id);
}

function infoPayoff(params, state) {
	if (!params.my_id && !params.id) return error(400, 'Не передан параметр my_id или id');
	const found = findPayoff(state, params);
	if (!found) return error(400, 'Заявка на вывод не найдена');
	const payoff = visible(state, `payoff:${found.id}`, found);
	const { amount_in_currency, amount_currency, amount_rate, ...info } = payoff;
	return success(info);
}

/** Checks a payout request: { payoff } to record, or { refusal }, the error aaio would answer. */
function newPayoff(params, state) {
	const refuse = (status, message) => ({ refusal: error(status, message) });
	if (!params.my_id) return refuse(400, 'Не передан параметр my_id');
	if (findPayoff(state, { my_id: params.my_id })) return refuse(400, 'Заявка с таким my_id уже существует');
	const method = PAYOFF_METHODS[params.method];
	if (!method) return refuse(400, 'Метод вывода недоступен');
	if (!params.amount || !DECIMAL.test(params.amount)) return refuse(400, 'Неверная сумма');
	if (!params.wallet || /\s/.test(params.wallet)) return refuse(400, 'Неверный кошелёк');
	if (params.method === 'sbp' && !SBP_BANKS.some(({ bankId }) => bankId === params.bank)) {
		return refuse(400, 'Не выбран банк для вывода по СБП');
	}
	if (params.method === 'mobile_ru' && !MOBILE_OPERATORS.includes(params.mobile_operator)) {
		return refuse(400, 'Не выбран оператор');
	}
	const amount = Number(params.amount);
	if (amount < method.min || amount > method.max) {
		return refuse(400, `Сумма вывода должна быть от ${method.min} до ${method.max} RUB`);
	}
	const commissionType = params.commission_type === '1' ? 1 : 0;
	const commission = round2((amount * method.commission_percent) / 100 + method.commission_sum);
	const amountDown = commissionType === 1 ? round2(amount + commission) : amount;
	if (amountDown > state.balance.balance) return refuse(400, 'Недостаточно средств на балансе');
	const received = commissionType === 1 ? amount : round2(amount - commission);
	const currency = PAYOFF_CURRENCY[params.method] ?? 'RUB';
	const payoff = {
		id: crypto.randomUUID(),
		my_id: params.my_id,
		method: params.method,
		wallet: params.wallet,
		amount,
		amount_in_currency: currency === 'RUB' ? received : round2(received / RATES[currency]),
		amount_currency: currency,
		...(currency === 'RUB' ? {} : { amount_rate: RATES[currency] }),
		amount_down: amountDown,
		commission,
		commission_type: commissionType,
		status: 'in_process',
		cancel_message: null,
		date: moscowTime(),
		complete_date: null,
	};
	return { payoff };
}

function createPayoff(params, state) {
	const fault = state.payoffFault;
	state.payoffFault = undefined;
	if (fault && !fault.afterRecording) return fault.response;
	const { payoff, refusal } = newPayoff(params, state);
	if (refusal) return refusal;
	state.payoffs.push(payoff);
	// Where its notification goes (test mode): the URL given with the payout, else the account's.
	if (params.webhook_url) (state.payoffHooks ??= {})[payoff.id] = params.webhook_url;
	// The SBP bank, which aaio's payout notification names (`bank`) and its lookup does not show.
	if (params.bank) (state.payoffBanks ??= {})[payoff.id] = params.bank;
	state.balance.balance = round2(state.balance.balance - payoff.amount_down);
	if (fault) return fault.response;
	const { cancel_message, date, complete_date, ...created } = payoff;
	return success(created);
}

/** path → what it needs and how it answers. */
const ROUTES = {
	'/merchant/get_pay_url': { methods: ['POST'], apiKey: false, handle: getPayUrl },
	'/api/balance': { handle: balance },
	'/api/info-pay': { permission: PERMISSION.payInfo, handle: infoPay },
	'/api/methods-pay': { handle: methodsPay },
	'/api/create-payoff': { methods: ['POST'], permission: PERMISSION.payoff, handle: createPayoff },
	'/api/info-payoff': { permission: PERMISSION.payoffInfo, handle: infoPayoff },
	'/api/methods-payoff': { handle: () => success({ list: PAYOFF_METHODS }) },
	'/api/rates-payoff': { handle: () => success(RATES) },
	'/api/sbp-banks-payoff': { permission: PERMISSION.payoff, handle: () => success({ list: SBP_BANKS }) },
	// As aaio's docs show it: no `type`.
	'/api/public/ips': { apiKey: false, handle: () => ({ status: 200, body: { list: NOTIFICATION_IPS } }) },
};

/**
 * The balance. With the shapes of public clients on (test mode), spelt `referal` as an older
 * example of aaio's docs has it.
 */
function balance(params, state) {
	if (!state.publicShapes) return success(state.balance);
	const { referral, ...rest } = state.balance;
	return success({ ...rest, referal: referral });
}

/**
 * An error as aaio's docs show it (the seed copy of the balance page): `"type":"fail"` and the
 * code as a string, instead of `"type":"error"` with a number, which the SDKs test for.
 */
function documentedError(answer) {
	if (answer.body?.type !== 'error') return answer;
	return { ...answer, body: { ...answer.body, type: 'fail', code: String(answer.body.code) } };
}

function route(request, state) {
	const answer = routeRequest(request, state);
	return state.publicShapes ? documentedError(answer) : answer;
}

function routeRequest(request, state) {
	const endpoint = ROUTES[request.path];
	if (!endpoint) return error(404, 'Метод не найден');
	if (!(endpoint.methods ?? ['GET', 'POST']).includes(request.method)) {
		return error(405, 'Метод не поддерживается');
	}
	if (endpoint.apiKey !== false) {
		const key = request.headers['x-api-key'];
		if (!key) return error(401, 'Не передан ключ API');
		const permissions = KEY_PERMISSIONS[key];
		if (!permissions) return error(401, 'Неверный ключ API');
		if (endpoint.permission && !permissions.includes(endpoint.permission)) {
			return error(401, `У ключа API нет разрешения «${endpoint.permission}»`);
		}
	}
	return endpoint.handle(paramsOf(request), state);
}

module.exports = { ACCOUNT, PERMISSION, PAYMENT_METHODS, SBP_BANKS, initialState, moscowTime, serves, route };
