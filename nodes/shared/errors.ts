import type { ICredentialDataDecryptedObject, IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Provider } from './provider';
import { redactSecrets } from './redact';
import { bounded, excerpt, sentence } from './text';

/**
 * What a failed request may have done at the provider, for operations that must not be
 * repeated blindly (creating a payout):
 * - `not-sent`: nothing reached the provider (checked before sending, connection refused,
 *   DNS or TLS failure, a domain the credential may not reach);
 * - `refused`: the provider answered and clearly did not act (its own JSON error below
 *   HTTP 500, a rate limit, a redirect);
 * - `unknown`: it may have acted (no answer in time, a connection closed, a 5xx, an answer
 *   that is not the provider's JSON).
 */
export type Outcome = 'not-sent' | 'refused' | 'unknown';

/** The longest provider message an error repeats; the rest is cut, saying so. */
export const MAX_PROVIDER_MESSAGE = 300;

interface FailureDetails {
	/** The HTTP status of the answer. */
	httpStatus: number;
	/** The error code the provider put in the body, if any (aaio sends one even with HTTP 200). */
	bodyCode?: number;
	/** The provider's own message, passed through as it came. */
	providerMessage: string;
	/** Seconds from Retry-After, for 429. */
	retryAfter?: number;
}

/** The outcome of an answer that is an error (see Outcome). */
function outcomeOfAnswer(status: number, json: boolean): Outcome {
	if (status === 429) return 'refused';
	return json && status < 500 ? 'refused' : 'unknown';
}

/**
 * The error for a request the provider answered but refused: its message names the
 * provider, passes the provider's own message through and says what to do.
 */
export function providerError(
	node: INode,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject | undefined,
	details: FailureDetails,
	responseBody?: IDataObject,
): NodeApiError {
	const { httpStatus, bodyCode, retryAfter } = details;
	const providerMessage = bounded(
		redactSecrets(details.providerMessage, provider, credentials),
		MAX_PROVIDER_MESSAGE,
	);
	const status = httpStatus >= 400 ? httpStatus : (bodyCode ?? 400);
	const name = provider.name;
	const reason = providerMessage ? `: ${providerMessage}` : '';
	const where =
		httpStatus >= 400 || bodyCode === undefined
			? `HTTP ${httpStatus}`
			: `HTTP ${httpStatus}, error code ${bodyCode}`;
	// `what` happened, then the advice: callers with advice of their own (payouts) take `what`.
	let headline: string;
	let advice: string;
	let description: string;

	if (status === 429) {
		headline = `${name} rate limit reached`;
		advice = retryAfter === undefined ? '' : `Retry after ${retryAfter} s.`;
		description =
			`${name} asks to slow down${retryAfter === undefined ? '' : ` and to wait ${retryAfter} s (Retry-After)`}. ` +
			'Run the workflow less often, or turn on Retry On Fail in the node settings ' +
			'(n8n waits at most 5 s between tries, so a longer Retry-After needs a Wait node or a slower schedule).';
	} else if (status === 401) {
		headline = `${name} rejected the credentials`;
		advice = `Check the ${provider.credentialDisplayName} credential.`;
		description = provider.credentialHint;
	} else if (status === 403) {
		headline = `${name} refused access`;
		advice = 'Give the key the permission this operation needs.';
		description = provider.credentialHint;
	} else if (status === 404) {
		headline = `${name} did not find what was asked for`;
		advice = `Check the Base URL in the ${provider.credentialDisplayName} credential.`;
		description = `The request reached a server that does not know this ${name} endpoint or account.`;
	} else if (status >= 500) {
		headline = `${name} server error`;
		advice = 'Try again later.';
		description = `The problem is on ${name}'s side. Turn on Retry On Fail in the node settings to retry automatically.`;
	} else {
		headline = `${name} rejected the request`;
		advice = `Check the node's parameters and the ${provider.credentialDisplayName} credential.`;
		description = `${name} answered with an error instead of a result.`;
	}
	// The provider's message ends the first sentence; it may bring its own full stop.
	const what = sentence(`${headline} (${where})${reason}`);
	const message = advice ? `${what} ${advice}` : what;

	const errorBody: JsonObject = {
		provider: name,
		httpCode: status,
		message: providerMessage,
		reason: what,
		outcome: outcomeOfAnswer(Math.max(httpStatus, bodyCode ?? 0), responseBody !== undefined),
	};
	// The body came through the transport, which removed the secrets from it.
	if (responseBody) errorBody.response = responseBody as JsonObject;
	return new NodeApiError(node, errorBody, { message, description, httpCode: String(status) });
}

