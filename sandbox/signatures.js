'use strict';
/**
 * The providers' signatures, written once for the sandbox (which signs as the providers do), the
 * tests, the end-to-end tests and the benchmark. The nodes check them with their own code
 * (nodes/shared/signatures.ts); test/sandbox/loop.test.js keeps an independent copy of each
 * formula on purpose, to check the sandbox against the providers' documents.
 *
 *  - aaio, an order (payment URL, signed with Secret Key 1) and a payment notification (Secret Key
 *    2): SHA-256 (hex) of `merchant_id:amount:currency:<secret>:order_id`.
 *  - aaio, a payout notification: SHA-256 (hex) of `id:<payout secret>:amount_down`.
 *  - morune, every notification: HMAC-SHA256 (hex) of the body with its top-level keys sorted,
 *    serialized compactly, keyed by the shop's or the user's webhook secret.
 */
const crypto = require('node:crypto');

const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** aaio's order and payment notification signature. */
function aaioSign({ merchant_id, amount, currency, order_id }, secret) {
	return sha256([merchant_id, amount, currency, secret, order_id].join(':'));
}

/** aaio's payout notification signature. */
function aaioPayoutSign({ id, amount_down }, secret) {
	return sha256([id, secret, amount_down].join(':'));
}

/** morune's notification signature. */
function moruneSign(payload, key) {
	const sorted = Object.fromEntries(Object.keys(payload).sort().map((name) => [name, payload[name]]));
	return crypto.createHmac('sha256', key).update(JSON.stringify(sorted), 'utf8').digest('hex');
}

module.exports = { aaioSign, aaioPayoutSign, moruneSign };
