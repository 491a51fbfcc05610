import type { IDataObject } from 'n8n-workflow';

import { toAmount } from '../shared/balance';
import { readFromProvider } from '../shared/confirm';
import type { ConfirmNotification, IsGenuine, NotificationEvent } from '../shared/notifications';
import { CONFIRM_TIMEOUT_MS } from '../shared/notifications';
import { verifyMoruneSignature } from '../shared/signatures';
import { PAYMENT_NOTIFICATION, PAYOUT_NOTIFICATION } from './entities';
import { morune } from './provider';

/** The notifications morune sends, and the credential key that signs each. */
export const moruneNotificationEvents: NotificationEvent[] = [
	{
		name: 'Payment',
		value: 'payment',
		description: 'A payment (invoice) paid, failed, expired or refunded, signed with the shop additional key',
		table: PAYMENT_NOTIFICATION,
		secretField: 'shopWebhookSecret',
		secretLabel: 'Shop Additional Key',
		statuses: ['expired', 'fail', 'refund', 'success'],
		numericFields: ['amount', 'credited', 'refund_amount', 'type', 'code'],
		requiredFields: ['invoice_id', 'status', 'amount'],
		// x-api-sha256-signature = HMAC-SHA256 of the whole body (top-level keys sorted).
		signedFields: 'all',
		replayFields: ['invoice_id', 'amount'],
		statusSigned: true,
		confirmNeeds: ['shopId', 'shopSecretKey'],
	},
	{
		name: 'Payout',
		value: 'payout',
		description: 'A payout completed or failed, signed with the user additional key',
		table: PAYOUT_NOTIFICATION,
		secretField: 'userWebhookSecret',
		secretLabel: 'User Additional Key',
		statuses: ['fail', 'success'],
		numericFields: ['amount', 'commission'],
		requiredFields: ['payoff_id', 'status', 'amount'],
		signedFields: 'all',
		replayFields: ['payoff_id', 'amount'],
		statusSigned: true,
		confirmNeeds: ['userId', 'secretKey'],
	},
];

/** Genuine when x-api-sha256-signature is the HMAC of the body as morune serialized it. */
export const isGenuineMoruneNotification: IsGenuine = (_event, { rawBody, signature }, key) =>
	verifyMoruneSignature(rawBody, signature, key);

const sameAmount = (a: unknown, b: unknown) => {
	const x = toAmount(a);
	const y = toAmount(b);
	return x !== undefined && y !== undefined && Math.abs(x - y) < 0.005;
};

/** The HTTP status of a failed read, however the transport reports it. */
function httpCodeOf(error: unknown): string | undefined {
	const candidate = error as { httpCode?: unknown; errorResponse?: { httpCode?: unknown } };
	const code = candidate.httpCode ?? candidate.errorResponse?.httpCode;
	return code === undefined || code === null ? undefined : String(code);
}

/**
 * Confirm With Provider for morune: Invoice → Get (GET /invoice/info by invoice_id) or
 * Payout → Get (GET /payoff/info by payoff_id). morune signs the whole body, so the API is
 * asked whether the notification is still true: another status or amount, or morune's 404
 * ("not found"), contradicts it. Any other failure (network, timeout, 5xx, 401/403/422: a key
 * or ID in the credential that does not fit) is "unavailable": answered 503.
 */
export const confirmMoruneNotification: ConfirmNotification = async (context, event, payload, credentials) => {
	const invoice = event.value === 'payment';
	let answer: IDataObject;
	try {
		answer = await readFromProvider(
			context,
			morune,
			(credentials) =>
				invoice
					? {
							method: 'GET',
							url: '/invoice/info',
							qs: { shop_id: String(credentials.shopId ?? '').trim(), invoice_id: String(payload.invoice_id) },
						}
					: {
							method: 'GET',
							url: '/payoff/info',
							qs: { user_id: String(credentials.userId ?? '').trim(), id: String(payload.payoff_id) },
						},
			{ timeoutMs: CONFIRM_TIMEOUT_MS, credentials },
		);
	} catch (error) {
		if (httpCodeOf(error) === '404') {
			return { outcome: 'contradicted', reason: `morune's API does not know this ${invoice ? 'invoice' : 'payout'} (HTTP 404)` };
		}
		return { outcome: 'unavailable', reason: (error as Error).message };
	}
	const data = (answer.data ?? {}) as IDataObject;
	const status = String(data.status ?? '');
	const amount = invoice ? data.invoice_amount : data.amount;
	if (status !== String(payload.status)) {
		return {
			outcome: 'contradicted',
			reason: `morune's API says the status is "${status}", the notification says "${String(payload.status)}"`,
		};
	}
	if (!sameAmount(amount, payload.amount)) {
		return { outcome: 'contradicted', reason: `morune's API says the amount is ${String(amount)}` };
	}
	return { outcome: 'confirmed', fields: { status, amount: toAmount(amount) ?? amount } };
};
