import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeProperties,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toAmount } from './balance';
import { routingCredentials } from './credentials';
import type { Provider } from './provider';

/** One kind of notification a trigger receives, and how it is checked. */
export interface NotificationEvent {
	/** The node parameter value. */
	value: string;
	/** As shown in the Event options. */
	name: string;
	description: string;
	/** The credential field holding the key or secret that signs this notification. */
	secretField: string;
	/** As the credential dialog shows that field. */
	secretLabel: string;
	/** The statuses a notification of this kind can carry, for the status filter. */
	statuses: string[];
	/** Fields sent as strings that are amounts or counts: they become numbers. */
	numericFields: string[];
}

/** The webhook of a notification trigger: HTTP 200 with an empty body once it is accepted. */
export const NOTIFICATION_WEBHOOKS: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		responseData: 'noData',
		path: 'webhook',
	},
];

/** The Only Statuses filter of a notification trigger, one per event (shown for that event). */
export function statusFilterProperties(events: NotificationEvent[]): INodeProperties[] {
	return events.map(
		(event): INodeProperties => ({
			displayName: 'Only Statuses',
			name: 'statuses',
			type: 'multiOptions',
			options: event.statuses.map((status) => ({ name: status, value: status })),
			default: [],
			displayOptions: { show: { event: [event.value] } },
			description:
				'Start the workflow only for notifications with one of these statuses. None selected: every genuine notification starts it.',
		}),
	);
}

function selectedEvent(
	context: IWebhookFunctions | IHookFunctions,
	events: NotificationEvent[],
): NotificationEvent {
	const value = context.getNodeParameter('event') as string;
	return events.find((event) => event.value === value) ?? events[0];
}

/**
 * The lifecycle n8n runs when the workflow is activated. Neither aaio nor morune has an API
 * to register a notification URL (it is pasted into the provider's cabinet), so there is
 * nothing to create remotely; activation instead fails at once when the credential lacks
 * the secret that verifies the notifications, rather than rejecting every one of them later.
 */
export function notificationLifecycle(provider: Provider, events: NotificationEvent[]) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const event = selectedEvent(this, events);
				const credentials = await this.getCredentials(provider.credentialType);
				if (!String(credentials[event.secretField] ?? '').trim()) {
					throw new NodeOperationError(
						this.getNode(),
						`The ${event.secretLabel} in the ${provider.credentialDisplayName} credential is empty, so ${provider.name} notifications cannot be verified. Add it, then activate the workflow again.`,
					);
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}

/** The secret that verifies the selected event's notifications. */
async function notificationSecret(
	context: IWebhookFunctions,
	provider: Provider,
	event: NotificationEvent,
): Promise<string> {
	const credentials = await context.getCredentials<ICredentialDataDecryptedObject>(
		provider.credentialType,
	);
	return String(credentials[event.secretField] ?? '');
}

/**
 * Answers a notification that failed verification: HTTP 403, no execution, and nothing
 * about what was expected.
 */
export function rejectNotification(context: IWebhookFunctions): IWebhookResponseData {
	const response = context.getResponseObject();
	response.status(403).json({ message: 'Notification rejected' });
	return { noWebhookResponse: true };
}

/**
 * Answers a genuine notification: HTTP 200 at once, and one execution with clean, typed
 * fields plus the payload as received, unless the status filter leaves it out.
 */
function acceptNotification(
	context: IWebhookFunctions,
	provider: Provider,
	event: NotificationEvent,
	payload: IDataObject,
): IWebhookResponseData {
	const statuses = context.getNodeParameter('statuses', []) as string[];
	if (statuses.length > 0 && !statuses.includes(String(payload.status))) {
		return { webhookResponse: 'OK' };
	}
	return { workflowData: [[{ json: notificationItem(provider, event, payload) }]] };
}

/**
 * Answers a notification a trigger received: 403 unless it is genuine (by the selected
 * event's secret), otherwise 200 and, unless the status filter leaves it out, one execution.
 */
export async function answerNotification(
	context: IWebhookFunctions,
	provider: Provider,
	events: NotificationEvent[],
	isGenuine: IsGenuine,
	received: Parameters<IsGenuine>[1],
): Promise<IWebhookResponseData> {
	const event = selectedEvent(context, events);
	const secret = await notificationSecret(context, provider, event);
	if (!secret || !isGenuine(event, received, secret)) return rejectNotification(context);
	return acceptNotification(context, provider, event, received.payload);
}

/** A genuine notification as an item: clean, typed fields, plus the payload as received. */
function notificationItem(
	provider: Provider,
	event: NotificationEvent,
	payload: IDataObject,
): IDataObject {
	const fields: IDataObject = {};
	for (const [key, value] of Object.entries(payload)) {
		const amount = event.numericFields.includes(key) ? toAmount(value) : undefined;
		fields[key] = amount ?? value;
	}
	return { provider: provider.name, event: event.value, ...fields, raw: payload };
}

/** How a provider tells a genuine notification: the event's secret and what was received. */
export type IsGenuine = (
	event: NotificationEvent,
	received: { payload: IDataObject; rawBody: string; signature: unknown },
	secret: string,
) => boolean;

/**
 * The "Verify Notification Signature" operation, for notifications received with n8n's own
 * Webhook node. It needs no request: plugged in as the operation's pagination function, it
 * answers from the item and the credential. The output item says `valid`, and carries the
 * clean fields when the notification is genuine.
 */
function verifyNotificationSignature(
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
				payload = JSON.parse(received) as IDataObject;
			} catch {
				payload = Object.fromEntries(new URLSearchParams(received));
			}
		} else if (typeof received === 'object' && received !== null && !Array.isArray(received)) {
			payload = received as IDataObject;
			rawBody = JSON.stringify(received);
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
				action: 'Verify notification signature',
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
