import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	parseRetryAfter,
	providerError,
	transportError,
	unreadableResponseError,
} from './errors';
import { routingCredentials } from './credentials';
import type { Provider } from './provider';
import type { PostReceiveFunction, SendFunction } from './routing';

/**
 * Used when the node's Request Options set no timeout. n8n's own fallback is five minutes,
 * far too long to hold a balance check; this is the default the Timeout option shows.
 */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Errors made by the helpers here carry `provider` in their error response. */
function isProviderError(error: unknown, provider: Provider): boolean {
	const response = (error as { errorResponse?: { provider?: unknown } } | undefined)?.errorResponse;
	return response?.provider === provider.name;
}

function timeoutOf(context: IExecuteSingleFunctions): number {
	const requestOptions = context.getNodeParameter('requestOptions', {}) as IDataObject;
	const timeout = Number(requestOptions.timeout);
	return timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS;
}

/**
 * Parts of a request that come from the credential (a user ID in the path, a shop ID in the
 * body …). Set from the credential that `sendRequest` reads anyway, instead of an expression
 * that n8n would evaluate again for every item.
 */
export type RequestFromCredentials = (
	credentials: ICredentialDataDecryptedObject,
) => Partial<Pick<IHttpRequestOptions, 'url' | 'qs' | 'body'>>;

/** A credential field that an operation needs although the credential makes it optional. */
export interface CredentialNeed {
	field: string;
	/** As the credential dialog shows it, e.g. 'Secret Key 1'. */
	label: string;
}

/** Throws when the credential cannot work, or lacks a field the operation needs. */
function checkCredentials(
	node: INode,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject,
	needs: CredentialNeed[] = [],
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

/** Sets a request's URL, and adds query and body fields, from `fromCredentials`. */
function completeRequest(
	options: DeclarativeRestApiSettings.HttpRequestOptions,
	parts: ReturnType<RequestFromCredentials>,
): void {
	if (parts.url !== undefined) options.url = parts.url;
	if (parts.qs) options.qs = { ...options.qs, ...parts.qs };
	if (parts.body) options.body = { ...(options.body as IDataObject | undefined), ...(parts.body as IDataObject) };
}

/**
 * Sends one operation's request. Plugged in as the routing's `operations.pagination`, the
 * one hook n8n's declarative routing offers around the request itself, it:
 * - refuses a credential that cannot work, or lacks a field the operation `needs`, before
 *   anything is sent;
 * - completes the request with its parts that come from the credential (`fromCredentials`);
 * - applies the timeout (Request Options → Timeout, or DEFAULT_TIMEOUT_MS);
 * - turns a request that got no answer into an error that names the provider;
 * - with Continue On Fail, returns the error as an item paired to its input.
 * It sends exactly one request and never retries by itself.
 */
export function sendRequest(
	provider: Provider,
	needs: CredentialNeed[] = [],
	fromCredentials?: RequestFromCredentials,
) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const itemIndex = this.getItemIndex();
		try {
			const credentials = await routingCredentials(this, provider);
			checkCredentials(this.getNode(), provider, credentials, needs, itemIndex);
			if (fromCredentials) completeRequest(requestData.options, fromCredentials(credentials));
			const timeoutMs = timeoutOf(this);
			requestData.options.timeout = timeoutMs;
			try {
				return await this.makeRoutingRequest(requestData);
			} catch (error) {
				// checkResponse's errors pass unchanged (NodeApiError hands back an existing one);
				// anything else failed before an answer came.
				throw isProviderError(error, provider)
					? new NodeApiError(this.getNode(), error as JsonObject)
					: transportError(this.getNode(), provider, credentials, error, {
							baseURL: String(requestData.options.baseURL ?? ''),
							timeoutMs,
						});
			}
		} catch (error) {
			const nodeError =
				error instanceof NodeOperationError
					? error
					: new NodeApiError(this.getNode(), error as JsonObject);
			if (this.continueOnFail()) {
				return [{ json: {}, error: nodeError, pairedItem: { item: itemIndex } }];
			}
			throw nodeError;
		}
	};
}

/**
 * A sender for a request that must never be sent twice (creating a payout). `send` sends it
 * once. A failure that `isClearRefusal` accepts (refused before sending, or a clear answer from
 * the provider) is the operation's error; any other failure leaves open whether the provider
 * acted, and goes to `settle`, which finds out (a lookup) and returns the items or the error to
 * report. Continue On Fail applies to that outcome only.
 */
