import type { INodeProperties } from 'n8n-workflow';

import { verifySignatureOperation } from '../../../shared/notifications';
import { aaioNotificationEvents, isGenuineAaioNotification } from '../../notifications';
import { aaio } from '../../provider';

const show = { resource: ['notification'], operation: ['verifySignature'] };

/**
 * Notification → Verify Signature: for notifications received with n8n's Webhook node. No
 * request is sent; the item says whether the `sign` is genuine.
 */
export const notificationDescription: INodeProperties[] = [
	verifySignatureOperation(aaio, aaioNotificationEvents, isGenuineAaioNotification),
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: aaioNotificationEvents.map(({ name, value, description }) => ({ name, value, description })),
		default: 'payment',
		displayOptions: { show },
		description: 'Which secret signed it: secret key 2 (payments) or the payout notification secret (payouts)',
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'json',
		default: '={{ $json.body }}',
		required: true,
		displayOptions: { show },
		description:
			"The notification's form fields, as the Webhook node received them (its body), including sign",
	},
];
