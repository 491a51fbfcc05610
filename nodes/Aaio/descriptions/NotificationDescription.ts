import type { INodeProperties } from 'n8n-workflow';

import { verifyNotificationSignature } from '../../shared/notifications';
import { aaioNotificationEvents, isGenuineAaioNotification } from '../notifications';
import { aaio } from '../provider';

const show = { resource: ['notification'], operation: ['verifySignature'] };

/**
 * Notification → Verify Signature: for notifications received with n8n's Webhook node. No
 * request is sent; the item says whether the `sign` is genuine.
 */
export const notificationDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['notification'] } },
		options: [
			{
				name: 'Verify Signature',
				value: 'verifySignature',
				action: 'Verify notification signature',
				description:
					'Check that a notification received by a Webhook node really comes from aaio (nothing is sent)',
				routing: {
					// `paginate` routes the item to the function below, which answers without a request.
					send: { paginate: true },
					operations: {
						pagination: verifyNotificationSignature(
							aaio,
							aaioNotificationEvents,
							isGenuineAaioNotification,
						),
					},
				},
			},
		],
		default: 'verifySignature',
	},
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
