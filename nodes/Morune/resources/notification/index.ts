import { notificationResource } from '../../../shared/verifySignature';
import { isGenuineMoruneNotification, moruneNotificationEvents } from '../../notifications';
import { morune } from '../../provider';

/**
 * Notification → Verify Signature: for notifications received with n8n's Webhook node. No
 * request is sent; the item says whether the signature is genuine.
 */
export const notificationDescription = notificationResource(
	morune,
	moruneNotificationEvents,
	isGenuineMoruneNotification,
	{
		event: 'Which key signed it: the shop additional key (payments) or the user additional key (payouts)',
		payload:
			"The notification's body. Best is the body as received (the Webhook node's Raw Body option); the parsed body works when morune sent no escaped characters.",
	},
	[
		{
			displayName: 'Signature',
			name: 'signature',
			type: 'string',
			default: '={{ $json.headers["x-api-sha256-signature"] }}',
			required: true,
			description: 'The x-api-sha256-signature header of the notification',
		},
	],
);
