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
import { NodeOperationError, sleep } from 'n8n-workflow';

import { toAmount } from './balance';
import {
	doubtNotificationCredentials,
	forgetNotificationCredentials,
	notificationCredentials,
	routingCredentials,
} from './credentials';
import { moneyText } from './money';
import type { Provider } from './provider';
import { ReplayMemory, replayHash, withReplayLock } from './replay';
import { fieldsOf, shapeEntity } from './shape';
import type { EntityTable, ShapeContext } from './shape';

/** One kind of notification a trigger receives, and how it is checked. */
export interface NotificationEvent {
	/** The node parameter value: 'payment' or 'payout', in both triggers. */
	value: string;
	/** How the notification becomes a clean item of its entity's schema (schemas.ts). */
	table: EntityTable;
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
	/** Fields a notification must carry (the shape check, before any other work). */
	requiredFields: string[];
	/** The fields the signature covers, or 'all' when it covers the whole body. */
	signedFields: string[] | 'all';
	/** Signed fields that name the payment or payout and its amount: the replay key's core. */
	replayFields: string[];
	/** Whether the status is signed (else it never enters the replay key). */
	statusSigned: boolean;
	/** The credential fields that "Confirm With Provider" needs besides the key. */
	confirmNeeds: string[];
	/** How the statuses the provider's API answers stand to the notified one (Confirm With Provider). */
	apiStatuses: StatusRules;
}

/**
 * The statuses a provider's API answers for a notified record, and how each stands to the status
 * notified: it confirms it, it is an earlier state that can still become it (the API lags behind
 * the notification), or it contradicts it (a final state that differs).
 */
