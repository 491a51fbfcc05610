'use strict';
/**
 * The fake morune API (api.morune.com, the same as api.enot.io): what `sandbox/fake-api.js`
 * answers on morune's paths. `route(request, state)` gets { method, path, query, headers, body
 * (raw string) } and this provider's part of the sandbox state, and returns a response spec
 * ({ status, headers, body }).
 *
 * Like morune, it has two keys: shop endpoints (invoices, payment tariffs) want the shop secret
 * as `x-api-key`, account endpoints (balance, payouts, SBP banks) the user secret as
 * `x-api-signature-sha256`. POST bodies are JSON, GET parameters are in the query string.
 * Every answer is `{"data": …, "status": 200, "status_check": true}` or
 * `{"data": null, "error": <string | field errors>, "status": <code>, "status_check": false}`.
 */
const { randomUUID } = require('node:crypto');

/** The sandbox account. Not real secrets: they only open this fake. */
const ACCOUNT = Object.freeze({
	userId: '0a371bbe-56f3-11ee-8c99-0242ac120002',
	secretKey: 'sandbox-morune-secret-d6be996241deef23',
	shopId: '9a4b3c2d-56f3-11ee-8c99-0242ac120002',
	shopSecretKey: 'sandbox-morune-shop-secret-5f2e8a41c07b93',
	shopWebhookSecret: 'sandbox-morune-shop-additional-3c9d71e0',
	userWebhookSecret: 'sandbox-morune-user-additional-7a1e52b4',
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURRENCIES = ['RUB', 'USD', 'EUR', 'UAH'];

/** Payout services: the fee, and what a wallet looks like. */
const PAYOUT_SERVICES = {
	card: { percent: 2.5, fix: 50, wallet: /^\d{16,19}$/ },
	sbp: { percent: 1.5, fix: 0, wallet: /^7\d{10}$/ },
	yoomoney: { percent: 3, fix: 0, wallet: /^41001\d{7,11}$/ },
	tether_trc20: { percent: 1, fix: 150, wallet: /^T[1-9A-HJ-NP-Za-km-z]{33}$/ },
};

/** 'Y-m-d H:i:s' in Moscow time (UTC+3), as morune writes times (and the nodes read them). */
function moruneTime(date = new Date()) {
	return new Date(date.getTime() + 3 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const money = (value) => Math.round(value * 100) / 100;

function initialState() {
	return {
		balance: { balance: 15234.5, active_balance: 14034.5, freeze_balance: 1200 },
		invoices: [
			{
				invoice_id: 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a',
				order_id: 'order-1000',
				shop_id: ACCOUNT.shopId,
				status: 'success',
				invoice_amount: '1500.00',
				credited: '1432.50',
				currency: 'RUB',
				pay_service: 'card',
				payer_details: '553691******1279',
				commission_amount: '67.50',
				commission_percent: '4.50',
				shop_commission_amount: '67.50',
				user_commission_amount: '0.00',
				user_commission_percent: '0.00',
				custom_field: { user: 1 },
				created_at: '2026-11-20 10:15:02',
				expired_at: '2026-11-20 15:15:02',
				paid_at: '2026-11-20 10:17:41',
			},
		],
		payouts: [
			{
				payoff_id: '6b2d3c1e-7f00-4e4a-9d7b-2f5a1c9e8b10',
				status: 'success',
				order_id: 'payout-1000',
				service: 'card',
				wallet: '553691******1279',
				type: 'api',
				subtract: 'amount',
				amount: '1000.00',
				amount_withdraw_rub: '1000.00',
				commission_rub: '75.00',
				receive_currency: 'RUB',
				amount_receive: '925.00',
				comment: null,
				created_at: '2026-11-19 18:02:11',
				paid_at: '2026-11-19 18:05:40',
				error_message: null,
			},
		],
		tariffs: [
			{ percent: 4.5, fix: 0, minSum: 100, maxSum: 300000, shopPercent: 4.5, userPercent: 0, service: 'card', serviceLabel: 'Банковская карта', currency: 'RUB', status: 'enabled' },
			{ percent: 3, fix: 0, minSum: 10, maxSum: 500000, shopPercent: 1.5, userPercent: 1.5, service: 'sbp', serviceLabel: 'СБП', currency: 'RUB', status: 'enabled' },
			{ percent: '6.00', fix: '5.00', minSum: '50.00', maxSum: '15000.00', shopPercent: '6.00', userPercent: '0.00', service: 'qiwi', serviceLabel: 'QIWI', currency: 'RUB', status: 'disabled' },
			{ percent: 2, fix: 0, minSum: 1000, maxSum: null, shopPercent: 2, userPercent: 0, service: 'tether_trc20', serviceLabel: 'USDT (TRC-20)', currency: 'RUB', status: 'enabled' },
		],
		sbpBanks: [
			{ id: '100000000111', name: 'Сбербанк' },
			{ id: '100000000004', name: 'Т-Банк' },
			{ id: '100000000008', name: 'Альфа-Банк' },
			{ id: '100000000005', name: 'ВТБ' },
		],
	};
}

function serves(path) {
	return /^\/(account|invoice|payoff|shops)\//.test(path);
}

const ok = (data) => ({ status: 200, body: { data, status: 200, status_check: true } });
const error = (status, message) => ({
	status,
	body: { data: null, error: message, status, status_check: false },
});
const UNAUTHORIZED = 'Ошибка авторизации: неверный user_id или секретный ключ';
const SHOP_UNAUTHORIZED = 'Ошибка авторизации: неверный shop_id или секретный ключ кассы';

const isBlank = (value) => value === undefined || value === null || value === '';
const isNumeric = (value) =>
	(typeof value === 'number' && Number.isFinite(value)) ||
	(typeof value === 'string' && /^\d+(\.\d+)?$/.test(value));
const isUrl = (value) => {
	try {
		return ['http:', 'https:'].includes(new URL(value).protocol);
	} catch {
		return false;
	}
};

/** Laravel-style field errors: { field: [message, …] }, or undefined when there are none. */
function fieldErrors(checks) {
	const errors = {};
	for (const [field, message] of checks) {
		if (message) (errors[field] ??= []).push(message);
	}
	return Object.keys(errors).length ? errors : undefined;
}

const requiredText = (value, field, max) => {
	if (isBlank(value)) return `Поле ${field} обязательно для заполнения.`;
	if (typeof value !== 'string') return `Поле ${field} должно быть строкой.`;
	if (value.length > max) return `Количество символов в поле ${field} не может превышать ${max}.`;
	return undefined;
};
const optionalText = (value, field, max) => (isBlank(value) ? undefined : requiredText(value, field, max));
const optionalUrl = (value, field, max) =>
	isBlank(value) ? undefined : (optionalText(value, field, max) ?? (isUrl(value) ? undefined : `Поле ${field} имеет ошибочный формат.`));
const positiveAmount = (value) => {
	if (isBlank(value)) return 'Поле amount обязательно для заполнения.';
	if (!isNumeric(value)) return 'Поле amount должно быть числом.';
	return Number(value) > 0 ? undefined : 'Значение поля amount должно быть больше 0.';
};

/** The ID a request names, or the error answer for a malformed one. */
function checkUuid(value, field) {
	if (isBlank(value)) return error(422, `Поле ${field} обязательно для заполнения.`);
	if (!UUID.test(value)) return error(422, `Поле ${field} должно быть в формате UUID.`);
	return undefined;
}

function authorizeShop(request, shopId) {
	return (
		checkUuid(shopId, 'shop id') ??
		(shopId === ACCOUNT.shopId && request.headers['x-api-key'] === ACCOUNT.shopSecretKey
			? undefined
			: error(401, SHOP_UNAUTHORIZED))
	);
}

function authorizeUser(request, userId) {
	return (
		checkUuid(userId, 'user id') ??
		(userId === ACCOUNT.userId && request.headers['x-api-signature-sha256'] === ACCOUNT.secretKey
			? undefined
			: error(401, UNAUTHORIZED))
	);
}

function getBalance(request, state, [userId]) {
	return authorizeUser(request, userId) ?? ok({ ...state.balance });
}

function createInvoice(request, state, _, body) {
	const denied = authorizeShop(request, body.shop_id);
	if (denied) return denied;
	const currency = body.currency ?? 'RUB';
	const invalid = fieldErrors([
		['amount', positiveAmount(body.amount)],
		['order_id', requiredText(body.order_id, 'order id', 255)],
		['currency', CURRENCIES.includes(currency) ? undefined : 'Выбранное значение для currency некорректно.'],
		['hook_url', optionalUrl(body.hook_url, 'hook url', 500)],
		['custom_fields', optionalText(body.custom_fields, 'custom fields', 500)],
		['comment', optionalText(body.comment, 'comment', 255)],
		['success_url', optionalUrl(body.success_url, 'success url', 255)],
		['fail_url', optionalUrl(body.fail_url, 'fail url', 255)],
		['expire', isBlank(body.expire) || (Number.isInteger(body.expire) && body.expire > 0) ? undefined : 'Поле expire должно быть целым числом.'],
		['include_service', isBlank(body.include_service) || Array.isArray(body.include_service) ? undefined : 'Поле include service должно быть массивом.'],
		['exclude_service', isBlank(body.exclude_service) || Array.isArray(body.exclude_service) ? undefined : 'Поле exclude service должно быть массивом.'],
	]);
	if (invalid) return error(422, invalid);
	if (state.invoices.some((invoice) => invoice.order_id === body.order_id)) {
		return error(422, 'Номер заказа должен быть уникальным');
	}
	const now = new Date();
	const expires = new Date(now.getTime() + (body.expire ?? 300) * 60_000);
	const invoiceId = randomUUID();
	const amount = Number(body.amount);
	// Where its notification goes (test mode): the invoice's hook_url, else the shop's.
	if (!isBlank(body.hook_url)) (state.hooks ??= {})[invoiceId] = body.hook_url;
	state.invoices.push({
		invoice_id: invoiceId,
		order_id: body.order_id,
		shop_id: ACCOUNT.shopId,
		status: 'created',
		invoice_amount: amount.toFixed(2),
		credited: null,
		currency,
		pay_service: null,
		payer_details: null,
		commission_amount: '0.00',
		commission_percent: '0.00',
		shop_commission_amount: '0.00',
		user_commission_amount: '0.00',
		user_commission_percent: '0.00',
		custom_field: body.custom_fields ?? null,
		created_at: moruneTime(now),
		expired_at: moruneTime(expires),
		paid_at: null,
	});
	return ok({
		id: invoiceId,
		amount,
		currency,
		// In test mode (sandbox/test-mode.js) the URL opens the sandbox's checkout page.
		url: `${state.checkoutBase ?? 'https://pay.morune.com/pay'}/${invoiceId}`,
		expired: moruneTime(expires),
	});
}

/** `id` (or `invoice_id`) or `order_id` must be given; the named entry, or the error answer. */
function findBy(query, list, { idField, idParam, notFound }) {
	if (isBlank(query[idParam]) && isBlank(query.order_id)) {
		return { answer: error(422, { [idParam]: [`Поле ${idParam.replace('_', ' ')} обязательно, когда order id не указано.`] }) };
	}
	const found = list.find((entry) =>
		isBlank(query[idParam]) ? entry.order_id === query.order_id : entry[idField] === query[idParam],
	);
	return found ? { found } : { answer: error(404, notFound) };
}

function getInvoice(request, state, _, query) {
	const denied = authorizeShop(request, query.shop_id);
	if (denied) return denied;
	const { found, answer } = findBy(query, state.invoices, {
		idField: 'invoice_id',
		idParam: 'invoice_id',
		notFound: 'Инвойс не найден',
	});
	return answer ?? ok({ ...visible(state, found.invoice_id, found) });
}

/**
 * Tariffs in the shapes public clients show (test mode's "shapes of public clients"): keys in
 * snake_case, as two independent clients read them; no lower limit (`minSum` null); a status
 * other than enabled/disabled.
 */
const PUBLIC_CLIENT_TARIFFS = [
	{ percent: '3.50', fix: '0.00', min_sum: '100.00', max_sum: '75000.00', shop_percent: '3.50', user_percent: '0.00', service: 'yoomoney', service_label: 'ЮMoney', currency: 'RUB', status: 'enabled' },
	{ percent: 2.5, fix: 0, minSum: null, maxSum: 100000, shopPercent: 2.5, userPercent: 0, service: 'sberpay', serviceLabel: 'SberPay', currency: 'RUB', status: 'moderation' },
];

function getTariffs(request, state, [shopId]) {
	const tariffs = state.publicShapes ? [...state.tariffs, ...PUBLIC_CLIENT_TARIFFS] : state.tariffs;
	return authorizeShop(request, shopId) ?? ok({ tariffs: tariffs.map((tariff) => ({ ...tariff })) });
}

/**
 * What a lookup shows of a record: while a "lagging record" fault holds it (test mode), the
 * record as it was before its last change.
 */
function visible(state, key, record) {
	const lag = state.lagging?.[key];
	return lag && lag.until > Date.now() ? lag.record : record;
}

function createPayout(request, state, _, body) {
	const denied = authorizeUser(request, body.user_id);
	if (denied) return denied;
	const service = PAYOUT_SERVICES[body.service];
	const bank = body.payoff_data?.sbp_bank_type;
	const invalid = fieldErrors([
		['service', isBlank(body.service) ? 'Поле service обязательно для заполнения.' : service ? undefined : 'Выбранное значение для service некорректно.'],
		['wallet_to', requiredText(body.wallet_to, 'wallet to', 255)],
		['amount', positiveAmount(body.amount)],
		['order_id', optionalText(body.order_id, 'order id', 255)],
		['comment', optionalText(body.comment, 'comment', 255)],
		['hook_url', optionalUrl(body.hook_url, 'hook url', 500)],
		['subtract', isBlank(body.subtract) || [1, 2].includes(body.subtract) ? undefined : 'Выбранное значение для subtract некорректно.'],
		[
			'payoff_data.sbp_bank_type',
			body.service !== 'sbp' || state.sbpBanks.some(({ id }) => id === bank) ? undefined : 'Выбранное значение для payoff data.sbp bank type некорректно.',
		],
	]);
	if (invalid) return error(422, invalid);
	if (!service.wallet.test(body.wallet_to)) return error(422, 'Недействительный кошелёк.');
	if (!isBlank(body.order_id) && state.payouts.some((payout) => payout.order_id === body.order_id)) {
		return error(422, 'Номер заказа должен быть уникальным');
	}
	const amount = Number(body.amount);
	const commission = money((amount * service.percent) / 100 + service.fix);
	const feeFromBalance = body.subtract === 1;
	const withdrawn = feeFromBalance ? money(amount + commission) : amount;
	if (withdrawn > state.balance.active_balance) return error(422, 'Недостаточно средств на балансе');
	state.balance.active_balance = money(state.balance.active_balance - withdrawn);
	state.balance.balance = money(state.balance.balance - withdrawn);
	const payoffId = randomUUID();
	if (!isBlank(body.hook_url)) (state.hooks ??= {})[payoffId] = body.hook_url;
	state.payouts.push({
		payoff_id: payoffId,
		status: 'wait',
		order_id: body.order_id ?? null,
		service: body.service,
		wallet: body.wallet_to,
		type: 'api',
		subtract: feeFromBalance ? 'balance' : 'amount',
		amount: amount.toFixed(2),
		amount_withdraw_rub: withdrawn.toFixed(2),
		commission_rub: commission.toFixed(2),
		receive_currency: 'RUB',
		amount_receive: (feeFromBalance ? amount : money(amount - commission)).toFixed(2),
		comment: body.comment ?? null,
		created_at: moruneTime(new Date()),
		paid_at: null,
		error_message: null,
	});
	return ok({ payoff_id: payoffId, amount_withdraw_rub: withdrawn, balance: state.balance.active_balance });
}

function getPayout(request, state, _, query) {
	const denied = authorizeUser(request, query.user_id);
	if (denied) return denied;
	const { found, answer } = findBy(query, state.payouts, {
		idField: 'payoff_id',
		idParam: 'id',
		notFound: 'Вывод не найден',
	});
	return answer ?? ok({ ...visible(state, found.payoff_id, found) });
}

function getSbpBanks(request, state, _, query) {
	return authorizeUser(request, query.user_id) ?? ok({ banks: state.sbpBanks.map((bank) => ({ ...bank })) });
}

const ROUTES = [
	['GET', /^\/account\/users\/([^/]*)\/balance$/, getBalance],
	['POST', /^\/invoice\/create$/, createInvoice],
	['GET', /^\/invoice\/info$/, getInvoice],
	['GET', /^\/shops\/([^/]*)\/payment-tariffs$/, getTariffs],
	['POST', /^\/payoff\/create$/, createPayout],
	['GET', /^\/payoff\/info$/, getPayout],
	['GET', /^\/payoff\/get-sbp-bank-list$/, getSbpBanks],
];

/** A POST's JSON body, or the error answer for one that is not JSON. */
function readJson(request) {
	if (!String(request.headers['content-type'] ?? '').includes('application/json')) {
		return { answer: error(415, 'Тело запроса должно быть в формате JSON (Content-Type: application/json)') };
	}
	try {
		const body = JSON.parse(request.body || '{}');
		if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { body };
	} catch {
		// answered below
	}
	return { answer: error(400, 'Некорректный JSON в теле запроса') };
}

function route(request, state) {
	for (const [method, pattern, handle] of ROUTES) {
		const match = pattern.exec(request.path);
		if (!match) continue;
		if (request.method !== method) return error(405, 'Метод не поддерживается');
		const pathParams = match.slice(1).map(decodeURIComponent);
		if (method === 'GET') return handle(request, state, pathParams, request.query ?? {});
		const { body, answer } = readJson(request);
		return answer ?? handle(request, state, pathParams, body);
	}
	return error(404, 'Страница не найдена');
}

module.exports = { ACCOUNT, initialState, moruneTime, serves, route };
