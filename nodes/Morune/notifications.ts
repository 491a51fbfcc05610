import type { IsGenuine, NotificationEvent } from '../shared/notifications';
import { verifyMoruneSignature } from '../shared/signatures';

/** The notifications morune sends, and the credential key that signs each. */
export const moruneNotificationEvents: NotificationEvent[] = [
	{
		name: 'Invoice Paid or Changed',
		value: 'invoice',
		description: 'A payment notification, signed with the shop additional key',
		secretField: 'shopWebhookSecret',
		secretLabel: 'Shop Additional Key',
		statuses: ['expired', 'fail', 'refund', 'success'],
		numericFields: ['amount', 'credited', 'refund_amount', 'type', 'code'],
	},
	{
		name: 'Payout Completed or Failed',
		value: 'payout',
		description: 'A payout notification, signed with the user additional key',
		secretField: 'userWebhookSecret',
		secretLabel: 'User Additional Key',
		statuses: ['fail', 'success'],
		numericFields: ['amount', 'commission'],
	},
];

/** Genuine when x-api-sha256-signature is the HMAC of the body as morune serialized it. */
export const isGenuineMoruneNotification: IsGenuine = (_event, { rawBody, signature }, key) =>
	verifyMoruneSignature(rawBody, signature, key);
