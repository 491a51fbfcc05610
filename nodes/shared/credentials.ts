import type { ICredentialDataDecryptedObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { Provider } from './provider';

/** One read per node run, keyed by the run's execute data, which every item's context shares. */
const readsOfRun = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

/**
 * The node's credential as its routing sees it: read once per node run, as n8n's RoutingNode
 * reads the `$credentials` of routing expressions (such as the base URL) once per run. For our
 * checks and the request parts that come from the credential (a user ID in the path, the
 * Merchant ID, signatures). In a real n8n every read is a database read and a decryption, and n8n
 * already makes one per request to authenticate it; this avoids a second one per item.
 * The object is shared by the run's items: read it, never change it.
 */
export async function routingCredentials(
	context: IExecuteSingleFunctions,
	provider: Provider,
): Promise<ICredentialDataDecryptedObject> {
	const run = context.getExecuteData();
	if (!run) return await context.getCredentials(provider.credentialType);
	let read = readsOfRun.get(run);
	if (!read) {
		read = context.getCredentials<ICredentialDataDecryptedObject>(provider.credentialType);
		readsOfRun.set(run, read);
	}
	return await read;
}

/**
 * How long a notification trigger keeps the credential it read. In n8n 2.41 a read outside an
 * execution (a webhook) is a database read, a decryption and an expression isolate: 30 to 40 ms
 * of CPU, a third of what a notification cost (BENCHMARKS.md). Kept, a burst pays it once.
 */
export const KEPT_CREDENTIAL_MS = 60_000;

/**
 * After a signature the kept secret does not verify, the credential is read again (the secret
 * may have been changed), but at most this often: a flood of forged notifications costs at
 * most one read per this many milliseconds.
 */
export const REREAD_AFTER_MS = 5_000;

interface KeptRead {
	read: Promise<ICredentialDataDecryptedObject>;
	/** When it was read, on the monotonic clock. */
	at: number;
	/** The provider refused a key it holds: read again once REREAD_AFTER_MS have passed. */
	doubted?: boolean;
}

/**
 * Milliseconds on a monotonic clock (performance.now: it only moves forward, at the rate of real
 * time). The wall clock (Date.now) can step back (NTP, a person, a restored VM) and would then
 * keep a credential past KEPT_CREDENTIAL_MS, with a secret that was changed meanwhile.
 */
const monotonicNow = (): number => performance.now();

/** Credentials kept by notification triggers: by workflow and credential ID, in this process only. */
const keptReads = new Map<string, KeptRead>();

/** What a webhook context offers for reading its credential. */
interface WebhookCredentialContext {
	getNode(): { credentials?: Record<string, { id: string | null } | undefined> };
	getWorkflow(): { id?: string };
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string): Promise<T>;
}

function keptKey(context: WebhookCredentialContext, provider: Provider): string | undefined {
	const id = context.getNode().credentials?.[provider.credentialType]?.id;
	return id ? `${context.getWorkflow().id ?? ''}:${provider.credentialType}:${id}` : undefined;
}

/**
 * A notification trigger's credential: read at most once per KEPT_CREDENTIAL_MS (one read for
 * a burst, shared by notifications that arrive together), or again when `fresh` asks for it (or
 * the provider refused a key it holds: doubtNotificationCredentials) and the kept read is older
 * than REREAD_AFTER_MS. Ages are measured on the monotonic clock. The decrypted credential stays
 * in this process's memory only, never in static data; it is not used after KEPT_CREDENTIAL_MS,
 * and dropped at the next notification after that or when the workflow is activated or
 * deactivated here. A failed read is not kept.
 */
export async function notificationCredentials(
	context: WebhookCredentialContext,
	provider: Provider,
	{ fresh = false }: { fresh?: boolean } = {},
): Promise<{ credentials: ICredentialDataDecryptedObject; kept: boolean }> {
	const key = keptKey(context, provider);
	const read = () => context.getCredentials<ICredentialDataDecryptedObject>(provider.credentialType);
	if (!key) return { credentials: await read(), kept: false };
	const now = monotonicNow();
	const kept = keptReads.get(key);
	const age = kept ? now - kept.at : Infinity;
	if (kept && age < KEPT_CREDENTIAL_MS && !((fresh || kept.doubted) && age >= REREAD_AFTER_MS)) {
		return { credentials: await kept.read, kept: true };
	}
	// Whatever was kept past its time goes (n8n's rules for community nodes allow no timers).
	for (const [other, { at }] of keptReads) if (now - at >= KEPT_CREDENTIAL_MS) keptReads.delete(other);
	const entry: KeptRead = { read: read(), at: now };
	keptReads.set(key, entry);
	// A failed read is not kept (the caller gets its error from `await` below).
	entry.read.catch(() => {
		if (keptReads.get(key) === entry) keptReads.delete(key);
	});
	return { credentials: await entry.read, kept: false };
}

/**
 * The provider refused a key of the kept credential (it may have been changed since): the next
 * notification reads the credential again, once the kept read is REREAD_AFTER_MS old. Other
 * failures (a rate limit, an API that is down) keep it: they say nothing about the key.
 */
export function doubtNotificationCredentials(context: WebhookCredentialContext, provider: Provider): void {
	const key = keptKey(context, provider);
	const kept = key ? keptReads.get(key) : undefined;
	if (kept) kept.doubted = true;
}

/** Drops what notification triggers kept of this node's credential (activation, deactivation). */
export function forgetNotificationCredentials(context: WebhookCredentialContext, provider: Provider): void {
	const key = keptKey(context, provider);
	if (key) keptReads.delete(key);
}

/** Drops every kept credential (tests use it to stand for a restarted n8n). */
export function forgetAllNotificationCredentials(): void {
	keptReads.clear();
}
