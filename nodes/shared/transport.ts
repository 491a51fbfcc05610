import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IN8nHttpResponse,
	INode,
} from 'n8n-workflow';
import { getCredentialAllowedDomains, NodeOperationError } from 'n8n-workflow';

import {
	providerError,
	redirectError,
	TransportFailure,
	transportError,
	unreadableResponseError,
} from './errors';
import { bodyText, isStream, plainHeaders, redactStrings } from './answer';
import { redactSecrets } from './redact';
import { parseRetryAfter } from './text';
import type { Provider } from './provider';
import { isJsonObject } from './json';

/*
 * The one way this package sends a request: every operation of both nodes, the balance
 * triggers, the payout lookups, the notification checks and the IP list. It
 * - reads the Base URL of the credential one way (`baseUrlOf`);
 * - never follows a redirect, to another origin or the same one: the request carries the
 *   credential's key in a header that n8n would forward, and a redirect would send a payout
 *   form again, elsewhere. A redirect is an error that names where it pointed;
 * - keeps a deadline for the whole exchange, from sending to the last byte of the body
 *   (n8n's own timeout only bounds idle time: a server that drips a byte now and then holds
 *   it for ever);
 * - reads at most MAX_ANSWER_BYTES of an answer (MAX_ERROR_ANSWER_BYTES of an error answer),
 *   removes the credential's secrets from it in every encoding, and parses it once;
 * - turns every failure into an error that names what happened (see errors.ts).
 */

/** The deadline when the node's Request Options set no timeout. n8n's own is five minutes. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The most of a successful answer the node reads. The largest real answers are a few KB. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * The most of an error answer (HTTP 4xx/5xx) the node reads: enough for any message, even
 * thousands of morune field errors, and parsed in milliseconds.
 */
export const MAX_ERROR_ANSWER_BYTES = 1024 * 1024;

/**
 * Marks every request the transport builds: the credentials' `authenticate` adds a key only to a
 * request with this mark, or to the credential's own test (see ownRequests.ts).
 */
export const OWN_REQUEST = Symbol('n8n-nodes-aaio-morune: a request of this package');

/** The one reading of a credential's Base URL: trimmed, without trailing slashes. */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
}

/**
 * The credential's "Allowed HTTP Request Domains", as n8n reads them for a node's own endpoint:
 * the provider's own host (its default Base URL) is always allowed; any other Base URL (a test
 * server, an old domain) must be on the credential's list when it has one. Undefined: no limit.
 */
export function allowedDomainsFor(
	node: INode,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject,
): string | undefined {
	return getCredentialAllowedDomains({
		node,
		credentialData: credentials,
		credentialOwnedSurface: true,
		nodeEndpointUrl: provider.defaultBaseUrl,
	});
}

