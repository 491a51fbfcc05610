'use strict';
/**
 * Notifications of the four kinds, signed as aaio and morune sign them with the sandbox
 * account's secrets (sandbox/aaio.js, sandbox/morune.js), the matching records to put into the
 * fake API's state for "Confirm With Provider", and a receiver per kind (n8n-engine's
 * createNotificationReceiver) whose credential points at the fake API. Each kind's `event` is
 * the trigger's Event value: 'payment' or 'payout', the same in both triggers.
 */
const crypto = require('node:crypto');
const { SANDBOX } = require('../../sandbox/fake-api');
const { createNotificationReceiver } = require('./n8n-engine');

const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key, text) => crypto.createHmac('sha256', key).update(text, 'utf8').digest('hex');

function moruneSign(payload, key) {
	const sorted = Object.fromEntries(Object.keys(payload).sort().map((name) => [name, payload[name]]));
	return hmac(key, JSON.stringify(sorted));
}

/** { contentType, body, headers, fields } for a POST. `tamper` changes fields after signing. */
const KINDS = {
	aaioPayment: {
		type: 'aaioTrigger',
		event: 'payment',
		build({ n = 1, status = 'success', amount = '100.18', tamper = {} } = {}) {
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
			fields.sign = sha256([fields.merchant_id, fields.amount, fields.currency, SANDBOX.aaio.secretKey2, fields.order_id].join(':'));
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
		build({ n = 1, status = 'success', tamper = {} } = {}) {
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
			fields.sign = sha256([fields.id, SANDBOX.aaio.payoutSecret, fields.amount_down].join(':'));
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
async function receiverFor(kind, { baseUrl = 'http://127.0.0.1:9', parameters = {}, credentials = {}, proxyHops } = {}) {
	const receiver = await createNotificationReceiver({
		type: KINDS[kind].type,
		parameters: { event: KINDS[kind].event, ...parameters },
		credentials: credentialsFor(kind, baseUrl, credentials),
		proxyHops,
	});
	open.push(receiver);
	return receiver;
}
const closeReceivers = () => Promise.all(open.splice(0).map((receiver) => receiver.close()));

module.exports = { KINDS, SANDBOX, deliver, receiverFor, closeReceivers, moruneSign, sha256 };
