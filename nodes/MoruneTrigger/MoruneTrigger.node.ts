import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { isGenuineMoruneNotification, moruneNotificationEvents } from '../Morune/notifications';
import { morune } from '../Morune/provider';
import {
	answerNotification,
	NOTIFICATION_WEBHOOKS,
	notificationLifecycle,
	statusFilterProperties,
} from '../shared/notifications';

const events = moruneNotificationEvents;

export class MoruneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Morune Trigger',
		name: 'moruneTrigger',
		icon: { light: 'file:../Morune/morune.svg', dark: 'file:../Morune/morune.dark.svg' },
		group: ['trigger'],
		version: 1,
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
				default: 'invoice',
			},
			...statusFilterProperties(events),
		],
	};

	webhookMethods = notificationLifecycle(morune, events);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: IDataObject };
		// The signature covers the body as morune serialized it: verify the bytes received.
		const received = {
			payload: request.body ?? {},
			rawBody: request.rawBody?.toString('utf8') ?? JSON.stringify(request.body ?? {}),
			signature: this.getHeaderData()['x-api-sha256-signature'],
		};
		return await answerNotification(this, morune, events, isGenuineMoruneNotification, received);
	}
}
