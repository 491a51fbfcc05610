'use strict';
/**
 * The fake aaio API (aaio.so): what `sandbox/fake-api.js` answers on aaio's paths.
 * `route(request, state)` gets { method, path, query, headers, body (raw string) } and this
 * provider's part of the sandbox state, and returns a response spec ({ status, headers, body }).
 */

/** The sandbox account. Not real secrets: they only open this fake. */
const ACCOUNT = Object.freeze({
	apiKey: 'sandbox-aaio-api-key-7f3c2a9e41d8b6c0',
	merchantId: 'f56b279c-d250-11ed-afa1-0242ac120002',
});

function initialState() {
	return { balance: { balance: 1592.03, referral: 346.49, hold: 120.5 } };
}

function serves(path) {
	return path.startsWith('/api/') || path.startsWith('/merchant/');
}

const error = (status, message) => ({ status, body: { type: 'error', code: status, message } });

function route(request, state) {
	if (request.path !== '/api/balance') return error(404, 'Метод не найден');
	if (!['GET', 'POST'].includes(request.method)) return error(405, 'Метод не поддерживается');
	const key = request.headers['x-api-key'];
	if (!key) return error(401, 'Не передан ключ API');
	if (key !== ACCOUNT.apiKey) return error(401, 'Неверный ключ API');
	return { status: 200, body: { type: 'success', ...state.balance } };
}

module.exports = { ACCOUNT, initialState, serves, route };
