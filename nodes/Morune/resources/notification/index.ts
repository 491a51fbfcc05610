import type { INodeProperties } from 'n8n-workflow';

import { verifySignatureOperation } from '../../../shared/notifications';
import { isGenuineMoruneNotification, moruneNotificationEvents } from '../../notifications';
import { morune } from '../../provider';

const show = { resource: ['notification'], operation: ['verifySignature'] };

/**
 * Notification → Verify Signature: for notifications received with n8n's Webhook node. No
 * request is sent; the item says whether the signature is genuine.
 */
export const notificationDescription: INodeProperties[] = [
	verifySignatureOperation(morune, moruneNotificationEvents, isGenuineMoruneNotification),
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: moruneNotificationEvents.map(({ name, value, description }) => ({ name, value, description })),
		default: 'payment',
		displayOptions: { show },
		description: 'Which key signed it: the shop additional key (invoices) or the user additional key (payouts)',
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'json',
		default: '={{ $json.body }}',
		required: true,
		displayOptions: { show },
		description:
			"The notification's body. Best is the body as received (the Webhook node's Raw Body option); the parsed body works when morune sent no escaped characters.",
	},
	{
		displayName: 'Signature',
		name: 'signature',
		type: 'string',
		default: '={{ $json.headers["x-api-sha256-signature"] }}',
		required: true,
		displayOptions: { show },
		description: 'The x-api-sha256-signature header of the notification',
	},
];
