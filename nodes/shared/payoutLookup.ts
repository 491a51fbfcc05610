import { createHash, randomBytes } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, IExecutePaginationFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { outcomeOf, reasonOf, unreadableFieldError } from './errors';
import { sameMoney } from './money';
import type { Provider } from './provider';
import { timeoutOf } from './operation';
import type { EntityTable } from './shape';
import { sentence } from './text';
import { baseUrlOf, exchange, readAnswer } from './transport';
import type { ProviderRequest, TransportContext } from './transport';

/*
 * Looking a payout up by its own ID (the Order ID), for Payout → Create (payout.ts), and reading
 * the answer the way that cannot pay twice:
 * - "no payout has this ID" only when the provider clearly says so (see `isNotFound`);
 * - a record is this payout's only when it carries the ID looked up and echoes the amount, the
 *   method and the wallet, each the same as sent (a wallet compared as the provider may write it);
 * - anything else is "the node cannot tell", which sends nothing.
 */

/** How one provider creates and looks up payouts. */
export interface PayoutApi {
	provider: Provider;
	/** The create request's field that identifies the payout, which the record echoes: `my_id`, `order_id`. */
	idField: string;
	/** As the node shows it: 'Order ID'. */
	idLabel: string;
	/** Where a user checks by hand, e.g. 'the aaio cabinet (Payouts)'. */
	cabinet: string;
	/** The lookup by the payout's own ID. */
	lookup(id: string, credentials: ICredentialDataDecryptedObject): ProviderRequest;
	/**
	 * How the provider says that it knows no payout with an ID:
	 * - `documented`: its documented refusal, recognised by this function;
	 * - `learned`: undocumented, so learned from the provider itself (see `learnNotFound`) with
	 *   `lookupWithoutId`, a lookup that names no payout and must be refused for that.
	 */
	notFound: { documented(error: unknown): boolean } | { lookupWithoutId(credentials: ICredentialDataDecryptedObject): ProviderRequest };
	/** The account a payout belongs to: payouts of two accounts never share a claim or a learned answer. */
	accountOf(credentials: ICredentialDataDecryptedObject): string;
	/** The payout in a lookup answer, or undefined. */
	recordOf(answer: IDataObject): IDataObject | undefined;
	/** The record against the create request (see `Comparison`). */
	compare(sent: IDataObject, record: IDataObject): Comparison;
	/** How a looked-up payout becomes a clean item of the payout schema (Simplify on). */
	table: EntityTable;
	/** Said when a lookup is refused for want of a permission. */
	lookupHint: string;
}

/**
 * A record against the request: `differences`, fields it shows with another value (so it is
 * another payout); `unclear`, fields it does not show, or shows in a form that may be this
 * request's written otherwise (so the node cannot tell). Both in words ('amount 500, not 1000').
 */
export interface Comparison {
	differences: string[];
	unclear: string[];
}

/** One field of a record against the request: 'same', 'different' or 'unclear'. */
export type Match = 'same' | 'different' | 'unclear';

const isMissing = (value: unknown) => value === undefined || value === null || String(value).trim() === '';

/** Adds one field's comparison to a Comparison, in words. */
export function compareField(
	comparison: Comparison,
	label: string,
	sent: unknown,
	recorded: unknown,
	match: (sent: string, recorded: string) => Match = (a, b) => (a === b ? 'same' : 'different'),
): void {
	const shown = String(sent ?? '').trim();
	if (isMissing(recorded)) {
		comparison.unclear.push(`${label} not shown`);
		return;
	}
	const echoed = String(recorded).trim();
	const result = match(shown, echoed);
	if (result === 'different') comparison.differences.push(`${label} ${echoed}, not ${shown}`);
	if (result === 'unclear') comparison.unclear.push(`${label} shown as ${echoed}`);
}

/** Amounts: the same money (`1000`, `"1000.00"`), or another. */
export const matchMoney = (sent: string, recorded: string): Match => (sameMoney(sent, recorded) ? 'same' : 'different');

/** Method and service codes: case does not make another method. */
export const matchCode = (sent: string, recorded: string): Match =>
	sent.toLowerCase() === recorded.toLowerCase() ? 'same' : 'different';

/** A card or phone number as written (digits, spaces, `+`, dashes, brackets, dots), perhaps masked with `*`. */
const NUMBER_LIKE = /^[\d\s()+\-.*]+$/;
/** Address formats whose letters may be written in either case: hex (`0x…`) and bech32 (`bc1…`, `ltc1…`). */
const CASE_FREE = /^(0x[0-9a-f]+|(bc|tb|ltc|tltc)1[0-9a-z]+)$/i;
/** The fewest characters a mask must leave visible for the wallet to tell anything. */
const MIN_VISIBLE = 4;

