import type { ICredentialDataDecryptedObject, IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Provider } from './provider';

/** Replaces every credential secret found in a text. */
export function redactSecrets(
	text: string,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject | undefined,
): string {
	let redacted = text;
	for (const field of provider.secretFields) {
		const secret = credentials?.[field];
		if (typeof secret === 'string' && secret.length >= 4) {
			redacted = redacted.split(secret).join('[redacted]');
		}
	}
	return redacted;
}

/** A short, single-line excerpt of a non-JSON body (an HTML error page, say). */
export function excerpt(body: string, length = 200): string {
	const text = body
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Seconds to wait, from a Retry-After header (seconds or an HTTP date). */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, Math.ceil((date - now) / 1000));
}

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
	const { httpStatus, bodyCode, providerMessage, retryAfter } = details;
	const status = httpStatus >= 400 ? httpStatus : (bodyCode ?? 400);
	const name = provider.name;
	const reason = providerMessage ? `: ${providerMessage}` : '';
	// The provider's message ends the first sentence; it may bring its own full stop.
	const stop = /[.!?…]$/.test(reason) ? '' : '.';
	const where =
		httpStatus >= 400 || bodyCode === undefined
			? `HTTP ${httpStatus}`
			: `HTTP ${httpStatus}, error code ${bodyCode}`;
	let message: string;
	let description: string;

	if (status === 429) {
		const wait = retryAfter === undefined ? '' : ` Retry after ${retryAfter} s.`;
		message = `${name} rate limit reached (${where})${reason}${stop}${wait}`;
		description =
			`${name} asks to slow down${retryAfter === undefined ? '' : ` and to wait ${retryAfter} s (Retry-After)`}. ` +
			'Run the workflow less often, or turn on Retry On Fail in the node settings ' +
			'(n8n waits at most 5 s between tries, so a longer Retry-After needs a Wait node or a slower schedule).';
	} else if (status === 401) {
		message = `${name} rejected the credentials (${where})${reason}${stop} Check the ${provider.credentialDisplayName} credential.`;
		description = provider.credentialHint;
	} else if (status === 403) {
		message = `${name} refused access (${where})${reason}${stop} Give the key the permission this operation needs.`;
		description = provider.credentialHint;
	} else if (status === 404) {
		message = `${name} did not find what was asked for (${where})${reason}${stop} Check the Base URL in the ${provider.credentialDisplayName} credential.`;
		description = `The request reached a server that does not know this ${name} endpoint or account.`;
	} else if (status >= 500) {
		message = `${name} server error (${where})${reason}${stop} Try again later.`;
		description = `The problem is on ${name}'s side. Turn on Retry On Fail in the node settings to retry automatically.`;
	} else {
		message = `${name} rejected the request (${where})${reason}${stop} Check the node's parameters and the ${provider.credentialDisplayName} credential.`;
		description = `${name} answered with an error instead of a result.`;
	}

	const errorBody: JsonObject = {
		provider: name,
		httpCode: status,
		message: redactSecrets(providerMessage, provider, credentials),
	};
	if (responseBody) {
		errorBody.response = JSON.parse(
			redactSecrets(JSON.stringify(responseBody), provider, credentials),
		) as JsonObject;
	}
	return new NodeApiError(node, errorBody, {
		message: redactSecrets(message, provider, credentials),
		description: redactSecrets(description, provider, credentials),
		httpCode: String(status),
	});
}

/** The error for an answer that is not the JSON the provider always sends. */
export function unreadableResponseError(
	node: INode,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject | undefined,
	status: number,
	contentType: string | undefined,
	body: string,
): NodeApiError {
	const name = provider.name;
	const empty = body.trim() === '';
	const kind = empty ? 'an empty response' : `a response that is not JSON${contentType ? ` (${contentType})` : ''}`;
	const message =
		`${name} sent ${kind} with HTTP ${status}. ` +
		`Check the Base URL in the ${provider.credentialDisplayName} credential, or try again later if ${name} is down.`;
	const description = empty
		? `The ${name} API always answers with JSON; an empty answer usually means a proxy or the server failed.`
		: `Start of the response: ${excerpt(redactSecrets(body, provider, credentials))}`;
	return new NodeApiError(
		node,
		{ provider: name, httpCode: status },
		{
			message: redactSecrets(message, provider, credentials),
			description,
			httpCode: String(status),
		},
	);
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

function findErrorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && /^[A-Z_]+$/.test(current.code)) return current.code;
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

/**
 * The error for a request that got no answer: a timeout, a refused or reset connection,
 * a failed DNS lookup. Built from scratch, so that nothing of the original request (its
 * headers hold the key) travels with it.
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
	const text = findErrorText(error);
	const checkUrl = `Check the Base URL in the ${provider.credentialDisplayName} credential`;
	let message: string;
	let description: string;

	if ((code && TIMEOUT_CODES.has(code)) || /timeout|timed out/i.test(text)) {
		const seconds = Math.round(target.timeoutMs / 100) / 10;
		message = `${name} did not answer within ${seconds} s. Try again later, or raise Timeout under Request Options in the node.`;
		description = `No answer from ${target.baseURL} in time. Turn on Retry On Fail in the node settings to retry automatically.`;
	} else if (code === 'ECONNREFUSED') {
		message = `Could not connect to ${name} at ${target.baseURL}: the connection was refused. ${checkUrl}, or try again later.`;
		description = `Nothing accepted the connection at ${target.baseURL}.`;
	} else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		message = `Could not find the ${name} server ${target.baseURL}: the DNS lookup failed. ${checkUrl} and the network of this n8n instance.`;
		description = `The host name in ${target.baseURL} did not resolve.`;
	} else if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(text)) {
		message = `The connection to ${name} was closed before it answered. Try again later.`;
		description = `${target.baseURL} dropped the connection. Turn on Retry On Fail in the node settings to retry automatically.`;
	} else if (/domain not allowed/i.test(text)) {
		// n8n's "Allowed HTTP Request Domains" of the credential refused where a redirect led.
		message = `${name} redirected the request to a domain that the ${provider.credentialDisplayName} credential may not reach. Add that domain under Allowed Domains in the credential, or check its Base URL.`;
		description = redactSecrets(text, provider, credentials);
	} else {
		message = `Could not reach ${name} at ${target.baseURL}${code ? ` (${code})` : ''}. ${checkUrl}, or try again later.`;
		description = redactSecrets(text, provider, credentials) || 'The request failed before an answer came.';
	}

	return new NodeApiError(
		node,
		{ provider: name, code: code ?? 'UNKNOWN' },
		{ message: redactSecrets(message, provider, credentials), description, httpCode: 'none' },
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