/** The error for an answer that is not the JSON the provider always sends. */
export function unreadableResponseError(
	node: INode,
	provider: Provider,
	status: number,
	contentType: string | undefined,
	body: string,
	redact: (text: string) => string = (text) => text,
): NodeApiError {
	const name = provider.name;
	const empty = body.trim() === '';
	const kind = empty ? 'an empty response' : `a response that is not JSON${contentType ? ` (${bounded(contentType, 60)})` : ''}`;
	const message =
		`${name} sent ${kind} with HTTP ${status}. ` +
		`Check the Base URL in the ${provider.credentialDisplayName} credential, or try again later if ${name} is down.`;
	const description = empty
		? `The ${name} API always answers with JSON; an empty answer usually means a proxy or the server failed.`
		: // Cleaned again after excerpting: a secret split by markup is whole once the markup is gone.
			`Start of the response: ${redact(excerpt(body))}`;
	return new NodeApiError(
		node,
		{ provider: name, httpCode: status, reason: `${name} sent ${kind} with HTTP ${status}.`, outcome: outcomeOfAnswer(status, false) },
		{ message, description, httpCode: String(status) },
	);
}

/** The error for a redirect, which the node never follows: the request carries the key. */
export function redirectError(
	node: INode,
	provider: Provider,
	status: number,
	location: string,
): NodeApiError {
	const name = provider.name;
	const target = location ? bounded(location, 200) : 'no address (the answer had no Location header)';
	return new NodeApiError(
		node,
		{ provider: name, httpCode: status, redirect: target, outcome: 'refused' },
		{
			message: `${name} answered with a redirect (HTTP ${status}) to ${target}, which the node does not follow. Check the Base URL in the ${provider.credentialDisplayName} credential.`,
			description:
				`Requests carry the ${provider.credentialDisplayName} credential's keys, so the node never follows a redirect, ` +
				`not even on the same server. If ${name} has really moved, put its new address in the Base URL of the credential.`,
			httpCode: String(status),
		},
	);
}

/** How a request that got no (whole) answer failed. */
export type FailureKind =
	| 'timeout'
	| 'stalled'
	| 'cut'
	| 'reset'
	| 'refused'
	| 'dns'
	| 'tls'
	| 'domain'
	| 'tooLarge'
	| 'cancelled'
	| 'other';

/** An error the transport raises itself, with what it knows of the failure. */
export class TransportFailure extends Error {
	constructor(
		readonly kind: FailureKind,
		message: string,
		readonly detail?: unknown,
	) {
		super(message);
	}
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|EPROTO$|HOSTNAME_MISMATCH|ERR_OSSL)/;

function findErrorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && /^[A-Z_0-9]+$/.test(current.code)) return current.code;
		current = current.cause as typeof current;
	}
	return undefined;
}

/** The messages along an error's cause chain, each once (a wrapper often repeats its cause's). */
function findErrorText(error: unknown): string {
	const texts: string[] = [];
	let current = error as { message?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		const text = current.message;
		if (typeof text === 'string' && text && !texts.some((seen) => seen.includes(text))) texts.push(text);
		current = current.cause as typeof current;
	}
	return texts.join(' ');
}

/** What kind of failure an error from n8n's HTTP helpers is. */
function kindOf(error: unknown, code: string | undefined, text: string): FailureKind {
	if (error instanceof TransportFailure) return error.kind;
	if (code === 'ECONNREFUSED') return 'refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
	if (code && TLS_CODE.test(code)) return 'tls';
	if (/domain not allowed/i.test(text)) return 'domain';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || /timeout|timed out/i.test(text)) {
		return 'timeout';
	}
	if (code === 'ERR_CANCELED') return 'cancelled';
	if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(text)) return 'reset';
	return 'other';
}

/** Failures that happen before anything reaches the provider. */
const NOT_SENT: FailureKind[] = ['refused', 'dns', 'tls', 'domain'];

/**
 * The error for a request that got no (whole) answer. Built from scratch, so that nothing of
 * the original request (its headers hold the key) travels with it. Its error response holds
 * the failure's `kind`, the `reason` (what happened, without advice, for callers that give
 * advice of their own) and the `outcome`.
 */
