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
	acceptNotification,
	notificationLifecycle,
	notificationSecret,
	rejectNotification,
	selectedEvent,
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
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// HTTP 200 with an empty body as soon as the notification is accepted.
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
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
		const event = selectedEvent(this, events);
		const key = await notificationSecret(this, morune, event);
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
		// The signature covers the body as morune serialized it: verify the bytes received.
		const rawBody = request.rawBody?.toString('utf8') ?? JSON.stringify(request.body ?? {});
		const signature = this.getHeaderData()['x-api-sha256-signature'];
		if (!key || !isGenuineMoruneNotification(event, { payload: {}, rawBody, signature }, key)) {
			return rejectNotification(this);
		}
		return acceptNotification(this, morune, event, JSON.parse(rawBody) as IDataObject);
	}
}