/** What the transport needs of an n8n context; every node, trigger and webhook context has it. */
export interface TransportContext {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	helpers: {
		httpRequest(options: IHttpRequestOptions): Promise<unknown>;
		httpRequestWithAuthentication(
			this: unknown,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
			additionalCredentialOptions?: unknown,
		): Promise<unknown>;
	};
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/** One request, as the operations describe it; the transport adds the rest. */
export interface ProviderRequest {
	method: 'GET' | 'POST';
	/** The path below the Base URL. */
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Extra headers (n8n's routing adds its own). */
	headers?: IDataObject;
}

export interface ExchangeOptions {
	credentials: ICredentialDataDecryptedObject;
	timeoutMs?: number;
	/** False for the provider's public endpoints: no key is sent. */
	authenticate?: boolean;
	/** Request options n8n's routing worked out (proxy, certificate checks). */
	extra?: Partial<IHttpRequestOptions>;
}

/** An answer as received: its status, headers and body (parsed JSON, or the text). */
export interface Answer extends IN8nHttpFullResponse {
	body: IN8nHttpResponse;
	/** Whether the body is JSON (then `body` is the parsed value). */
	json: boolean;
	/** Removes the credential's secrets from a text made of the answer (an excerpt joins what tags split). */
	redact?: (text: string) => string;
}

/**
 * The failure n8n's request helper threw, with the system error code (ECONNRESET, ECONNREFUSED,
 * ENOTFOUND, a TLS code, ECONNABORTED …) where errors.ts looks for it: on the error or along its
 * `cause` chain. Both n8n lines wrap the failure in a NodeApiError (n8n-core's
 * httpRequestWithAuthentication) and replace its message with a generic one ("The connection to
 * the server was closed unexpectedly …"). n8n 2.x keeps the original error as the `cause`. n8n 1.x
 * loses it: its ExecutionBaseError declares a class field `cause`, which resets the cause after
 * `super()` and is set again only to a cause that is not an Error (n8n-workflow 1.120,
 * dist/cjs/errors/abstract/execution-base.error.js, lines 16 and 26-31). What survives there is
 * the code, which NodeApiError copies into `httpCode` (its POSSIBLE_ERROR_STATUS_KEYS include
 * `code`, node-api.error.js line 55), and the original message, in `messages`.
 */
function withSystemCode(error: unknown): unknown {
	if (!(error instanceof Error) || error.cause !== undefined) return error;
	const { code, httpCode, messages } = error as Error & { code?: unknown; httpCode?: unknown; messages?: unknown };
	if (code !== undefined || typeof httpCode !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(httpCode)) return error;
	const original = Array.isArray(messages) ? messages.filter((text) => typeof text === 'string').join(' ') : '';
	return Object.assign(new Error(original || error.message), { code: httpCode });
}

/**
 * Sends one request and reads its answer, under one deadline. Returns the answer whatever its
 * HTTP status (the caller judges it; see `readAnswer`), except a redirect; throws a
 * NodeApiError for a redirect and for every failure to get a whole answer.
 */
export async function exchange(
	context: TransportContext,
	provider: Provider,
	request: ProviderRequest,
	{ credentials, timeoutMs = DEFAULT_TIMEOUT_MS, authenticate = true, extra = {} }: ExchangeOptions,
): Promise<Answer> {
	const node = context.getNode();
	const baseURL = baseUrlOf(credentials);
	const deadline = AbortSignal.timeout(timeoutMs);
	const cancel = context.getExecutionCancelSignal?.();
	const signal = cancel ? AbortSignal.any([deadline, cancel]) : deadline;
	const form = request.method === 'POST' && provider.formBodies;
	const options: IHttpRequestOptions = {
		...extra,
		method: request.method,
		baseURL,
		url: request.url,
		qs: request.qs,
		body: request.body,
		headers: {
			Accept: 'application/json',
			...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
			...request.headers,
		},
		// n8n's idle timeout, a second after the deadline, only as a backstop.
		timeout: timeoutMs + 1000,
		abortSignal: signal,
		allowedDomains: allowedDomainsFor(node, provider, credentials),
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
		encoding: 'stream',
		json: false,
	};
	Object.assign(options, { [OWN_REQUEST]: true });
	/** The error for a failure before (`timeout`) or while (`stalled`) the body came. */
	const failed = (error: unknown, late: 'timeout' | 'stalled') => {
		let reason = withSystemCode(error);
		if (deadline.aborted) reason = new TransportFailure(late, late, error);
		else if (cancel?.aborted) reason = new TransportFailure('cancelled', 'cancelled', error);
		return transportError(node, provider, credentials, reason, { baseURL, timeoutMs });
	};

	let response: IN8nHttpFullResponse;
	try {
		if (authenticate) {
			// n8n's helper sets the request's abort signal from the context: this one carries the deadline.
			const withDeadline = Object.create(context, {
				getExecutionCancelSignal: { value: () => signal },
			}) as TransportContext;
			response = (await context.helpers.httpRequestWithAuthentication.call(
				withDeadline,
				provider.credentialType,
				options,
				// The credential the caller read: n8n need not read and decrypt it again.
				{ credentialsDecrypted: { id: '', name: '', type: provider.credentialType, data: credentials } },
			)) as IN8nHttpFullResponse;
		} else {
			response = (await context.helpers.httpRequest(options)) as IN8nHttpFullResponse;
		}
	} catch (error) {
		throw failed(error, 'timeout');
	}

	const status = response.statusCode;
	const redact = (text: string) => redactSecrets(text, provider, credentials);
	// What a server reflects in its headers or its reason phrase is cleaned as its body is.
	const headers = plainHeaders(response.headers);
	for (const [name, value] of Object.entries(headers)) {
		if (typeof value === 'string') headers[name] = redact(value);
		else if (Array.isArray(value)) headers[name] = value.map((entry) => (typeof entry === 'string' ? redact(entry) : entry));
	}
	if (status >= 300 && status < 400) {
		if (isStream(response.body)) response.body.destroy();
		const location = String(headers.location ?? '');
		throw redirectError(node, provider, status, location);
	}
	const limit = status >= 200 && status < 300 ? MAX_ANSWER_BYTES : MAX_ERROR_ANSWER_BYTES;
	let read: { text: string; truncated: boolean };
	try {
		read = await bodyText(response.body, limit, signal);
	} catch (error) {
		throw failed(error, 'stalled');
	}
	if (read.truncated && limit === MAX_ANSWER_BYTES) {
		const tooLarge = new TransportFailure('tooLarge', `over ${MAX_ANSWER_BYTES / 1024 / 1024} MB`);
		throw transportError(node, provider, credentials, tooLarge, { baseURL, timeoutMs });
	}
	const text = read.text;
	const cleanText = redactSecrets(text, provider, credentials);
	let body: IN8nHttpResponse = cleanText;
	let json = false;
	if (!read.truncated && text.trim() !== '') {
		try {
			// Each string of the parsed answer is cleaned: a secret escaped once by the server is
			// escaped twice in the raw text, where it would not be recognized.
			const parsed = JSON.parse(text) as unknown;
			// Without an escape in the text, each parsed string is a part of it: nothing was found
			// there, so nothing is in them. With one (`\u0041`, `\"`), each string is cleaned.
			const clean = cleanText === text && !text.includes('\\') ? parsed : redactStrings(parsed, provider, credentials);
			body = clean as IN8nHttpResponse;
			json = true;
		} catch {
			// Not JSON: the cleaned text.
		}
	}
	const statusMessage = response.statusMessage === undefined ? undefined : redact(response.statusMessage);
	return { statusCode: status, statusMessage, headers, body, json, redact };
}

/**
 * Reads an answer: the JSON object when the provider reports success, otherwise throws the
 * provider's error (an HTTP error status, a body that says it failed, a body that is not JSON).
 */
export function readAnswer(node: INode, provider: Provider, answer: Answer): IDataObject {
	const status = answer.statusCode;
	const headers = answer.headers ?? {};
	const retryAfter = parseRetryAfter(headers['retry-after']);
	const body = answer.body;
	if (!answer.json || !isJsonObject(body)) {
		// A rate limit is still a rate limit, whatever page came with it.
		if (status === 429) {
			throw providerError(node, provider, undefined, { httpStatus: status, providerMessage: '', retryAfter });
		}
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		const contentType = headers['content-type'] === undefined ? undefined : String(headers['content-type']);
		throw unreadableResponseError(node, provider, status, contentType, text, answer.redact);
	}
	const json = body as IDataObject;
	const bodyError = provider.readBodyError(json);
	if (status >= 400 || bodyError) {
		const details = {
			httpStatus: status,
			bodyCode: bodyError?.code,
			providerMessage: bodyError?.message ?? answer.statusMessage ?? '',
			retryAfter,
		};
		throw providerError(node, provider, undefined, details, json);
	}
	return json;
}

/** Throws when the credential cannot work: nothing is sent then. */
export function checkCredentials(
	node: INode,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject,
	needs: Array<{ field: string; label: string }> = [],
	itemIndex?: number,
): void {
	const missing = needs.find(({ field }) => !String(credentials[field] ?? '').trim());
	const problem =
		provider.findCredentialProblem(credentials) ??
		(missing &&
			`This operation needs the ${missing.label} in the ${provider.credentialDisplayName} credential, and it is empty.`);
	if (problem) {
		throw new NodeOperationError(node, problem, {
			itemIndex,
			description: `Fix the ${provider.credentialDisplayName} credential. Nothing was sent to ${provider.name}.`,
		});
	}
}

/**
 * One request from code (triggers, lookups, notification checks): the credential checked
 * first, then `exchange` and `readAnswer`. Returns the provider's JSON answer.
 */
export async function callProvider(
	context: TransportContext,
	provider: Provider,
	request: (credentials: ICredentialDataDecryptedObject) => ProviderRequest,
	options: { timeoutMs?: number; authenticate?: boolean; credentials?: ICredentialDataDecryptedObject } = {},
): Promise<IDataObject> {
	const credentials =
		options.credentials ?? (await context.getCredentials<ICredentialDataDecryptedObject>(provider.credentialType));
	if (options.authenticate !== false) checkCredentials(context.getNode(), provider, credentials);
	const answer = await exchange(context, provider, request(credentials), { ...options, credentials });
	return readAnswer(context.getNode(), provider, answer);
}
