import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { aaioNotificationEvents, isGenuineAaioNotification } from '../Aaio/notifications';
import { aaio } from '../Aaio/provider';
import {
	answerNotification,
	NOTIFICATION_WEBHOOKS,
	notificationLifecycle,
	rejectNotification,
	statusFilterProperties,
} from '../shared/notifications';
import { aaioNotificationIps, senderIp } from './sourceIp';

const events = aaioNotificationEvents;

export class AaioTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aaio Trigger',
		name: 'aaioTrigger',
		icon: { light: 'file:../Aaio/aaio.svg', dark: 'file:../Aaio/aaio.dark.svg' },
		group: ['trigger'],
		version: 1,
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
							"Whether to reject notifications that do not come from aaio's published addresses (fetched from /api/public/ips every 10 minutes; 91.107.204.74 when that fails). The signature is checked either way.",
					},
					{
						displayName: 'Client IP Header',
						name: 'clientIpHeader',
						type: 'string',
						default: '',
						placeholder: 'X-Forwarded-For',
						description:
							"With Check Source IP: the header your reverse proxy puts the sender's address in (its first address counts). Empty: the address of the connection itself. Name a header only if your proxy sets it, or senders can forge it.",
					},
				],
			},
		],
	};

	webhookMethods = notificationLifecycle(aaio, events);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (options.checkSourceIp) {
			const credentials = await this.getCredentials(aaio.credentialType);
			const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
			const ips = await aaioNotificationIps(this, baseUrl);
			if (!ips.includes(senderIp(this, String(options.clientIpHeader ?? '')))) {
				return rejectNotification(this);
			}
		}
		// aaio posts a form: its fields, strings as received, carry their own `sign`.
		const payload = this.getBodyData();
		const received = { payload, rawBody: '', signature: payload.sign };
		return await answerNotification(this, aaio, events, isGenuineAaioNotification, received);
	}
}
