import type { ICredentialDataDecryptedObject, IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { Provider } from './provider';
import type { EntityTable } from './shape';

/* The vocabulary of notifications: the events a trigger receives and how each is checked and confirmed. */

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

/** How a provider tells a genuine notification: the event's secret and what was received. */
export type IsGenuine = (
	event: NotificationEvent,
	received: { payload: IDataObject; rawBody: string; signature: unknown },
	secret: string,
) => boolean;
