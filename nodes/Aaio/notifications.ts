import type { IDataObject } from 'n8n-workflow';

import type { IsGenuine, NotificationEvent } from '../shared/notifications';
import { aaioOrderSignature, aaioPayoutSignature, signaturesMatch } from '../shared/signatures';

/** The notifications aaio sends, and the credential secret that signs each. */
export const aaioNotificationEvents: NotificationEvent[] = [
	{
		name: 'Order Paid',
		value: 'payment',
		description: 'A payment notification, signed with secret key 2',
		secretField: 'secretKey2',
		secretLabel: 'Secret Key 2',
		statuses: ['hold', 'success'],
		numericFields: ['amount', 'profit', 'commission', 'commission_client'],
	},
	{
		name: 'Payout Completed or Cancelled',
		value: 'payout',
		description: 'A payout notification, signed with the payout notification secret',
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
