'use strict';
/**
 * Notifications as aaio and morune send them, signed with the sandbox accounts' secrets
 * (sandbox/aaio.js, sandbox/morune.js: not real secrets), and forged ones, for the notification
 * triggers in the real n8n (scripts/e2e.js).
 *
 *  - aaio: a form-urlencoded POST whose `sign` field is SHA-256 of
 *    `merchant_id:amount:currency:<secretKey2>:order_id` (payments) or
 *    `id:<payoutSecret>:amount_down` (payouts).
 *  - morune: a JSON POST with the header `x-api-sha256-signature`, the HMAC-SHA256 (hex) of the
 *    body with its top-level keys sorted, serialized compactly, keyed by `shopWebhookSecret`
 *    (payments: morune's invoices) or `userWebhookSecret` (payouts).
 *
 * Each builder returns { contentType, body (the text sent), headers, fields (what was sent, as
 * an object), expected (the trigger's item besides provider and event: the keys of its entity's
 * schema, nodes/shared/schemas.ts, what only the provider has under `aaio` / `morune`,
 * verification and raw) }. Confirm With Provider is on: the API's values are the sandbox's.
 */
const { SANDBOX } = require('../sandbox/fake-api');
const { aaioPayoutSign, aaioSign, moruneSign } = require('../sandbox/signatures');

function aaioForm(fields) {
	return {
		contentType: 'application/x-www-form-urlencoded',
		body: new URLSearchParams(fields).toString(),
		headers: {},
		fields,
	};
}

/**
 * A paid order, as aaio notifies it: the sandbox's order crm-1001 (sandbox/aaio.js), so that
 * Confirm With Provider (on by default) finds it. `ids` names another order (invoice_id,
 * order_id) before signing; `tamper` changes fields after signing.
 */
function aaioPayment({ ids = {}, tamper = {} } = {}) {
	const fields = {
		status: 'success',
		merchant_id: SANDBOX.aaio.merchantId,
		invoice_id: '2a6ad5c4-9b1c-4e3e-8f53-0c1e1b7f2d11',
		order_id: 'crm-1001',
		...ids,
		amount: '1500.00',
		currency: 'RUB',
		profit: '1447.50',
		commission: '52.50',
		commission_client: '0',
		commission_type: '100:0',
		method: 'cards_ru',
	};
	const sign = aaioSign(fields, SANDBOX.aaio.secretKey2);
	const sent = { ...fields, sign, ...tamper };
	return {
		...aaioForm(sent),
		expected: {
			id: sent.invoice_id,
			orderId: sent.order_id,
			status: 'paid',
			providerStatus: 'success',
			amount: 1500,
			currency: 'RUB',
			paymentUrl: null,
			method: 'cards_ru',
			createdAt: null,
			expiresAt: null,
			paidAt: null,
			commission: 52.5,
			credited: 1447.5,
			aaio: { description: null, email: null, commissionClient: 0, commissionType: '100:0', merchantId: SANDBOX.aaio.merchantId },
			verification: {
				signed: ['merchant_id', 'amount', 'currency', 'order_id'],
				confirmedWithProvider: ['status', 'amount', 'currency', 'invoice_id', 'profit', 'commission', 'commission_client', 'commission_type', 'method'],
				unverified: [],
			},
			raw: { amount: '1500.00', profit: '1447.50', commission: '52.50', commission_client: '0' },
		},
	};
}

/**
 * A completed payout, as aaio notifies it: the sandbox's payout 48ebfc18-… (my_id payout-0001).
 * `secret` signs it (the payout secret by default).
 */
function aaioPayout({ secret = SANDBOX.aaio.payoutSecret } = {}) {
	const fields = {
		id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
		my_id: 'payout-0001',
		method: 'cards_ru',
		wallet: '2200700012345678',
		amount: '1000',
		amount_in_currency: '1000',
		amount_currency: 'RUB',
		amount_rate: '1',
		amount_down: '1000',
		commission: '75',
		commission_type: '0',
		status: 'success',
	};
	const sent = { ...fields, sign: aaioPayoutSign(fields, secret) };
	return {
		...aaioForm(sent),
		expected: {
			id: '48ebfc18-e6c7-11ed-a05b-0242ac120003',
			orderId: 'payout-0001',
			status: 'paid',
			providerStatus: 'success',
			amount: 1000,
			amountDebited: 1000,
			commission: 75,
			method: 'cards_ru',
			wallet: '2200700012345678',
			currency: 'RUB',
			createdAt: null,
			completedAt: null,
			cancelReason: null,
			aaio: { commissionType: 0, amountInCurrency: 1000, amountCurrency: 'RUB', amountRate: 1 },
			verification: {
				signed: ['id', 'amount_down'],
				confirmedWithProvider: ['status', 'amount', 'amount_down', 'my_id', 'method', 'wallet', 'commission'],
				unverified: ['amount_in_currency', 'amount_currency', 'amount_rate', 'commission_type'],
			},
			raw: { amount: '1000', amount_in_currency: '1000', amount_rate: '1', amount_down: '1000', commission: '75', commission_type: '0' },
		},
	};
}

