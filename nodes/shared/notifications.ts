import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INodeProperties,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	doubtNotificationCredentials,
	forgetNotificationCredentials,
	notificationCredentials,
} from './credentials';
import { confirmAllowingLag } from './notificationConfirm';
import { notificationItem, plainData } from './notificationItem';
import type { NotificationEvent, NotificationSource } from './notificationTypes';
import type { Provider } from './provider';
import { ReplayMemory, replayHash, withReplayLock } from './replay';
import { isJsonObject } from './json';

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

/**
 * The replay and confirmation switches of a notification trigger; the confirmation's
 * description says what the provider's credential needs.
 */
export function notificationSafetyProperties(confirmDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Ignore Repeats',
			name: 'ignoreRepeats',
			type: 'boolean',
			default: true,
			description:
				'Whether a notification already accepted (the same signed payment or payout and amount, and for morune the same status) is answered 200 without starting the workflow again or asking the API. The node remembers the last 2000 for 30 days.',
		},
		{
			displayName: 'Confirm With Provider',
			name: 'confirmWithProvider',
			type: 'boolean',
			default: true,
			description: confirmDescription,
		},
	];
}

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

export function selectedEvent(
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
				// Activated (again, perhaps after the credential changed): nothing kept from before.
				forgetNotificationCredentials(this, provider);
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
				forgetNotificationCredentials(this, provider);
				return true;
			},
		},
	};
}

/** The secret that verifies the selected event's notifications. */
export function notificationSecret(credentials: ICredentialDataDecryptedObject, event: NotificationEvent): string {
	return String(credentials[event.secretField] ?? '');
}

/**
 * The largest notification body accepted, in bytes. The largest that the providers' documented
 * fields allow is about 4.3 KB (morune: a 255-character order ID, custom fields of 500
 * characters all escaped as \uXXXX, and so on; aaio about 2.8 KB: test/notification-limits.test.js
 * builds both); real ones are a few hundred bytes. 16 KiB leaves room for fields the docs do
 * not list, and bounds every later step.
 */
export const MAX_NOTIFICATION_BYTES = 16 * 1024;

/** At most this many top-level fields (the documented notifications have at most 17). */
export const MAX_NOTIFICATION_FIELDS = 64;

/** Answers a refused notification: no execution, and nothing about what was expected. */
export function refuse(context: IWebhookFunctions, status = 403): IWebhookResponseData {
	const response = context.getResponseObject();
	response.status(status).json({ message: 'Notification rejected' });
	return { noWebhookResponse: true };
}

/**
 * Answers a notification that failed verification: HTTP 403, no execution, and nothing
 * about what was expected.
 */
export function rejectNotification(context: IWebhookFunctions): IWebhookResponseData {
	return refuse(context, 403);
}

/**
 * Answers a notification that could not be confirmed because the provider's API failed: HTTP
 * 503 with Retry-After, no execution, nothing remembered. A sender that retries (or a person
 * resending it from the aaio cabinet, which shows the failed delivery) gets another chance.
 */
export function answerUnavailable(context: IWebhookFunctions): IWebhookResponseData {
	const response = context.getResponseObject();
	response.setHeader('Retry-After', '60');
	response.status(503).json({ message: 'Try again later' });
	return { noWebhookResponse: true };
}

export interface RawRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer;
	body?: unknown;
}

/** The body's size in bytes as received, without serializing anything. */
export function bodySize(request: RawRequest): number {
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody.length;
	const declared = Number(request.headers['content-length']);
	return Number.isFinite(declared) ? declared : 0;
}

export const HEX_SIGNATURE = /^[0-9a-fA-F]{64}$/;

/**
 * The shape check: a plain object of at most MAX_NOTIFICATION_FIELDS fields, the event's
 * required fields present as non-empty strings or numbers, a 64-hex-digit signature, and for
 * a form only string values (a form parser may turn `a[b]=c` into objects).
 */
export function hasNotificationShape(
	source: NotificationSource,
	event: NotificationEvent,
	payload: unknown,
	signature: unknown,
): payload is IDataObject {
	if (!isJsonObject(payload)) return false;
	const fields = Object.keys(payload);
	if (fields.length === 0 || fields.length > MAX_NOTIFICATION_FIELDS) return false;
	const record = payload;
	if (source.contentType === 'application/x-www-form-urlencoded') {
		if (fields.some((name) => typeof record[name] !== 'string')) return false;
	}
	for (const name of event.requiredFields) {
		const value = record[name];
		if (!((typeof value === 'string' && value !== '') || typeof value === 'number')) return false;
	}
	return typeof signature === 'string' && HEX_SIGNATURE.test(signature.trim());
}

/** The status the node trusts: signed, or confirmed by the API; undefined otherwise. */
export function trustedStatus(
	event: NotificationEvent,
	payload: IDataObject,
	confirmed: IDataObject | undefined,
): string | undefined {
	if (confirmed && confirmed.status !== undefined) return String(confirmed.status);
	return event.statusSigned ? String(payload.status) : undefined;
}

/**
 * The replay key: provider, event, the signed ID fields and amount (replayFields), and the status
 * when it is signed (morune). The key holds signed fields only, so a notification whose signed
 * part was accepted is a repeat whatever its unsigned fields say: aaio's status is not signed, and
 * a copy with another status (a sender's change, or aaio's later word on the same payment, such as
 * success after hold) is answered from memory, without asking the API again.
 */
