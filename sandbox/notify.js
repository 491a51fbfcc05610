'use strict';
/**
 * The notifications the sandbox sends, in each provider's format, fields, headers and signature
 * (see /work/shared/api-reference.md §1.4, §1.5, §2.4 and the public SDKs it cites):
 *
 *  - aaio posts a form (application/x-www-form-urlencoded). A payment notification's `sign` is
 *    SHA-256 of `merchant_id:amount:currency:<secret key 2>:order_id`; a payout notification's
 *    SHA-256 of `id:<payout notification secret>:amount_down`, over the texts exactly as sent.
 *  - morune posts JSON with the header `x-api-sha256-signature`: HMAC-SHA256 (hex) of the body
 *    with its top-level keys sorted, serialized compactly, slashes and non-ASCII unescaped
 *    (morune's docs), keyed by the shop additional key (payments) or the user additional key
 *    (payouts). The body itself is sent in morune's own field order, not sorted.
 *
 * Each builder returns { contentType, headers, body (the text sent) }. `tamper` builds the same
 * notification with its amount changed after signing: what a forger would send.
 */

const { aaioPayoutSign, aaioSign, moruneSign } = require('./signatures');

/** An amount as the providers write it in notifications: two decimals. */
const money = (value) => Number(value).toFixed(2);

function form(fields) {
	return {
		contentType: 'application/x-www-form-urlencoded',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString(),
	};
}

/** aaio's payment notification for a paid order (status success or hold). */
function aaioPayment(order, account) {
	const fields = {
		status: order.status,
		merchant_id: order.merchant_id,
		invoice_id: order.id,
		order_id: order.order_id,
		amount: money(order.amount),
		currency: order.currency,
		profit: money(order.profit ?? 0),
		commission: money(order.commission ?? 0),
		commission_client: money(order.commission_client ?? 0),
		commission_type: order.commission_type,
		method: order.method ?? '',
	};
	if (order.desc) fields.desc = order.desc;
	if (order.email) fields.email = order.email;
	if (order.us_vars?.length) fields.us_key = String(order.us_vars[0]);
	const sign = aaioSign(fields, account.secretKey2);
	return { fields: { ...fields, sign }, ...form({ ...fields, sign }) };
}

/** aaio's payout notification (status success or cancel). `bankName` for SBP payouts. */
function aaioPayout(payoff, account, { bankName } = {}) {
	const fields = {
		id: payoff.id,
		my_id: payoff.my_id ?? '',
		method: payoff.method,
		...(payoff.method === 'sbp' && bankName ? { bank: bankName } : {}),
		wallet: payoff.wallet,
		amount: String(payoff.amount),
		amount_in_currency: String(payoff.amount_in_currency ?? payoff.amount),
		amount_currency: payoff.amount_currency ?? 'RUB',
		...(payoff.amount_rate === undefined ? {} : { amount_rate: String(payoff.amount_rate) }),
		amount_down: String(payoff.amount_down),
		commission: String(payoff.commission),
		commission_type: String(payoff.commission_type),
		status: payoff.status,
	};
	const sign = aaioPayoutSign(fields, account.payoutSecret);
	return { fields: { ...fields, sign }, ...form({ ...fields, sign }) };
}

function json(payload, key) {
	return {
		fields: payload,
		contentType: 'application/json',
		headers: { 'content-type': 'application/json', 'x-api-sha256-signature': moruneSign(payload, key) },
		body: JSON.stringify(payload),
	};
}

/**
 * morune's `type` and `code` per status. morune's docs give no table: type 1 and code 1 are in
 * its example of a paid invoice; one public client (see api-reference §2.4, X-nest) maps fail to
 * code 31/32 and refund to code 20. The sandbox uses 2 as the type of a refund.
 */
const MORUNE_CODES = { success: { type: 1, code: 1 }, fail: { type: 1, code: 31 }, expired: { type: 1, code: 32 }, refund: { type: 2, code: 20 } };

/** The custom fields as morune echoes them: the JSON object given at creation, else the text. */
function customFields(value) {
	if (typeof value !== 'string') return value ?? null;
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}

/**
 * morune's payment (invoice) notification: success, fail, expired or refund. The invoice record
 * gives the payment; `extra` what the lookup does not show: rejectTime (fail, expired), and
 * refundAmount, refundReason, refundTime (refund). Times as morune writes them: Moscow time,
 * "Y-m-d H:i:s".
 */
function moruneInvoice(invoice, account, extra = {}) {
	const { type, code } = MORUNE_CODES[invoice.status];
	const payload = {
		invoice_id: invoice.invoice_id,
		order_id: invoice.order_id,
		status: invoice.status,
		amount: invoice.invoice_amount,
		credited: invoice.credited ?? '0.00',
		currency: invoice.currency,
		custom_fields: customFields(invoice.custom_field),
		type,
	};
	if (invoice.paid_at) payload.pay_time = invoice.paid_at;
	if (invoice.pay_service) payload.pay_service = invoice.pay_service;
	if (invoice.payer_details) payload.payer_details = invoice.payer_details;
	payload.code = code;
	if (invoice.status === 'fail' || invoice.status === 'expired') payload.reject_time = extra.rejectTime;
	if (invoice.status === 'refund') {
		payload.refund_amount = extra.refundAmount;
		payload.refund_reason = extra.refundReason ?? '';
		payload.refund_time = extra.refundTime;
	}
	return json(payload, account.shopWebhookSecret);
}

/** morune's payout notification: success or fail (with the reason). */
function morunePayout(payout, account) {
	const payload = {
		payoff_id: payout.payoff_id,
		order_id: payout.order_id,
		status: payout.status,
		amount: payout.amount,
		commission: payout.commission_rub,
		wallet: payout.wallet,
		service: payout.service,
	};
	if (payout.status === 'fail') payload.error_message = payout.error_message;
	return json(payload, account.userWebhookSecret);
}

/**
 * The same notification with its amount changed after signing (the signature kept): a forgery
 * the trigger must refuse with 403.
 */
function tamper(delivery) {
	if (delivery.contentType === 'application/json') {
		const payload = JSON.parse(delivery.body);
		payload.amount = money(Number(payload.amount) * 10);
		return { ...delivery, body: JSON.stringify(payload) };
	}
	const fields = new URLSearchParams(delivery.body);
	const name = fields.has('amount_down') ? 'amount_down' : 'amount';
	fields.set(name, money(Number(fields.get(name)) * 10));
	return { ...delivery, body: fields.toString() };
}

module.exports = { aaioPayment, aaioPayout, moruneInvoice, morunePayout, tamper, MORUNE_CODES };
