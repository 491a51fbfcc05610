import type { IDataObject } from 'n8n-workflow';

import { toAmount } from '../shared/money';
import type { ConfirmNotification, IsGenuine, NotificationEvent } from '../shared/notificationTypes';
import { CONFIRM_TIMEOUT_MS, httpCodeOf, judgeRecord, unreadable } from '../shared/notificationConfirm';
import { verifyMoruneSignature } from '../shared/signatures';
import { callProvider } from '../shared/transport';
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
		// /invoice/info: created, then success, fail or expired. Its docs do not list refund, which
		// follows success: while a refund is notified and the API still says success, that is read
		// as lag (503, sent again), not as a contradiction that would drop the refund for good.
		apiStatuses: {
			known: ['created', 'success', 'fail', 'expired', 'refund'],
			before: { success: ['created'], fail: ['created'], expired: ['created'], refund: ['success'] },
		},
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
		// /payoff/info: wait, then success or fail, both final.
		apiStatuses: {
			known: ['wait', 'success', 'fail'],
			before: { success: ['wait'], fail: ['wait'] },
		},
	},
];

/** Genuine when x-api-sha256-signature is the HMAC of the body as morune serialized it. */
export const isGenuineMoruneNotification: IsGenuine = (_event, { rawBody, signature }, key) =>
	verifyMoruneSignature(rawBody, signature, key);

/**
 * Confirm With Provider for morune: Invoice → Get (GET /invoice/info by invoice_id) or
 * Payout → Get (GET /payoff/info by payoff_id). morune signs the whole body, so the API is
 * asked whether the notification is still true, judged by judgeRecord: the amount (and an
 * invoice's currency, when notified) must be the API's, its status the notified one or an earlier
 * state that can still become it (lag). morune's 404 ("not found") is read as lag too: a record
 * the API does not show yet (or a credential whose shop or user ID is another one's), never as a
 * forgery, which the signature already rules out. Any other failure (network, timeout, 5xx, a
 * rate limit, 401/403/422: a key or ID in the credential that does not fit) is "unavailable".
 * Both are answered 503, so that the notification can be sent again.
 */
export const confirmMoruneNotification: ConfirmNotification = async (context, event, payload, credentials) => {
	const invoice = event.value === 'payment';
	const what = invoice ? 'invoice' : 'payout';
	let answer: IDataObject;
	try {
		answer = await callProvider(
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
			return { outcome: 'lagging', reason: `morune's API does not know this ${what} (HTTP 404)` };
		}
		return unreadable(error);
	}
	const data = (answer.data ?? {}) as IDataObject;
	const amount = invoice ? data.invoice_amount : data.amount;
	return judgeRecord({
		provider: morune,
		what,
		rules: event.apiStatuses,
		status: { notified: payload.status, api: data.status },
		amounts: [{ label: 'amount', notified: payload.amount, api: amount }],
		currency: invoice && payload.currency !== undefined ? { notified: payload.currency, api: data.currency } : undefined,
		fields: () => ({ status: String(data.status), amount: toAmount(amount) ?? amount }),
	});
};