export interface StatusRules {
	/** Every status the API documents. Another one is not read as a contradiction (503, logged). */
	known: string[];
	/** Per notified status, the API statuses that confirm it; by default only the same status. */
	confirms?: Record<string, string[]>;
	/** Per notified status, the API statuses that can still become it: the API lags behind. */
	before: Record<string, string[]>;
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
function notificationSecret(credentials: ICredentialDataDecryptedObject, event: NotificationEvent): string {
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
/** How long "Confirm With Provider" waits for the provider's API. */
export const CONFIRM_TIMEOUT_MS = 5_000;
/**
 * The pauses before reading the API again while it shows the notified record in an earlier state
 * (the notification was sent the moment the state changed; the API may take a moment to show it).
 * With the first read, 3 reads within about 3 s; then the sender gets a 503 to send it again.
 */
export const LAG_PAUSES_MS = [1_000, 2_000];
/**
 * No further read starts after this long since the first one: the sender is waiting for the
 * answer, and neither provider documents how long it waits (nor whether it sends a notification
 * again after a 503). The window stays short so that the answer comes within seconds.
 */
export const LAG_WINDOW_MS = 5_000;

/** Answers a refused notification: no execution, and nothing about what was expected. */
function refuse(context: IWebhookFunctions, status = 403): IWebhookResponseData {
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
function answerUnavailable(context: IWebhookFunctions): IWebhookResponseData {
	const response = context.getResponseObject();
	response.setHeader('Retry-After', '60');
	response.status(503).json({ message: 'Try again later' });
	return { noWebhookResponse: true };
}

/** What a provider's API said about a notification ("Confirm With Provider"). */
export type Confirmation =
	/** The API agrees: the fields it vouches for, to put on the item. */
	| { outcome: 'confirmed'; fields: IDataObject }
	/** The API knows otherwise: another amount or currency, another final state. */
	| { outcome: 'contradicted'; reason: string }
	/** The API shows the record in an earlier state that can still become the notified one. */
	| { outcome: 'lagging'; reason: string }
	/**
	 * The API could not be read or its answer not understood (down, slow, rate-limited, not JSON,
	 * a status it does not document); `keyRefused` when it refused the credential's key.
	 */
	| { outcome: 'unavailable'; reason: string; keyRefused?: boolean };

/** The HTTP status of a failed API read, however the transport reports it. */
export function httpCodeOf(error: unknown): string | undefined {
	const candidate = error as { httpCode?: unknown; errorResponse?: { httpCode?: unknown } };
	const code = candidate.httpCode ?? candidate.errorResponse?.httpCode;
	return code === undefined || code === null ? undefined : String(code);
}

/** A failed API read as a Confirmation: unavailable, and whether the key was refused (401, 403). */
export function unreadable(error: unknown): Confirmation {
	const code = httpCodeOf(error);
	return { outcome: 'unavailable', reason: (error as Error).message, keyRefused: code === '401' || code === '403' };
}

/** What the API holds of a notified record, to judge the notification by (judgeRecord). */
export interface ApiRecord {
	provider: Provider;
	/** The record's name in the texts: 'order', 'payout', 'invoice'. */
	what: string;
	rules: StatusRules;
	/** The status notified, and the one the API answers. */
	status: { notified: unknown; api: unknown };
	/** Amounts the API must agree with (the notification's signed ones), each by its label. */
	amounts: Array<{ label: string; notified: unknown; api: unknown }>;
	/** The currency, when the notification names one. */
	currency?: { notified: unknown; api: unknown };
	/** The fields the API vouches for, put on the item once confirmed. */
	fields: () => IDataObject;
}

/**
 * Judges a notification by the API's record of it, most certain first:
 *  - an amount the API does not answer as a plain decimal → unavailable (it cannot confirm it);
 *  - another amount, or another currency → contradicted; no currency at all → unavailable;
 *  - a status that confirms the notified one → confirmed; an earlier state that can still become
 *    it → lagging; another documented status → contradicted; an undocumented one → unavailable.
 * Amounts are compared as decimals (money.ts), never as floats.
 */
export function judgeRecord(record: ApiRecord): Confirmation {
	const { provider, what } = record;
	const says = `${provider.name}'s API says the ${what}`;
	for (const { label, notified, api } of record.amounts) {
		const apiText = moneyText(api, 8);
		if (apiText === undefined) {
			return { outcome: 'unavailable', reason: `${provider.name}'s API answered no readable ${label} for the ${what} (${String(api)})` };
		}
		if (apiText !== moneyText(notified, 8)) {
			return { outcome: 'contradicted', reason: `${says}'s ${label} is ${apiText}, the notification says ${String(notified)}` };
		}
	}
	if (record.currency) {
		const { notified, api } = record.currency;
		if (api === undefined || api === null || String(api).trim() === '') {
			return { outcome: 'unavailable', reason: `${provider.name}'s API answered no currency for the ${what}` };
		}
		if (String(api).trim().toUpperCase() !== String(notified).trim().toUpperCase()) {
			return { outcome: 'contradicted', reason: `${says}'s currency is ${String(api)}, the notification says ${String(notified)}` };
		}
	}
	const notified = String(record.status.notified ?? '');
	const api = String(record.status.api ?? '');
	const { rules } = record;
	const versus = `"${api}", the notification says "${notified}"`;
	if ((rules.confirms?.[notified] ?? [notified]).includes(api)) return { outcome: 'confirmed', fields: record.fields() };
	if (rules.before[notified]?.includes(api)) {
		return { outcome: 'lagging', reason: `${provider.name}'s API still says the ${what}'s status is ${versus}` };
	}
	if (rules.known.includes(api)) return { outcome: 'contradicted', reason: `${says}'s status is ${versus}` };
	return {
		outcome: 'unavailable',
		reason: `${says}'s status is ${versus}, and ${provider.name}'s documentation does not list "${api}"`,
	};
}

export type ConfirmNotification = (
	context: IWebhookFunctions,
	event: NotificationEvent,
	payload: IDataObject,
	credentials: ICredentialDataDecryptedObject,
) => Promise<Confirmation>;

/** How a trigger receives its provider's notifications. */
export interface NotificationSource {
	provider: Provider;
	events: NotificationEvent[];
	/** The one content type the provider sends. */
	contentType: 'application/x-www-form-urlencoded' | 'application/json';
	isGenuine: IsGenuine;
	/** The signature as sent (a form field or a header). */
	signatureOf(context: IWebhookFunctions, payload: IDataObject): unknown;
	confirm: ConfirmNotification;
	/** A further check of the sender after the signature (aaio's source IPs), or none. */
	checkSender?(context: IWebhookFunctions, credentials: ICredentialDataDecryptedObject): Promise<boolean>;
}

interface RawRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer;
	body?: unknown;
}

/** The body's size in bytes as received, without serializing anything. */
function bodySize(request: RawRequest): number {
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody.length;
	const declared = Number(request.headers['content-length']);
	return Number.isFinite(declared) ? declared : 0;
}

const HEX_SIGNATURE = /^[0-9a-fA-F]{64}$/;

/**
 * The shape check: a plain object of at most MAX_NOTIFICATION_FIELDS fields, the event's
 * required fields present as non-empty strings or numbers, a 64-hex-digit signature, and for
 * a form only string values (a form parser may turn `a[b]=c` into objects).
 */
function hasNotificationShape(
	source: NotificationSource,
	event: NotificationEvent,
	payload: unknown,
	signature: unknown,
): payload is IDataObject {
	if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
	const fields = Object.keys(payload);
	if (fields.length === 0 || fields.length > MAX_NOTIFICATION_FIELDS) return false;
	const record = payload as IDataObject;
	if (source.contentType === 'application/x-www-form-urlencoded') {
		if (fields.some((name) => typeof record[name] !== 'string')) return false;
	}
	for (const name of event.requiredFields) {
		const value = record[name];
		if (!((typeof value === 'string' && value !== '') || typeof value === 'number')) return false;
	}
	return typeof signature === 'string' && HEX_SIGNATURE.test(signature.trim());
}

/**
 * A received payload as plain data: its own members only, and none named `__proto__`, at any
 * depth. JSON makes such a member an ordinary one, but assigning it (`item[key] = value`, as this
 * package and n8n's deepCopy do with an item's fields) replaces the object's prototype, whose
 * fields then show through as fields nobody sent or signed. Neither provider documents such a
 * member: it is left out of the item (a signature over the whole body still covers it).
 */
export function plainData(value: unknown): unknown {
	if (typeof value !== 'object' || value === null) return value;
	return JSON.parse(JSON.stringify(value), (key, member: unknown) => (key === '__proto__' ? undefined : member));
}

/** The status the node trusts: signed, or confirmed by the API; undefined otherwise. */
function trustedStatus(
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
function replayKey(provider: Provider, event: NotificationEvent, payload: IDataObject): string[] {
	return [
		provider.name,
		event.value,
		...event.replayFields.map((name) => String(payload[name] ?? '')),
		event.statusSigned ? String(payload.status) : '',
	];
}

/**
 * Confirm With Provider, allowing for lag: while the API shows the record in an earlier state
 * than notified, it is read again after each of LAG_PAUSES_MS, within LAG_WINDOW_MS. Returns the
 * last answer and how many reads it took.
 */
async function confirmAllowingLag(
	context: IWebhookFunctions,
	source: NotificationSource,
	event: NotificationEvent,
	payload: IDataObject,
	credentials: ICredentialDataDecryptedObject,
): Promise<{ answer: Confirmation; reads: number; seconds: number }> {
	const started = performance.now();
	let answer = await source.confirm(context, event, payload, credentials);
	let reads = 1;
	for (const pause of LAG_PAUSES_MS) {
		if (answer.outcome !== 'lagging' || performance.now() - started + pause > LAG_WINDOW_MS) break;
		await sleep(pause);
		answer = await source.confirm(context, event, payload, credentials);
		reads++;
	}
	return { answer, reads, seconds: Math.round((performance.now() - started) / 100) / 10 };
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

/**
 * The clean item of a notification, key by key (shapeEntity would give up on the whole item): a
 * key whose field is missing or not of its kind (a date written another way, an amount that is
 * not a number) is null, a status `unknown`, and its fields go into `taken.failed`, to stay as
 * received under the provider's key. A genuine notification (or one checked by Verify
 * Signature, which has no shape check) so loses neither its other keys nor that field.
 */
function notificationEntity(
	fields: IDataObject,
	table: EntityTable,
	context: ShapeContext,
	taken: { read: Set<string>; failed: Set<string> },
): IDataObject {
	const item: IDataObject = {};
	for (const [key, spec] of Object.entries(table)) {
		if (!Array.isArray(spec) && 'group' in spec) {
			item[key] = notificationEntity(fields, spec.group, context, taken);
			continue;
		}
		const one: EntityTable = { [key]: spec };
		const shaped = shapeEntity(fields, one, context);
		const names = fieldsOf(one);
		if ('item' in shaped) {
			item[key] = shaped.item[key];
			for (const name of names) taken.read.add(name);
		} else {
			item[key] = !Array.isArray(spec) && 'words' in spec ? 'unknown' : null;
			for (const name of names) taken.failed.add(name);
		}
	}
	return item;
}

/**
 * A genuine notification as an item: each field once (amounts and counts as numbers, the
 * provider's own values where the API confirmed them), `verification` naming the fields the
 * signature covers, the ones the API confirmed and the ones neither vouches for, and `raw`
 * holding only the text as received of the fields turned into numbers (what aaio signs).
 */
function notificationItem(
	provider: Provider,
	event: NotificationEvent,
	payload: IDataObject,
	confirmed?: IDataObject,
): IDataObject {
	const fields: IDataObject = {};
	const raw: IDataObject = {};
	for (const [key, value] of Object.entries(payload)) {
		const amount = event.numericFields.includes(key) ? toAmount(value) : undefined;
		fields[key] = amount ?? value;
		if (amount !== undefined && typeof value === 'string') raw[key] = value;
	}
	const confirmedNames = Object.keys(confirmed ?? {});
	Object.assign(fields, confirmed);
	const names = Object.keys(fields);
	// The entity's clean item; what its table does not read (or could not) stays, as received,
	// with the provider-only fields, so that every field is in the item once. A field two keys
	// read (status, providerStatus) counts as taken only when both could read it.
	const taken = { read: new Set<string>(), failed: new Set<string>() };
	const entity = notificationEntity(fields, event.table, { timeZone: provider.timeZone }, taken);
	const own = (entity[provider.name] ?? {}) as IDataObject;
	for (const [key, value] of Object.entries(fields)) {
		if ((!taken.read.has(key) || taken.failed.has(key)) && key !== 'sign') own[key] = value;
	}
	entity[provider.name] = own;
	const signed =
		event.signedFields === 'all'
			? Object.keys(payload)
			: event.signedFields.filter((name) => name in payload);
	const vouched = new Set([...signed, ...confirmedNames, 'sign']);
	return {
		provider: provider.name,
		event: event.value,
		...entity,
		verification: {
			signed,
			confirmedWithProvider: confirmedNames,
			unverified: names.filter((name) => !vouched.has(name)),
		},
		raw,
	};
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
				payload = plainData(JSON.parse(received)) as IDataObject;
			} catch {
				payload = plainData(Object.fromEntries(new URLSearchParams(received))) as IDataObject;
			}
		} else if (typeof received === 'object' && received !== null && !Array.isArray(received)) {
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
const VERIFY_ACTION = 'Verify notification signature (no request is sent)';

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
