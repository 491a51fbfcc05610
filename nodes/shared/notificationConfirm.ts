import type { ICredentialDataDecryptedObject, IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { moneyText } from './money';
import type { ApiRecord, Confirmation, NotificationEvent, NotificationSource } from './notificationTypes';

/*
 * Confirm With Provider: the API's record judged against a notification (judgeRecord), read again
 * while the API lags (confirmAllowingLag).
 */

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

/**
 * Confirm With Provider, allowing for lag: while the API shows the record in an earlier state
 * than notified, it is read again after each of LAG_PAUSES_MS, within LAG_WINDOW_MS. Returns the
 * last answer and how many reads it took.
 */
export async function confirmAllowingLag(
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
