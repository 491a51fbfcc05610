import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	confirmMoruneNotification,
	isGenuineMoruneNotification,
	moruneNotificationEvents,
} from '../Morune/notifications';
import { morune } from '../Morune/provider';
import type { NotificationSource } from '../shared/notificationTypes';
import {
	NOTIFICATION_WEBHOOKS,
	notificationLifecycle,
	notificationSafetyProperties,
	receiveNotification,
	statusFilterProperties,
} from '../shared/notifications';

const events = moruneNotificationEvents;

/** morune posts JSON; the signature covers the body as received (n8n keeps its raw bytes). */
const source: NotificationSource = {
	provider: morune,
	events,
	contentType: 'application/json',
	isGenuine: isGenuineMoruneNotification,
	signatureOf: (context) => {
		const header = context.getHeaderData()['x-api-sha256-signature'];
		return Array.isArray(header) ? header[0] : header;
	},
	confirm: confirmMoruneNotification,
};

export class MoruneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Morune Trigger',
		name: 'moruneTrigger',
		icon: { light: 'file:../Morune/morune.svg', dark: 'file:../Morune/morune.dark.svg' },
		group: ['trigger'],
		// Version 2 only spares n8n an expression per notification (its webhook handling reads a
		// binary-data option of version-1 nodes); both versions behave the same.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow on a genuine morune payment or payout notification',
		defaults: { name: 'Morune Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'moruneApi', required: true }],
		webhooks: NOTIFICATION_WEBHOOKS,
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: events.map(({ name, value, description }) => ({ name, value, description })),
				default: 'payment',
			},
			...statusFilterProperties(events),
			...notificationSafetyProperties(
				'Whether to read the payment or payout from the API before starting the workflow and take its status and amount from there. Needs the shop ID and shop secret key (invoices) or the user ID and secret key (payouts) in the credential; without them the notification is not confirmed.',
			),
		],
	};

	webhookMethods = notificationLifecycle(morune, events);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveNotification(this, source);
	}
}
