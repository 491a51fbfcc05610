import type {
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { routingCredentials } from './credentials';
import { notificationItem, plainData } from './notificationItem';
import type { IsGenuine, NotificationEvent } from './notificationTypes';
import type { Provider } from './provider';
import { isJsonObject } from './json';

/* Notification → Verify Signature: the action nodes' check of a notification received by n8n's Webhook node. */

/**
 * The "Verify Notification Signature" operation, for notifications received with n8n's own
 * Webhook node. It needs no request: plugged in as the operation's pagination function, it
 * answers from the item and the credential. The output item says `valid`, and carries the
 * clean fields when the notification is genuine.
 */
export function verifyNotificationSignature(
	provider: Provider,
	events: NotificationEvent[],
	isGenuine: IsGenuine,
) {
	return async function (this: IExecutePaginationFunctions): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		const event = events.find(({ value }) => value === this.getNodeParameter('event')) ?? events[0];
		const credentials = await routingCredentials(this, provider);
		const secret = String(credentials[event.secretField] ?? '').trim();
		if (!secret) {
			throw new NodeOperationError(
				this.getNode(),
				`Verifying this notification needs the ${event.secretLabel} in the ${provider.credentialDisplayName} credential, and it is empty.`,
				{ itemIndex },
			);
		}
		const received = this.getNodeParameter('payload') as unknown;
		let payload: IDataObject;
		let rawBody: string;
		if (typeof received === 'string') {
			rawBody = received;
			try {
				payload = plainData(JSON.parse(received)) as IDataObject;
			} catch {
				payload = plainData(Object.fromEntries(new URLSearchParams(received))) as IDataObject;
			}
		} else if (isJsonObject(received)) {
			// What n8n handed over, as it serializes it (own members), is what the signature covers.
			rawBody = JSON.stringify(received);
			payload = plainData(received) as IDataObject;
		} else {
			throw new NodeOperationError(
				this.getNode(),
				'The Payload must be the notification body: an object, or its text as received.',
				{ itemIndex },
			);
		}
		const signature = this.getNodeParameter('signature', '') as unknown;
		const valid = isGenuine(event, { payload, rawBody, signature }, secret);
		const json = valid
			? { valid, ...notificationItem(provider, event, payload) }
			: { valid, provider: provider.name, event: event.value, raw: payload };
		return [{ json, pairedItem: { item: itemIndex } }];
	};
}

/** The action text, also the AI tool description (a constant: see GET_BALANCE_ACTION in balance.ts). */
export const VERIFY_ACTION = 'Verify notification signature (no request is sent)';

/**
 * The Notification resource's operation property: Verify Signature, answered by
 * `verifyNotificationSignature` without any request.
 */
export function verifySignatureOperation(
	provider: Provider,
	events: NotificationEvent[],
	isGenuine: IsGenuine,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['notification'] } },
		options: [
			{
				name: 'Verify Signature',
				value: 'verifySignature',
				action: VERIFY_ACTION,
				description: `Check that a notification received by a Webhook node really comes from ${provider.name} (nothing is sent)`,
				routing: {
					// `paginate` routes the item to the function, which answers without a request.
					send: { paginate: true },
					operations: { pagination: verifyNotificationSignature(provider, events, isGenuine) },
				},
			},
		],
		default: 'verifySignature',
	};
}

/**
 * The Notification resource of a node: Verify Signature, its Event and Payload fields (worded
 * for the provider by `hints`) and the provider's `extra` fields (morune's signature header).
 */
export function notificationResource(
	provider: Provider,
	events: NotificationEvent[],
	isGenuine: IsGenuine,
	hints: { event: string; payload: string },
	extra: INodeProperties[] = [],
): INodeProperties[] {
	const show = { resource: ['notification'], operation: ['verifySignature'] };
	return [
		verifySignatureOperation(provider, events, isGenuine),
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			options: events.map(({ name, value, description }) => ({ name, value, description })),
			default: 'payment',
			displayOptions: { show },
			description: hints.event,
		},
		{
			displayName: 'Payload',
			name: 'payload',
			type: 'json',
			default: '={{ $json.body }}',
			required: true,
			displayOptions: { show },
			description: hints.payload,
		},
		...extra.map((field) => ({ ...field, displayOptions: { show } })),
	];
}
