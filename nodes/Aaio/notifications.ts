import type { IDataObject } from 'n8n-workflow';
import { PAYMENT_NOTIFICATION, PAYOUT } from './entities';

import { toAmount } from '../shared/money';
import type { ConfirmNotification, IsGenuine, NotificationEvent } from '../shared/notificationTypes';
import { CONFIRM_TIMEOUT_MS, judgeRecord, unreadable } from '../shared/notificationConfirm';
import { aaioOrderSignature, aaioPayoutSignature, signaturesMatch } from '../shared/signatures';
import { callProvider } from '../shared/transport';
import { aaio } from './provider';

/** The notifications aaio sends, and the credential secret that signs each. */
export const aaioNotificationEvents: NotificationEvent[] = [
	{
		name: 'Payment',
		value: 'payment',
		description: 'An order paid (success, or hold: paid with the money held), signed with secret key 2',
		table: PAYMENT_NOTIFICATION,
		secretField: 'secretKey2',
		secretLabel: 'Secret Key 2',
		statuses: ['hold', 'success'],
		numericFields: ['amount', 'profit', 'commission', 'commission_client'],
		requiredFields: ['merchant_id', 'order_id', 'amount', 'currency', 'status', 'sign'],
		// sign = SHA-256 of merchant_id:amount:currency:<secret key 2>:order_id
		signedFields: ['merchant_id', 'amount', 'currency', 'order_id'],
		replayFields: ['merchant_id', 'order_id', 'currency', 'amount'],
		statusSigned: false,
		confirmNeeds: ['apiKey', 'merchantId'],
		// /api/info-pay: in_process (not paid yet), hold (paid, the money held: becomes success),
		// success, expired (never paid). aaio notifies hold and success. "created" is not in aaio's
		// docs; should the API answer it, it is read as "not paid yet" (lag: 503, sent again), the
		// side that neither starts a workflow nor drops the notification.
		apiStatuses: {
			known: ['created', 'in_process', 'hold', 'success', 'expired'],
			confirms: { hold: ['hold', 'success'] },
			before: { success: ['created', 'in_process', 'hold'], hold: ['created', 'in_process'] },
		},
	},
	{
		name: 'Payout',
		value: 'payout',
		description: 'A payout completed or cancelled, signed with the payout notification secret',
		table: PAYOUT,
		secretField: 'payoutSecret',
		secretLabel: 'Payout Notification Secret',
		statuses: ['cancel', 'success'],
		numericFields: [
			'amount',
			'amount_in_currency',
			'amount_rate',
			'amount_down',
			'commission',
			'commission_type',
		],
		requiredFields: ['id', 'amount_down', 'status', 'sign'],
		// sign = SHA-256 of id:<payout notification secret>:amount_down
		signedFields: ['id', 'amount_down'],
		replayFields: ['id', 'amount_down'],
		statusSigned: false,
		confirmNeeds: ['apiKey'],
		// /api/info-payoff: in_process, then success or cancel, both final.
		apiStatuses: {
			known: ['in_process', 'success', 'cancel'],
			before: { success: ['in_process'], cancel: ['in_process'] },
		},
	},
];

/** The `sign` a genuine notification carries, over the strings exactly as received. */
function expectedSign(event: NotificationEvent, payload: IDataObject, secret: string): string {
	const text = (name: string) => String(payload[name] ?? '');
	return event.value === 'payment'
		? aaioOrderSignature(
				{
					merchantId: text('merchant_id'),
					amount: text('amount'),
					currency: text('currency'),
					orderId: text('order_id'),
				},
				secret,
			)
		: aaioPayoutSignature({ id: text('id'), amountDown: text('amount_down') }, secret);
}

/** Genuine when the form field `sign` is the SHA-256 that only the secret's holder can make. */
export const isGenuineAaioNotification: IsGenuine = (event, { payload }, secret) =>
	signaturesMatch(payload.sign, expectedSign(event, payload, secret));

/** The fields aaio's API vouches for, under the notification's names, where it returned them. */
function pick(answer: IDataObject, names: Record<string, string>): IDataObject {
	const fields: IDataObject = {};
	for (const [ours, theirs] of Object.entries(names)) {
		const value = answer[theirs];
		if (value === undefined || value === null) continue;
		fields[ours] = ['amount', 'amount_down', 'profit', 'commission', 'commission_client'].includes(ours)
			? (toAmount(value) ?? value)
			: value;
	}
	return fields;
}

/**
 * Confirm With Provider for aaio: Order → Get (POST /api/info-pay with the credential's
 * merchant_id and the notification's order_id) or Payout → Get (POST /api/info-payoff by aaio's
 * payout `id`), judged by judgeRecord: the signed amount (and a payment's currency) must be the
 * API's, and its status must confirm the notified one (a payment on hold may since have become
 * success; one still in_process or on hold while notified as success is lag). The item then carries
 * the API's status. Any failure to read the API (including aaio's error answers, whose wording for
 * "not found" is not documented) is "unavailable": answered 503, never "contradicted".
 */
export const confirmAaioNotification: ConfirmNotification = async (context, event, payload, credentials) => {
	let answer: IDataObject;
	try {
		answer = await callProvider(
			context,
			aaio,
			(credentials) =>
				event.value === 'payment'
					? {
							method: 'POST',
							url: '/api/info-pay',
							body: { merchant_id: String(credentials.merchantId ?? '').trim(), order_id: String(payload.order_id) },
						}
					: { method: 'POST', url: '/api/info-payoff', body: { id: String(payload.id) } },
			{ timeoutMs: CONFIRM_TIMEOUT_MS, credentials },
		);
	} catch (error) {
		return unreadable(error);
	}
	const status = { notified: payload.status, api: answer.status };
	if (event.value === 'payment') {
		return judgeRecord({
			provider: aaio,
			what: 'order',
			rules: event.apiStatuses,
			status,
			amounts: [{ label: 'amount', notified: payload.amount, api: answer.amount }],
			currency: { notified: payload.currency, api: answer.currency },
			fields: () =>
				pick(answer, {
					status: 'status',
					amount: 'amount',
					currency: 'currency',
					invoice_id: 'id',
					profit: 'profit',
					commission: 'commission',
					commission_client: 'commission_client',
					commission_type: 'commission_type',
					method: 'method',
				}),
		});
	}
	return judgeRecord({
		provider: aaio,
		what: 'payout',
		rules: event.apiStatuses,
		status,
		amounts: [{ label: 'debited amount', notified: payload.amount_down, api: answer.amount_down }],
		fields: () =>
			pick(answer, {
				status: 'status',
				amount: 'amount',
				amount_down: 'amount_down',
				my_id: 'my_id',
				method: 'method',
				wallet: 'wallet',
				commission: 'commission',
			}),
	});
};
