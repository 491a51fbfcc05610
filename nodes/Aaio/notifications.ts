import type { IDataObject } from 'n8n-workflow';
import { PAYMENT_NOTIFICATION, PAYOUT } from './entities';

import { toAmount } from '../shared/balance';
import { readFromProvider } from '../shared/confirm';
import type {
	Confirmation,
	ConfirmNotification,
	IsGenuine,
	NotificationEvent,
} from '../shared/notifications';
import { CONFIRM_TIMEOUT_MS } from '../shared/notifications';
import { aaioOrderSignature, aaioPayoutSignature, signaturesMatch } from '../shared/signatures';
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

const sameAmount = (a: unknown, b: unknown) => {
	const x = toAmount(a);
	const y = toAmount(b);
	return x !== undefined && y !== undefined && Math.abs(x - y) < 0.005;
};

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
 * payout `id`). A payment notification is contradicted when the API says the order is not paid
 * (hold or success), or on hold while the notification says success, or another amount or
 * currency; a payout notification when the API's status is not the one claimed, or another
 * debited amount. The item then carries the API's status (hold may have become success). Any failure to read the API (including aaio's error answers, whose wording
 * for "not found" is not documented) is "unavailable": answered 503, never "contradicted".
 */
export const confirmAaioNotification: ConfirmNotification = async (context, event, payload, credentials) => {
	let answer: IDataObject;
	try {
		answer = await readFromProvider(
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
		return { outcome: 'unavailable', reason: (error as Error).message };
	}
	const status = String(answer.status ?? '');
	const contradicted = (reason: string): Confirmation => ({ outcome: 'contradicted', reason });
	if (event.value === 'payment') {
		if (!['success', 'hold'].includes(status)) {
			return contradicted(`aaio's API says the order's status is "${status}", not paid`);
		}
		// hold can become success in between; a claimed success that is still on hold cannot.
		if (status === 'hold' && String(payload.status) !== 'hold') {
			return contradicted(`aaio's API says the order is on hold, the notification says "${String(payload.status)}"`);
		}
		if (!sameAmount(answer.amount, payload.amount) || String(answer.currency) !== String(payload.currency)) {
			return contradicted(`aaio's API says the order is ${String(answer.amount)} ${String(answer.currency)}`);
		}
		return {
			outcome: 'confirmed',
			fields: pick(answer, {
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
		};
	}
	if (status !== String(payload.status)) {
		return contradicted(`aaio's API says the payout's status is "${status}", the notification says "${String(payload.status)}"`);
	}
	if (!sameAmount(answer.amount_down, payload.amount_down)) {
		return contradicted(`aaio's API says the payout debited ${String(answer.amount_down)}`);
	}
	return {
		outcome: 'confirmed',
		fields: pick(answer, {
			status: 'status',
			amount: 'amount',
			amount_down: 'amount_down',
			my_id: 'my_id',
			method: 'method',
			wallet: 'wallet',
			commission: 'commission',
		}),
	};
};
