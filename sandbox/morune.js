'use strict';
/**
 * The fake morune API (api.morune.com, the same as api.enot.io): what `sandbox/fake-api.js`
 * answers on morune's paths. `route(request, state)` gets { method, path, query, headers, body
 * (raw string) } and this provider's part of the sandbox state, and returns a response spec
 * ({ status, headers, body }).
 */

/** The sandbox account. Not real secrets: they only open this fake. */
const ACCOUNT = Object.freeze({
	userId: '0a371bbe-56f3-11ee-8c99-0242ac120002',
	secretKey: 'sandbox-morune-secret-d6be996241deef23',
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function initialState() {
	return { balance: { balance: 15234.5, active_balance: 14034.5, freeze_balance: 1200 } };
}

function serves(path) {
	return /^\/(account|invoice|payoff|shops)\//.test(path);
}

const error = (status, message) => ({
	status,
	body: { data: null, error: message, status, status_check: false },
});

function route(request, state) {
	const balance = /^\/account\/users\/([^/]*)\/balance$/.exec(request.path);
	if (!balance) return error(404, 'Страница не найдена');
	if (request.method !== 'GET') return error(405, 'Метод не поддерживается');
	const userId = decodeURIComponent(balance[1]);
	if (!UUID.test(userId)) return error(422, 'Поле user id должно быть в формате UUID.');
	const secret = request.headers['x-api-signature-sha256'];
	if (userId !== ACCOUNT.userId || secret !== ACCOUNT.secretKey) {
		return error(401, 'Ошибка авторизации: неверный user_id или секретный ключ');
	}
	return { status: 200, body: { data: { ...state.balance }, status: 200, status_check: true } };
}

module.exports = { ACCOUNT, initialState, serves, route };