/** A wallet as a provider may write it: numbers as their digits, case-free addresses in lower case. */
function canonicalWallet(wallet: string): string {
	const compact = wallet.replace(/\s+/g, '');
	if (NUMBER_LIKE.test(compact)) return compact.replace(/[^\d*]/g, '');
	return CASE_FREE.test(compact) ? compact.toLowerCase() : compact;
}

/** The same, loosely: letters and digits only, in lower case, a Russian 8XXXXXXXXXX as 7XXXXXXXXXX. */
function looseWallet(wallet: string): string {
	const loose = wallet.toLowerCase().replace(/[^0-9a-z*]/g, '');
	return /^8\d{10}$/.test(loose) ? `7${loose.slice(1)}` : loose;
}

/** Whether `sent` fits `recorded`, where a run of `*` in `recorded` stands for one or more characters. */
function fitsMask(sent: string, recorded: string): boolean {
	if (!recorded.includes('*')) return sent === recorded;
	const pattern = recorded
		.split(/\*+/)
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('.+');
	return new RegExp(`^${pattern}$`).test(sent);
}

/**
 * Whether a wallet a provider echoes is the one sent. Cards and phones are compared by their
 * digits (`2200 7000 …`, `+7 900 …`), a mask (`2200********2222`, `2200 70** **** 2222`) by what
 * it leaves visible, hex and bech32 addresses without regard to case. A wallet that differs only
 * in another way of writing it (a phone with 8 for +7, a case-sensitive address in another case,
 * a mask leaving fewer than 4 characters) is 'unclear', never 'different': the node then sends
 * nothing and never advises a new Order ID, which could pay twice.
 */
export function matchWallet(sent: string, recorded: string): Match {
	const [a, b] = [canonicalWallet(sent), canonicalWallet(recorded)];
	if (b.includes('*') && b.replace(/\*/g, '').length < MIN_VISIBLE) return 'unclear';
	if (fitsMask(a, b)) return 'same';
	return fitsMask(looseWallet(a), looseWallet(b)) ? 'unclear' : 'different';
}

/** What one lookup by ID found. */
export type LookupResult =
	| { record: IDataObject; comparison: Comparison }
	| { absent: true }
	| { failed: Error };

/** One lookup through the transport, its answer or its failure as an error. */
async function ask(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	credentials: ICredentialDataDecryptedObject,
	request: ProviderRequest,
): Promise<{ answer: IDataObject } | { error: unknown }> {
	try {
		const answer = await exchange(context as unknown as TransportContext, api.provider, request, {
			credentials,
			timeoutMs: timeoutOf(context),
		});
		return { answer: readAnswer(context.getNode(), api.provider, answer) };
	} catch (error) {
		return { error };
	}
}

/** A lookup failure the node states itself (the answer was read, and it cannot tell). */
function lookupError(context: IExecutePaginationFunctions, api: PayoutApi, reason: string): NodeApiError {
	return new NodeApiError(context.getNode(), { provider: api.provider.name, reason }, { message: reason, httpCode: 'none' });
}

/**
 * A refusal as the provider wrote it, for comparing two refusals: the HTTP status the error
 * carries, the body's `type` and `code`, and its message with the ID looked up written as `{id}`.
 * Undefined for anything that is not the provider's own JSON refusal with a message (a proxy's
 * page, a redirect, a refusal that says nothing), and for refusals that are about the key or
 * the pace, never about one payout (401, 403, 429).
 */
export function refusalOf(error: unknown, id: string): string | undefined {
	if (outcomeOf(error) !== 'refused') return undefined;
	const response = ((error as { errorResponse?: IDataObject }).errorResponse ?? {}) as IDataObject;
	const status = Number(response.httpCode);
	if (response.redirect !== undefined || [401, 403, 429].includes(status)) return undefined;
	const body = response.response as IDataObject | undefined;
	if (typeof body !== 'object' || body === null) return undefined;
	const message = typeof body.message === 'string' ? body.message.trim() : '';
	if (!message) return undefined;
	const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	// The ID as a word of its own: a short ID ("1") must not eat the digits of other words.
	const named = id ? message.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'), '{id}') : message;
	return JSON.stringify([status, String(body.type ?? ''), String(body.code ?? ''), named]);
}

/** A learned not-found answer of one account, and when it was learned (monotonic ms). */
interface Learned {
	refusal: string | undefined;
	at: number;
}

/** How often the node asks again when a refusal is not the learned one (per account). */
export const RELEARN_AFTER_MS = 60_000;

const learnedNotFound = new Map<string, Learned>();
const learning = new Map<string, Promise<Learned>>();

/** Forgets what was learned (tests; a restarted n8n starts with nothing learned). */
export function forgetLearnedNotFound(): void {
	learnedNotFound.clear();
	learning.clear();
}