export function sendOnce(
	send: SendFunction,
	isClearRefusal: (error: unknown) => boolean,
	settle: (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
		unclear: NodeApiError,
	) => Promise<INodeExecutionData[] | NodeApiError>,
): SendFunction {
	return async function (this: IExecutePaginationFunctions, requestData) {
		// The sender made to throw every failure, whatever Continue On Fail says, to judge it here.
		const strict = Object.create(this, {
			continueOnFail: { value: () => false },
		}) as IExecutePaginationFunctions;
		let outcome: INodeExecutionData[] | NodeApiError | NodeOperationError;
		try {
			return await send.call(strict, requestData);
		} catch (error) {
			outcome = isClearRefusal(error)
				? (error as NodeApiError | NodeOperationError)
				: await settle.call(strict, requestData, error as NodeApiError);
		}
		if (Array.isArray(outcome)) return outcome;
		if (this.continueOnFail()) {
			return [{ json: {}, error: outcome, pairedItem: { item: this.getItemIndex() } }];
		}
		throw outcome;
	};
}

function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * Reads a provider's answer: the parsed JSON body when it reports success, otherwise throws
 * the provider's error (an HTTP error status, a body that says it failed, a body that is
 * not JSON).
 */
function readAnswer(
	node: INode,
	provider: Provider,
	credentials: ICredentialDataDecryptedObject | undefined,
	response: IN8nHttpFullResponse,
): IDataObject {
	const status = response.statusCode;
	const contentType = headerValue(response.headers, 'content-type');
	const retryAfter = parseRetryAfter(headerValue(response.headers, 'retry-after'));
	let body: unknown = response.body;

	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string' || body === undefined || body === null) {
		const text = typeof body === 'string' ? body : '';
		try {
			body = JSON.parse(text) as unknown;
		} catch {
			// Not JSON. A rate limit is still a rate limit, whatever page came with it.
			if (status === 429) {
				throw providerError(node, provider, credentials, {
					httpStatus: status,
					providerMessage: '',
					retryAfter,
				});
			}
			throw unreadableResponseError(node, provider, credentials, status, contentType, text);
		}
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		const text = JSON.stringify(body);
		throw unreadableResponseError(node, provider, credentials, status, contentType, text);
	}

	const json = body as IDataObject;
	const bodyError = provider.readBodyError(json);
	if (status >= 400 || bodyError) {
		const details = {
			httpStatus: status,
			bodyCode: bodyError?.code,
			providerMessage: bodyError?.message ?? response.statusMessage ?? '',
			retryAfter,
		};
		throw providerError(node, provider, credentials, details, json);
	}
	return json;
}

/**
 * A postReceive action that throws when the provider did not answer with a success (see
 * `readAnswer`); on success it hands on the parsed body.
 */
export function checkResponse(provider: Provider): PostReceiveFunction {
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		let json: IDataObject;
		try {
			json = readAnswer(this.getNode(), provider, undefined, response);
		} catch {
			// The credential is needed only to keep its secrets out of the error.
			const credentials = await routingCredentials(this, provider);
			json = readAnswer(this.getNode(), provider, credentials, response);
		}
		return items.map((item) => ({ ...item, json }));
	};
}

/**
 * The same request as a declarative operation makes, for nodes that must send it from code
 * (polling triggers): the credential checked first, the same timeout, authentication, and the
 * same errors. Returns the provider's parsed answer.
 */
export async function requestProvider(
	this: IPollFunctions,
	provider: Provider,
	request: (credentials: ICredentialDataDecryptedObject) => Pick<IHttpRequestOptions, 'method' | 'url'>,
	timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<IDataObject> {
	const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(
		provider.credentialType,
	);
	checkCredentials(this.getNode(), provider, credentials);
	const baseURL = String(credentials.baseUrl).trim().replace(/\/+$/, '');
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			provider.credentialType,
			{
				...request(credentials),
				baseURL,
				headers: { Accept: 'application/json' },
				timeout: timeoutMs,
				ignoreHttpStatusErrors: true,
				returnFullResponse: true,
			},
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw transportError(this.getNode(), provider, credentials, error, { baseURL, timeoutMs });
	}
	return readAnswer(this.getNode(), provider, credentials, response);
}
