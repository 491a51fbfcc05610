import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodePropertyRouting,
	JsonObject,
	PreSendAction,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { routingCredentials } from './credentials';
import { MAX_PROVIDER_MESSAGE } from './errors';
import type { Provider } from './provider';
import { checkCredentials, DEFAULT_TIMEOUT_MS, exchange, readAnswer } from './transport';
import type { Answer, ProviderRequest, TransportContext } from './transport';
import { bounded, sentence } from './text';

/*
 * What an operation does around n8n's RoutingNode, for every operation of both nodes: its
 * properties (`resourceProperties`), its routing (`operationRouting`), the one pagination function
 * that sends its request through the transport (`sendRequest`), Continue On Fail applied once
 * (`withContinueOnFail`), and the checks of the answer (`checkResponse`, `checkFound`).
 */

/** A postReceive action written as a function, the form every helper here returns. */
export type PostReceiveFunction = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
) => Promise<INodeExecutionData[]>;

/** An operation's pagination function: what sends its request (see sendRequest). */
export type SendFunction = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/**
 * The longest Timeout the node takes: Node's timers hold at most 2^31-1 ms, and a longer one fires
 * after 1 ms; the transport's backstop adds a second to it.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1 - 1000;

/** The node's Request Options → Timeout, or DEFAULT_TIMEOUT_MS; an error when it is out of bounds. */
export function timeoutOf(context: IExecuteSingleFunctions): number {
	const requestOptions = context.getNodeParameter('requestOptions', {}) as IDataObject;
	const timeout = Number(requestOptions.timeout);
	if (timeout > MAX_TIMEOUT_MS) {
		throw new NodeOperationError(
			context.getNode(),
			`Timeout under Request Options must be at most ${MAX_TIMEOUT_MS} ms (about 24 days), not ${bounded(String(requestOptions.timeout), 40)}. Nothing was sent.`,
			{ itemIndex: context.getItemIndex() },
		);
	}
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

/** Sets a request's URL, and adds query and body fields, from `fromCredentials`. */
function completeRequest(
	options: DeclarativeRestApiSettings.HttpRequestOptions,
	parts: ReturnType<RequestFromCredentials>,
): void {
	if (parts.url !== undefined) options.url = parts.url;
	if (parts.qs) options.qs = { ...options.qs, ...parts.qs };
	if (parts.body) options.body = { ...(options.body as IDataObject | undefined), ...(parts.body as IDataObject) };
}

/** The request RoutingNode built, as the transport takes it, with the options n8n adds (proxy, certificates). */
function requestOf(options: DeclarativeRestApiSettings.HttpRequestOptions): {
	request: ProviderRequest;
	extra: Partial<IHttpRequestOptions>;
} {
	const { method, url, qs, body, headers, proxy, skipSslCertificateValidation } = options;
	return {
		request: {
			method: method === 'POST' ? 'POST' : 'GET',
			url: url ?? '',
			qs: qs as IDataObject | undefined,
			body: body as IDataObject | undefined,
			headers: headers as IDataObject | undefined,
		},
		extra: { proxy, skipSslCertificateValidation: skipSslCertificateValidation === true },
	};
}

/**
 * Runs an operation's postReceive actions (all functions here) on an answer, as n8n's
 * RoutingNode does after its own requests.
 */
async function receive(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	answer: Answer,
): Promise<INodeExecutionData[]> {
	let items: INodeExecutionData[] = [{ json: answer.body as IDataObject }];
	for (const { actions } of requestData.postReceive) {
		for (const action of actions) {
			if (typeof action !== 'function') throw new Error('Only function postReceive actions are supported');
			items = await action.call(context, items, answer);
		}
	}
	return items;
}

/**
 * Sends one operation's request. Plugged in as the routing's `operations.pagination`, the
 * one hook n8n's declarative routing offers around the request itself, it:
 * - refuses a credential that cannot work, or lacks a field the operation `needs`, before
 *   anything is sent;
 * - completes the request with its parts that come from the credential (`fromCredentials`);
 * - sends it through the one transport (transport.ts: no redirects, a deadline for the whole
 *   exchange, bounded and redacted answers, named failures), with the node's Timeout;
 * - hands the answer to the operation's postReceive actions (checks, then output).
 * It sends exactly one request and never retries by itself. Its failures are thrown: Continue
 * On Fail is applied around it, once (`withContinueOnFail`, in `operationRouting`).
 */
export function sendRequest(
	provider: Provider,
	needs: CredentialNeed[] = [],
	fromCredentials?: RequestFromCredentials,
): SendFunction {
	return async function (this: IExecutePaginationFunctions, requestData) {
		const credentials = await routingCredentials(this, provider);
		checkCredentials(this.getNode(), provider, credentials, needs, this.getItemIndex());
		if (fromCredentials) completeRequest(requestData.options, fromCredentials(credentials));
		const { request, extra } = requestOf(requestData.options);
		const answer = await exchange(this as unknown as TransportContext, provider, request, {
			credentials,
			timeoutMs: timeoutOf(this),
			extra,
		});
		return await receive(this, requestData, answer);
	};
}

/**
 * An operation's send function with Continue On Fail: its failure becomes an error item paired
 * to its input when the node continues on fail, and is thrown as a NodeApiError or
 * NodeOperationError otherwise.
 */
export function withContinueOnFail(send: SendFunction): SendFunction {
	return async function (this: IExecutePaginationFunctions, requestData) {
		try {
			return await send.call(this, requestData);
		} catch (error) {
			const nodeError =
				error instanceof NodeOperationError || error instanceof NodeApiError
					? error
					: new NodeApiError(this.getNode(), error as JsonObject);
			if (this.continueOnFail()) return [{ json: {}, error: nodeError, pairedItem: { item: this.getItemIndex() } }];
			throw nodeError;
		}
	};
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
		const json = readAnswer(this.getNode(), provider, response as Answer);
		return items.map((item) => ({ ...item, json }));
	};
}