export function replayKey(provider: Provider, event: NotificationEvent, payload: IDataObject): string[] {
	return [
		provider.name,
		event.value,
		...event.replayFields.map((name) => String(payload[name] ?? '')),
		event.statusSigned ? String(payload.status) : '',
	];
}

/**
 * Receives one notification at a trigger's webhook, cheapest refusals first:
 *
 *  1. content type other than the provider's → 415; body over MAX_NOTIFICATION_BYTES → 413;
 *     not the event's shape (fields, signature format) → 403. None of these reads the
 *     credential or walks the body beyond counting its fields.
 *  2. signature (over at most 16 KiB, linear) → 403 unless genuine; then the sender check
 *     (aaio's source IPs, when on) → 403. The secret comes from the credential as the trigger
 *     keeps it (notificationCredentials: one read per minute, not per notification); a
 *     signature the kept secret does not verify is checked once more against a new read,
 *     at most every few seconds, so a changed secret is taken up at once.
 *  3. Ignore Repeats: a notification whose signed part was already accepted → 200, nothing
 *     started, no API read (replayKey).
 *  4. Confirm With Provider: the API's amount, currency and status (judgeRecord). Contradicted
 *     (another amount or currency, another final state) → 403, logged. An earlier state that can
 *     still become the notified one (the API lags) → read again within LAG_WINDOW_MS, then 503
 *     if it still lags. API failed or not understood → 503. A 503 is logged, remembers nothing
 *     (the resend is handled) and keeps the kept credential, unless the API refused its key.
 *  5. Only Statuses (on the trusted status) → 200 and nothing started (nor remembered) when
 *     left out.
 *  6. Remembered, then one execution.
 */
export async function receiveNotification(
	context: IWebhookFunctions,
	source: NotificationSource,
): Promise<IWebhookResponseData> {
	const { provider } = source;
	const event = selectedEvent(context, source.events);
	const request = context.getRequestObject() as unknown as RawRequest;
	const contentType = String(request.headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (contentType !== source.contentType) return refuse(context, 415);
	if (bodySize(request) > MAX_NOTIFICATION_BYTES) return refuse(context, 413);
	const payload = plainData(context.getBodyData());
	const signature = source.signatureOf(context, payload as IDataObject);
	if (!hasNotificationShape(source, event, payload, signature)) return refuse(context);

	const rawBody = Buffer.isBuffer(request.rawBody)
		? request.rawBody.toString('utf8')
		: JSON.stringify(payload);
	const signedWith = (read: ICredentialDataDecryptedObject) => {
		const secret = notificationSecret(read, event);
		return secret !== '' && source.isGenuine(event, { payload, rawBody, signature }, secret);
	};
	const first = await notificationCredentials(context, provider);
	let credentials = first.credentials;
	if (!signedWith(credentials) && first.kept) {
		// The secret may have been changed since it was kept: read again (at most every few seconds).
		({ credentials } = await notificationCredentials(context, provider, { fresh: true }));
	}
	if (!signedWith(credentials)) return refuse(context);
	if (source.checkSender && !(await source.checkSender(context, credentials))) return refuse(context);

	const ignoreRepeats = context.getNodeParameter('ignoreRepeats', true) as boolean;
	const confirmWanted = context.getNodeParameter('confirmWithProvider', true) as boolean;
	const canConfirm = event.confirmNeeds.every((field) => String(credentials[field] ?? '').trim() !== '');
	const confirm = confirmWanted && canConfirm;
	const node = context.getNode();
	const scope = `${context.getWorkflow().id ?? ''}:${node.id}:${event.value}`;
	const key = replayHash(replayKey(provider, event, payload));
	const label = `${provider.name} ${event.value} notification (${event.replayFields
		.map((name) => `${name} ${String(payload[name] ?? '')}`)
		.join(', ')})`;

	const handle = async (): Promise<IWebhookResponseData> => {
		const memory = ignoreRepeats
			? new ReplayMemory(scope, context.getWorkflowStaticData('node'))
			: undefined;
		if (memory?.has(key)) return { webhookResponse: 'OK' };
		let confirmed: IDataObject | undefined;
		if (confirm) {
			const { answer, reads, seconds } = await confirmAllowingLag(context, source, event, payload, credentials);
			if (answer.outcome === 'lagging') {
				context.logger.warn(
					`${label} not started: ${answer.reason} (${reads} reads over ${seconds} s); answered 503 so that it can be sent again once the API shows it`,
				);
				return answerUnavailable(context);
			}
			if (answer.outcome === 'unavailable') {
				// A key changed since the credential was kept is refused here: the resend reads it again.
				if (answer.keyRefused) doubtNotificationCredentials(context, provider);
				context.logger.warn(
					`${label} not started: ${provider.name}'s API could not confirm it (${answer.reason}); answered 503 so that it can be sent again`,
				);
				return answerUnavailable(context);
			}
			if (answer.outcome === 'contradicted') {
				context.logger.warn(`${label} refused: ${answer.reason}`);
				return refuse(context);
			}
			confirmed = answer.fields;
		}
		const status = trustedStatus(event, payload, confirmed);
		// Left out by Only Statuses: answered, not remembered (a later status may be wanted).
		const statuses = context.getNodeParameter('statuses', []) as string[];
		const filterStatus = status ?? String(payload.status);
		if (statuses.length > 0 && !statuses.includes(filterStatus)) return { webhookResponse: 'OK' };
		memory?.remember(key);
		return {
			workflowData: [[{ json: notificationItem(provider, event, payload, confirmed) }]],
		};
	};
	return ignoreRepeats ? await withReplayLock(`${scope}:${key}`, handle) : await handle();
}
