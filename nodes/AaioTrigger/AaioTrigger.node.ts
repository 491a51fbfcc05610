import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	aaioNotificationEvents,
	confirmAaioNotification,
	isGenuineAaioNotification,
} from '../Aaio/notifications';
import { aaio } from '../Aaio/provider';
import type { NotificationSource } from '../shared/notificationTypes';
import {
	NOTIFICATION_WEBHOOKS,
	notificationLifecycle,
	notificationSafetyProperties,
	receiveNotification,
	statusFilterProperties,
} from '../shared/notifications';
import { aaioNotificationIps, senderIp } from './sourceIp';

const events = aaioNotificationEvents;

/** aaio posts a form; its `sign` field is the signature. */
const source: NotificationSource = {
	provider: aaio,
	events,
	contentType: 'application/x-www-form-urlencoded',
	isGenuine: isGenuineAaioNotification,
	signatureOf: (_context, payload) => payload.sign,
	confirm: confirmAaioNotification,
	async checkSender(context, credentials) {
		const options = context.getNodeParameter('options', {}) as IDataObject;
		if (!options.checkSourceIp) return true;
		const ips = await aaioNotificationIps(context, credentials);
		return ips.includes(senderIp(context));
	},
};

export class AaioTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aaio Trigger',
		name: 'aaioTrigger',
		icon: { light: 'file:../Aaio/aaio.svg', dark: 'file:../Aaio/aaio.dark.svg' },
		group: ['trigger'],
		// Version 2 only spares n8n an expression per notification (its webhook handling reads a
		// binary-data option of version-1 nodes); both versions behave the same.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow on a genuine aaio payment or payout notification',
		defaults: { name: 'Aaio Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aaioApi', required: true }],
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
				'Whether to read the payment or payout from the API before starting the workflow and take its status and amount from there. Needs the API key (and for payments the merchant ID) in the credential; without them the notification is not confirmed. aaio signs only the order ID, amount and currency (payouts: ID and debited amount), so without confirmation the status is not verified.',
			),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Check Source IP',
						name: 'checkSourceIp',
						type: 'boolean',
						default: false,
						description:
							"Whether to reject notifications that do not come from aaio's published addresses (fetched from /api/public/ips every 10 minutes; 91.107.204.74 when that fails). The address is the one n8n sees: behind a reverse proxy, set N8N_PROXY_HOPS. The signature is checked either way.",
					},
				],
			},
		],
	};

	webhookMethods = notificationLifecycle(aaio, events);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveNotification(this, source);
	}
}