/**
 * Learns how the provider refuses a lookup of an unknown ID. UNCERTAIN: aaio does not document
 * that answer (only its generic `{"type":"fail","code":400,"message":…}`), and reading any refusal
 * as "not found" let a payout go out after a refusal of the key's IP, a missing parameter or a
 * bare `{"type":"fail"}`. So the node asks aaio itself, with two lookups that cannot find
 * anything: one for an ID nobody has (`n8n-probe-` and 32 random hex digits) and one naming no
 * payout at all. The first refusal is aaio's "not found" only when the second is another one:
 * a refusal they share (the IP allow-list, a rate limit, maintenance) is not about the ID, and
 * then nothing is learned, so every refused lookup is "lookup failed" and nothing is sent.
 * Learned once per process and account, asked again at most every RELEARN_AFTER_MS when a
 * refusal differs from it (aaio may reword its message).
 */
async function learnNotFound(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	credentials: ICredentialDataDecryptedObject,
	lookupWithoutId: (credentials: ICredentialDataDecryptedObject) => ProviderRequest,
	again: boolean,
): Promise<Learned> {
	const account = api.accountOf(credentials);
	const known = learnedNotFound.get(account);
	if (known && (!again || performance.now() - known.at < RELEARN_AFTER_MS)) return known;
	let pending = learning.get(account);
	if (!pending) {
		pending = (async () => {
			const probeId = `n8n-probe-${randomBytes(16).toString('hex')}`;
			const unknownId = await ask(context, api, credentials, api.lookup(probeId, credentials));
			const noId = await ask(context, api, credentials, lookupWithoutId(credentials));
			const notFound = 'error' in unknownId ? refusalOf(unknownId.error, probeId) : undefined;
			const other = 'error' in noId ? refusalOf(noId.error, '') : undefined;
			const learned = { refusal: notFound !== undefined && other !== undefined && notFound !== other ? notFound : undefined, at: performance.now() };
			learnedNotFound.set(account, learned);
			return learned;
		})().finally(() => learning.delete(account));
		learning.set(account, pending);
	}
	return await pending;
}

/** Whether a refused lookup says that no payout has `id` (see PayoutApi.notFound). */
async function isNotFound(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	credentials: ICredentialDataDecryptedObject,
	error: unknown,
	id: string,
): Promise<boolean> {
	if ('documented' in api.notFound) return api.notFound.documented(error);
	const refusal = refusalOf(error, id);
	if (refusal === undefined) return false;
	const { lookupWithoutId } = api.notFound;
	if ((await learnNotFound(context, api, credentials, lookupWithoutId, false)).refusal === refusal) return true;
	return (await learnNotFound(context, api, credentials, lookupWithoutId, true)).refusal === refusal;
}

/** One lookup by ID, read as a LookupResult. */
export async function lookUp(
	context: IExecutePaginationFunctions,
	api: PayoutApi,
	credentials: ICredentialDataDecryptedObject,
	sent: IDataObject,
	id: string,
): Promise<LookupResult> {
	const { name } = api.provider;
	const result = await ask(context, api, credentials, api.lookup(id, credentials));
	if ('error' in result) {
		const { error } = result;
		if (await isNotFound(context, api, credentials, error, id)) return { absent: true };
		const status = Number((error as { errorResponse?: IDataObject }).errorResponse?.httpCode);
		// Failures that say what they are on their own: no answer, the key, its permission, the pace.
		if ('documented' in api.notFound || outcomeOf(error) !== 'refused' || [401, 403, 429].includes(status)) {
			return { failed: error as Error };
		}
		return {
			failed: lookupError(
				context,
				api,
				`${sentence(reasonOf(error))} That is not how ${name} answers for an ${api.idLabel} it does not know, so the node cannot tell whether a payout with ${api.idLabel} "${id}" exists.`,
			),
		};
	}
	const record = api.recordOf(result.answer);
	if (!record) return { failed: unreadableFieldError(context.getNode(), api.provider, 'payout') };
	// A record for another ID is not an answer about this one (a cache, a proxy, an API change).
	const echoed = record[api.idField];
	if (isMissing(echoed) || String(echoed).trim() !== id) {
		const shown = isMissing(echoed) ? `no ${api.idLabel}` : `the ${api.idLabel} "${String(echoed).trim()}"`;
		return {
			failed: lookupError(
				context,
				api,
				`${name} answered the lookup of ${api.idLabel} "${id}" with a payout that has ${shown}, so the node cannot tell whether a payout with ${api.idLabel} "${id}" exists.`,
			),
		};
	}
	return { record, comparison: api.compare(sent, record) };
}

/** The account key of a credential field that is a secret: a digest, never the secret. */
export function accountKey(credentials: ICredentialDataDecryptedObject, field: string): string {
	const digest = createHash('sha256').update(String(credentials[field] ?? '')).digest('hex');
	return `${baseUrlOf(credentials)}\n${digest}`;
}