export function transportError(
	node: INode,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject | undefined,
	error: unknown,
	target: { baseURL: string; timeoutMs: number },
): NodeApiError {
	const name = provider.name;
	const code = findErrorCode(error);
	const text = bounded(redactSecrets(findErrorText(error), provider, credentials), MAX_PROVIDER_MESSAGE);
	const kind = kindOf(error, code, text);
	const url = bounded(target.baseURL, 200);
	const seconds = Math.round(target.timeoutMs / 100) / 10;
	const checkUrl = `Check the Base URL in the ${provider.credentialDisplayName} credential`;
	const retry = 'Turn on Retry On Fail in the node settings to retry automatically.';
	const raiseTimeout = 'Try again later, or raise Timeout under Request Options in the node.';
	const failures: Record<FailureKind, { reason: string; advice: string; description: string }> = {
		timeout: {
			reason: `${name} did not answer within ${seconds} s.`,
			advice: raiseTimeout,
			description: `No answer from ${url} in time. ${retry}`,
		},
		stalled: {
			reason: `${name} began to answer but did not finish within ${seconds} s.`,
			advice: raiseTimeout,
			description: `${url} sent the start of its answer, then too little of the rest. ${retry}`,
		},
		cut: {
			reason: `The connection to ${name} was closed in the middle of its answer.`,
			advice: 'Try again later.',
			description: `${url} dropped the connection while sending its answer. ${retry}`,
		},
		reset: {
			reason: `The connection to ${name} was closed before it answered.`,
			advice: 'Try again later.',
			description: `${url} dropped the connection. ${retry}`,
		},
		refused: {
			reason: `Could not connect to ${name} at ${url}: the connection was refused.`,
			advice: `${checkUrl}, or try again later.`,
			description: `Nothing accepted the connection at ${url}.`,
		},
		dns: {
			reason: `Could not find the ${name} server ${url}: the DNS lookup failed.`,
			advice: `${checkUrl} and the network of this n8n instance.`,
			description: `The host name in ${url} did not resolve.`,
		},
		tls: {
			reason: `The secure connection to ${name} at ${url} failed (${code ?? 'TLS'}).`,
			advice: `${checkUrl}, and the certificates this n8n instance trusts.`,
			description: text || 'The TLS handshake failed.',
		},
		domain: {
			// n8n's "Allowed HTTP Request Domains" of the credential refused the address.
			reason: `The Base URL ${url} is not among the Allowed HTTP Request Domains of the ${provider.credentialDisplayName} credential, so nothing was sent.`,
			advice: `Add its domain under Allowed Domains in the credential (${name}'s own address is always allowed), or check the Base URL.`,
			description: text,
		},
		tooLarge: {
			reason: `${name} sent an answer larger than the node reads (${(error as TransportFailure).message}).`,
			advice: `${checkUrl}.`,
			description: `No ${name} answer is that large; the node stopped reading it.`,
		},
		cancelled: {
			reason: `The request to ${name} was cancelled because the execution was stopped.`,
			advice: '',
			description: 'The execution was stopped while the request was under way.',
		},
		other: {
			reason: `Could not reach ${name} at ${url}${code ? ` (${code})` : ''}.`,
			advice: `${checkUrl}, or try again later.`,
			description: text || 'The request failed before an answer came.',
		},
	};
	const { reason, advice, description } = failures[kind];
	return new NodeApiError(
		node,
		{
			provider: name,
			code: code ?? kind,
			kind,
			reason,
			outcome: NOT_SENT.includes(kind) ? 'not-sent' : 'unknown',
		},
		{ message: advice ? `${reason} ${advice}` : reason, description, httpCode: 'none' },
	);
}

/** The error for a successful answer that lacks a field the clean output is made of. */
export function unreadableFieldError(node: INode, provider: Provider, field: string): NodeApiError {
	return new NodeApiError(
		node,
		{ provider: provider.name },
		{
			message: `${provider.name} sent an answer without a valid "${field}" field. Turn off Simplify to see the answer as it came.`,
			description: `The ${provider.name} API may have changed. Please report it to the maintainers of this node.`,
		},
	);
}

/** What happened, without advice (see transportError); the message for other errors. */
export function reasonOf(error: unknown): string {
	const reason = (error as { errorResponse?: { reason?: unknown } } | undefined)?.errorResponse?.reason;
	return typeof reason === 'string' ? reason : String((error as Error | undefined)?.message ?? error);
}

/** The `outcome` an error of the helpers here carries (see Outcome); `unknown` for any other error. */
export function outcomeOf(error: unknown): Outcome {
	if (error instanceof NodeOperationError) return 'not-sent';
	const outcome = (error as { errorResponse?: { outcome?: unknown } } | undefined)?.errorResponse?.outcome;
	return outcome === 'not-sent' || outcome === 'refused' ? outcome : 'unknown';
}