/** What a Get operation looks for, to explain the provider's own 404. */
export interface Lookup {
	/** 'payment', 'payout'. */
	thing: string;
	/** What to check, e.g. 'the payment ID or order ID'. */
	check: string;
}

/**
 * checkResponse, except that the provider's own 404 (a JSON answer such as morune's "Инвойс не
 * найден") says that the payment or payout does not exist, instead of pointing at the Base URL.
 */
export function checkFound(provider: Provider, lookup: Lookup): PostReceiveFunction {
	const check = checkResponse(provider);
	return async function (this: IExecuteSingleFunctions, items, response) {
		try {
			return await check.call(this, items, response);
		} catch (error) {
			// checkResponse throws NodeApiErrors, which NodeApiError hands back unchanged.
			const refusal = new NodeApiError(this.getNode(), error as JsonObject);
			const { body, json } = response as Answer;
			if (response.statusCode !== 404 || !json || typeof body !== 'object' || body === null) throw refusal;
			const reason = bounded(provider.readBodyError(body as IDataObject)?.message ?? '', MAX_PROVIDER_MESSAGE);
			// The provider's message ends the first sentence; it may bring its own full stop.
			const found = sentence(`${provider.name} found no such ${lookup.thing} (HTTP 404)${reason ? `: ${reason}` : ''}`);
			throw new NodeApiError(this.getNode(), refusal.errorResponse as JsonObject, {
				message: `${found} Check ${lookup.check}.`,
				description: `If it is right, check the Base URL in the ${provider.credentialDisplayName} credential.`,
				httpCode: '404',
			});
		}
	};
}

export interface OperationRouting {
	request: DeclarativeRestApiSettings.HttpRequestOptions;
	/** Shapes the checked answer into items, usually `outputItems(provider, shape)`. */
	output: PostReceiveFunction;
	/** Credential fields the operation needs although the credential makes them optional. */
	needs?: CredentialNeed[];
	/** Parts of the request that come from the credential (see sendRequest). */
	fromCredentials?: RequestFromCredentials;
	/** Checks (and completes) the parameters, in order, before anything is sent. */
	preSend?: PreSendAction[];
	/** Sends the request: `sendRequest(provider, needs)` unless the operation needs more. */
	send?: SendFunction;
	/** Reads the answer: `checkResponse(provider)` unless the operation needs more. */
	check?: PostReceiveFunction;
	/** Runs after `output`, e.g. a filter. */
	after?: PostReceiveFunction[];
}

/**
 * The routing of one operation, in the shape every operation of both nodes has: the request,
 * sent through `sendRequest` (credential checks, timeout, transport errors, Continue On Fail),
 * the answer checked by `checkResponse` (the provider's errors) and shaped by `output`.
 */
export function operationRouting(provider: Provider, operation: OperationRouting): INodePropertyRouting {
	const { request, output, needs = [], fromCredentials, preSend = [], after = [] } = operation;
	return {
		request,
		// `paginate` routes the request through the pagination function: it is not paged.
		send: { paginate: true, preSend },
		operations: { pagination: withContinueOnFail(operation.send ?? sendRequest(provider, needs, fromCredentials)) },
		output: { postReceive: [operation.check ?? checkResponse(provider), output, ...after] },
	};
}

/**
 * The Simplify switch of every operation of `resources`. A node has few of them, not one per
 * operation: n8n's RoutingNode walks all of a node's properties for every input item (twice),
 * so each property costs time per item (see BENCHMARKS.md).
 */
export function simplifyProperty(resources: string[], description: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		// Custom API Call (customApiCall.ts) returns the answer as it came.
		displayOptions: { show: { resource: resources }, hide: { operation: ['customApiCall'] } },
		description,
	};
}

/**
 * One operation of a resource, as its file under `resources/<resource>/` defines it: the option
 * (name, action, description and routing: its checks and output) and its fields. The fields
 * need no displayOptions for their resource and operation: `resourceProperties` adds them.
 */
export interface Operation {
	option: INodePropertyOptions & { value: string };
	fields?: INodeProperties[];
}

/** A resource's Operation property and the fields of its operations, shown for each operation. */
export function resourceProperties(resource: string, operations: Operation[]): INodeProperties[] {
	const first = operations[0].option.value;
	const operation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: operations.map(({ option }) => option).sort((a, b) => a.name.localeCompare(b.name)),
		default: first,
	};
	const fields = operations.flatMap(({ option, fields: own = [] }) =>
		own.map(
			(field): INodeProperties => ({
				...field,
				displayOptions: {
					...field.displayOptions,
					show: { resource: [resource], operation: [option.value], ...field.displayOptions?.show },
				},
			}),
		),
	);
	return [operation, ...fields];
}