function moruneJson(payload, signature) {
	return {
		contentType: 'application/json',
		// Sent in the order written here (not sorted): the trigger must sort to verify.
		body: JSON.stringify(payload),
		headers: { 'x-api-sha256-signature': signature },
		fields: payload,
	};
}

/**
 * A paid invoice, as morune notifies it: the sandbox's invoice a3e9ff6f-… (sandbox/morune.js).
 * `ids` names another invoice (invoice_id, order_id) before signing; `tamper` changes fields
 * after signing.
 */
function moruneInvoice({ ids = {}, tamper = {} } = {}) {
	const payload = {
		invoice_id: 'a3e9ff6f-c5c1-3bcd-854e-4bc995b1ae7a',
		order_id: 'order-1000',
		...ids,
		status: 'success',
		amount: '1500.00',
		credited: '1432.50',
		currency: 'RUB',
		custom_fields: { user: 1 },
		type: 1,
		pay_time: '2023-04-06 16:27:59',
		pay_service: 'card',
		payer_details: '553691******1279',
		code: 1,
	};
	const signature = moruneSign(payload, SANDBOX.morune.shopWebhookSecret);
	const sent = { ...payload, ...tamper };
	return {
		...moruneJson(sent, signature),
		expected: {
			id: sent.invoice_id,
			orderId: sent.order_id,
			status: 'paid',
			providerStatus: 'success',
			amount: Number(sent.amount),
			currency: 'RUB',
			paymentUrl: null,
			method: 'card',
			createdAt: null,
			expiresAt: null,
			// 16:27:59 Moscow time.
			paidAt: '2023-04-06T13:27:59.000Z',
			commission: null,
			credited: 1432.5,
			morune: { payerDetails: '553691******1279', customFields: { user: 1 }, type: 1, code: 1, refundAmount: null, refundReason: null, refundTime: null, rejectTime: null },
			verification: { signed: Object.keys(sent), confirmedWithProvider: ['status', 'amount'], unverified: [] },
			raw: { amount: sent.amount, credited: sent.credited },
		},
	};
}

/**
 * A completed payout, as morune notifies it: the sandbox's payout 6b2d3c1e-…. `key` signs it
 * (the user additional key by default).
 */
function morunePayout({ key = SANDBOX.morune.userWebhookSecret } = {}) {
	const payload = {
		payoff_id: '6b2d3c1e-7f00-4e4a-9d7b-2f5a1c9e8b10',
		order_id: 'payout-1000',
		status: 'success',
		amount: '1000.00',
		commission: '75.00',
		wallet: '553691******1279',
		service: 'card',
	};
	return {
		...moruneJson(payload, moruneSign(payload, key)),
		expected: {
			id: '6b2d3c1e-7f00-4e4a-9d7b-2f5a1c9e8b10',
			orderId: 'payout-1000',
			status: 'paid',
			providerStatus: 'success',
			amount: 1000,
			amountDebited: null,
			commission: 75,
			method: 'card',
			wallet: '553691******1279',
			currency: 'RUB',
			createdAt: null,
			completedAt: null,
			cancelReason: null,
			morune: {},
			verification: { signed: Object.keys(payload), confirmedWithProvider: ['status', 'amount'], unverified: [] },
			raw: { amount: '1000.00', commission: '75.00' },
		},
	};
}

/**
 * For each working trigger (e2e/fixtures.js TRIGGERS): a genuine notification, and a forged
 * one with how it was forged.
 */
const NOTIFICATIONS = {
	aaioPayment: {
		genuine: () => aaioPayment(),
		forged: () => ({ how: 'the amount changed after signing', ...aaioPayment({ tamper: { amount: '10000.00' } }) }),
	},
	aaioPayout: {
		genuine: () => aaioPayout(),
		forged: () => ({ how: 'signed with a guessed payout secret', ...aaioPayout({ secret: 'guessed-payout-secret' }) }),
	},
	moruneInvoice: {
		genuine: () => moruneInvoice(),
		forged: () => ({ how: 'the amount changed after signing', ...moruneInvoice({ tamper: { amount: '15000.00' } }) }),
	},
	morunePayout: {
		genuine: () => morunePayout(),
		// The shop's key instead of the user's: genuine-looking, but the wrong key for payouts.
		forged: () => ({ how: 'signed with the shop key instead of the user key', ...morunePayout({ key: SANDBOX.morune.shopWebhookSecret }) }),
	},
};

module.exports = { NOTIFICATIONS, aaioPayment, aaioPayout, moruneInvoice, morunePayout };
